// WAL checkpoints for the SQLite storage, off the writer's path. SQLite's automatic
// checkpoint runs inside the COMMIT that crosses its threshold, so every thousandth batch
// would wait for the database file to be written and synced: the long tail of the latency.
// Here the write connection has automatic checkpoints off and reports the WAL's size after
// each commit; past `threshold_pages` this thread runs a PASSIVE checkpoint on a connection
// of its own, which never blocks the writer, at most one per `min_interval` (each flushes
// the disk twice). It also runs one every few seconds, so the WAL is folded back when
// traffic is low.
//
// SQLite starts the WAL over from its beginning only when a write begins with every frame
// already in the database. Under a steady stream of commits a checkpoint from another
// connection never gets there: the writer has always appended a few frames meanwhile. The
// WAL then grows for as long as the stream lasts, and every commit appends to the file, which
// makes its flush also write the file's new size (ext4 here: twice the time of a flush of
// overwritten blocks). So after each checkpoint the writer, right after its next commit,
// copies those few frames itself (a PASSIVE checkpoint on its own connection, at most
// kMaxFinishFrames): its next commit then starts the WAL over and overwrites the file in place.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "server/sqlite_db.hpp"

namespace klantpeil::server {

class SqliteCheckpointer {
public:
    SqliteCheckpointer(std::unique_ptr<SqliteDb> db, int threshold_pages, std::chrono::milliseconds min_interval);
    ~SqliteCheckpointer();  // stops the thread after the running checkpoint
    SqliteCheckpointer(const SqliteCheckpointer&) = delete;
    SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;

    // Makes `writer` report its WAL size here after each commit (sqlite3_wal_hook), there to
    // finish the last checkpoint, and turns its automatic checkpoints off. `writer` must
    // outlive this object.
    void watch(SqliteDb& writer);

private:
    void wal_grew(sqlite3* writer, int pages);
    void run();

    std::unique_ptr<SqliteDb> db_;
    int threshold_pages_;
    std::chrono::milliseconds min_interval_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool wanted_ = false;
    std::atomic<int> copied_{-1};  // frames the last checkpoint copied; -1 once the writer saw it
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace klantpeil::server
