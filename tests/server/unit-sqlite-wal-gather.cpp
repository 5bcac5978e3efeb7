// The writer's WAL-gathering VFS (server/sqlite_wal_gather.hpp): what it holds back must be in
// the WAL file before any other connection can see the commit, whatever the transaction's
// size, and a rolled-back transaction must leave nothing behind. The other connections use
// SQLite's default VFS, as the storage's readers and checkpointer do. SQLite-only.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "harness.hpp"
#include "server/sqlite_db.hpp"
#include "server/sqlite_wal_gather.hpp"

using namespace klantpeil::server;
using namespace klantpeil::server::test;

namespace {

constexpr std::uintmax_t kWalHeader = 32, kFrameHeader = 24, kPage = 4096;

// The WAL as a file holds it: whole frames after the header, and whether the last one closes
// a commit (its header's second word, the database size, is not 0).
struct WalOnDisk {
    std::uintmax_t frames = 0;
    bool whole = false;
    bool ends_in_commit = false;
};

WalOnDisk read_wal(const std::string& path) {
    WalOnDisk wal;
    std::uintmax_t size = std::filesystem::file_size(path);
    wal.whole = size >= kWalHeader && (size - kWalHeader) % (kFrameHeader + kPage) == 0;
    wal.frames = size < kWalHeader ? 0 : (size - kWalHeader) / (kFrameHeader + kPage);
    if (!wal.whole || wal.frames == 0) return wal;
    std::ifstream in(path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(kWalHeader + (wal.frames - 1) * (kFrameHeader + kPage) + 4));
    unsigned char size_after[4] = {};
    in.read(reinterpret_cast<char*>(size_after), sizeof size_after);
    wal.ends_in_commit = (size_after[0] | size_after[1] | size_after[2] | size_after[3]) != 0;
    return wal;
}

long long count_rows(SqliteDb& db) {
    SqliteStmt count(db, "SELECT count(*) FROM rows");
    count.step();
    return count.integer(0);
}

std::string integrity(SqliteDb& db) {
    SqliteStmt check(db, "PRAGMA integrity_check");
    check.step();
    return check.text(0);
}

// A writer as the storage opens it: the gathering VFS, synchronous=NORMAL, no automatic
// checkpoints (the storage's checkpointer does them).
std::unique_ptr<SqliteDb> gathering_writer(const std::string& path) {
    auto writer = std::make_unique<SqliteDb>(path, 5000, wal_gathering_vfs());
    writer->exec("PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0;"
                 " CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    return writer;
}

} // namespace

TEST_CASE("WAL gathering: each commit is in the WAL file, whole, when it returns", "[storage][sqlite]") {
    TempDir dir;
    std::string path = dir.file("gather.db");
    auto writer = gathering_writer(path);
    SqliteDb reader(path, 5000);
    SqliteStmt insert(*writer, "INSERT INTO rows (body) VALUES (?1)");

    long long rows = 0;
    for (int commit = 1; commit <= 60; ++commit) {
        // 1 to 12 rows of 1.5 KiB per commit: a transaction touches one page to a dozen.
        writer->exec("BEGIN IMMEDIATE");
        for (int i = 0; i < commit % 12 + 1; ++i, ++rows) {
            insert.reset();
            insert.bind(1, std::string(1500, static_cast<char>('a' + commit % 26)));
            insert.step();
        }
        writer->exec("COMMIT");
        WalOnDisk wal = read_wal(path + "-wal");
        INFO("commit " << commit << ", " << wal.frames << " frames in the WAL file");
        REQUIRE(wal.whole);
        REQUIRE(wal.ends_in_commit);
        REQUIRE(count_rows(reader) == rows);
    }
    CHECK(integrity(reader) == "ok");
}

TEST_CASE("WAL gathering: transactions larger than the gathering, spilled, rolled back", "[storage][sqlite]") {
    TempDir dir;
    std::string path = dir.file("gather.db");
    auto writer = gathering_writer(path);
    writer->exec("PRAGMA cache_size=16");  // a transaction's pages spill into the WAL as it goes
    SqliteDb reader(path, 5000);
    SqliteStmt insert(*writer, "INSERT INTO rows (body) VALUES (?1)");
    auto insert_mib = [&](int mib) {
        for (int i = 0; i < mib * 256; ++i) {
            insert.reset();
            insert.bind(1, std::string(4000, static_cast<char>('a' + i % 26)));
            insert.step();
        }
    };

    writer->exec("BEGIN IMMEDIATE");
    insert_mib(6);  // many times the 128 KiB the VFS gathers at most
    writer->exec("COMMIT");
    CHECK(count_rows(reader) == 6 * 256);

    writer->exec("BEGIN IMMEDIATE");
    insert_mib(2);
    writer->exec("ROLLBACK");
    CHECK(count_rows(reader) == 6 * 256);

    writer->exec("BEGIN IMMEDIATE");
    insert_mib(1);  // over the rolled-back frames, then past them
    writer->exec("COMMIT");
    CHECK(count_rows(reader) == 7 * 256);
    CHECK(integrity(reader) == "ok");

    reader.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    CHECK(count_rows(reader) == 7 * 256);
    CHECK(integrity(reader) == "ok");
}

TEST_CASE("WAL gathering: a reader in another thread never sees a commit before its frames", "[storage][sqlite]") {
    TempDir dir;
    std::string path = dir.file("gather.db");
    auto writer = gathering_writer(path);
    SqliteStmt insert(*writer, "INSERT INTO rows (body) VALUES (?1)");
    std::atomic<long long> committed{0};
    std::atomic<bool> done{false};

    std::vector<std::string> problems;
    std::thread reader_thread([&] {
        SqliteDb reader(path, 5000);
        long long last = 0;
        while (!done) {
            long long before = committed;  // every commit counted here is published already
            long long seen = 0;
            try {
                seen = count_rows(reader);
            } catch (const StorageError& e) {
                problems.push_back(e.what());
                return;
            }
            if (seen < before || seen < last) problems.push_back(std::to_string(seen) + " rows after " +
                                                                 std::to_string(before) + " commits");
            last = seen;
        }
        if (integrity(reader) != "ok") problems.push_back("integrity_check: " + integrity(reader));
    });
    for (int i = 0; i < 3000; ++i) {
        insert.reset();
        insert.bind(1, std::string(300 + i % 900, 'r'));
        insert.step();
        ++committed;
    }
    done = true;
    reader_thread.join();
    INFO((problems.empty() ? std::string() : problems.front()));
    CHECK(problems.empty());
    SqliteDb reader(path, 5000);
    CHECK(count_rows(reader) == 3000);
}
