// The PostgreSQL storage, for deployments with several stateless server processes behind a
// load balancer: libpq (Debian's libpq-dev), a small connection pool, every statement with
// parameters. Durability is PostgreSQL's own: a statement returns after its commit is
// flushed (synchronous_commit = on, the default), and concurrent commits share one WAL
// flush, so no group commit of our own is needed here.
//
// Index of this file:
// [SECTION] Connections
// [SECTION] Migrations
// [SECTION] Storage
#include <libpq-fe.h>

#include <ctime>
#include <functional>
#include <map>
#include <mutex>

#include "server/crypto.hpp"
#include "server/migrations.hpp"
#include "server/storage.hpp"

namespace klantpeil::server {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Connections
//-----------------------------------------------------------------------------

class PgResult {
public:
    explicit PgResult(PGresult* r) : r_(r) {}
    ~PgResult() { PQclear(r_); }
    PgResult(PgResult&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;

    bool ok() const {
        auto status = PQresultStatus(r_);
        return r_ && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK);
    }
    int rows() const { return PQntuples(r_); }
    std::string text(int row, int column) const {
        return std::string(PQgetvalue(r_, row, column), static_cast<std::size_t>(PQgetlength(r_, row, column)));
    }
    long long integer(int row, int column) const { return std::stoll(text(row, column)); }
    std::size_t affected() const { return static_cast<std::size_t>(std::stoull("0" + std::string(PQcmdTuples(r_)))); }

private:
    PGresult* r_;
};

class PgConn {
public:
    explicit PgConn(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
        if (PQstatus(conn_) != CONNECTION_OK) {
            std::string message = PQerrorMessage(conn_);
            PQfinish(conn_);
            throw StorageError("cannot connect to PostgreSQL: " + message);
        }
        // Notices ("relation already exists, skipping") are not errors; keep stderr quiet.
        PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
    }
    ~PgConn() { PQfinish(conn_); }
    PgConn(const PgConn&) = delete;
    PgConn& operator=(const PgConn&) = delete;

    bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

    PgResult exec(const std::string& sql, const std::vector<std::string>& params = {}) {
        auto values = pointers(params);
        PgResult r(params.empty() ? PQexec(conn_, sql.c_str())
                                  : PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                                 values.data(), nullptr, nullptr, 0));
        if (!r.ok()) fail(sql);
        return r;
    }

    // Calls `row` with each row (a result of one) as it arrives, in libpq's single-row mode:
    // a large selection is never whole in memory. When `row` throws, the query is cancelled
    // and the rest of its results read, so the connection is ready for its next caller.
    void each_row(const std::string& sql, const std::vector<std::string>& params,
                  const std::function<void(const PgResult&)>& row) {
        auto values = pointers(params);
        if (!PQsendQueryParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                               nullptr, 0))
            fail(sql);
        PQsetSingleRowMode(conn_);
        try {
            while (PGresult* raw = PQgetResult(conn_)) {
                PgResult one(raw);
                if (PQresultStatus(raw) == PGRES_SINGLE_TUPLE) row(one);
                else if (!one.ok()) fail(sql);
            }
        } catch (...) {
            cancel();
            throw;
        }
    }

private:
    static std::vector<const char*> pointers(const std::vector<std::string>& params) {
        std::vector<const char*> values;
        for (const std::string& p : params) values.push_back(p.c_str());
        return values;
    }

    [[noreturn]] void fail(const std::string& sql) {
        std::string message = PQerrorMessage(conn_);
        while (!message.empty() && message.back() == '\n') message.pop_back();
        throw StorageError("PostgreSQL: " + message + " in: " + sql.substr(0, 80));
    }

    void cancel() {
        if (PGcancel* request = PQgetCancel(conn_)) {
            char error[256];
            PQcancel(request, error, sizeof error);
            PQfreeCancel(request);
        }
        while (PGresult* rest = PQgetResult(conn_)) PQclear(rest);
    }

    PGconn* conn_;
};

// BEGIN on construction; ROLLBACK on destruction unless commit() ran.
class PgTransaction {
public:
    explicit PgTransaction(PgConn& c) : c_(c) { c_.exec("BEGIN"); }
    ~PgTransaction() {
        if (!open_) return;
        try {
            c_.exec("ROLLBACK");
        } catch (const StorageError&) {
            // The connection is gone; the server rolled back for us.
        }
    }
    PgTransaction(const PgTransaction&) = delete;
    PgTransaction& operator=(const PgTransaction&) = delete;
    void commit() {
        c_.exec("COMMIT");
        open_ = false;
    }

private:
    PgConn& c_;
    bool open_ = true;
};

// Connections are opened when needed and kept up to `keep`; a broken one (the server
// restarted, the network failed) is dropped on return so the next caller gets a fresh one.
class PgPool {
public:
    PgPool(std::string url, std::size_t keep) : url_(std::move(url)), keep_(keep) {}

    class Lease {
    public:
        Lease(PgPool& pool, std::unique_ptr<PgConn> c) : pool_(pool), c_(std::move(c)) {}
        ~Lease() { pool_.give_back(std::move(c_)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        PgConn& operator*() { return *c_; }
        PgConn* operator->() { return c_.get(); }

    private:
        PgPool& pool_;
        std::unique_ptr<PgConn> c_;
    };

    Lease acquire() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!idle_.empty()) {
                auto c = std::move(idle_.back());
                idle_.pop_back();
                return Lease(*this, std::move(c));
            }
        }
        return Lease(*this, std::make_unique<PgConn>(url_));
    }

private:
    void give_back(std::unique_ptr<PgConn> c) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (c->healthy() && idle_.size() < keep_) idle_.push_back(std::move(c));
    }

    std::string url_;
    std::size_t keep_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<PgConn>> idle_;
};

//-----------------------------------------------------------------------------
// [SECTION] Migrations
//-----------------------------------------------------------------------------

int applied_version(PgConn& c) {
    return static_cast<int>(c.exec("SELECT coalesce(max(version), 0) FROM schema_migrations").integer(0, 0));
}

// The advisory lock makes server processes starting together apply each migration once.
void migrate(PgConn& c) {
    PgTransaction tx(c);
    c.exec("SELECT pg_advisory_xact_lock(7346128)");
    c.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
           "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
    int applied = applied_version(c);
    for (const Migration& m : migrations(Dialect::postgresql)) {
        if (m.version <= applied) continue;
        c.exec(m.sql);
        c.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
               {std::to_string(m.version), m.name, utc_now()});
    }
    tx.commit();
}

//-----------------------------------------------------------------------------
// [SECTION] Storage
//-----------------------------------------------------------------------------

const char* const kInsert =
    "INSERT INTO responses (id, municipality, channel, questionnaire, version, submitted_at, stored_at,"
    " content_hash, body) VALUES ($1, $2, $3, $4, $5::integer, $6::bigint, $7, $8, $9)"
    " ON CONFLICT (id) DO NOTHING";

const char* const kCountInvitations =
    "INSERT INTO invitation_days (municipality, channel, day, count) VALUES ($1, $2, $3, $4::bigint)"
    " ON CONFLICT (municipality, channel, day) DO UPDATE SET count = invitation_days.count + excluded.count";

// False when the mail is gone already.
bool delete_mail(PgConn& c, const OutboxMail& m) {
    return c.exec("DELETE FROM outbox WHERE id = $1::bigint", {std::to_string(m.id)}).affected() == 1;
}

void note_error(PgConn& c, const std::string& batch, const std::string& error, bool failed) {
    c.exec("UPDATE invitation_batches SET last_error = $1, failed = failed + $2::bigint WHERE id = $3",
           {error, failed ? "1" : "0", batch});
}

std::vector<std::string> insert_params(const StoredResponse& r, const std::string& now) {
    return {r.id,   r.municipality,  to_string(r.channel), r.questionnaire, std::to_string(r.version),
            std::to_string(r.submitted_at), now, r.content_hash, r.body};
}

class PostgresStorage final : public Storage {
public:
    PostgresStorage(const std::string& url, const StorageOptions& o) : pool_(url, o.pool_size ? o.pool_size : 8) {
        auto c = pool_.acquire();
        migrate(*c);
    }

    const char* backend() const override { return "postgresql"; }

    int schema_version() override {
        auto c = pool_.acquire();
        return applied_version(*c);
    }

    void ping() override {
        auto c = pool_.acquire();
        c->exec("SELECT 1");
    }

    // ON CONFLICT DO NOTHING waits for a concurrent insert of the same id to commit; the
    // SELECT after it (a new snapshot) then sees that row, so one id gives one row.
    InsertOutcome insert(const StoredResponse& r) override {
        auto c = pool_.acquire();
        if (!r.invitation_hash.empty()) return insert_invited(*c, r);
        std::string now = utc_now();
        if (c->exec(std::string(kInsert) + " RETURNING stored_at", insert_params(r, now)).rows() == 1)
            return {InsertStatus::stored, now};
        return existing(*c, r);
    }

    std::size_t insert_many(const std::vector<StoredResponse>& rs) override {
        auto c = pool_.acquire();
        PgTransaction tx(*c);
        std::string now = utc_now();
        std::size_t added = 0;
        for (const StoredResponse& r : rs) added += c->exec(kInsert, insert_params(r, now)).affected();
        tx.commit();
        return added;
    }

    void list_responses(const ResponseQuery& q, const std::function<void(const ResponseRow&)>& row) override {
        SqlFilter f = sql_filter(q, true);
        auto c = pool_.acquire();
        ResponseRow r;
        c->each_row("SELECT id, body, content_hash, texts_purged FROM responses" + f.where + f.order,
                    f.params, [&](const PgResult& one) {
                        r.id = one.text(0, 0);
                        r.body = one.text(0, 1);
                        r.content_hash = one.text(0, 2);
                        r.texts_purged = one.text(0, 3) == "t";
                        row(r);
                    });
    }

    std::size_t count_responses(const ResponseQuery& q) override { return total(q, "count(*)"); }
    std::size_t body_bytes(const ResponseQuery& q) override { return total(q, "coalesce(sum(octet_length(body)), 0)"); }

    void add_municipality(const Municipality& m) override {
        auto c = pool_.acquire();
        PgTransaction tx(*c);
        c->exec("INSERT INTO municipalities (code, name) VALUES ($1, $2)"
                " ON CONFLICT (code) DO UPDATE SET name = excluded.name",
                {m.code, m.name});
        for (const std::string& o : m.origins)
            c->exec("INSERT INTO municipality_origins (municipality, origin) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    {m.code, o});
        tx.commit();
    }

    bool remove_origin(const std::string& municipality, const std::string& origin) override {
        auto c = pool_.acquire();
        PgResult r = c->exec("DELETE FROM municipality_origins WHERE municipality = $1 AND origin = $2", {municipality, origin});
        return r.affected() == 1;
    }

    std::vector<Municipality> municipalities() override {
        auto c = pool_.acquire();
        std::map<std::string, Municipality> by_code;
        PgResult names = c->exec("SELECT code, name FROM municipalities");
        for (int i = 0; i < names.rows(); ++i)
            by_code[names.text(i, 0)] = Municipality{names.text(i, 0), names.text(i, 1), {}};
        PgResult origins = c->exec("SELECT municipality, origin FROM municipality_origins ORDER BY origin");
        for (int i = 0; i < origins.rows(); ++i) by_code[origins.text(i, 0)].origins.push_back(origins.text(i, 1));
        std::vector<Municipality> out;
        for (auto& [code, m] : by_code) out.push_back(std::move(m));
        return out;
    }

    void add_staff_token(const std::string& municipality, const std::string& token_hash) override {
        auto c = pool_.acquire();
        c->exec("INSERT INTO staff_tokens (token_hash, municipality, created_at) VALUES ($1, $2, $3)",
                {token_hash, municipality, utc_now()});
    }

    std::optional<std::string> token_municipality(const std::string& token_hash) override {
        return lookup("SELECT municipality FROM staff_tokens WHERE token_hash = $1", token_hash);
    }

    std::optional<std::string> remove_staff_token(const std::string& token_hash) override {
        return lookup("DELETE FROM staff_tokens WHERE token_hash = $1 RETURNING municipality", token_hash);
    }

    std::size_t remove_staff_tokens(const std::string& municipality) override {
        auto c = pool_.acquire();
        return c->exec("DELETE FROM staff_tokens WHERE municipality = $1", {municipality}).affected();
    }

    void add_invitations(const std::vector<InvitationRow>& rows) override {
        auto c = pool_.acquire();
        PgTransaction tx(*c);
        for (const InvitationRow& row : rows)
            c->exec(kCountInvitations, {row.municipality, to_string(row.channel), row.date, std::to_string(row.count)});
        tx.commit();
    }

    std::vector<InvitationRow> invitations(const std::optional<Channel>& channel) override {
        auto c = pool_.acquire();
        std::string sql = "SELECT municipality, channel, day, count FROM invitation_days";
        std::vector<std::string> params;
        if (channel) {
            sql += " WHERE channel = $1";
            params.push_back(to_string(*channel));
        }
        PgResult r = c->exec(sql, params);
        std::vector<InvitationRow> rows;
        for (int i = 0; i < r.rows(); ++i) {
            InvitationRow row;
            row.municipality = r.text(i, 0);
            row.channel = parse_channel(r.text(i, 1)).value_or(Channel::balie);
            row.date = r.text(i, 2);
            row.count = r.integer(i, 3);
            rows.push_back(std::move(row));
        }
        return rows;
    }

    bool add_invitation_batch(const InvitationBatch& b) override {
        auto c = pool_.acquire();
        PgTransaction tx(*c);
        std::string created = std::to_string(b.created_at);
        if (!b.event_id.empty() &&
            c->exec("INSERT INTO hook_events (municipality, event_id, received_at) VALUES ($1, $2, $3::bigint)"
                    " ON CONFLICT DO NOTHING",
                    {b.municipality, b.event_id, created})
                    .affected() == 0)
            return false;
        std::string channel = to_string(b.channel);
        c->exec("INSERT INTO invitation_batches (id, municipality, channel, origin, created_at, total)"
                " VALUES ($1, $2, $3, $4, $5::bigint, $6::bigint)",
                {b.id, b.municipality, channel, b.origin, created, std::to_string(b.invitations.size())});
        for (const NewInvitation& i : b.invitations) {
            c->exec("INSERT INTO invitations (token_hash, municipality, channel, batch, expires_at)"
                    " VALUES ($1, $2, $3, $4, $5::bigint)",
                    {i.token_hash, b.municipality, channel, b.id, std::to_string(b.expires_at)});
            c->exec("INSERT INTO outbox (batch, language, address, token, next_attempt)"
                    " VALUES ($1, $2, $3, $4, $5::bigint)",
                    {b.id, b.language, i.address, i.token, created});
        }
        tx.commit();
        return true;
    }

    // SKIP LOCKED: senders of several processes claim different mails instead of queueing.
    std::vector<OutboxMail> claim_mails(long long now, long long lease, std::size_t limit) override {
        auto c = pool_.acquire();
        PgResult r = c->exec(
            "WITH due AS (SELECT id FROM outbox WHERE next_attempt <= $1::bigint ORDER BY next_attempt, id"
            " LIMIT $3::bigint FOR UPDATE SKIP LOCKED)"
            " UPDATE outbox o SET attempts = o.attempts + 1, next_attempt = $2::bigint FROM due, invitation_batches b"
            " WHERE o.id = due.id AND b.id = o.batch"
            " RETURNING o.id, o.batch, b.municipality, b.channel, o.language, o.address, o.token, o.attempts",
            {std::to_string(now), std::to_string(now + lease), std::to_string(limit)});
        std::vector<OutboxMail> mails;
        for (int i = 0; i < r.rows(); ++i)
            mails.push_back({r.integer(i, 0), r.text(i, 1), r.text(i, 2),
                             parse_channel(r.text(i, 3)).value_or(Channel::balie), r.text(i, 4), r.text(i, 5),
                             r.text(i, 6), static_cast<int>(r.integer(i, 7))});
        return mails;
    }

    void mail_sent(const OutboxMail& m, const std::string& day) override {
        auto c = pool_.acquire();
        PgTransaction tx(*c);
        if (!delete_mail(*c, m)) return;  // another sender finished it after our lease ran out
        c->exec("UPDATE invitation_batches SET sent = sent + 1 WHERE id = $1", {m.batch});
        c->exec(kCountInvitations, {m.municipality, to_string(m.channel), day, "1"});
        tx.commit();
    }

    void mail_retry(const OutboxMail& m, long long next_attempt, const std::string& error) override {
        auto c = pool_.acquire();
        PgTransaction tx(*c);
        c->exec("UPDATE outbox SET next_attempt = $1::bigint WHERE id = $2::bigint",
                {std::to_string(next_attempt), std::to_string(m.id)});
        note_error(*c, m.batch, error, false);
        tx.commit();
    }

    void mail_failed(const OutboxMail& m, const std::string& error) override {
        auto c = pool_.acquire();
        PgTransaction tx(*c);
        if (!delete_mail(*c, m)) return;
        c->exec("DELETE FROM invitations WHERE token_hash = $1", {sha256_hex(m.token)});
        note_error(*c, m.batch, error, true);
        tx.commit();
    }

    std::vector<BatchStatus> batches(const std::string& municipality, const std::string& id,
                                     std::size_t limit) override {
        auto c = pool_.acquire();
        PgResult r = c->exec(
            "SELECT b.id, b.channel, b.origin, b.created_at, b.total, b.sent, b.failed, b.last_error,"
            " (SELECT count(*) FROM outbox o WHERE o.batch = b.id)"
            " FROM invitation_batches b WHERE b.municipality = $1 AND ($2 = '' OR b.id = $2)"
            " ORDER BY b.created_at DESC, b.id LIMIT $3::bigint",
            {municipality, id, std::to_string(limit)});
        std::vector<BatchStatus> out;
        for (int i = 0; i < r.rows(); ++i)
            out.push_back({r.text(i, 0), parse_channel(r.text(i, 1)).value_or(Channel::balie), r.text(i, 2),
                           r.integer(i, 3), r.integer(i, 4), r.integer(i, 5), r.integer(i, 8), r.integer(i, 6),
                           r.text(i, 7)});
        return out;
    }

    TokenState token_state(const std::string& token_hash, long long now) override {
        auto c = pool_.acquire();
        PgResult r = c->exec("SELECT expires_at, used_by IS NOT NULL FROM invitations WHERE token_hash = $1", {token_hash});
        if (r.rows() == 0) return TokenState::unknown;
        return r.text(0, 1) == "t" ? TokenState::used : r.integer(0, 0) <= now ? TokenState::expired : TokenState::usable;
    }

    void set_hook_secret(const std::string& municipality, const std::string& secret) override {
        auto c = pool_.acquire();
        c->exec("INSERT INTO hook_secrets (municipality, secret, created_at) VALUES ($1, $2, $3)"
                " ON CONFLICT (municipality) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at",
                {municipality, secret, utc_now()});
    }

    std::optional<std::string> hook_secret(const std::string& municipality) override {
        return lookup("SELECT secret FROM hook_secrets WHERE municipality = $1", municipality);
    }

    void forget_hook_events(long long before) override {
        auto c = pool_.acquire();
        c->exec("DELETE FROM hook_events WHERE received_at < $1::bigint", {std::to_string(before)});
    }

    std::size_t delete_older_than(long long cutoff) override {
        auto c = pool_.acquire();
        return c->exec("DELETE FROM responses WHERE submitted_at < $1::bigint", {std::to_string(cutoff)}).affected();
    }

    std::size_t purge_texts_older_than(long long cutoff,
                                       const std::function<std::string(const std::string&)>& strip) override {
        auto c = pool_.acquire();
        PgTransaction tx(*c);
        PgResult rows = c->exec("SELECT id, body FROM responses WHERE submitted_at < $1::bigint AND NOT texts_purged"
                                " FOR UPDATE",
                                {std::to_string(cutoff)});
        for (int i = 0; i < rows.rows(); ++i)
            c->exec("UPDATE responses SET body = $1, texts_purged = TRUE WHERE id = $2",
                    {strip(rows.text(i, 1)), rows.text(i, 0)});
        tx.commit();
        return static_cast<std::size_t>(rows.rows());
    }

    void backup(const std::string&) override {
        throw StorageError("a PostgreSQL database is backed up with its own tools (pg_dump, or the provider's "
                           "backups), not by klantpeil-server");
    }

private:
    // `expression` (an aggregate) over the selected responses.
    std::size_t total(const ResponseQuery& q, const char* expression) {
        SqlFilter f = sql_filter(q, true);
        auto c = pool_.acquire();
        PgResult r = c->exec(std::string("SELECT ") + expression + " FROM responses" + f.where, f.params);
        return static_cast<std::size_t>(r.integer(0, 0));
    }

    // The first column of the one row `sql` finds for `key` ($1), if any.
    std::optional<std::string> lookup(const char* sql, const std::string& key) {
        auto c = pool_.acquire();
        PgResult r = c->exec(sql, {key});
        if (r.rows() == 0) return std::nullopt;
        return r.text(0, 0);
    }

    // The invitation's row stays locked (FOR UPDATE) until the commit, so of two concurrent
    // completions with one token the second sees it spent.
    InsertOutcome insert_invited(PgConn& c, const StoredResponse& r) {
        PgTransaction tx(c);
        PgResult row = c.exec("SELECT municipality, channel, expires_at, coalesce(used_by, '') FROM invitations"
                              " WHERE token_hash = $1 FOR UPDATE",
                              {r.invitation_hash});
        std::optional<InvitationHold> hold;
        if (row.rows() == 1) hold = InvitationHold{row.text(0, 0), row.text(0, 1), row.integer(0, 2), row.text(0, 3)};
        if (auto refusal = invitation_refusal(r, hold, static_cast<long long>(std::time(nullptr)))) return {*refusal, ""};
        std::string now = utc_now();
        if (c.exec(std::string(kInsert) + " RETURNING stored_at", insert_params(r, now)).rows() == 0) {
            tx.commit();
            return existing(c, r);
        }
        if (hold->used_by.empty())
            c.exec("UPDATE invitations SET used_by = $1, used_at = $2 WHERE token_hash = $3", {r.id, now, r.invitation_hash});
        tx.commit();
        return {InsertStatus::stored, now};
    }

    // After an insert that found the id taken: a replay or a conflict.
    InsertOutcome existing(PgConn& c, const StoredResponse& r) {
        PgResult existing = c.exec("SELECT content_hash, stored_at FROM responses WHERE id = $1", {r.id});
        if (existing.rows() != 1) throw StorageError("response " + r.id + " vanished during its insert");
        InsertStatus status = existing.text(0, 0) == r.content_hash ? InsertStatus::replay : InsertStatus::conflict;
        return {status, existing.text(0, 1)};
    }

    PgPool pool_;
};

} // namespace

std::unique_ptr<Storage> open_postgres_storage(const std::string& url, const StorageOptions& options) {
    return std::make_unique<PostgresStorage>(url, options);
}

} // namespace klantpeil::server
