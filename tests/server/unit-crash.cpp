// Crash test: the real klantpeil-server binary, killed with SIGKILL again and again while
// clients stream POSTs at it. Afterwards every id that got a 2xx must be stored, whole, and
// nothing may be stored that was never sent. An id whose request got no answer (in flight at
// the kill) may be stored or not, but sending it again must give 201 or 200, never 409.
// Rounds: KLANTPEIL_CRASH_ROUNDS (default 50); tests/server/crash-loop runs many more.
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/response.hpp"
#include "harness.hpp"
#include "server/crypto.hpp"

using namespace klantpeil;
using namespace klantpeil::server;
using namespace klantpeil::server::test;
using nlohmann::json;

namespace {

// klantpeil-server serve as a child process; the port comes from its "listening on" line.
class ServerProcess {
public:
    ServerProcess(const std::string& db_url, const std::string& data_dir) {
        int out[2];
        REQUIRE(pipe(out) == 0);
        pid_ = fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            dup2(out[1], STDOUT_FILENO);
            int null = open("/dev/null", O_WRONLY);
            dup2(null, STDERR_FILENO);
            close(out[0]);
            std::string assets = assets_dir();
            execl(KLANTPEIL_SERVER_BIN, KLANTPEIL_SERVER_BIN, "serve", "--listen", "127.0.0.1:0", "--db",
                  db_url.c_str(), "--data-dir", data_dir.c_str(), "--assets", assets.c_str(), "--no-rate-limit",
                  static_cast<char*>(nullptr));
            _exit(127);
        }
        close(out[1]);
        port_ = read_port(out[0]);
        close(out[0]);
    }
    ~ServerProcess() { kill9(); }

    int port() const { return port_; }
    void kill9() {
        if (pid_ <= 0) return;
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        pid_ = 0;
    }

private:
    static int read_port(int fd) {
        std::string text;
        const std::string marker = "listening on http://127.0.0.1:";
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (text.find('\n', text.find(marker)) == std::string::npos) {
            pollfd p{fd, POLLIN, 0};
            if (std::chrono::steady_clock::now() > deadline || poll(&p, 1, 100) < 0) return 0;
            char buffer[256];
            ssize_t n = p.revents ? read(fd, buffer, sizeof buffer) : 0;
            if (p.revents && n <= 0) return 0;  // the server exited before listening
            text.append(buffer, static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
        }
        return std::atoi(text.c_str() + text.find(marker) + marker.size());
    }

    pid_t pid_ = 0;
    int port_ = 0;
};

// What the clients learnt, over all rounds.
struct Ledger {
    std::mutex mutex;
    std::set<std::string> sent, acknowledged, unanswered;
    std::atomic<int> wrong_status{0};
};

// Streams POSTs until `stop`: each id is recorded as sent before it goes out.
void stream(int port, Ledger& ledger, const std::atomic<bool>& stop) {
    httplib::Client client("127.0.0.1", port);
    client.set_keep_alive(true);
    client.set_connection_timeout(1);
    client.set_read_timeout(5);
    while (!stop) {
        std::string id = new_uuid();
        {
            std::lock_guard<std::mutex> lock(ledger.mutex);
            ledger.sent.insert(id);
        }
        auto r = client.Post("/api/v1/responses", balie_record(id).dump(), "application/json");
        std::lock_guard<std::mutex> lock(ledger.mutex);
        if (!r) {
            ledger.unanswered.insert(id);
            return;  // the server is gone
        }
        if (r->status == 201 || r->status == 200) ledger.acknowledged.insert(id);
        else ledger.wrong_status++;
    }
}

// Sends the ids that had no answer again: each must now be 201 (it was lost) or 200 (it was
// stored just before the kill), never 409 (a half-stored record).
void resend_unanswered(int port, Ledger& ledger) {
    std::set<std::string> ids;
    {
        std::lock_guard<std::mutex> lock(ledger.mutex);
        ids.swap(ledger.unanswered);
    }
    httplib::Client client("127.0.0.1", port);
    for (const std::string& id : ids) {
        auto r = client.Post("/api/v1/responses", balie_record(id).dump(), "application/json");
        REQUIRE(r);
        CHECK((r->status == 201 || r->status == 200));
        std::lock_guard<std::mutex> lock(ledger.mutex);
        ledger.acknowledged.insert(id);
    }
}

int rounds() {
    const char* env = std::getenv("KLANTPEIL_CRASH_ROUNDS");
    return env && std::atoi(env) > 0 ? std::atoi(env) : 50;
}

} // namespace

TEST_CASE("crash: kill -9 under a stream of POSTs loses no acknowledged response", "[crash][slow]") {
    TestDatabase db;
    TempDir data;
    {
        auto storage = db.open();
        register_test_municipalities(*storage);
    }
    Ledger ledger;
    std::mt19937 random{std::random_device{}()};
    const int total = rounds();
    for (int round = 0; round < total; ++round) {
        ServerProcess server(db.url(), data.path());
        REQUIRE(server.port() > 0);
        resend_unanswered(server.port(), ledger);
        std::atomic<bool> stop{false};
        std::vector<std::thread> clients;
        for (int i = 0; i < 4; ++i) clients.emplace_back(stream, server.port(), std::ref(ledger), std::cref(stop));
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(10, 120)(random)));
        server.kill9();
        stop = true;
        for (auto& t : clients) t.join();
    }

    auto storage = db.open();  // the last kill left the database as a crash leaves it
    std::set<std::string> stored;
    std::size_t incomplete = 0;
    storage->list_responses({}, [&](const ResponseRow& row) {
        stored.insert(row.id);
        auto j = json::parse(row.body, nullptr, false);
        bool whole = !j.is_discarded() && sha256_hex(row.body) == row.content_hash &&
                     validate_record(j, assets_catalog().set) && j["id"] == row.id;
        if (!whole) ++incomplete;
    });
    std::size_t missing = 0, never_sent = 0;
    for (const std::string& id : ledger.acknowledged) missing += stored.count(id) == 0;
    for (const std::string& id : stored) never_sent += ledger.sent.count(id) == 0;
    INFO(total << " rounds, " << ledger.sent.size() << " sent, " << ledger.acknowledged.size() << " acknowledged, "
               << stored.size() << " stored");
    CHECK(ledger.acknowledged.size() > 0);
    CHECK(missing == 0);
    CHECK(incomplete == 0);
    CHECK(never_sent == 0);
    CHECK(ledger.wrong_status == 0);
}
