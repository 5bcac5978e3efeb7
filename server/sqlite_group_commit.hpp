// Group commit for the SQLite storage: one writer thread owns the write connection and
// commits every insert waiting in its queue in one transaction, so one fsync makes a whole
// batch durable. A caller of insert() waits until its batch is committed (or failed): the
// HTTP handler never answers 2xx before the record is on disk, and under load the cost of
// synchronous=FULL is shared by everyone in the batch. A record's one-time invitation is
// checked and spent in the same transaction that stores it.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "server/sqlite_db.hpp"
#include "server/storage.hpp"

namespace klantpeil::server {

class SqliteGroupCommit {
public:
    // Takes over `db` (the write connection); `max_batch` records per transaction at most.
    SqliteGroupCommit(std::unique_ptr<SqliteDb> db, std::size_t max_batch);
    ~SqliteGroupCommit();  // finishes the queued inserts, then stops the thread
    SqliteGroupCommit(const SqliteGroupCommit&) = delete;
    SqliteGroupCommit& operator=(const SqliteGroupCommit&) = delete;

    // Blocks until `r` is committed; throws StorageError when its batch failed.
    InsertOutcome insert(const StoredResponse& r);

private:
    struct Job {
        const StoredResponse* record = nullptr;
        InsertOutcome outcome;
        std::exception_ptr error;
        bool done = false;
    };

    void run();
    void commit_batch(const std::vector<Job*>& batch);
    InsertOutcome insert_one(const StoredResponse& r, const std::string& now);
    std::optional<InvitationHold> invitation(const std::string& token_hash);
    void spend_invitation(const StoredResponse& r, const std::string& now);

    std::unique_ptr<SqliteDb> db_;
    SqliteStmt insert_;    // prepared once: the writer runs them for every record
    SqliteStmt existing_;
    SqliteStmt invitation_;
    SqliteStmt spend_;
    std::size_t max_batch_;
    std::mutex mutex_;
    std::condition_variable queued_;    // the writer waits for work
    std::condition_variable finished_;  // callers wait for their batch
    std::deque<Job*> queue_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace klantpeil::server
