#include "server/sqlite_group_commit.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <utility>

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

namespace klantpeil::server {

namespace {

const char* const kBegin = "BEGIN IMMEDIATE";
const char* const kCommit = "COMMIT";
const char* const kInsert =
    "INSERT INTO responses (id, municipality, channel, questionnaire, version, submitted_at, stored_at,"
    " content_hash, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO NOTHING";
const char* const kExisting = "SELECT content_hash, stored_at FROM responses WHERE id = ?1";
const char* const kInvitation =
    "SELECT municipality, channel, expires_at, coalesce(used_by, '') FROM invitations WHERE token_hash = ?1";
const char* const kSpend = "UPDATE invitations SET used_by = ?1, used_at = ?2 WHERE token_hash = ?3";

} // namespace

// [SECTION] WalFile

WalFile::~WalFile() {
    if (fd_ >= 0) ::close(fd_);
}

bool WalFile::sync() {
    if (fd_ < 0 && !open()) return false;
    return ::fdatasync(fd_) == 0;
}

bool WalFile::open() {
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return false;
    std::string dir = path_.substr(0, path_.find_last_of('/') + 1);
    int dir_fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    bool ok = dir_fd >= 0 && ::fsync(dir_fd) == 0;
    if (dir_fd >= 0) ::close(dir_fd);
    return ok;
}

// [SECTION] SqliteGroupCommit

SqliteGroupCommit::SqliteGroupCommit(std::unique_ptr<SqliteDb> db)
    : db_(std::move(db)), begin_(*db_, kBegin), commit_(*db_, kCommit), insert_(*db_, kInsert),
      existing_(*db_, kExisting), invitation_(*db_, kInvitation), spend_(*db_, kSpend),
      wal_(std::string(sqlite3_db_filename(db_->handle(), "main")) + "-wal") {
    db_->exec("PRAGMA synchronous=NORMAL");  // the committer flushes the WAL (see the header)
    committer_ = std::thread([this] { run(); });
}

SqliteGroupCommit::~SqliteGroupCommit() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    work_.notify_one();
    committer_.join();
}

InsertOutcome SqliteGroupCommit::insert(const StoredResponse& r) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (broken_) throw StorageError("a flush to disk failed earlier; nothing is stored until the server restarts");
    if (stopping_) throw StorageError("the storage is closing");  // no committer would end it
    if (!open_) {
        begin_.execute();
        open_ = std::make_shared<PendingCommit>();
    }
    InsertOutcome outcome;
    try {
        outcome = insert_one(r, utc_now());
    } catch (...) {
        abandon_open();  // a failed statement may have ended the transaction: end it for all
        throw;
    }
    outcome.commit = open_;
    work_.notify_one();
    return outcome;
}

// Commits whatever is open, flushes it outside the mutex (the next transaction fills
// meanwhile), then ends its PendingCommit. Stops once asked to and nothing is open.
void SqliteGroupCommit::run() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        work_.wait(lock, [&] { return open_ || stopping_; });
        if (!open_) return;
        std::shared_ptr<PendingCommit> batch = std::move(open_);
        bool committed = commit_open();
        lock.unlock();
        bool durable = committed && wal_.sync();
        if (committed && !durable) {
            std::fprintf(stderr, "klantpeil-server: flushing the WAL failed: %s; no more inserts until a restart\n",
                         std::strerror(errno));
            std::lock_guard<std::mutex> broken(mutex_);
            broken_ = true;
        }
        batch->finish(durable);
        lock.lock();
    }
}

bool SqliteGroupCommit::commit_open() {
    try {
        commit_.execute();
        return true;
    } catch (const StorageError& e) {
        std::fprintf(stderr, "klantpeil-server: a commit failed: %s\n", e.what());
        rollback();
        return false;
    }
}

void SqliteGroupCommit::rollback() {
    try {
        if (!sqlite3_get_autocommit(db_->handle())) db_->exec("ROLLBACK");
    } catch (const StorageError&) {
        // SQLite rolls back by itself when it cannot go on; nothing else is left to do.
    }
}

void SqliteGroupCommit::abandon_open() {
    rollback();
    if (open_) std::exchange(open_, nullptr)->finish(false);
}

// Inside the open transaction: a second record with the same id sees the first as stored, so
// concurrent submissions of one id still give exactly one row; and a second record with the
// same invitation sees it spent.
InsertOutcome SqliteGroupCommit::insert_one(const StoredResponse& r, const std::string& now) {
    std::optional<InvitationHold> hold;
    if (!r.invitation_hash.empty()) {
        hold = invitation(r.invitation_hash);
        if (auto refusal = invitation_refusal(r, hold, static_cast<long long>(std::time(nullptr))))
            return {*refusal, ""};
    }
    insert_.reset();
    insert_.bind(1, r.id).bind(2, r.municipality).bind(3, to_string(r.channel)).bind(4, r.questionnaire);
    insert_.bind(5, static_cast<long long>(r.version)).bind(6, r.submitted_at).bind(7, now);
    insert_.bind(8, r.content_hash).bind(9, r.body);
    insert_.step();
    if (db_->changes() == 1) {
        if (hold && hold->used_by.empty()) spend_invitation(r, now);
        return {InsertStatus::stored, now};
    }

    existing_.reset();
    existing_.bind(1, r.id);
    if (!existing_.step()) throw StorageError("response " + r.id + " vanished during its insert");
    InsertStatus status = existing_.text(0) == r.content_hash ? InsertStatus::replay : InsertStatus::conflict;
    InsertOutcome outcome{status, existing_.text(1)};
    existing_.reset();  // ends the read, so the statement holds no snapshot between batches
    return outcome;
}

std::optional<InvitationHold> SqliteGroupCommit::invitation(const std::string& token_hash) {
    invitation_.reset();
    invitation_.bind(1, token_hash);
    if (!invitation_.step()) return std::nullopt;
    InvitationHold hold{invitation_.text(0), invitation_.text(1), invitation_.integer(2), invitation_.text(3)};
    invitation_.reset();
    return hold;
}

void SqliteGroupCommit::spend_invitation(const StoredResponse& r, const std::string& now) {
    spend_.reset();
    spend_.bind(1, r.id).bind(2, now).bind(3, r.invitation_hash);
    spend_.step();
}

} // namespace klantpeil::server
