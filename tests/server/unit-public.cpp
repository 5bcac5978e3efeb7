// Public endpoints: questionnaires, health, static files of the web-shell.
#include <fstream>

#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace klantpeil::server;
using namespace klantpeil::server::test;
using nlohmann::json;

TEST_CASE("public: a questionnaire by id, latest or by version", "[http][public]") {
    TestServer server;
    auto latest = server.client().Get("/api/v1/questionnaires/kto-telefoon");
    REQUIRE(latest);
    CHECK(latest->status == 200);
    CHECK(latest->get_header_value("Content-Type") == "application/json");
    json doc = json::parse(latest->body);
    CHECK(doc["id"] == "kto-telefoon");
    CHECK(doc["channel"] == "telefoon");

    CHECK(server.client().Get("/api/v1/questionnaires/kto-telefoon?version=1")->status == 200);
    auto missing_version = server.client().Get("/api/v1/questionnaires/kto-telefoon?version=7");
    REQUIRE(missing_version);
    CHECK(missing_version->status == 404);
    CHECK(json::parse(missing_version->body)["error"] == "unknown questionnaire kto-telefoon version 7");
    CHECK(server.client().Get("/api/v1/questionnaires/kto-onbekend")->status == 404);
    CHECK(server.client().Get("/api/v1/questionnaires/kto-balie?version=een")->status == 400);
}

TEST_CASE("public: healthz and readyz", "[http][public]") {
    TestServer server;
    auto health = server.client().Get("/healthz");
    auto ready = server.client().Get("/readyz");
    REQUIRE(health);
    REQUIRE(ready);
    CHECK(health->status == 200);
    CHECK(ready->status == 200);
    CHECK(json::parse(ready->body)["questionnaires"] == 3);
}

TEST_CASE("public: static files with their content types, wasm included", "[http][public][static]") {
    TempDir web, engine;
    std::ofstream(web.file("index.html")) << "<!doctype html><title>Demo</title>";
    std::ofstream(web.file("kiosk.html")) << "<!doctype html><title>Kiosk</title>";
    std::ofstream(web.file("survey.html")) << "<!doctype html><title>Survey</title>";
    std::ofstream(web.file("embed.js")) << "console.log('embed');";
    std::ofstream(web.file("style.css")) << "body{}";
    std::ofstream(engine.file("klantpeil.wasm"), std::ios::binary) << std::string("\0asm\1\0\0\0", 8);
    ServerConfig config = test_config();
    config.web = {{"/", web.path()}, {"/engine", engine.path()}};
    TestServer server(config);
    auto c = server.client();

    auto type_of = [&](const std::string& path) {
        auto r = c.Get(path);
        REQUIRE(r);
        CHECK(r->status == 200);
        return r->get_header_value("Content-Type");
    };
    CHECK(type_of("/") == "text/html");
    CHECK(type_of("/embed.js") == "text/javascript");
    CHECK(type_of("/style.css") == "text/css");
    CHECK(type_of("/engine/klantpeil.wasm") == "application/wasm");
    CHECK(c.Get("/engine/klantpeil.wasm")->body.size() == 8);
    CHECK(c.Get("/embed.js")->get_header_value("Access-Control-Allow-Origin") == "*");
    // Clean URLs for the web-shell's pages.
    CHECK(c.Get("/kiosk")->body.find("Kiosk") != std::string::npos);
    CHECK(c.Get("/s/kto-balie")->body.find("Survey") != std::string::npos);
    CHECK(c.Get("/missing.js")->status == 404);
    CHECK(c.Get("/nothing")->status == 404);
}

TEST_CASE("public: text goes out gzip'ed, never as Brotli", "[http][public][static]") {
    // The library's Brotli (quality 11) compresses under 1 MB/s: a staff CSV export of 18 MB
    // took 30 s. Browsers ask for "gzip, deflate, br".
    TempDir web;
    std::string script;
    for (int i = 0; i < 400; ++i) script += "console.log('regel " + std::to_string(i) + "');\n";
    std::ofstream(web.file("embed.js")) << script;
    ServerConfig config = test_config();
    config.web = {{"/", web.path()}};
    TestServer server(config);
    auto c = server.client();
    c.set_decompress(false);

    auto encoding_for = [&](const std::string& accept) {
        auto r = c.Get("/embed.js", {{"Accept-Encoding", accept}});
        REQUIRE(r);
        CHECK(r->status == 200);
        return r->get_header_value("Content-Encoding");
    };
    CHECK(encoding_for("gzip, deflate, br") == "gzip");
    CHECK(encoding_for("br;q=1.0, gzip;q=0.8") == "gzip");
    CHECK(encoding_for("br") == "");
    CHECK(encoding_for("identity") == "");
    CHECK(c.Get("/embed.js", {{"Accept-Encoding", "identity"}})->body == script);
}

// Regression: cpp-httplib 0.11 binds with SO_REUSEPORT, so a second server took a port already
// in use and the kernel split the connections between the two: submissions went to two
// databases without a word.
TEST_CASE("public: a second server on a port in use is refused", "[http][public]") {
    TestServer first;
    TestDatabase db;
    auto storage = db.open();
    HttpServer second(*storage, assets_catalog(), test_config());
    CHECK_THROWS_WITH(second.bind("127.0.0.1", first.port()), Catch::Contains("cannot listen on 127.0.0.1:"));
    CHECK(first.client().Get("/healthz")->status == 200);
}
