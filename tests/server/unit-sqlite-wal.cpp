// The SQLite storage's WAL under a steady stream of commits (SqliteCheckpointer): the file
// must start over from its beginning again and again, not grow for as long as the stream
// lasts. SQLite-only: it runs the same whichever database the other tests use.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "harness.hpp"
#include "server/sqlite_checkpointer.hpp"
#include "server/sqlite_db.hpp"

using namespace klantpeil::server;
using namespace klantpeil::server::test;

namespace {

// The WAL header's checkpoint sequence number: SQLite adds one each time it starts the WAL
// over (https://www.sqlite.org/fileformat2.html#walformat, bytes 12-15, big-endian).
std::uint32_t wal_restarts(const std::string& wal_path) {
    std::ifstream in(wal_path, std::ios::binary);
    unsigned char header[16] = {};
    if (!in.read(reinterpret_cast<char*>(header), sizeof header)) return 0;
    return std::uint32_t(header[12]) << 24 | std::uint32_t(header[13]) << 16 | std::uint32_t(header[14]) << 8 |
           header[15];
}

} // namespace

TEST_CASE("sqlite WAL: a steady stream of commits starts the WAL over and keeps it small", "[storage][sqlite]") {
    TempDir dir;
    std::string path = dir.file("wal.db");
    std::string wal = path + "-wal";
    auto writer = std::make_unique<SqliteDb>(path, 5000);
    writer->exec("CREATE TABLE rows (body TEXT NOT NULL)");
    // The storage's checkpointer, at a pace that fits a short test: from 64 pages, every 10 ms.
    SqliteCheckpointer checkpointer(std::make_unique<SqliteDb>(path, 5000), 64, std::chrono::milliseconds(10));
    checkpointer.watch(*writer);
    SqliteStmt insert(*writer, "INSERT INTO rows (body) VALUES (?1)");
    std::string body(1000, 'x');

    // Commit after commit with no pause for a second, until SQLite started the WAL over 10
    // times, at most 10 s; a WAL that reached 64 MiB ends it too.
    auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::steady_clock::now() - start; };
    std::size_t commits = 0;
    while ((elapsed() < std::chrono::seconds(1) || wal_restarts(wal) < 10) && elapsed() < std::chrono::seconds(10) &&
           std::filesystem::file_size(wal) < (64u << 20)) {
        insert.reset();
        insert.bind(1, body);
        insert.step();
        ++commits;
    }
    INFO(commits << " commits");
    CHECK(wal_restarts(wal) >= 10);
    // Each commit wrote at least one 4 KiB page: a WAL that never started over is that long.
    CHECK(std::filesystem::file_size(wal) < commits * 4096 / 4);
}
