// Storage: where the server keeps responses, municipalities, staff tokens and Inviter counts.
// One interface, two implementations chosen by the database URL:
//   sqlite:PATH              (default) one file; WAL, synchronous=FULL, group commit
//   postgresql://... or postgres://...   for several stateless server processes
// Both apply the versioned schema migrations (server/migrations.cpp) when opened.
//
// Every method is safe to call from many threads at once. A database failure throws
// StorageError; the HTTP layer turns it into 503, never into a half-stored record.
#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
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
};

enum class InsertStatus {
    stored,    // new row, durable on disk when insert() returns
    replay,    // the same id with the same content was already stored
    conflict,  // the same id with different content is stored; nothing was changed
};

struct InsertOutcome {
    InsertStatus status = InsertStatus::stored;
    std::string stored_at;  // RFC 3339 UTC of the first storing (stored and replay)
};

// Selects responses; an empty field selects all.
struct ResponseQuery {
    std::optional<std::string> municipality;
    std::optional<Channel> channel;
    std::optional<long long> from;  // submitted_at >= from
    std::optional<long long> to;    // submitted_at < to
};

struct ResponseRow {
    std::string id;
    std::string body;
    std::string content_hash;
    bool texts_purged = false;  // open answers were replaced after the retention period
};

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
    // Stores many records in one transaction (demo data); ids already stored are skipped.
    // Returns how many were new.
    virtual std::size_t insert_many(const std::vector<StoredResponse>& rs) = 0;
    // Calls `row` for each selected response, ordered by submitted_at and id.
    virtual void list_responses(const ResponseQuery& q, const std::function<void(const ResponseRow&)>& row) = 0;
    virtual std::size_t count_responses(const ResponseQuery& q) = 0;

    // [SECTION] Municipalities and staff tokens
    // Adds the municipality or renames it, and adds `m.origins` to its allowed origins.
    virtual void add_municipality(const Municipality& m) = 0;
    virtual std::vector<Municipality> municipalities() = 0;
    virtual void add_staff_token(const std::string& municipality, const std::string& token_hash) = 0;
    // The municipality a token hash belongs to, or none.
    virtual std::optional<std::string> token_municipality(const std::string& token_hash) = 0;

    // [SECTION] Inviter invitation counts per (municipality, channel, day)
    virtual void add_invitations(const std::vector<InvitationRow>& rows) = 0;  // counts add up
    virtual std::vector<InvitationRow> invitations(const std::optional<Channel>& channel) = 0;

    // [SECTION] Retention
    // Deletes the responses submitted before `cutoff`; returns how many.
    virtual std::size_t delete_older_than(long long cutoff) = 0;
    // Rewrites the body of every response submitted before `cutoff` whose texts were not
    // purged yet with `strip(body)`, and marks it purged; returns how many.
    virtual std::size_t purge_texts_older_than(long long cutoff,
                                               const std::function<std::string(const std::string&)>& strip) = 0;
};

struct StorageOptions {
    int busy_timeout_ms = 0;          // SQLite: wait for a lock this long; 0 = 10000
    std::size_t group_commit_max = 0; // SQLite: records per commit at most; 0 = 512
    std::size_t pool_size = 0;        // read connections (PostgreSQL: all connections); 0 = 8
};

// Opens (creating when needed) and migrates the database `url`: "sqlite:PATH", a plain
// file path, or "postgresql://..."/"postgres://...". Throws StorageError.
std::unique_ptr<Storage> open_storage(const std::string& url, const StorageOptions& options = {});

// The storage implementations; open_storage picks one.
std::unique_ptr<Storage> open_sqlite_storage(const std::string& path, const StorageOptions& options);
std::unique_ptr<Storage> open_postgres_storage(const std::string& url, const StorageOptions& options);

// Builds the stored form of a record: canonical body, hash and columns.
StoredResponse to_stored(const ResponseRecord& r);

// The WHERE clause of a ResponseQuery ("" or " WHERE ...") with its parameters as text, in
// order. Placeholders are ?1, ?2 ... for SQLite and $1, $2 ... for PostgreSQL.
struct SqlFilter {
    std::string where;
    std::vector<std::string> params;
};
SqlFilter sql_filter(const ResponseQuery& q, bool postgres);

// The current time as RFC 3339 UTC with seconds ("2026-08-14T10:22:00Z").
std::string utc_now();

} // namespace klantpeil::server
