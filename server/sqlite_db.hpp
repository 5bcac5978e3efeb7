// A thin RAII layer over the SQLite C API for the SQLite storage: a connection with the
// pragmas Klantpeil relies on, prepared statements, and transactions that roll back when
// an exception leaves them. Every failure throws StorageError naming the statement.
#pragma once
#include <string>
#include <string_view>

#include "server/storage.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace klantpeil::server {

class SqliteDb {
public:
    // Opens (creating) `path` in WAL mode with synchronous=FULL: a commit returns once it is
    // on disk. `busy_timeout_ms` is how long a write waits for another writer's lock; `vfs`
    // names a SQLite VFS other than the default (server/sqlite_wal_gather.hpp).
    SqliteDb(const std::string& path, int busy_timeout_ms, const char* vfs = nullptr);
    ~SqliteDb();
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    void exec(const char* sql);  // one or more statements, no results
    sqlite3* handle() { return db_; }
    int changes() const;
    [[noreturn]] void fail(std::string_view what) const;

private:
    sqlite3* db_ = nullptr;
};

class SqliteStmt {
public:
    SqliteStmt(SqliteDb& db, const char* sql);
    ~SqliteStmt();
    SqliteStmt(const SqliteStmt&) = delete;
    SqliteStmt& operator=(const SqliteStmt&) = delete;

    // Parameters are 1-based, as in SQL's ?1, ?2 ...; text is copied.
    SqliteStmt& bind(int i, std::string_view text);
    SqliteStmt& bind(int i, long long value);
    bool step();     // true: a row is ready; false: done
    void reset();    // ready to bind and step again
    void execute();  // a statement without rows (BEGIN, COMMIT): runs it whole, ready again
    std::string text(int column) const;
    long long integer(int column) const;

private:
    SqliteDb& db_;
    sqlite3_stmt* stmt_ = nullptr;
    const char* sql_;
};

// BEGIN IMMEDIATE on construction (the write lock at once, so two writers never deadlock
// upgrading a read lock); ROLLBACK on destruction unless commit() ran.
class SqliteTransaction {
public:
    explicit SqliteTransaction(SqliteDb& db);
    ~SqliteTransaction();
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;
    void commit();

private:
    SqliteDb& db_;
    bool open_ = true;
};

} // namespace klantpeil::server
