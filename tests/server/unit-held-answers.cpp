// Held answers (server/http_connection.hpp): the answer to a stored response goes out from the
// thread that ends its commit, once the record is on disk; nothing else on the connection may
// overtake it, and the connection does not close before it is out.
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <string>

#include <sys/socket.h>
#include <unistd.h>

#include "harness.hpp"
#include "server/http_connection.hpp"

using namespace klantpeil::server;
using namespace klantpeil::server::test;

namespace {

// One end of a socket pair as the server's stream, with an answer written and held for `commit`.
struct HeldOnPair {
    int fds[2] = {-1, -1};
    std::unique_ptr<BoundedSocketStream> stream;
    std::shared_ptr<PendingCommit> commit = std::make_shared<PendingCommit>();
    const std::string answer = "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}";

    HeldOnPair() {
        REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
        timeval timeout{3, 0};
        setsockopt(fds[1], SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        using std::chrono::milliseconds;
        BoundedSocketStream::Limits limits{milliseconds(3000), milliseconds(3000), 1 << 16, milliseconds(3000)};
        stream = std::make_unique<BoundedSocketStream>(fds[0], limits);
        stream->write(answer.data(), answer.size());
        hold_answer(commit);
        REQUIRE(stream->end_answer());
    }
    ~HeldOnPair() {
        close(fds[0]);
        close(fds[1]);
    }
    bool nothing_sent() const {
        char c;
        return recv(fds[1], &c, 1, MSG_DONTWAIT) < 0;
    }
};

} // namespace

TEST_CASE("held answers: the answer goes out when its commit is durable, not before", "[http][held]") {
    HeldOnPair pair;
    CHECK(pair.nothing_sent());
    pair.commit->finish(true);
    CHECK(read_until(pair.fds[1], [&](const std::string& t) { return t.size() >= pair.answer.size(); }) == pair.answer);
}

TEST_CASE("held answers: a commit that failed turns the answer into a 503 that closes the connection", "[http][held]") {
    HeldOnPair pair;
    pair.commit->finish(false);
    std::string got = read_until(pair.fds[1], [](const std::string& t) { return t.find("\"}") != std::string::npos; });
    CHECK(got.rfind("HTTP/1.1 503 ", 0) == 0);
    CHECK(got.find("Retry-After: 5\r\n") != std::string::npos);
    CHECK(got.find("Connection: close\r\n") != std::string::npos);
    CHECK(got.find(kStoreUnavailable) != std::string::npos);
    char next;
    CHECK(pair.stream->read(&next, 1) <= 0);  // its reading side is shut: the connection ends
}

TEST_CASE("held answers: an answer written after a held one waits for it", "[http][held]") {
    HeldOnPair pair;
    const std::string second = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    pair.stream->write(second.data(), second.size());
    std::thread commit([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        pair.commit->finish(true);
    });
    CHECK(pair.stream->flush());  // waits for the held answer
    commit.join();
    std::string got = read_until(pair.fds[1],
                                 [&](const std::string& t) { return t.size() >= pair.answer.size() + second.size(); });
    CHECK(got == pair.answer + second);
}

TEST_CASE("held answers: a POST and a GET sent at once are answered in order", "[http][held]") {
    TestServer server;
    auto record = balie_record();
    std::string requests = post_request(record.dump()) + "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    int fd = server.connect_raw();
    REQUIRE(fd >= 0);
    REQUIRE(send(fd, requests.data(), requests.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(requests.size()));
    std::string got = read_until(fd, [](const std::string& t) {
        return t.find("HTTP/1.1 200") != std::string::npos && t.find("HTTP/1.1 201") != std::string::npos;
    });
    close(fd);
    auto created = got.find("HTTP/1.1 201");
    auto healthy = got.find("HTTP/1.1 200");
    REQUIRE(created != std::string::npos);
    REQUIRE(healthy != std::string::npos);
    CHECK(created < healthy);
    CHECK(server.storage().count_responses({}) == 1);
}

TEST_CASE("held answers: a POST with Connection: close is answered before the connection closes", "[http][held]") {
    TestServer server;
    std::string answer = server.raw(post_request(balie_record().dump(), "Connection: close\r\n"));
    CHECK(answer.rfind("HTTP/1.1 201 ", 0) == 0);
    CHECK(server.storage().count_responses({}) == 1);
}
