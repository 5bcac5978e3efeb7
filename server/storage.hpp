// Storage: where the server keeps responses, municipalities, staff tokens and Inviter counts.
// One interface, two implementations chosen by the database URL:
//   sqlite:PATH              (default) one file; WAL, a flush per group commit
//   postgresql://... or postgres://...   for several stateless server processes
// Both apply the versioned schema migrations (server/migrations.cpp) when opened.
//
// Every method is safe to call from many threads at once. A database failure throws
// StorageError; the HTTP layer turns it into 503, never into a half-stored record.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <ctime>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "engine/import.hpp"
#include "engine/questionnaire.hpp"

namespace klantpeil::server {

struct StorageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A validated record as stored: its canonical JSON body and the columns the queries need.
struct StoredResponse {
    std::string id;               // the record's UUID: primary key and idempotency key
    std::string municipality;
    Channel channel = Channel::balie;
    std::string questionnaire;
    int version = 0;
    long long submitted_at = 0;   // seconds since 1970-01-01T00:00:00Z
    std::string body;             // canonical JSON (engine to_json(record).dump())
    std::string content_hash;     // sha256_hex(body) as received; kept when texts are purged
    std::string invitation_hash;  // sha256_hex of the record's one-time token; "" = none. The
                                  // body itself always has "invitation": null
};

enum class InsertStatus {
    stored,    // new row, durable on disk when insert() returns
    replay,    // the same id with the same content was already stored
    conflict,  // the same id with different content is stored; nothing was changed
    // The record's invitation token cannot be used; nothing was stored:
    invitation_unknown,   // no such token
    invitation_mismatch,  // the token is of another municipality or channel
    invitation_used,      // a response with another id used it already
    invitation_expired,   // past its expiry time
};

// A transaction that holds inserts and is not on disk yet (SQLite's group commit, see
// server/sqlite_group_commit.hpp). The answers to its records wait for it, not their threads.
class PendingCommit {
public:
    // Runs `ended(durable)` once the transaction has ended: at once when it has, else on the
    // committing thread, which the callback must not hold up (it may send, not wait).
    void then(std::function<void(bool durable)> ended);
    bool wait();                // blocks until it ended; true when it is on disk
    void finish(bool durable);  // the committer's: runs and drops the callbacks

private:
    std::mutex mutex_;
    std::condition_variable ended_;
    bool done_ = false;
    bool durable_ = false;
    std::vector<std::function<void(bool)>> waiting_;
};

struct InsertOutcome {
    InsertOutcome() = default;
    InsertOutcome(InsertStatus s, std::string at) : status(s), stored_at(std::move(at)) {}
    InsertStatus status = InsertStatus::stored;
    std::string stored_at;  // RFC 3339 UTC of the first storing (stored and replay)
    std::shared_ptr<PendingCommit> commit;  // from insert_held(): null when on disk already
};

// Selects responses; an empty field selects all.
struct ResponseQuery {
    std::optional<std::string> municipality;
    std::optional<Channel> channel;
    std::optional<long long> from;  // submitted_at >= from
    std::optional<long long> to;    // submitted_at < to
    bool texts_kept = false;        // only responses whose open answers were not purged
    bool any_order = false;         // as stored, not sorted (sorting every body costs more
                                    // than an aggregation that does not need the order)
};

struct ResponseRow {
    std::string id;
    std::string body;
    std::string content_hash;
    bool texts_purged = false;  // open answers were replaced after the retention period
};

// [SECTION] Invitations (the Inviter, server/inviter.hpp)

// One address of a batch: its mail's token (sent, then forgotten) and that token's hash (kept).
struct NewInvitation {
    std::string address;
    std::string token;
    std::string token_hash;
};

struct InvitationBatch {
    std::string id;              // random, shown to staff to follow the batch
    std::string municipality;
    Channel channel = Channel::balie;
    std::string origin;          // "staff" or "hook:<vendor>"
    std::string language;        // "nl" or "en": the mail's language
    long long created_at = 0;
    long long expires_at = 0;    // the tokens' expiry
    std::vector<NewInvitation> invitations;
    std::string event_id;        // a hook delivery's event id; "" = none
};

// A mail waiting in the outbox, claimed by one sender for a while.
struct OutboxMail {
    long long id = 0;
    std::string batch;
    std::string municipality;
    Channel channel = Channel::balie;
    std::string language;
    std::string address;
    std::string token;
    int attempts = 0;            // including this one
};

struct BatchStatus {
    std::string id;
    Channel channel = Channel::balie;
    std::string origin;
    long long created_at = 0;
    long long total = 0, sent = 0, pending = 0, failed = 0;
    std::string last_error;      // the relay's last complaint; never an address
};

// What a one-time link's token is now.
enum class TokenState { unknown, usable, used, expired };

struct Municipality {
    std::string code;                  // CBS code
    std::string name;
    std::vector<std::string> origins;  // site origins allowed to submit ("https://www.amsterdam.nl")
};

class Storage {
public:
    virtual ~Storage() = default;

    virtual const char* backend() const = 0;   // "sqlite" or "postgresql"
    virtual int schema_version() = 0;          // the highest migration applied
    virtual void ping() = 0;                   // throws when the database cannot answer

    // [SECTION] Responses
    // Stores `r` unless its id is taken; returns only once a new row is durable.
    virtual InsertOutcome insert(const StoredResponse& r) = 0;
    // The same, but may return before the row is durable, with the `commit` to wait for: the
    // HTTP answer waits for it, so no thread does (see server/http_connection.hpp).
    virtual InsertOutcome insert_held(const StoredResponse& r) { return insert(r); }
    // True when insert_held() does not wait for the disk (SQLite's group commit); PostgreSQL's
    // waits for its server's commit. Only then are submissions served on a connection loop.
    virtual bool holds_answers() const { return false; }
    // Stores many records in one transaction (demo data); ids already stored are skipped.
    // Returns how many were new.
    virtual std::size_t insert_many(const std::vector<StoredResponse>& rs) = 0;
    // Calls `row` for each selected response, ordered by submitted_at and id (unless
    // `q.any_order`), as the rows are
    // read: nothing is held for the whole selection. `row` may throw to stop.
    virtual void list_responses(const ResponseQuery& q, const std::function<void(const ResponseRow&)>& row) = 0;
    virtual std::size_t count_responses(const ResponseQuery& q) = 0;
    // The bytes of the selected bodies together (UTF-8).
    virtual std::size_t body_bytes(const ResponseQuery& q) = 0;

    // [SECTION] Municipalities and staff tokens
    // Adds the municipality or renames it, and adds `m.origins` to its allowed origins.
    virtual void add_municipality(const Municipality& m) = 0;
    // Takes `origin` off the municipality's list; false when it was not on it.
    virtual bool remove_origin(const std::string& municipality, const std::string& origin) = 0;
    virtual std::vector<Municipality> municipalities() = 0;
    virtual void add_staff_token(const std::string& municipality, const std::string& token_hash) = 0;
    // The municipality a token hash belongs to, or none.
    virtual std::optional<std::string> token_municipality(const std::string& token_hash) = 0;
    // Deletes the token with this hash: the municipality it opened, or none when unknown.
    virtual std::optional<std::string> remove_staff_token(const std::string& token_hash) = 0;
    // Deletes every token of `municipality`; how many there were.
    virtual std::size_t remove_staff_tokens(const std::string& municipality) = 0;

    // [SECTION] Inviter invitation counts per (municipality, channel, day)
    virtual void add_invitations(const std::vector<InvitationRow>& rows) = 0;  // counts add up
    virtual std::vector<InvitationRow> invitations(const std::optional<Channel>& channel) = 0;

    // [SECTION] Invitations
    // Stores the batch, its tokens' hashes and its mails in one transaction. With an event id
    // that this municipality's hooks delivered before, stores nothing and returns false.
    virtual bool add_invitation_batch(const InvitationBatch& b) = 0;
    // Up to `limit` mails due at `now`, claimed until `now + lease` (so another sender, in
    // this or another process, leaves them alone); their attempts grow by one.
    virtual std::vector<OutboxMail> claim_mails(long long now, long long lease, std::size_t limit) = 0;
    // The relay accepted: the mail and its address go, the day's invitation count grows.
    virtual void mail_sent(const OutboxMail& m, const std::string& day) = 0;
    // Try again at `next_attempt`.
    virtual void mail_retry(const OutboxMail& m, long long next_attempt, const std::string& error) = 0;
    // Given up: the mail, its address and its token go; the batch counts a failure.
    virtual void mail_failed(const OutboxMail& m, const std::string& error) = 0;
    // The municipality's batches, newest first (one when `id` is given).
    virtual std::vector<BatchStatus> batches(const std::string& municipality, const std::string& id,
                                             std::size_t limit) = 0;
    virtual TokenState token_state(const std::string& token_hash, long long now) = 0;

    // [SECTION] Appointment-system hooks
    virtual void set_hook_secret(const std::string& municipality, const std::string& secret) = 0;
    virtual std::optional<std::string> hook_secret(const std::string& municipality) = 0;
    virtual void forget_hook_events(long long before) = 0;

    // [SECTION] Retention
    // Deletes the responses submitted before `cutoff`; returns how many.
    virtual std::size_t delete_older_than(long long cutoff) = 0;
    // Rewrites the body of every response submitted before `cutoff` whose texts were not
    // purged yet with `strip(body)`, and marks it purged; returns how many.
    virtual std::size_t purge_texts_older_than(long long cutoff,
                                               const std::function<std::string(const std::string&)>& strip) = 0;

    // [SECTION] Backup
    // Writes a consistent copy of the whole database to the new file `path` while the server
    // runs, flushed to disk before it takes that name: an interrupted backup never leaves a
    // half-written file under it. Throws StorageError when `path` exists, or when the
    // database is backed up with its own tools (PostgreSQL).
    virtual void backup(const std::string& path) = 0;
};

struct StorageOptions {
    int busy_timeout_ms = 0;          // SQLite: wait for a lock this long; 0 = 10000
    std::size_t pool_size = 0;        // read connections (PostgreSQL: all connections); 0 = 8
};

// Opens (creating when needed) and migrates the database `url`: "sqlite:PATH", a plain
// file path, or "postgresql://..."/"postgres://...". Throws StorageError.
std::unique_ptr<Storage> open_storage(const std::string& url, const StorageOptions& options = {});

// The storage implementations; open_storage picks one.
std::unique_ptr<Storage> open_sqlite_storage(const std::string& path, const StorageOptions& options);
std::unique_ptr<Storage> open_postgres_storage(const std::string& url, const StorageOptions& options);

// Builds the stored form of a record: canonical body, hash and columns. A record passed as an
// rvalue gives its strings to the columns instead of having them copied.
StoredResponse to_stored(ResponseRecord r);

// An invitation as the storage holds it, read inside the transaction that stores a record.
struct InvitationHold {
    std::string municipality;
    std::string channel;
    long long expires_at = 0;
    std::string used_by;  // the id of the response that spent it; "" = unused
};
// Why `r` may not store with its invitation `hold` (none: no such token) at `now`, or none
// when it may (the same record again may: its replay is then told by the insert).
std::optional<InsertStatus> invitation_refusal(const StoredResponse& r, const std::optional<InvitationHold>& hold,
                                               long long now);

// The WHERE clause of a ResponseQuery ("" or " WHERE ...") and its ORDER BY, the parameters as text, in
// order. Placeholders are ?1, ?2 ... for SQLite and $1, $2 ... for PostgreSQL.
struct SqlFilter {
    std::string where;
    std::vector<std::string> params;
    std::string order;  // " ORDER BY ..." of a listing, or none
};
SqlFilter sql_filter(const ResponseQuery& q, bool postgres);

// The current time as RFC 3339 UTC with seconds ("2026-08-14T10:22:00Z").
std::string utc_now();
std::string utc_text(std::time_t at);  // the same form for another moment

} // namespace klantpeil::server
