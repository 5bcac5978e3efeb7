// The klantpeil-server command line, run in-process: municipalities, tokens, purge.
#include <filesystem>
#include <sstream>

#include <catch2/catch.hpp>

#include "engine/response.hpp"
#include "harness.hpp"
#include "server/commands.hpp"
#include "server/crypto.hpp"
#include "server/retention.hpp"

using namespace klantpeil;
using namespace klantpeil::server;
using namespace klantpeil::server::test;
using nlohmann::json;

namespace {

struct Run {
    int code;
    std::string out, err;
};

Run run(const TestDatabase& db, std::vector<std::string> words) {
    words.push_back("--db");
    words.push_back(db.url());
    words.push_back("--assets");
    words.push_back(assets_dir());
    std::ostringstream out, err;
    int code = run_command(words, out, err);
    return {code, out.str(), err.str()};
}

} // namespace

TEST_CASE("commands: municipality add, rename, more origins, list", "[commands]") {
    TestDatabase db;
    CHECK(run(db, {"municipality", "add", "0363", "--name", "Amsterdam", "--origin", "https://www.amsterdam.nl"}).code == 0);
    CHECK(run(db, {"municipality", "add", "0363", "--origin", "https://amsterdam.nl"}).code == 0);  // keeps the name
    Run list = run(db, {"municipality", "list"});
    CHECK(list.code == 0);
    CHECK(list.out == "0363\tAmsterdam\thttps://amsterdam.nl\thttps://www.amsterdam.nl\n");

    CHECK(run(db, {"municipality", "add", "363", "--name", "X"}).code == kExitUsage);
    CHECK(run(db, {"municipality", "add", "0599"}).code == kExitUsage);  // new, no name
    // Regression: a word after list (as if it filtered) was ignored and everything listed.
    Run filtered = run(db, {"municipality", "list", "0599"});
    CHECK(filtered.code == kExitUsage);
    CHECK(filtered.out.empty());
    Run bad_origin = run(db, {"municipality", "add", "0599", "--name", "Rotterdam", "--origin", "https://r.nl/path"});
    CHECK(bad_origin.code == kExitUsage);
    CHECK(bad_origin.err.find("--origin") != std::string::npos);
}

// Regression: anything after the scheme without a slash was taken (https://a.nl?x,
// https://a.nl:99999, https://WWW.A.NL), stored, and never matched a browser's Origin.
TEST_CASE("commands: municipality add takes only origins a browser can send", "[commands]") {
    TestDatabase db;
    for (const char* good : {"https://www.amsterdam.nl", "http://localhost:8080", "http://127.0.0.1:65535",
                             "http://[::1]:8080", "https://gemeente-x.nl"})
        CHECK(run(db, {"municipality", "add", "0363", "--name", "A", "--origin", good}).code == 0);
    for (const char* bad : {"https://a.nl?x", "https://a.nl#x", "https://a.nl:99999", "https://a.nl:", "https://a.nl:0",
                            "https://WWW.A.NL", "https://a b.nl", "https://a.nl/", "https://", "http://[::1", "a.nl",
                            "https://a.nl:443", "http://a.nl:80"}) {
        Run r = run(db, {"municipality", "add", "0363", "--origin", bad});
        CHECK(r.code == kExitUsage);
        CHECK(r.err.find(std::string("--origin ") + bad + " must look like") != std::string::npos);
    }
    CHECK(run(db, {"municipality", "list"}).out.find("a.nl\t") == std::string::npos);
}

TEST_CASE("commands: municipality remove-origin takes a site off the list, and the server refuses it", "[commands][cors]") {
    TestDatabase db;
    REQUIRE(run(db, {"municipality", "add", "0363", "--name", "Amsterdam", "--origin", "https://www.amsterdam.nl",
                     "--origin", "https://oud.amsterdam.nl"}).code == 0);
    Run removed = run(db, {"municipality", "remove-origin", "0363", "--origin", "https://oud.amsterdam.nl"});
    CHECK(removed.code == 0);
    CHECK(removed.out.find("https://oud.amsterdam.nl can no longer submit for municipality 0363") != std::string::npos);
    CHECK(run(db, {"municipality", "list"}).out == "0363\tAmsterdam\thttps://www.amsterdam.nl\n");

    Run again = run(db, {"municipality", "remove-origin", "0363", "--origin", "https://oud.amsterdam.nl"});
    CHECK(again.code == kExitFailed);
    CHECK(again.err.find("is not on the list of municipality 0363") != std::string::npos);
    CHECK(run(db, {"municipality", "remove-origin", "0363"}).code == kExitUsage);
    CHECK(run(db, {"municipality", "remove-origin", "363", "--origin", "https://www.amsterdam.nl"}).code == kExitUsage);

    auto storage = db.open();
    TestServer server(*storage, test_config());  // a server started after the change
    auto r = server.post(balie_record().dump(), {{"Origin", "https://oud.amsterdam.nl"}});
    REQUIRE(r);
    CHECK(r->status == 403);
    CHECK(server.post(balie_record().dump(), {{"Origin", "https://www.amsterdam.nl"}})->status == 201);
}

TEST_CASE("commands: token create prints a token that opens only its municipality", "[commands][auth]") {
    TestDatabase db;
    CHECK(run(db, {"token", "create", "--municipality", "0363"}).code == kExitFailed);  // unknown yet
    run(db, {"municipality", "add", "0363", "--name", "Amsterdam"});
    Run created = run(db, {"token", "create", "--municipality", "0363"});
    REQUIRE(created.code == 0);
    std::string token = created.out.substr(0, created.out.find('\n'));
    CHECK(token.size() == 3 + 48);
    auto storage = db.open();
    CHECK(storage->token_municipality(sha256_hex(token)) == std::optional<std::string>("0363"));
    CHECK_FALSE(storage->token_municipality(token).has_value());  // only the hash is stored
}

TEST_CASE("commands: token revoke takes one token, or every token of a municipality", "[commands][auth]") {
    TestDatabase db;
    run(db, {"municipality", "add", "0363", "--name", "Amsterdam"});
    run(db, {"municipality", "add", "0599", "--name", "Rotterdam"});
    auto token = [&](const char* code) {
        Run created = run(db, {"token", "create", "--municipality", code});
        REQUIRE(created.code == 0);
        return created.out.substr(0, created.out.find('\n'));
    };
    const std::string leaked = token("0363"), kept = token("0363"), other = token("0599"), second = token("0599");
    auto storage = db.open();
    auto opens = [&](const std::string& t) { return storage->token_municipality(sha256_hex(t)).has_value(); };

    Run one = run(db, {"token", "revoke", leaked});
    CHECK(one.code == 0);
    CHECK(one.out == "the staff token of 0363 is revoked\n");
    CHECK_FALSE(opens(leaked));
    CHECK((opens(kept) && opens(other) && opens(second)));
    Run again = run(db, {"token", "revoke", leaked});
    CHECK(again.code == kExitFailed);
    CHECK(again.err.find("no such staff token") != std::string::npos);

    Run all = run(db, {"token", "revoke", "--municipality", "0599"});
    CHECK(all.code == 0);
    CHECK(all.out == "2 staff token(s) of 0599 revoked\n");
    CHECK_FALSE((opens(other) || opens(second)));
    CHECK(opens(kept));

    CHECK(run(db, {"token", "revoke"}).code == kExitUsage);
    CHECK(run(db, {"token", "revoke", kept, "--municipality", "0363"}).code == kExitUsage);
    CHECK(run(db, {"token", "create", "extra", "--municipality", "0363"}).code == kExitUsage);
    CHECK(opens(kept));
}

TEST_CASE("commands: purge removes open answers, or whole records, past the retention", "[commands][retention]") {
    TestDatabase db;
    {
        auto s = db.open();
        json old_record = balie_record("00000000-0000-4000-8000-000000000001");
        old_record["submitted_at"] = "2020-01-01T00:00:00Z";
        s->insert(to_stored(*parse_record(old_record)));
        s->insert(to_stored(*parse_record(balie_record("00000000-0000-4000-8000-000000000002"))));
    }
    Run texts = run(db, {"purge", "--older-than", "24m"});
    CHECK(texts.code == 0);
    CHECK(texts.out.find(" 1 responses") != std::string::npos);
    {
        auto s = db.open();
        std::vector<std::string> bodies;
        s->list_responses({}, [&](const ResponseRow& r) { bodies.push_back(r.body); });
        REQUIRE(bodies.size() == 2);
        CHECK(json::parse(bodies[0])["answers"]["toelichting"] == kPurgedText);
        CHECK(json::parse(bodies[1])["answers"]["toelichting"] == "Snel geholpen");
    }
    CHECK(run(db, {"purge", "--older-than", "24m", "--whole-records"}).code == 0);
    CHECK(db.open()->count_responses({}) == 1);
    CHECK(run(db, {"purge", "--older-than", "soon"}).code == kExitUsage);
    CHECK(run(db, {"purge"}).code == kExitUsage);
}

TEST_CASE("commands: backup writes a copy that opens with every response, and never overwrites", "[commands]") {
    TestDatabase db;
    TempDir dir;
    const std::string copy = dir.file("kopie.db");
    if (db.postgres()) {
        Run refused = run(db, {"backup", "--to", copy});
        CHECK(refused.code == kExitFailed);
        CHECK(refused.err.find("pg_dump") != std::string::npos);
        return;
    }
    {
        auto s = db.open();
        for (int i = 0; i < 3; ++i) s->insert(to_stored(*parse_record(balie_record())));
    }
    Run made = run(db, {"backup", "--to", copy});
    CHECK(made.code == 0);
    CHECK(made.out == "backup written to " + copy + "\n");
    CHECK_FALSE(std::filesystem::exists(copy + ".partial"));
    CHECK(open_storage(copy)->count_responses({}) == 3);

    auto size = std::filesystem::file_size(copy);
    Run again = run(db, {"backup", "--to", copy});
    CHECK(again.code == kExitFailed);
    CHECK(again.err.find("exists already") != std::string::npos);
    CHECK(std::filesystem::file_size(copy) == size);
    CHECK(run(db, {"backup"}).code == kExitUsage);
}

TEST_CASE("commands: help, migrate and unknown words", "[commands]") {
    TestDatabase db;
    Run help = run(db, {"--help"});
    CHECK(help.code == 0);
    CHECK(help.out.find("token create --municipality CODE") != std::string::npos);
    Run migrate = run(db, {"migrate"});
    CHECK(migrate.code == 0);
    CHECK(migrate.out.find("schema version 2") != std::string::npos);
    CHECK(run(db, {"frobnicate"}).code == kExitUsage);
    CHECK(run(db, {"migrate", "--colour", "blue"}).code == kExitUsage);
}

// Regression: the next option was taken as the value, so `token create --municipality --db
// URL` looked for municipality "--db" and reported the URL as a stray word.
TEST_CASE("commands: an option followed by another option is told it needs a value", "[commands]") {
    TestDatabase db;
    Run missing = run(db, {"token", "create", "--municipality"});  // run() appends --db URL
    CHECK(missing.code == kExitUsage);
    CHECK(missing.err.find("--municipality needs a value") != std::string::npos);
    CHECK(run(db, {"purge", "--older-than", "--whole-records"}).err.find("--older-than needs a value") !=
          std::string::npos);
}

// Regression: "0d" was told it "must be a number followed by d, w, m or y", which it is.
TEST_CASE("commands: purge --older-than names what a valid age is", "[commands][retention]") {
    TestDatabase db;
    for (const char* age : {"0d", "abc", "1x", "-5d", "99999y", "30"}) {
        Run r = run(db, {"purge", "--older-than", age});
        CHECK(r.code == kExitUsage);
        CHECK(r.err.find(std::string("--older-than ") + age + " must be a whole number above 0") != std::string::npos);
    }
}

// Regression: strtod read "nan", "inf" and "1e30", which went on into integer casts (undefined)
// and the rate limiter (a NaN rate never limits, a burst under 1 refuses everything).
TEST_CASE("commands: serve refuses numbers out of range for its numeric options", "[commands]") {
    TestDatabase db;
    const std::vector<std::vector<std::string>> bad = {
        {"--threads", "nan"}, {"--threads", "1e30"}, {"--threads", "2.5"}, {"--threads", "-1"},
        {"--rate", "nan"},    {"--rate", "inf"},     {"--rate", "1e-300"}, {"--burst", "0.5"},
        {"--burst", "abc"},   {"--invitation-days", "0"}, {"--invitation-days", "1e9"}};
    for (const auto& option : bad) {
        Run r = run(db, {"serve", "--listen", "127.0.0.1:0", option[0], option[1]});
        CHECK(r.code == kExitUsage);
        CHECK(r.err.find(option[0] + " takes ") != std::string::npos);
        CHECK(r.err.find("not " + option[1]) != std::string::npos);
    }
}

// Regression: any text was taken as the public URL, so "www.amsterdam.nl" (no scheme) was
// printed on every card as a QR code of "www.amsterdam.nl/s/kto-balie?..." and put in mails.
TEST_CASE("commands: card and serve refuse a public URL that is no http(s) URL", "[commands][cards]") {
    TestDatabase db;
    run(db, {"municipality", "add", "0363", "--name", "Amsterdam"});
    for (const char* good : {"https://kto.amsterdam.nl", "https://kto.amsterdam.nl/", "https://www.amsterdam.nl/kto",
                             "http://127.0.0.1:8080"})
        CHECK(run(db, {"card", "--municipality", "0363", "--channel", "balie", "--public-url", good}).code == 0);
    for (const char* bad : {"www.amsterdam.nl", "javascript:alert(1)", "ftp://x.nl", "https://kto.nl/?a=1",
                            "https://KTO.nl", "https:///kto"}) {
        Run card = run(db, {"card", "--municipality", "0363", "--channel", "balie", "--public-url", bad});
        CHECK(card.code == kExitUsage);
        CHECK(card.out.empty());
        CHECK(card.err.find(std::string("--public-url (or KLANTPEIL_PUBLIC_URL) ") + bad + " must look like") !=
              std::string::npos);
        Run serve = run(db, {"serve", "--listen", "127.0.0.1:0", "--public-url", bad});
        CHECK(serve.code == kExitUsage);
    }
}
