// WAL checkpoints for the SQLite storage, off the writer's path. SQLite's automatic
// checkpoint runs inside the COMMIT that crosses its threshold, so every thousandth batch
// would wait for the database file to be written and synced: the long tail of the latency.
// Here the write connection has automatic checkpoints off and reports the WAL's size after
// each commit; past `threshold_pages` this thread runs a PASSIVE checkpoint on a connection
// of its own, which never blocks the writer, at most one per 250 ms (each flushes the disk
// twice). It also runs one every few seconds, so the WAL is folded back when traffic is low.
#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "server/sqlite_db.hpp"

namespace klantpeil::server {

class SqliteCheckpointer {
public:
    SqliteCheckpointer(std::unique_ptr<SqliteDb> db, int threshold_pages);
    ~SqliteCheckpointer();  // stops the thread after the running checkpoint
    SqliteCheckpointer(const SqliteCheckpointer&) = delete;
    SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;

    // Makes `writer` report its WAL size here after each commit (sqlite3_wal_hook) and turns
    // its automatic checkpoints off. `writer` must outlive this object.
    void watch(SqliteDb& writer);

private:
    void wal_grew(int pages);
    void run();

    std::unique_ptr<SqliteDb> db_;
    int threshold_pages_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool wanted_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace klantpeil::server
