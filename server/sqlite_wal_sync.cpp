#include "server/sqlite_wal_sync.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/storage.hpp"

namespace klantpeil::server {

SqliteWalSync::SqliteWalSync(std::string wal_path) : path_(std::move(wal_path)) {}

SqliteWalSync::~SqliteWalSync() {
    if (fd_ >= 0) ::close(fd_);
}

std::uint64_t SqliteWalSync::committed() {
    std::lock_guard<std::mutex> lock(mutex_);
    return ++committed_;
}

void SqliteWalSync::wait_durable(std::uint64_t ticket) {
    std::unique_lock<std::mutex> lock(mutex_);
    while (durable_ < ticket && failure_.empty()) {
        if (flushing_) {
            flushed_.wait(lock);
            continue;
        }
        flushing_ = true;
        std::uint64_t target = committed_;  // every commit so far has written its frames
        lock.unlock();
        std::string error;
        try {
            flush();
        } catch (const StorageError& e) {
            error = e.what();
        }
        lock.lock();
        flushing_ = false;
        ++flushes_;
        if (error.empty()) durable_ = std::max(durable_, target);
        else failure_ = error;
        flushed_.notify_all();
    }
    if (durable_ < ticket) throw StorageError(failure_);
}

std::uint64_t SqliteWalSync::flushes() {
    std::lock_guard<std::mutex> lock(mutex_);
    return flushes_;
}

// The WAL is opened by path once and checked by inode on every flush: SQLite only removes
// it when the last connection closes, but a flush of a file no longer in use would make
// nothing durable without saying so.
void SqliteWalSync::flush() {
    struct stat by_path{}, by_fd{};
    if (::stat(path_.c_str(), &by_path) != 0)
        throw StorageError("cannot find the WAL " + path_ + ": " + std::strerror(errno));
    if (fd_ >= 0 && (::fstat(fd_, &by_fd) != 0 || by_fd.st_ino != by_path.st_ino || by_fd.st_dev != by_path.st_dev)) {
        ::close(fd_);
        fd_ = -1;
    }
    if (fd_ < 0 && (fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC)) < 0)
        throw StorageError("cannot open the WAL " + path_ + ": " + std::strerror(errno));
    if (::fdatasync(fd_) != 0)
        throw StorageError("flushing the WAL " + path_ + " failed: " + std::strerror(errno));
}

} // namespace klantpeil::server
