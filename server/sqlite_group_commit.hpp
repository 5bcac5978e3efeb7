// Group commit for the SQLite storage: the inserts that arrive while one transaction is being
// flushed to disk gather in the next one, so one flush makes a whole batch durable, and the
// disk's flush overlaps the next batch's work instead of holding it up.
//
// A caller's insert runs at once, under a mutex, in the open transaction (BEGIN IMMEDIATE on
// the first insert), so its outcome (stored, replay, conflict, the invitation's verdict) is
// known before it returns. The committer thread commits the open transaction, flushes the WAL
// and then ends its PendingCommit: only then may a 2xx for any of its records go out. The
// writer commits with synchronous=NORMAL and the committer flushes the WAL itself (WalFile),
// outside the mutex: meanwhile the next transaction fills. A commit or flush that fails ends
// its PendingCommit as not durable (the answers become 503, the clients retry); after a failed
// flush the page cache no longer says what is on disk, so this storage refuses every later
// insert until the server is restarted. A record's one-time invitation is checked and spent in
// the transaction that stores it.
#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "server/sqlite_db.hpp"
#include "server/storage.hpp"

namespace klantpeil::server {

// The WAL file of a database, flushed by us (fdatasync through a descriptor of our own, opened
// at the first flush, when the file's directory entry is flushed too). SQLite deletes a WAL
// only when the last connection closes, and the writer's stays open as long as this does, so
// the descriptor always names the file SQLite writes.
class WalFile {
public:
    explicit WalFile(std::string path) : path_(std::move(path)) {}
    ~WalFile();
    WalFile(const WalFile&) = delete;
    WalFile& operator=(const WalFile&) = delete;

    bool sync();  // false when the file cannot be opened or flushed

private:
    bool open();
    std::string path_;
    int fd_ = -1;
};

class SqliteGroupCommit {
public:
    // Takes over `db` (the write connection) and starts the committer.
    explicit SqliteGroupCommit(std::unique_ptr<SqliteDb> db);
    ~SqliteGroupCommit();  // commits what is open, then stops the committer
    SqliteGroupCommit(const SqliteGroupCommit&) = delete;
    SqliteGroupCommit& operator=(const SqliteGroupCommit&) = delete;

    // Inserts `r` in the open transaction; outcome.commit says when it is on disk. Throws
    // StorageError when it cannot (its transaction is then abandoned: its other records' commit
    // ends as not durable).
    InsertOutcome insert(const StoredResponse& r);

private:
    void run();             // the committer thread
    bool commit_open();     // COMMIT (ROLLBACK on failure); under mutex_
    void rollback();        // of whatever SQLite still has open; under mutex_
    void abandon_open();    // rollback() and end the open transaction as not durable; under mutex_
    InsertOutcome insert_one(const StoredResponse& r, const std::string& now);
    std::optional<InvitationHold> invitation(const std::string& token_hash);
    void spend_invitation(const StoredResponse& r, const std::string& now);

    std::unique_ptr<SqliteDb> db_;
    SqliteStmt begin_;     // all prepared once: every batch runs these two (parsing them was
    SqliteStmt commit_;    // 2 % of the server's CPU), every insert the others
    SqliteStmt insert_;
    SqliteStmt existing_;
    SqliteStmt invitation_;
    SqliteStmt spend_;
    WalFile wal_;
    std::mutex mutex_;
    // Guarded by mutex_:
    std::condition_variable work_;
    std::shared_ptr<PendingCommit> open_;  // the open transaction; null when none is open
    bool broken_ = false;                  // a flush failed
    bool stopping_ = false;
    std::thread committer_;                // last: starts when the rest is ready
};

} // namespace klantpeil::server
