// Durability for the group-commit writer, with the disk flush outside SQLite's write lock.
// The writer's connection commits with synchronous=NORMAL (its commit frames reach the WAL
// file, not yet the disk); its callers then wait here until an fdatasync of the WAL file that
// began after their commit has returned, and only then are they answered.
//
// Why not synchronous=FULL: there the flush happens inside COMMIT, while the writer holds the
// database's write lock, so the next batch cannot even start its inserts until the disk has
// answered, and the CPU idles for the flush of every batch. Here batch N+1 runs its inserts
// and commits while batch N's flush is in flight, and one flush answers every commit that
// finished before it began (the flush itself is group-committed, as PostgreSQL's WAL flush is).
//
// Why this is as safe as FULL: SQLite's recovery replays the WAL's frames in order and stops
// at the first one whose checksum chain breaks; a flush that began after commit N's frames
// were written puts all of them, and every frame before them, on disk. Checkpoints sync the
// WAL themselves before copying it back (synchronous=NORMAL does that much).
#pragma once
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>

namespace klantpeil::server {

class SqliteWalSync {
public:
    explicit SqliteWalSync(std::string wal_path);
    ~SqliteWalSync();
    SqliteWalSync(const SqliteWalSync&) = delete;
    SqliteWalSync& operator=(const SqliteWalSync&) = delete;

    // Called by the writer right after each COMMIT, before the next one: the commit's ticket.
    std::uint64_t committed();
    // Returns once the commit with `ticket` is on disk. Throws StorageError when a flush
    // failed: after a failed fdatasync the kernel may have dropped the dirty pages, so every
    // later flush fails too rather than pretend (the operator restarts; SQLite recovers).
    void wait_durable(std::uint64_t ticket);
    // Flushes done so far: fewer than tickets when commits share them.
    std::uint64_t flushes();

private:
    void flush();  // one fdatasync of the WAL file; throws StorageError

    std::string path_;
    int fd_ = -1;
    std::mutex mutex_;
    std::condition_variable flushed_;
    // Guarded by mutex_:
    std::uint64_t committed_ = 0;  // tickets handed out
    std::uint64_t durable_ = 0;    // every ticket up to this one is on disk
    std::uint64_t flushes_ = 0;
    bool flushing_ = false;
    std::string failure_;          // set by the first failed flush
};

} // namespace klantpeil::server
