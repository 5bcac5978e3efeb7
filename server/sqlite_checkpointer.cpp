#include "server/sqlite_checkpointer.hpp"

#include <chrono>
#include <cstdio>

#include <sqlite3.h>

namespace klantpeil::server {

namespace {

constexpr std::chrono::milliseconds kMinInterval{250};

} // namespace

SqliteCheckpointer::SqliteCheckpointer(std::unique_ptr<SqliteDb> db, int threshold_pages)
    : db_(std::move(db)), threshold_pages_(threshold_pages), thread_([this] { run(); }) {}

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
    auto hook = [](void* self, sqlite3*, const char*, int pages) {
        static_cast<SqliteCheckpointer*>(self)->wal_grew(pages);
        return SQLITE_OK;
    };
    sqlite3_wal_hook(writer.handle(), hook, this);
}

void SqliteCheckpointer::wal_grew(int pages) {
    if (pages < threshold_pages_) return;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        wanted_ = true;
    }
    wake_.notify_one();
}

void SqliteCheckpointer::run() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, std::chrono::seconds(5), [&] { return wanted_ || stopping_; });
        if (stopping_) return;
        wanted_ = false;
        lock.unlock();
        int rc = sqlite3_wal_checkpoint_v2(db_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        // A busy checkpoint is retried on the next signal; anything else is worth a line.
        if (rc != SQLITE_OK && rc != SQLITE_BUSY)
            std::fprintf(stderr, "klantpeil-server: WAL checkpoint failed: %s\n", sqlite3_errmsg(db_->handle()));
        // Under a stream of commits the WAL outgrows the threshold again at once; each
        // checkpoint flushes the disk twice, so they keep a distance from each other.
        lock.lock();
        wake_.wait_for(lock, kMinInterval, [&] { return stopping_; });
    }
}

} // namespace klantpeil::server
