// CORS: per municipality an allowlist of site origins; no credentials; preflight only for
// POST with Content-Type. (0363 allows https://www.amsterdam.nl, 0599 https://www.rotterdam.nl.)
#include <cstdlib>
#include <ctime>

#include <catch2/catch.hpp>

#include "engine/response.hpp"
#include "harness.hpp"

using namespace klantpeil::server;
using namespace klantpeil::server::test;

namespace {

httplib::Result preflight(const TestServer& server, const std::string& origin, const std::string& method = "POST",
                          const std::string& headers = "content-type") {
    httplib::Headers h = {{"Origin", origin}, {"Access-Control-Request-Method", method}};
    if (!headers.empty()) h.emplace("Access-Control-Request-Headers", headers);
    return server.client().Options("/api/v1/responses", h);
}

} // namespace

TEST_CASE("cors: a preflight from an allowed origin allows POST with Content-Type only", "[http][cors]") {
    TestServer server;
    auto r = preflight(server, "https://www.amsterdam.nl");
    REQUIRE(r);
    CHECK(r->status == 204);
    CHECK(r->get_header_value("Access-Control-Allow-Origin") == "https://www.amsterdam.nl");
    CHECK(r->get_header_value("Access-Control-Allow-Methods") == "POST");
    CHECK(r->get_header_value("Access-Control-Allow-Headers") == "Content-Type");
    CHECK(r->get_header_value("Vary") == "Origin");
    CHECK_FALSE(r->has_header("Access-Control-Allow-Credentials"));
}

TEST_CASE("cors: a preflight from a foreign origin is not reflected", "[http][cors]") {
    TestServer server;
    auto r = preflight(server, "https://evil.example");
    REQUIRE(r);
    CHECK(r->status == 403);
    CHECK_FALSE(r->has_header("Access-Control-Allow-Origin"));
}

TEST_CASE("cors: a preflight for another method or header is refused", "[http][cors]") {
    TestServer server;
    auto put = preflight(server, "https://www.amsterdam.nl", "PUT");
    auto auth = preflight(server, "https://www.amsterdam.nl", "POST", "content-type, authorization");
    REQUIRE(put);
    REQUIRE(auth);
    CHECK(put->status == 403);
    CHECK(auth->status == 403);
    CHECK_FALSE(put->has_header("Access-Control-Allow-Origin"));
    CHECK_FALSE(auth->has_header("Access-Control-Allow-Origin"));
}

TEST_CASE("cors: a POST from the municipality's own site is stored and readable", "[http][cors]") {
    TestServer server;
    auto r = server.post(balie_record().dump(), {{"Origin", "https://www.amsterdam.nl"}});
    REQUIRE(r);
    CHECK(r->status == 201);
    CHECK(r->get_header_value("Access-Control-Allow-Origin") == "https://www.amsterdam.nl");
    CHECK_FALSE(r->has_header("Access-Control-Allow-Credentials"));
}

TEST_CASE("cors: a POST from a foreign origin is refused and not reflected", "[http][cors]") {
    TestServer server;
    std::string origin;
    SECTION("an unknown site") { origin = "https://evil.example"; }
    SECTION("another municipality's site") { origin = "https://www.rotterdam.nl"; }
    auto r = server.post(balie_record().dump(), {{"Origin", origin}});  // a record for 0363
    REQUIRE(r);
    CHECK(r->status == 403);
    CHECK_FALSE(r->has_header("Access-Control-Allow-Origin"));
    CHECK(server.storage().count_responses({}) == 0);
}

TEST_CASE("cors: pages served by the server itself may post (same origin)", "[http][cors]") {
    TestServer server;
    std::string self = "http://127.0.0.1:" + std::to_string(server.port());
    auto r = server.post(balie_record().dump(), {{"Origin", self}});
    REQUIRE(r);
    CHECK(r->status == 201);
}

TEST_CASE("cors: questionnaires are public to every site", "[http][cors]") {
    TestServer server;
    auto r = server.client().Get("/api/v1/questionnaires/kto-balie", {{"Origin", "https://www.example.nl"}});
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Access-Control-Allow-Origin") == "*");
}

// Regression: the embed on a municipality's site could not read Retry-After (not a
// CORS-safelisted header), so its queue retried a 429 after a fixed 30 s whatever the server said.
TEST_CASE("cors: a rate-limited POST from an allowed origin lets the page read Retry-After", "[http][cors][rate-limit]") {
    ServerConfig config = test_config();
    config.rate_limit.enabled = true;
    config.rate_limit.burst = 1;
    config.rate_limit.per_second = 0.01;
    TestServer server(config);
    httplib::Headers site = {{"Origin", "https://www.amsterdam.nl"}};
    CHECK(server.post(balie_record().dump(), site)->status == 201);
    auto r = server.post(balie_record().dump(), site);
    REQUIRE(r);
    CHECK(r->status == 429);
    CHECK(r->get_header_value("Access-Control-Allow-Origin") == "https://www.amsterdam.nl");
    CHECK(r->get_header_value("Access-Control-Expose-Headers") == "Retry-After");
}

TEST_CASE("cors: a survey can ask whether its site may submit for a municipality, before anyone answers", "[http][cors]") {
    TestServer server;
    auto ask = [&](const std::string& code, const std::string& origin) {
        httplib::Headers h;
        if (!origin.empty()) h.emplace("Origin", origin);
        return server.client().Get(("/api/v1/municipalities/" + code).c_str(), h);
    };
    auto own = ask("0363", "https://www.amsterdam.nl");
    REQUIRE(own);
    CHECK(own->status == 200);
    CHECK(own->get_header_value("Access-Control-Allow-Origin") == "*");
    auto body = nlohmann::json::parse(own->body);
    CHECK(body["municipality"] == "0363");
    CHECK(body["origin"] == "https://www.amsterdam.nl");
    CHECK(body["submissions_allowed"] == true);
    auto server_time = klantpeil::parse_timestamp(body["server_time"].get<std::string>());
    REQUIRE(server_time);
    CHECK(std::abs(*server_time - static_cast<long long>(std::time(nullptr))) <= 2);

    auto other = ask("0599", "https://www.amsterdam.nl");  // on a list, but Rotterdam's is another
    REQUIRE(other);
    CHECK(other->status == 200);
    CHECK(other->get_header_value("Access-Control-Allow-Origin") == "*");  // readable, so the survey can say so
    CHECK(nlohmann::json::parse(other->body)["submissions_allowed"] == false);
    CHECK(nlohmann::json::parse(ask("0363", "https://evil.example")->body)["submissions_allowed"] == false);
    auto same_site = ask("0363", "");  // a page of this server: a browser sends no Origin
    CHECK(nlohmann::json::parse(same_site->body)["submissions_allowed"] == true);
    CHECK(nlohmann::json::parse(same_site->body)["origin"].is_null());

    auto unknown = ask("9999", "https://www.amsterdam.nl");
    REQUIRE(unknown);
    CHECK(unknown->status == 404);
    CHECK(nlohmann::json::parse(unknown->body)["field"] == "municipality");
}
