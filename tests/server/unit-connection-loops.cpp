// Connections between requests (server/http_loop.hpp): a loop's thread serves a submission
// only when it arrived whole; anything else goes with its connection to a worker and comes
// back to a loop afterwards. Whatever way a request takes, it is answered, in order, and the
// connection ends when its client goes, when it stays quiet past the keep-alive timeout, and
// when the server stops.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>

#include <sys/socket.h>
#include <unistd.h>

#include "harness.hpp"
#include "server/http_listener.hpp"

using namespace klantpeil::server;
using namespace klantpeil::server::test;

namespace {

const std::string kPath = "/api/v1/responses";

std::string request(const std::string& head, const std::string& body) {
    return head + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

bool sends(int fd, const std::string& bytes) {
    return send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// The next whole answer on `fd` (headers and its Content-Length body).
std::string next_answer(int fd) { return read_until(fd, answer_complete); }

// True when the server closed `fd` (the client reads the end) within the socket's timeout.
bool closed_by_server(int fd) {
    char c;
    return recv(fd, &c, 1, 0) == 0;
}

} // namespace

TEST_CASE("connection loops: what counts as a whole submission", "[http][loop]") {
    const std::string head = "POST /api/v1/responses HTTP/1.1\r\nHost: x\r\n";
    CHECK(whole_post(request(head, "{}"), kPath));
    CHECK(whole_post(request("POST /api/v1/responses?x=1 HTTP/1.1\r\n", "{}"), kPath));
    CHECK(whole_post(head + "content-length: 2\r\n\r\n{}", kPath));
    CHECK(whole_post(head + "CONTENT-LENGTH:  2 \r\n\r\n{}", kPath));
    CHECK(whole_post(request(head, "{}") + "POST /next", kPath));  // the next request may follow

    CHECK_FALSE(whole_post(request(head, "{}").substr(0, request(head, "{}").size() - 1), kPath));  // body short
    CHECK_FALSE(whole_post(head + "Content-Length: 2\r\n", kPath));                                 // headers unfinished
    CHECK_FALSE(whole_post(head + "\r\n", kPath));                                                  // no length
    CHECK_FALSE(whole_post(request(head + "Content-Length: 2\r\n", "{}"), kPath));                   // two lengths
    CHECK_FALSE(whole_post(head + "Content-Length: 2x\r\n\r\n{}", kPath));
    CHECK_FALSE(whole_post(head + "Content-Length: -2\r\n\r\n{}", kPath));
    CHECK_FALSE(whole_post(request(head + "Transfer-Encoding: chunked\r\n", "{}"), kPath));
    CHECK_FALSE(whole_post(request(head + "Expect: 100-continue\r\n", "{}"), kPath));
    CHECK_FALSE(whole_post(request(head + "no colon\r\n", "{}"), kPath));
    CHECK_FALSE(whole_post(request("POST /api/v1/responsesX HTTP/1.1\r\n", "{}"), kPath));
    CHECK_FALSE(whole_post(request("GET /api/v1/responses HTTP/1.1\r\n", ""), kPath));
    CHECK_FALSE(whole_post(request("POST /api/v1/municipalities HTTP/1.1\r\n", "{}"), kPath));
    CHECK_FALSE(whole_post("POS", kPath));
    CHECK_FALSE(whole_post(request(head, "{}"), ""));  // no path is served in a loop
}

TEST_CASE("connection loops: a submission whose body comes later is stored", "[http][loop]") {
    TestServer server;
    std::string whole = post_request(balie_record().dump());
    std::size_t split = whole.find("\r\n\r\n") + 4;
    int fd = server.connect_raw();
    REQUIRE(fd >= 0);
    REQUIRE(sends(fd, whole.substr(0, split)));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the loop sees the headers alone
    REQUIRE(sends(fd, whole.substr(split)));
    CHECK(next_answer(fd).rfind("HTTP/1.1 201 ", 0) == 0);
    close(fd);
    CHECK(server.storage().count_responses({}) == 1);
}

TEST_CASE("connection loops: submissions sent at once are all answered, in order", "[http][loop]") {
    TestServer server;
    std::vector<std::string> ids;
    std::string requests;
    for (int i = 0; i < 5; ++i) {
        auto record = balie_record();
        ids.push_back(record["id"]);
        requests += post_request(record.dump());
    }
    int fd = server.connect_raw();
    REQUIRE(fd >= 0);
    REQUIRE(sends(fd, requests));
    std::string got = read_until(fd, [](const std::string& t) { return count(t, "HTTP/1.1 201 ") == 5 && t.back() == '}'; });
    close(fd);
    REQUIRE(count(got, "HTTP/1.1 201 ") == 5);
    std::size_t at = 0;
    for (const auto& id : ids) {
        at = got.find(id, at);
        CHECK(at != std::string::npos);
    }
    CHECK(server.storage().count_responses({}) == 5);
}

TEST_CASE("connection loops: one connection takes turns between loop and worker", "[http][loop]") {
    TestServer server;
    int fd = server.connect_raw();
    REQUIRE(fd >= 0);
    const std::string health = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    for (int round = 0; round < 3; ++round) {
        REQUIRE(sends(fd, health));
        CHECK(next_answer(fd).rfind("HTTP/1.1 200 ", 0) == 0);
        REQUIRE(sends(fd, post_request(balie_record().dump())));
        CHECK(next_answer(fd).rfind("HTTP/1.1 201 ", 0) == 0);
        REQUIRE(sends(fd, post_request("{\"id\":")));  // a bad record: answered at once, not held
        CHECK(next_answer(fd).rfind("HTTP/1.1 400 ", 0) == 0);
    }
    close(fd);
    CHECK(server.storage().count_responses({}) == 3);
}

TEST_CASE("connection loops: a client gone right after its submission costs nothing else", "[http][loop]") {
    TestServer server;
    auto record = balie_record();
    int fd = server.connect_raw();
    REQUIRE(fd >= 0);
    REQUIRE(sends(fd, post_request(record.dump())));
    close(fd);
    // Later clients are served, and the record was stored all the same.
    auto next = server.post(balie_record().dump());
    REQUIRE(next);
    CHECK(next->status == 201);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (server.storage().count_responses({}) < 2 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(server.storage().count_responses({}) == 2);
}

TEST_CASE("connection loops: a quiet connection is closed after the keep-alive timeout", "[http][loop]") {
    TestServer server;
    int fd = server.connect_raw(10);
    REQUIRE(fd >= 0);
    REQUIRE(sends(fd, post_request(balie_record().dump())));
    CHECK(next_answer(fd).rfind("HTTP/1.1 201 ", 0) == 0);
    auto quiet_from = std::chrono::steady_clock::now();
    CHECK(closed_by_server(fd));  // 5 s of silence, then the end; the socket waits up to 10 s
    CHECK(std::chrono::steady_clock::now() - quiet_from >= std::chrono::seconds(4));
    close(fd);
}

TEST_CASE("connection loops: stopping the server closes the waiting connections", "[http][loop]") {
    std::vector<int> fds;
    {
        TestServer server;
        for (int i = 0; i < 6; ++i) {
            int fd = server.connect_raw();
            REQUIRE(fd >= 0);
            fds.push_back(fd);
            if (i % 2) continue;  // half of them never sent anything
            REQUIRE(sends(fd, post_request(balie_record().dump())));
            CHECK(next_answer(fd).rfind("HTTP/1.1 201 ", 0) == 0);
        }
    }
    for (int fd : fds) {
        CHECK(closed_by_server(fd));
        close(fd);
    }
}
