// The SQLite storage (default): one database file in WAL mode with synchronous=FULL.
// Inserts of responses go through the group-commit writer (server/sqlite_group_commit.hpp);
// reads and the rare other writes use pooled connections, whose BEGIN IMMEDIATE and busy
// timeout make them wait for the writer instead of failing.
//
// Index of this file:
// [SECTION] Connection pool
// [SECTION] Migrations
// [SECTION] Storage
#include <map>
#include <mutex>

#include "server/migrations.hpp"
#include "server/sqlite_checkpointer.hpp"
#include "server/sqlite_db.hpp"
#include "server/sqlite_group_commit.hpp"
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
        db.exec(m.sql);
        SqliteStmt record(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)");
        record.bind(1, static_cast<long long>(m.version)).bind(2, m.name).bind(3, utc_now());
        record.step();
    }
    tx.commit();
}

//-----------------------------------------------------------------------------
// [SECTION] Storage
//-----------------------------------------------------------------------------

class SqliteStorage final : public Storage {
public:
    SqliteStorage(const std::string& path, const StorageOptions& o)
        : pool_(path, busy_timeout(o), o.pool_size ? o.pool_size : 8),
          checkpointer_(std::make_unique<SqliteDb>(path, busy_timeout(o)), 1000) {
        auto db = std::make_unique<SqliteDb>(path, busy_timeout(o));
        migrate(*db);
        checkpointer_.watch(*db);
        writer_ = std::make_unique<SqliteGroupCommit>(std::move(db), o.group_commit_max ? o.group_commit_max : 512);
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

    InsertOutcome insert(const StoredResponse& r) override { return writer_->insert(r); }

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
                          " ORDER BY submitted_at, id";
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

    std::size_t count_responses(const ResponseQuery& q) override {
        SqlFilter f = sql_filter(q, false);
        std::string sql = "SELECT count(*) FROM responses" + f.where;
        auto db = pool_.acquire();
        SqliteStmt count(*db, sql.c_str());
        bind_all(count, f);
        count.step();
        return static_cast<std::size_t>(count.integer(0));
    }

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
        auto db = pool_.acquire();
        SqliteStmt select(*db, "SELECT municipality FROM staff_tokens WHERE token_hash = ?1");
        select.bind(1, token_hash);
        if (!select.step()) return std::nullopt;
        return select.text(0);
    }

    void add_invitations(const std::vector<InvitationRow>& rows) override {
        auto db = pool_.acquire();
        SqliteTransaction tx(*db);
        SqliteStmt upsert(*db, "INSERT INTO invitation_days (municipality, channel, day, count) VALUES (?1, ?2, ?3, ?4)"
                               " ON CONFLICT (municipality, channel, day) DO UPDATE SET count = count + excluded.count");
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

private:
    static int busy_timeout(const StorageOptions& o) { return o.busy_timeout_ms ? o.busy_timeout_ms : 10000; }

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
