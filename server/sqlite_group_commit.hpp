// Group commit for the SQLite storage: every insert waiting in the queue is committed in
// one transaction, so one fsync makes a whole batch durable. A caller of insert() returns
// only when its batch is committed (or failed): the HTTP handler never answers 2xx before
// the record is on disk, and under load the cost of synchronous=FULL is shared by everyone
// in the batch.
//
// No writer thread: the caller that finds no commit running leads one, for everything
// queued, its own record included; the others sleep until their leader wakes them. Each
// caller sleeps on its own Job, so a leader that wakes a batch wakes each caller once and
// nobody then queues for a shared lock (a condition variable on the queue's mutex made every
// woken caller wait for that mutex again: two sleeps instead of one). Only the callers whose
// batch ended are woken. A record's one-time invitation is checked and spent in the same
// transaction that stores it.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "server/sqlite_db.hpp"
#include "server/storage.hpp"

namespace klantpeil::server {

class SqliteGroupCommit {
public:
    // Takes over `db` (the write connection); `max_batch` records per transaction at most.
    SqliteGroupCommit(std::unique_ptr<SqliteDb> db, std::size_t max_batch);
    SqliteGroupCommit(const SqliteGroupCommit&) = delete;
    SqliteGroupCommit& operator=(const SqliteGroupCommit&) = delete;

    // Blocks until `r` is committed; throws StorageError when its batch failed.
    InsertOutcome insert(const StoredResponse& r);

private:
    // One caller's insert; shared with its leader, which may still notify it after it returned.
    class Job {
    public:
        explicit Job(const StoredResponse& r) : record(r) {}
        const StoredResponse& record;
        InsertOutcome outcome;
        std::exception_ptr error;

        void finish() { signal(done_); }   // the batch holding it ended
        void hand_lead() { signal(lead_); } // it is to lead the next batch
        // Sleeps until finished (false) or handed the lead (true).
        bool wait();

    private:
        void signal(bool& flag);
        std::mutex mutex_;
        std::condition_variable woken_;
        bool done_ = false;
        bool lead_ = false;
    };

    void lead();
    void commit_batch(const std::vector<std::shared_ptr<Job>>& batch);
    InsertOutcome insert_one(const StoredResponse& r, const std::string& now);
    std::optional<InvitationHold> invitation(const std::string& token_hash);
    void spend_invitation(const StoredResponse& r, const std::string& now);

    std::unique_ptr<SqliteDb> db_;
    SqliteStmt insert_;    // prepared once: every batch runs them for every record
    SqliteStmt existing_;
    SqliteStmt invitation_;
    SqliteStmt spend_;
    std::size_t max_batch_;
    std::mutex mutex_;
    // Guarded by mutex_:
    std::deque<std::shared_ptr<Job>> queue_;  // waiting for a batch
    bool committing_ = false;   // a lead is gathering or committing
    bool gathering_ = false;    // the lead waits for `expected_` inserts
    std::size_t expected_ = 0;  // the last batch plus the inserts queued during its commit
    std::chrono::steady_clock::duration last_commit_{};
    std::condition_variable gathered_;
};

} // namespace klantpeil::server
