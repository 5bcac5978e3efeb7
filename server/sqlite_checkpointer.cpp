#include "server/sqlite_checkpointer.hpp"

#include <chrono>
#include <cstdio>
#include <utility>

#include <sqlite3.h>

namespace klantpeil::server {

namespace {

// The most frames the writer copies itself to finish a checkpoint (a few ms of its time).
constexpr int kMaxFinishFrames = 512;

} // namespace

SqliteCheckpointer::SqliteCheckpointer(std::unique_ptr<SqliteDb> db, int threshold_pages,
                                       std::chrono::milliseconds min_interval)
    : db_(std::move(db)), threshold_pages_(threshold_pages), min_interval_(min_interval),
      thread_([this] { run(); }) {}

SqliteCheckpointer::~SqliteCheckpointer() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void SqliteCheckpointer::watch(SqliteDb& writer) {
    writer.exec("PRAGMA wal_autocheckpoint=0");
    auto hook = [](void* self, sqlite3* writer, const char*, int pages) {
        static_cast<SqliteCheckpointer*>(self)->wal_grew(writer, pages);
        return SQLITE_OK;
    };
    sqlite3_wal_hook(writer.handle(), hook, this);
}

void SqliteCheckpointer::wal_grew(sqlite3* writer, int pages) {
    int copied = copied_.exchange(-1);
    if (copied >= 0 && pages - copied <= kMaxFinishFrames) {
        sqlite3_wal_checkpoint_v2(writer, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        return;
    }
    if (pages < threshold_pages_) return;
    bool asked;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        asked = std::exchange(wanted_, true);
    }
    // Once per checkpoint: past the threshold every commit comes here, and a wake per commit
    // cut the thread's sleep between checkpoints into thousands of wake-ups a second.
    if (!asked) wake_.notify_one();
}

void SqliteCheckpointer::run() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, std::chrono::seconds(5), [&] { return wanted_ || stopping_; });
        if (stopping_) return;
        wanted_ = false;
        lock.unlock();
        int wal_frames = 0, copied = 0;
        int rc = sqlite3_wal_checkpoint_v2(db_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal_frames, &copied);
        if (rc == SQLITE_OK && copied > 0) copied_ = copied;
        // A busy checkpoint is retried on the next signal; anything else is worth a line.
        if (rc != SQLITE_OK && rc != SQLITE_BUSY)
            std::fprintf(stderr, "klantpeil-server: WAL checkpoint failed: %s\n", sqlite3_errmsg(db_->handle()));
        // Under a stream of commits the WAL outgrows the threshold again at once; each
        // checkpoint flushes the disk twice, so they keep a distance from each other.
        lock.lock();
        wake_.wait_for(lock, min_interval_, [&] { return stopping_; });
    }
}

} // namespace klantpeil::server
