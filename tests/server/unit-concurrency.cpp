// Many clients at once: one id sent by many gives one row; many writers never see a 5xx.
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace klantpeil::server;
using namespace klantpeil::server::test;

namespace {

// Runs `body` on `n` threads released together, and joins them.
template <class Body>
void all_at_once(int n, Body body) {
    std::mutex mutex;
    std::condition_variable go;
    bool started = false;
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i)
        threads.emplace_back([&] {
            {
                std::unique_lock<std::mutex> lock(mutex);
                go.wait(lock, [&] { return started; });
            }
            body();
        });
    {
        std::lock_guard<std::mutex> lock(mutex);
        started = true;
    }
    go.notify_all();
    for (auto& t : threads) t.join();
}

} // namespace

TEST_CASE("concurrency: one id posted by 16 clients at once is stored once", "[http][concurrency]") {
    TestServer server;
    std::string body = balie_record().dump();
    std::mutex mutex;
    std::map<int, int> statuses;
    all_at_once(16, [&] {
        auto r = server.post(body);
        std::lock_guard<std::mutex> lock(mutex);
        statuses[r ? r->status : 0]++;
    });
    CHECK(statuses[201] == 1);
    CHECK(statuses[200] == 15);
    CHECK(server.storage().count_responses({}) == 1);
}

TEST_CASE("concurrency: 16 writers x 50 records, all stored, no 5xx", "[http][concurrency]") {
    TestServer server;
    std::atomic<int> created{0}, other{0};
    all_at_once(16, [&] {
        auto client = server.client();
        client.set_keep_alive(true);
        for (int i = 0; i < 50; ++i) {
            auto r = client.Post("/api/v1/responses", balie_record().dump(), "application/json");
            (r && r->status == 201 ? created : other)++;
        }
    });
    CHECK(other == 0);
    CHECK(created == 800);
    CHECK(server.storage().count_responses({}) == 800);
}

// Regression: cpp-httplib listens with a backlog of 5, and connections beyond it failed with
// a read error after about a second. The server raises the backlog after binding.
TEST_CASE("concurrency: 64 new connections at the same moment all get an answer", "[http][concurrency][regression]") {
    TestServer server;
    std::atomic<int> answered{0};
    all_at_once(64, [&] {
        auto r = server.client().Get("/healthz");
        if (r && r->status == 200) answered++;
    });
    CHECK(answered == 64);
}
