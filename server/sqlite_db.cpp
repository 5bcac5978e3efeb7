#include "server/sqlite_db.hpp"

#include <sqlite3.h>

namespace klantpeil::server {

// [SECTION] Connection

SqliteDb::SqliteDb(const std::string& path, int busy_timeout_ms, const char* vfs) {
    // NOMUTEX: each connection is used by one thread at a time (the writer thread or a
    // pooled reader), so SQLite's own locking would only cost time.
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, vfs) != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw StorageError("cannot open SQLite database " + path + ": " + message);
    }
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
}

SqliteDb::~SqliteDb() { sqlite3_close(db_); }

void SqliteDb::exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = error ? error : sqlite3_errmsg(db_);
        sqlite3_free(error);
        throw StorageError("SQLite: " + message + " in: " + std::string(sql).substr(0, 80));
    }
}

int SqliteDb::changes() const { return sqlite3_changes(db_); }

void SqliteDb::fail(std::string_view what) const {
    throw StorageError("SQLite: " + std::string(sqlite3_errmsg(db_)) + " in: " + std::string(what.substr(0, 80)));
}

// [SECTION] Statements

SqliteStmt::SqliteStmt(SqliteDb& db, const char* sql) : db_(db), sql_(sql) {
    if (sqlite3_prepare_v2(db.handle(), sql, -1, &stmt_, nullptr) != SQLITE_OK) db.fail(sql);
}

SqliteStmt::~SqliteStmt() { sqlite3_finalize(stmt_); }

SqliteStmt& SqliteStmt::bind(int i, std::string_view text) {
    if (sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        db_.fail(sql_);
    return *this;
}

SqliteStmt& SqliteStmt::bind(int i, long long value) {
    if (sqlite3_bind_int64(stmt_, i, value) != SQLITE_OK) db_.fail(sql_);
    return *this;
}

bool SqliteStmt::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    db_.fail(sql_);
}

void SqliteStmt::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

void SqliteStmt::execute() {
    reset();  // after a failed run too
    step();
    reset();
}

std::string SqliteStmt::text(int column) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

long long SqliteStmt::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

// [SECTION] Transactions

SqliteTransaction::SqliteTransaction(SqliteDb& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

SqliteTransaction::~SqliteTransaction() {
    if (!open_) return;
    // A failed ROLLBACK leaves nothing to do: SQLite rolls back itself when the
    // connection closes, and the caller already has the original error.
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void SqliteTransaction::commit() {
    db_.exec("COMMIT");
    open_ = false;
}

} // namespace klantpeil::server
