// The bare baseline of the server benchmark: the least a POST endpoint can do with the same
// libraries. cpp-httplib with the same thread pool and TCP_NODELAY, one SQLite connection in
// WAL mode with synchronous=NORMAL (a commit does not wait for the disk), and each request's
// body inserted as it came: no validation, no idempotency, no durability.
//   klantpeil-bench-baseline PORT DBFILE [full]
// With `full`, synchronous=FULL: every request waits for its own flush (durable, but without
// Klantpeil's group commit), to show what grouping the flushes is worth.
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

#include <httplib.h>
#include <sqlite3.h>

int main(int argc, char** argv) {
    bool full = argc == 4 && std::string(argv[3]) == "full";
    if (argc != 3 && !full) {
        std::fprintf(stderr, "usage: klantpeil-bench-baseline PORT DBFILE [full]\n");
        return 2;
    }
    sqlite3* db = nullptr;
    if (sqlite3_open(argv[2], &db) != SQLITE_OK) return 1;
    sqlite3_exec(db, full ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;" : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                 nullptr, nullptr, nullptr);
    sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS bodies (body TEXT NOT NULL)", nullptr, nullptr, nullptr);
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO bodies (body) VALUES (?1)", -1, &insert, nullptr);
    std::mutex db_mutex;

    httplib::Server http;
    http.new_task_queue = [] { return new httplib::ThreadPool(64); };
    http.set_tcp_nodelay(true);
    http.set_keep_alive_max_count(10000);
    http.Post("/api/v1/responses", [&](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard<std::mutex> lock(db_mutex);
        sqlite3_reset(insert);
        sqlite3_bind_text(insert, 1, req.body.data(), static_cast<int>(req.body.size()), SQLITE_TRANSIENT);
        bool ok = sqlite3_step(insert) == SQLITE_DONE;
        res.status = ok ? 201 : 500;
        res.set_content(ok ? "{\"status\":\"stored\"}" : "{\"error\":\"insert failed\"}", "application/json");
    });
    std::printf("baseline listening on http://127.0.0.1:%s\n", argv[1]);
    std::fflush(stdout);
    return http.listen("127.0.0.1", std::atoi(argv[1])) ? 0 : 1;
}
