// The SQLite storage (default): one database file in WAL mode with synchronous=FULL, except
// for the writer of responses: its group commit flushes the WAL itself, once per transaction
// (server/sqlite_group_commit.hpp). Reads and the rare other writes use pooled connections,
// whose BEGIN IMMEDIATE and busy timeout make them wait for the writer instead of failing.
//
// Index of this file:
// [SECTION] Connection pool
// [SECTION] Migrations
// [SECTION] Storage (responses, municipalities, invitations, hooks, retention)
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

#include "server/crypto.hpp"
#include "server/migrations.hpp"
#include "server/sqlite_checkpointer.hpp"
#include "server/sqlite_db.hpp"
#include "server/sqlite_group_commit.hpp"
#include "server/sqlite_wal_gather.hpp"
#include "server/storage.hpp"

namespace klantpeil::server {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Connection pool
//-----------------------------------------------------------------------------

class SqlitePool {
public:
    SqlitePool(std::string path, int busy_timeout_ms, std::size_t keep)
        : path_(std::move(path)), busy_timeout_ms_(busy_timeout_ms), keep_(keep) {}

    // A connection for one caller; back to the pool when the lease ends.
    class Lease {
    public:
        Lease(SqlitePool& pool, std::unique_ptr<SqliteDb> db) : pool_(pool), db_(std::move(db)) {}
        ~Lease() { pool_.give_back(std::move(db_)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        SqliteDb& operator*() { return *db_; }

    private:
        SqlitePool& pool_;
        std::unique_ptr<SqliteDb> db_;
    };

    Lease acquire() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!idle_.empty()) {
                auto db = std::move(idle_.back());
                idle_.pop_back();
                return Lease(*this, std::move(db));
            }
        }
        return Lease(*this, std::make_unique<SqliteDb>(path_, busy_timeout_ms_));
    }

private:
    void give_back(std::unique_ptr<SqliteDb> db) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (idle_.size() < keep_) idle_.push_back(std::move(db));
    }

    std::string path_;
    int busy_timeout_ms_;
    std::size_t keep_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<SqliteDb>> idle_;
};

//-----------------------------------------------------------------------------
// [SECTION] Migrations
//-----------------------------------------------------------------------------

int applied_version(SqliteDb& db) {
    SqliteStmt max(db, "SELECT coalesce(max(version), 0) FROM schema_migrations");
    max.step();
    return static_cast<int>(max.integer(0));
}

// BEGIN IMMEDIATE makes two servers starting at once apply each migration only once.
void migrate(SqliteDb& db) {
    SqliteTransaction tx(db);
    db.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
    int applied = applied_version(db);
    for (const Migration& m : migrations(Dialect::sqlite)) {
        if (m.version <= applied) continue;
        db.exec(m.sql.c_str());
        SqliteStmt record(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)");
        record.bind(1, static_cast<long long>(m.version)).bind(2, m.name).bind(3, utc_now());
        record.step();
    }
    tx.commit();
}

//-----------------------------------------------------------------------------
// [SECTION] Storage
//-----------------------------------------------------------------------------

const char* const kCountInvitations =
    "INSERT INTO invitation_days (municipality, channel, day, count) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (municipality, channel, day) DO UPDATE SET count = count + excluded.count";
const char* const kDueMails =
    "SELECT o.id, o.batch, b.municipality, b.channel, o.language, o.address, o.token, o.attempts"
    " FROM outbox o JOIN invitation_batches b ON b.id = o.batch"
    " WHERE o.next_attempt <= ?1 ORDER BY o.next_attempt, o.id LIMIT ?2";
const char* const kBatches =
    "SELECT b.id, b.channel, b.origin, b.created_at, b.total, b.sent, b.failed, b.last_error,"
    " (SELECT count(*) FROM outbox o WHERE o.batch = b.id)"
    " FROM invitation_batches b WHERE b.municipality = ?1 AND (?2 = '' OR b.id = ?2)"
    " ORDER BY b.created_at DESC, b.id LIMIT ?3";
const char* const kSetHookSecret =
    "INSERT INTO hook_secrets (municipality, secret, created_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (municipality) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at";

class SqliteStorage final : public Storage {
public:
    SqliteStorage(const std::string& path, const StorageOptions& o)
        : pool_(path, busy_timeout(o), o.pool_size ? o.pool_size : 8),
          checkpointer_(std::make_unique<SqliteDb>(path, busy_timeout(o)), 1000,
                        std::chrono::milliseconds(250)) {
        auto db = std::make_unique<SqliteDb>(path, busy_timeout(o), wal_gathering_vfs());
        migrate(*db);
        checkpointer_.watch(*db);
        writer_ = std::make_unique<SqliteGroupCommit>(std::move(db));
    }

    const char* backend() const override { return "sqlite"; }

    int schema_version() override {
        auto db = pool_.acquire();
        return applied_version(*db);
    }

    void ping() override {
        auto db = pool_.acquire();
        SqliteStmt one(*db, "SELECT count(*) FROM schema_migrations");
        one.step();
    }

    InsertOutcome insert(const StoredResponse& r) override {
        InsertOutcome outcome = writer_->insert(r);
        if (!std::exchange(outcome.commit, nullptr)->wait())
            throw StorageError("the commit of response " + r.id + " failed");
        return outcome;
    }

    InsertOutcome insert_held(const StoredResponse& r) override { return writer_->insert(r); }
    bool holds_answers() const override { return true; }

    std::size_t insert_many(const std::vector<StoredResponse>& rs) override {
        auto db = pool_.acquire();
        SqliteTransaction tx(*db);
        SqliteStmt insert(*db,
                          "INSERT INTO responses (id, municipality, channel, questionnaire, version, submitted_at,"
                          " stored_at, content_hash, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                          " ON CONFLICT (id) DO NOTHING");
        std::string now = utc_now();
        std::size_t added = 0;
        for (const StoredResponse& r : rs) {
            insert.reset();
            insert.bind(1, r.id).bind(2, r.municipality).bind(3, to_string(r.channel)).bind(4, r.questionnaire);
            insert.bind(5, static_cast<long long>(r.version)).bind(6, r.submitted_at).bind(7, now);
            insert.bind(8, r.content_hash).bind(9, r.body);
            insert.step();
            added += static_cast<std::size_t>((*db).changes());
        }
        tx.commit();
        return added;
    }

    void list_responses(const ResponseQuery& q, const std::function<void(const ResponseRow&)>& row) override {
        SqlFilter f = sql_filter(q, false);
        std::string sql = "SELECT id, body, content_hash, texts_purged FROM responses" + f.where +
                          f.order;
        auto db = pool_.acquire();
        SqliteStmt select(*db, sql.c_str());
        bind_all(select, f);
        ResponseRow r;
        while (select.step()) {
            r.id = select.text(0);
            r.body = select.text(1);
            r.content_hash = select.text(2);
            r.texts_purged = select.integer(3) != 0;
            row(r);
        }
    }

    std::size_t count_responses(const ResponseQuery& q) override { return total(q, "count(*)"); }
    std::size_t body_bytes(const ResponseQuery& q) override { return total(q, "coalesce(sum(length(CAST(body AS BLOB))), 0)"); }

    void add_municipality(const Municipality& m) override {
        auto db = pool_.acquire();
        SqliteTransaction tx(*db);
        SqliteStmt upsert(*db, "INSERT INTO municipalities (code, name) VALUES (?1, ?2)"
                               " ON CONFLICT (code) DO UPDATE SET name = excluded.name");
        upsert.bind(1, m.code).bind(2, m.name);
        upsert.step();
        SqliteStmt origin(*db, "INSERT INTO municipality_origins (municipality, origin) VALUES (?1, ?2)"
                               " ON CONFLICT DO NOTHING");
        for (const std::string& o : m.origins) {
            origin.reset();
            origin.bind(1, m.code).bind(2, o);
            origin.step();
        }
        tx.commit();
    }

    bool remove_origin(const std::string& municipality, const std::string& origin) override {
        auto db = pool_.acquire();
        SqliteStmt del(*db, "DELETE FROM municipality_origins WHERE municipality = ?1 AND origin = ?2");
        del.bind(1, municipality).bind(2, origin);
        del.step();
        return (*db).changes() == 1;
    }

    std::vector<Municipality> municipalities() override {
        auto db = pool_.acquire();
        std::map<std::string, Municipality> by_code;
        SqliteStmt names(*db, "SELECT code, name FROM municipalities");
        while (names.step()) by_code[names.text(0)] = Municipality{names.text(0), names.text(1), {}};
        SqliteStmt origins(*db, "SELECT municipality, origin FROM municipality_origins ORDER BY origin");
        while (origins.step()) by_code[origins.text(0)].origins.push_back(origins.text(1));
        std::vector<Municipality> out;
        for (auto& [code, m] : by_code) out.push_back(std::move(m));
        return out;
    }

    void add_staff_token(const std::string& municipality, const std::string& token_hash) override {
        auto db = pool_.acquire();
        SqliteStmt insert(*db, "INSERT INTO staff_tokens (token_hash, municipality, created_at) VALUES (?1, ?2, ?3)");
        insert.bind(1, token_hash).bind(2, municipality).bind(3, utc_now());
        insert.step();
    }

    std::optional<std::string> token_municipality(const std::string& token_hash) override {
        return lookup("SELECT municipality FROM staff_tokens WHERE token_hash = ?1", token_hash);
    }

    std::optional<std::string> remove_staff_token(const std::string& token_hash) override {
        return lookup("DELETE FROM staff_tokens WHERE token_hash = ?1 RETURNING municipality", token_hash);
    }

    std::size_t remove_staff_tokens(const std::string& municipality) override {
        auto db = pool_.acquire();
        SqliteStmt del(*db, "DELETE FROM staff_tokens WHERE municipality = ?1");
        del.bind(1, municipality);
        del.step();
        return static_cast<std::size_t>((*db).changes());
    }

    void add_invitations(const std::vector<InvitationRow>& rows) override {
        auto db = pool_.acquire();
        SqliteTransaction tx(*db);
        SqliteStmt upsert(*db, kCountInvitations);
        for (const InvitationRow& row : rows) {
            upsert.reset();
            upsert.bind(1, row.municipality).bind(2, to_string(row.channel)).bind(3, row.date).bind(4, row.count);
            upsert.step();
        }
        tx.commit();
    }

    std::vector<InvitationRow> invitations(const std::optional<Channel>& channel) override {
        auto db = pool_.acquire();
        std::string sql = "SELECT municipality, channel, day, count FROM invitation_days";
        if (channel) sql += " WHERE channel = ?1";
        SqliteStmt select(*db, sql.c_str());
        if (channel) select.bind(1, to_string(*channel));
        std::vector<InvitationRow> rows;
        while (select.step()) {
            InvitationRow row;
            row.municipality = select.text(0);
            row.channel = parse_channel(select.text(1)).value_or(Channel::balie);
            row.date = select.text(2);
            row.count = select.integer(3);
            rows.push_back(std::move(row));
        }
        return rows;
    }

    bool add_invitation_batch(const InvitationBatch& b) override {
        auto db = pool_.acquire();
        SqliteTransaction tx(*db);
        if (!b.event_id.empty()) {
            SqliteStmt event(*db, "INSERT INTO hook_events (municipality, event_id, received_at) VALUES (?1, ?2, ?3)"
                                  " ON CONFLICT DO NOTHING");
            event.bind(1, b.municipality).bind(2, b.event_id).bind(3, b.created_at);
            event.step();
            if ((*db).changes() == 0) return false;
        }
        SqliteStmt batch(*db, "INSERT INTO invitation_batches (id, municipality, channel, origin, created_at, total)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        batch.bind(1, b.id).bind(2, b.municipality).bind(3, to_string(b.channel)).bind(4, b.origin);
        batch.bind(5, b.created_at).bind(6, static_cast<long long>(b.invitations.size()));
        batch.step();
        SqliteStmt token(*db, "INSERT INTO invitations (token_hash, municipality, channel, batch, expires_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5)");
        SqliteStmt mail(*db, "INSERT INTO outbox (batch, language, address, token, next_attempt)"
                             " VALUES (?1, ?2, ?3, ?4, ?5)");
        for (const NewInvitation& i : b.invitations) {
            token.reset();
            token.bind(1, i.token_hash).bind(2, b.municipality).bind(3, to_string(b.channel)).bind(4, b.id);
            token.bind(5, b.expires_at);
            token.step();
            mail.reset();
            mail.bind(1, b.id).bind(2, b.language).bind(3, i.address).bind(4, i.token).bind(5, b.created_at);
            mail.step();
        }
        tx.commit();
        return true;
    }

    std::vector<OutboxMail> claim_mails(long long now, long long lease, std::size_t limit) override {
        auto db = pool_.acquire();
        SqliteTransaction tx(*db);
        SqliteStmt due(*db, kDueMails);
        due.bind(1, now).bind(2, static_cast<long long>(limit));
        std::vector<OutboxMail> mails;
        while (due.step()) {
            OutboxMail m{due.integer(0), due.text(1), due.text(2), parse_channel(due.text(3)).value_or(Channel::balie),
                         due.text(4), due.text(5), due.text(6), static_cast<int>(due.integer(7)) + 1};
            mails.push_back(std::move(m));
        }
        due.reset();
        SqliteStmt claim(*db, "UPDATE outbox SET attempts = attempts + 1, next_attempt = ?1 WHERE id = ?2");
        for (const OutboxMail& m : mails) {
            claim.reset();
            claim.bind(1, now + lease).bind(2, m.id);
            claim.step();
        }
        tx.commit();
        return mails;
    }

    void mail_sent(const OutboxMail& m, const std::string& day) override {
        auto db = pool_.acquire();
        SqliteTransaction tx(*db);
        if (!delete_mail(*db, m)) return;  // another sender finished it after our lease ran out
        SqliteStmt sent(*db, "UPDATE invitation_batches SET sent = sent + 1 WHERE id = ?1");
        sent.bind(1, m.batch);
        sent.step();
        SqliteStmt count(*db, kCountInvitations);
        count.bind(1, m.municipality).bind(2, to_string(m.channel)).bind(3, day).bind(4, 1LL);
        count.step();
        tx.commit();
    }

    void mail_retry(const OutboxMail& m, long long next_attempt, const std::string& error) override {
        auto db = pool_.acquire();
        SqliteTransaction tx(*db);
        SqliteStmt later(*db, "UPDATE outbox SET next_attempt = ?1 WHERE id = ?2");
        later.bind(1, next_attempt).bind(2, m.id);
        later.step();
        note_error(*db, m.batch, error, false);
        tx.commit();
    }

    void mail_failed(const OutboxMail& m, const std::string& error) override {
        auto db = pool_.acquire();
        SqliteTransaction tx(*db);
        if (!delete_mail(*db, m)) return;
        SqliteStmt token(*db, "DELETE FROM invitations WHERE token_hash = ?1");
        token.bind(1, sha256_hex(m.token));
        token.step();
        note_error(*db, m.batch, error, true);
        tx.commit();
    }

    std::vector<BatchStatus> batches(const std::string& municipality, const std::string& id,
                                     std::size_t limit) override {
        auto db = pool_.acquire();
        SqliteStmt select(*db, kBatches);
        select.bind(1, municipality).bind(2, id).bind(3, static_cast<long long>(limit));
        std::vector<BatchStatus> out;
        while (select.step()) {
            BatchStatus b{select.text(0), parse_channel(select.text(1)).value_or(Channel::balie), select.text(2),
                          select.integer(3), select.integer(4), select.integer(5), select.integer(8),
                          select.integer(6), select.text(7)};
            out.push_back(std::move(b));
        }
        return out;
    }

    TokenState token_state(const std::string& token_hash, long long now) override {
        auto db = pool_.acquire();
        SqliteStmt select(*db, "SELECT expires_at, used_by IS NOT NULL FROM invitations WHERE token_hash = ?1");
        select.bind(1, token_hash);
        if (!select.step()) return TokenState::unknown;
        return select.integer(1) ? TokenState::used : select.integer(0) <= now ? TokenState::expired : TokenState::usable;
    }

    void set_hook_secret(const std::string& municipality, const std::string& secret) override {
        auto db = pool_.acquire();
        SqliteStmt upsert(*db, kSetHookSecret);
        upsert.bind(1, municipality).bind(2, secret).bind(3, utc_now());
        upsert.step();
    }

    std::optional<std::string> hook_secret(const std::string& municipality) override {
        return lookup("SELECT secret FROM hook_secrets WHERE municipality = ?1", municipality);
    }

    void forget_hook_events(long long before) override {
        auto db = pool_.acquire();
        SqliteStmt del(*db, "DELETE FROM hook_events WHERE received_at < ?1");
        del.bind(1, before);
        del.step();
    }

    std::size_t delete_older_than(long long cutoff) override {
        auto db = pool_.acquire();
        SqliteTransaction tx(*db);
        SqliteStmt del(*db, "DELETE FROM responses WHERE submitted_at < ?1");
        del.bind(1, cutoff);
        del.step();
        auto n = static_cast<std::size_t>((*db).changes());
        tx.commit();
        return n;
    }

    std::size_t purge_texts_older_than(long long cutoff,
                                       const std::function<std::string(const std::string&)>& strip) override {
        auto db = pool_.acquire();
        SqliteTransaction tx(*db);
        std::vector<std::pair<std::string, std::string>> rows;  // id, new body
        SqliteStmt select(*db, "SELECT id, body FROM responses WHERE submitted_at < ?1 AND texts_purged = 0");
        select.bind(1, cutoff);
        while (select.step()) rows.emplace_back(select.text(0), strip(select.text(1)));
        select.reset();
        SqliteStmt update(*db, "UPDATE responses SET body = ?1, texts_purged = 1 WHERE id = ?2");
        for (const auto& [id, body] : rows) {
            update.reset();
            update.bind(1, body).bind(2, id);
            update.step();
        }
        tx.commit();
        return rows.size();
    }

    // VACUUM INTO reads one snapshot, as any reader does in WAL mode: inserts go on meanwhile.
    void backup(const std::string& path) override {
        std::error_code ec;
        if (std::filesystem::exists(path, ec)) throw StorageError(path + " exists already; a backup never overwrites a file");
        const std::string partial = path + ".partial";
        std::filesystem::remove(partial, ec);  // left by an interrupted backup
        {
            auto db = pool_.acquire();
            SqliteStmt vacuum(*db, "VACUUM INTO ?1");
            vacuum.bind(1, partial);
            vacuum.step();
        }
        flush_to_disk(partial);
        std::filesystem::rename(partial, path, ec);
        if (ec) throw StorageError("cannot name the backup " + path + ": " + ec.message());
        std::filesystem::path folder = std::filesystem::path(path).parent_path();
        flush_to_disk(folder.empty() ? "." : folder.string());  // the new name itself
    }

private:
    static void flush_to_disk(const std::string& path) {
        int fd = ::open(path.c_str(), O_RDONLY);
        bool ok = fd >= 0 && ::fsync(fd) == 0;
        if (fd >= 0) ::close(fd);
        if (!ok) throw StorageError("cannot flush " + path + " to disk: " + std::strerror(errno));
    }

    static int busy_timeout(const StorageOptions& o) { return o.busy_timeout_ms ? o.busy_timeout_ms : 10000; }

    // The first column of the one row `sql` finds for `key` (?1), if any.
    std::optional<std::string> lookup(const char* sql, const std::string& key) {
        auto db = pool_.acquire();
        SqliteStmt select(*db, sql);
        select.bind(1, key);
        if (!select.step()) return std::nullopt;
        return select.text(0);
    }

    // `expression` (an aggregate) over the selected responses.
    std::size_t total(const ResponseQuery& q, const char* expression) {
        SqlFilter f = sql_filter(q, false);
        std::string sql = std::string("SELECT ") + expression + " FROM responses" + f.where;
        auto db = pool_.acquire();
        SqliteStmt select(*db, sql.c_str());
        bind_all(select, f);
        select.step();
        return static_cast<std::size_t>(select.integer(0));
    }

    // False when the mail is gone already.
    static bool delete_mail(SqliteDb& db, const OutboxMail& m) {
        SqliteStmt del(db, "DELETE FROM outbox WHERE id = ?1");
        del.bind(1, m.id);
        del.step();
        return db.changes() == 1;
    }

    static void note_error(SqliteDb& db, const std::string& batch, const std::string& error, bool failed) {
        SqliteStmt note(db, "UPDATE invitation_batches SET last_error = ?1, failed = failed + ?2 WHERE id = ?3");
        note.bind(1, error).bind(2, failed ? 1LL : 0LL).bind(3, batch);
        note.step();
    }

    static void bind_all(SqliteStmt& stmt, const SqlFilter& f) {
        for (std::size_t i = 0; i < f.params.size(); ++i) stmt.bind(static_cast<int>(i + 1), f.params[i]);
    }

    SqlitePool pool_;
    SqliteCheckpointer checkpointer_;  // declared before the writer: destroyed after it
    std::unique_ptr<SqliteGroupCommit> writer_;
};

} // namespace

std::unique_ptr<Storage> open_sqlite_storage(const std::string& path, const StorageOptions& options) {
    return std::make_unique<SqliteStorage>(path, options);
}

} // namespace klantpeil::server
