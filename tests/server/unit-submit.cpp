// POST /api/v1/responses: every status code it answers.
#include <catch2/catch.hpp>

#include <cctype>
#include <chrono>
#include <ctime>
#include <thread>

#include <sys/socket.h>
#include <unistd.h>

#include "harness.hpp"

using namespace klantpeil;
using namespace klantpeil::server;
using namespace klantpeil::server::test;
using nlohmann::json;

namespace {

json body_of(const httplib::Result& r) { return json::parse(r->body); }

} // namespace

TEST_CASE("submit: 201 stores a valid record", "[http][submit]") {
    TestServer server;
    auto record = balie_record();
    auto r = server.post(record.dump());
    REQUIRE(r);
    CHECK(r->status == 201);
    CHECK(r->get_header_value("Content-Type") == "application/json");
    CHECK(body_of(r)["id"] == record["id"]);
    CHECK(body_of(r)["status"] == "stored");
    CHECK(parse_timestamp(body_of(r).value("stored_at", "")).has_value());
    CHECK(body_of(r).size() == 3);
    CHECK(server.storage().count_responses({}) == 1);
}

TEST_CASE("submit: the same id and body again is 200 with the original answer", "[http][submit][idempotency]") {
    TestServer server;
    auto record = balie_record();
    auto first = server.post(record.dump());
    auto again = server.post(record.dump(2));  // other spacing, same content
    REQUIRE(first);
    REQUIRE(again);
    CHECK(first->status == 201);
    CHECK(again->status == 200);
    CHECK(again->body == first->body);
    CHECK(server.storage().count_responses({}) == 1);
}

TEST_CASE("submit: an id in upper case is the same id: a replay is 200, other content 409", "[http][submit][idempotency]") {
    TestServer server;
    auto record = balie_record();
    std::string lower = record["id"];
    REQUIRE(server.post(record.dump())->status == 201);
    auto shouted = record;
    std::string upper = lower;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    shouted["id"] = upper;
    auto replay = server.post(shouted.dump());
    REQUIRE(replay);
    CHECK(replay->status == 200);
    CHECK(body_of(replay)["id"] == lower);
    shouted["answers"]["totaaloordeel"] = 3;
    auto other = server.post(shouted.dump());
    REQUIRE(other);
    CHECK(other->status == 409);
    CHECK(server.storage().count_responses({}) == 1);
}

TEST_CASE("submit: the same id with another body is 409 and changes nothing", "[http][submit][idempotency]") {
    TestServer server;
    auto record = balie_record();
    REQUIRE(server.post(record.dump())->status == 201);
    auto changed = record;
    changed["answers"]["totaaloordeel"] = 3;
    auto r = server.post(changed.dump());
    REQUIRE(r);
    CHECK(r->status == 409);
    CHECK(body_of(r)["field"] == "id");
    std::string body;
    server.storage().list_responses({}, [&](const ResponseRow& row) { body = row.body; });
    CHECK(json::parse(body)["answers"]["totaaloordeel"] == 8);
}

TEST_CASE("submit: an invalid record is 400 naming the field", "[http][submit][validation]") {
    TestServer server;
    auto record = balie_record();
    std::string field;
    SECTION("an answer out of range") {
        record["answers"]["moeite"] = 7;
        field = "answers.moeite";
    }
    SECTION("a required answer missing") {
        record["answers"].erase("totaaloordeel");
        field = "answers.totaaloordeel";
    }
    SECTION("a hidden question answered") {
        record["answers"]["tip"] = "Meer loketten";  // only visible when suggesties == "ja"
        field = "answers.tip";
    }
    SECTION("an unknown field") {
        record["extra"] = 1;
        field = "extra";
    }
    SECTION("an unknown questionnaire") {
        record["questionnaire"] = "kto-onbekend";
        field = "questionnaire";
    }
    SECTION("an unknown version") {
        record["version"] = 99;
        field = "version";
    }
    SECTION("an unknown municipality") {
        record["municipality"] = "0001";
        field = "municipality";
    }
    auto r = server.post(record.dump());
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(body_of(r)["field"] == field);
    CHECK_FALSE(body_of(r)["error"].get<std::string>().empty());
    CHECK(server.storage().count_responses({}) == 0);
}

namespace {

std::string utc_in(std::chrono::seconds from_now) { return utc_text(std::time(nullptr) + from_now.count()); }

} // namespace

TEST_CASE("submit: a record dated beyond a day ahead of the server's clock is 400; a fast clock is fine",
          "[http][submit][validation]") {
    TestServer server;
    auto ahead = balie_record();
    ahead["submitted_at"] = utc_in(std::chrono::hours(26));
    auto r = server.post(ahead.dump());
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(body_of(r)["field"] == "submitted_at");
    CHECK(server.storage().count_responses({}) == 0);

    auto fast = balie_record();
    fast["submitted_at"] = utc_in(std::chrono::hours(2));  // a tablet whose clock runs ahead
    auto ok = server.post(fast.dump());
    REQUIRE(ok);
    CHECK(ok->status == 201);
    auto old = balie_record();
    old["submitted_at"] = "2024-01-02T08:00:00+01:00";  // a queue that waited long
    CHECK(server.post(old.dump())->status == 201);
    CHECK(server.storage().count_responses({}) == 2);
}

TEST_CASE("submit: malformed JSON and too deep JSON are 400", "[http][submit][validation]") {
    TestServer server;
    std::string body;
    SECTION("not JSON") { body = "{\"id\": "; }
    SECTION("nested deeper than the limit") {
        auto record = balie_record();
        std::string deep = std::string(40, '[') + std::string(40, ']');
        body = record.dump();
        body.insert(body.size() - 1, ",\"x\":" + deep);
    }
    SECTION("not an object") { body = "[1, 2]"; }
    auto r = server.post(body);
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(body_of(r)["field"] == "$");
}

// Regression: the last of two equal keys won silently: {"totaaloordeel": 2, "totaaloordeel": 9}
// was stored as a 9.
TEST_CASE("submit: a key twice in one object is 400 naming it and nothing is stored", "[http][submit][validation]") {
    TestServer server;
    std::string body = balie_record().dump();
    body.replace(body.find("\"totaaloordeel\":8"), 17, "\"totaaloordeel\":2,\"totaaloordeel\":9");
    auto r = server.post(body);
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(body_of(r)["field"] == "$");
    CHECK(body_of(r)["error"] == "$: the key answers.totaaloordeel appears twice");
    CHECK(server.storage().count_responses({}) == 0);
}

TEST_CASE("submit: a body over 64 KiB is 413 and the server goes on", "[http][submit][limits]") {
    TestServer server;
    auto record = balie_record();
    record["answers"]["toelichting"] = std::string(70 * 1024, 'a');
    auto r = server.post(record.dump());
    REQUIRE(r);
    CHECK(r->status == 413);
    CHECK(json::parse(r->body)["error"].is_string());
    CHECK(server.post(balie_record().dump())->status == 201);
}

// Regression: cpp-httplib 0.11 enforces the body limit only from Content-Length, so a chunked
// body of any size was read whole into memory (then refused as 400, not 413), and a POST
// without any length held its connection until the read timeout (10 s).
TEST_CASE("submit: a body without Content-Length is refused at once with 411", "[http][submit][limits]") {
    TestServer server;
    std::string head = "POST /api/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
    std::string answer;
    SECTION("chunked, 64 KiB announced and more to come") {
        answer = server.raw(head + "Transfer-Encoding: chunked\r\n\r\n10000\r\n" + std::string(1000, 'x'));
    }
    SECTION("chunked to a route that does not exist") {
        answer = server.raw("POST /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n10000\r\n");
    }
    SECTION("no length at all") { answer = server.raw(head + "\r\n{}"); }
    CHECK(answer.rfind("HTTP/1.1 411", 0) == 0);
    CHECK(answer.find("Content-Length") != std::string::npos);  // named in the JSON error
    CHECK(server.post(balie_record().dump())->status == 201);
    CHECK(server.storage().count_responses({}) == 1);
}

// cpp-httplib 0.11 limits each header line but not their number: one connection sending
// header lines grew the server by 460 MB in 6 s.
TEST_CASE("http: a request whose header lines never end is cut off, and the server goes on", "[http][limits]") {
    TestServer server;
    int fd = server.connect_raw();
    REQUIRE(fd >= 0);
    int small = 64 * 1024;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
    std::string start = "GET /healthz HTTP/1.1\r\nHost: klantpeil\r\n";
    REQUIRE(send(fd, start.data(), start.size(), MSG_NOSIGNAL) > 0);
    const std::string line = "X-Filler: " + std::string(8000, 'a') + "\r\n";
    const std::size_t flood = 64 << 20;
    std::size_t sent = 0;
    while (sent < flood) {
        ssize_t n = send(fd, line.data(), line.size(), MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    close(fd);
    CHECK(sent < flood / 8);  // the server stopped reading and closed the connection
    auto health = server.client().Get("/healthz");
    REQUIRE(health);
    CHECK(health->status == 200);
}

// cpp-httplib 0.11 times out each read, not the request: a byte every few seconds held a
// server thread for good, and a few dozen such clients held them all.
TEST_CASE("http: a request trickled in a byte at a time is cut off when its time is up", "[http][limits]") {
    ServerConfig config = test_config();
    config.request_seconds = 1;
    TestServer server(config);
    int fd = server.connect_raw();
    REQUIRE(fd >= 0);
    const std::string request = "GET /healthz HTTP/1.1\r\nHost: klantpeil\r\nX-Slow: " + std::string(60, 'a') + "\r\n\r\n";
    auto started = std::chrono::steady_clock::now();
    bool cut_off = false;
    for (char c : request) {
        if (send(fd, &c, 1, MSG_NOSIGNAL) != 1) {
            cut_off = true;
            break;
        }
        char answer[256];
        if (recv(fd, answer, sizeof answer, MSG_DONTWAIT) >= 0) {  // an answer, or the close
            cut_off = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    auto took = std::chrono::steady_clock::now() - started;
    close(fd);
    CHECK(cut_off);
    CHECK(took < std::chrono::seconds(3));  // the whole request would take 4.5 s
    auto health = server.client().Get("/healthz");
    REQUIRE(health);
    CHECK(health->status == 200);
}

TEST_CASE("submit: a content type other than JSON is 415", "[http][submit]") {
    TestServer server;
    auto r = server.client().Post("/api/v1/responses", balie_record().dump(), "application/x-www-form-urlencoded");
    REQUIRE(r);
    CHECK(r->status == 415);
}

TEST_CASE("submit: a filled honeypot looks accepted and is discarded", "[http][submit][honeypot]") {
    TestServer server;
    auto record = balie_record();
    record["website"] = "http://spam.example";
    auto r = server.post(record.dump());
    REQUIRE(r);
    CHECK(r->status == 201);
    CHECK(body_of(r)["status"] == "stored");
    CHECK(body_of(r)["id"] == record["id"]);
    CHECK(parse_timestamp(body_of(r).value("stored_at", "")).has_value());
    CHECK(body_of(r).size() == 3);
    CHECK(server.storage().count_responses({}) == 0);

    auto person = balie_record();
    person["website"] = "";  // the field is there for everyone; people leave it empty
    CHECK(server.post(person.dump())->status == 201);
    CHECK(server.storage().count_responses({}) == 1);
}

TEST_CASE("submit: a burst over the limit is 429 with Retry-After", "[http][submit][rate-limit]") {
    ServerConfig config = test_config();
    config.rate_limit.enabled = true;
    config.rate_limit.burst = 3;
    config.rate_limit.per_second = 0.5;  // a token every 2 s
    TestServer server(config);
    for (int i = 0; i < 3; ++i) CHECK(server.post(balie_record().dump())->status == 201);
    auto r = server.post(balie_record().dump());
    REQUIRE(r);
    CHECK(r->status == 429);
    int wait = std::stoi(r->get_header_value("Retry-After"));
    CHECK(wait >= 1);
    CHECK(wait <= 2);
    CHECK(server.storage().count_responses({}) == 3);
}

TEST_CASE("submit: a failing database is 503 with Retry-After, not 5xx garbage", "[http][submit]") {
    TestDatabase db;
    auto real = db.open();
    register_test_municipalities(*real);
    FailingStorage failing(*real);
    TestServer server(failing, test_config());
    auto r = server.post(balie_record().dump());
    REQUIRE(r);
    CHECK(r->status == 503);
    CHECK(r->get_header_value("Retry-After") == "5");
    CHECK(body_of(r)["error"].is_string());

    auto ready = server.client().Get("/readyz");
    REQUIRE(ready);
    CHECK(ready->status == 503);
    CHECK(body_of(ready)["error"] == "the database does not answer");  // not the driver's text
}

// cpp-httplib answered 404, as if the path did not exist.
TEST_CASE("http: a known path asked with another method is 405 with Allow, in JSON", "[http]") {
    TestServer server;
    auto put = server.client().Put("/api/v1/responses", balie_record().dump(), "application/json");
    REQUIRE(put);
    CHECK(put->status == 405);
    CHECK(put->get_header_value("Allow") == "POST, OPTIONS, GET, HEAD");
    CHECK(body_of(put)["error"] == "method not allowed");
    auto post = server.client().Post("/api/v1/factsheets", "{}", "application/json");
    REQUIRE(post);
    CHECK(post->status == 405);
    CHECK(post->get_header_value("Allow") == "GET, HEAD");
    auto get = server.client().Get("/api/v1/hooks/afspraak");
    REQUIRE(get);
    CHECK(get->status == 405);
    CHECK(get->get_header_value("Allow") == "POST");
    CHECK(server.client().Put("/api/v1/nothing-here", "{}", "application/json")->status == 404);
}

TEST_CASE("submit: unknown routes are 404 in JSON", "[http]") {
    TestServer server;
    auto r = server.client().Get("/api/v1/nothing-here");
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(body_of(r)["error"] == "not found");
}
