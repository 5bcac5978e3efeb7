// How the SQLite storage stores a response: decided at once, durable in the inbox log
// (server/inbox_log.hpp), in the database a few milliseconds later.
//
// insert() answers a record from what is stored and what waits in the inbox together: a
// second record with the same id is a replay or a conflict, a second record with the same
// one-time invitation is refused. A new record is appended to the inbox and insert() returns
// once the inbox is flushed: a 201 is never given for a record that is not on disk. A thread
// commits what the inbox holds to the database every few milliseconds, many records and one
// database flush at a time, with the inbox position in the same transaction, and then frees
// that part of the inbox. When the process dies, the next open of the storage commits what
// the inbox still holds. Reads of responses call settle() first, so they see every record
// that was acknowledged before them.
//
// One process at a time writes a database's inbox (it is locked). Another process opening
// the same database, e.g. `klantpeil-server purge` beside a running server, reads and
// writes the database directly and cannot insert responses.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

#include "server/inbox_log.hpp"
#include "server/sqlite_db.hpp"
#include "server/storage.hpp"

namespace klantpeil::server {

// A record as the inbox holds it: what insert() was given, and when it was accepted.
struct InboxRecord {
    StoredResponse record;
    std::string stored_at;
};

// The one INSERT of a response (ON CONFLICT (id) DO NOTHING), and its parameters.
extern const char* const kInsertResponse;
void bind_response(SqliteStmt& insert, const StoredResponse& r, const std::string& stored_at);

class SqliteInbox {
public:
    // Opens the inbox of the database at `db_path` (creating it when `create`), whose write
    // connection is `writer` (it must outlive the inbox), and commits what a previous process
    // left in it. Returns nothing when another process holds the inbox, or it is missing and
    // not to be created.
    static std::unique_ptr<SqliteInbox> open(const std::string& db_path, SqliteDb& writer, int busy_timeout_ms,
                                             bool create);
    ~SqliteInbox();  // commits what is durable, then stops
    SqliteInbox(const SqliteInbox&) = delete;
    SqliteInbox& operator=(const SqliteInbox&) = delete;

    // Blocks until `r` is durable (or known); throws StorageError when it could not be stored.
    InsertOutcome insert(const StoredResponse& r);
    // Returns once every record acknowledged before the call is in the database.
    void settle();

private:
    struct Pending {
        std::string content_hash;
        std::string stored_at;
        std::uint64_t seq = 0;
    };
    struct Known {
        InsertOutcome outcome;
        std::uint64_t seq = 0;  // the inbox entry to wait for; 0 = in the database
    };

    SqliteInbox(std::unique_ptr<InboxLog> log, SqliteDb& writer, std::unique_ptr<SqliteDb> reader);
    std::optional<Known> known(const StoredResponse& r);  // with mutex_ held
    std::optional<InvitationHold> invitation(const std::string& token_hash);
    std::optional<Known> stored(const StoredResponse& r);
    InboxPosition recover();
    void commit(const std::vector<InboxRecord>& records, InboxPosition position);
    void commit_loop();
    bool commit_durable();

    std::unique_ptr<InboxLog> log_;
    SqliteDb& writer_;
    std::unique_ptr<SqliteDb> reader_;  // for known(), under mutex_
    SqliteStmt existing_, invitation_;  // on reader_
    SqliteStmt insert_, spend_, position_;  // on writer_, in the commit thread
    std::mutex mutex_;
    std::condition_variable wake_, committed_;
    // Guarded by mutex_:
    std::unordered_map<std::string, Pending> pending_;    // by id: in the inbox, not committed
    std::unordered_map<std::string, std::string> spent_;  // invitation hash -> id, likewise
    std::uint64_t last_seq_ = 0;       // the newest entry appended
    std::uint64_t committed_seq_ = 0;  // the newest entry in the database
    std::uint64_t attempts_ = 0;       // commits tried, for settle() to see a failure
    std::string commit_error_;         // the last commit's failure; "" = it worked
    bool settle_wanted_ = false;
    bool stopping_ = false;
    std::thread committer_;
};

} // namespace klantpeil::server
