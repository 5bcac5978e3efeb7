// SqliteWalSync: the flush that makes the group-commit writer's commits durable.
#include <fstream>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "harness.hpp"
#include "server/sqlite_wal_sync.hpp"
#include "server/storage.hpp"

using namespace klantpeil::server;
using namespace klantpeil::server::test;

namespace {

std::string touch(const TempDir& dir, const std::string& name) {
    std::ofstream(dir.file(name)) << "frames";
    return dir.file(name);
}

} // namespace

TEST_CASE("wal sync: one flush answers every commit that came before it", "[storage]") {
    TempDir dir;
    SqliteWalSync sync(touch(dir, "db-wal"));
    auto first = sync.committed();
    sync.committed();
    auto third = sync.committed();
    CHECK(third == first + 2);
    sync.wait_durable(third);
    CHECK(sync.flushes() == 1);
    sync.wait_durable(first);  // durable already: no second flush
    CHECK(sync.flushes() == 1);
    sync.wait_durable(sync.committed());
    CHECK(sync.flushes() == 2);
}

TEST_CASE("wal sync: concurrent committers all return, sharing flushes", "[storage]") {
    TempDir dir;
    SqliteWalSync sync(touch(dir, "db-wal"));
    std::vector<std::thread> writers;
    for (int t = 0; t < 8; ++t)
        writers.emplace_back([&] {
            for (int i = 0; i < 50; ++i) sync.wait_durable(sync.committed());
        });
    for (auto& w : writers) w.join();
    CHECK(sync.flushes() >= 1);
    CHECK(sync.flushes() <= 400);
}

TEST_CASE("wal sync: a failed flush fails every later wait too", "[storage]") {
    TempDir dir;
    SqliteWalSync sync(dir.file("missing-wal"));
    CHECK_THROWS_WITH(sync.wait_durable(sync.committed()), Catch::Contains("missing-wal"));
    touch(dir, "missing-wal");  // the file appearing later does not make the lost commit durable
    CHECK_THROWS_AS(sync.wait_durable(sync.committed()), StorageError);
}
