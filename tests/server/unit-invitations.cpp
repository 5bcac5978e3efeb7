// The Inviter end to end: staff invite addresses, a real SMTP sink (python3-aiosmtpd)
// receives the mails, the one-time link opens the survey once, the addresses are gone, and
// the factsheet counts invitations and the response rate; plus a relay that is down at first.
#include <catch2/catch.hpp>

#include <algorithm>
#include <ctime>
#include <regex>
#include <thread>

#include "harness.hpp"
#include "server/crypto.hpp"
#include "inviter_fixture.hpp"

using namespace klantpeil;
using namespace klantpeil::server;
using namespace klantpeil::server::test;
using nlohmann::json;

namespace {

std::string token_in(const std::string& mail) {
    std::smatch m;
    REQUIRE(std::regex_search(mail, m, std::regex(R"(http://klantpeil\.test/s/kto-balie\?m=0363&t=([0-9a-f]{32}))")));
    return m[1];
}

json invited_record(const std::string& token) {
    json r = balie_record();
    r["source"] = "inviter";
    r["invitation"] = token;
    r["submitted_at"] = utc_now();  // in the quarter the invitations are counted in
    return r;
}

bool all_sent(const json& b) { return b["sent"] == b["total"]; }

// Everything the database holds, as text: `sqlite3 FILE .dump` or `pg_dump URL`.
std::string dump(const TestDatabase& db) {
    if (db.postgres()) return run_capture("pg_dump --data-only '" + db.url() + "'");
    return run_capture("sqlite3 '" + db.url().substr(7) + "' .dump");
}


} // namespace

TEST_CASE("invitations: mailed, the link works once, addresses erased, factsheet counts", "[invitations][smtp]") {
    SmtpSink sink;
    InviteServer s(sink.url());
    const std::vector<std::string> addresses = {"an.jansen@example.nl", "bo@example.org", "chris@mail.example.com"};
    auto queued = s.invite(json{{"channel", "balie"}, {"language", "nl"}, {"addresses", addresses}}.dump());
    REQUIRE(queued);
    REQUIRE(queued->status == 202);
    json answer = json::parse(queued->body);
    CHECK(answer["queued"] == 3);

    auto mails = sink.wait_for(3);
    REQUIRE(mails.size() == 3);
    std::vector<std::string> tokens;
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(mails[i].find("To: <" + addresses[i] + ">") != std::string::npos);
        CHECK(mails[i].find("Subject: =?UTF-8?B?") != std::string::npos);
        CHECK(mails[i].find("Beste inwoner") != std::string::npos);
        tokens.push_back(token_in(mails[i]));
    }
    json batch = s.wait_batch(answer["batch"], all_sent);
    CHECK(batch["sent"] == 3);
    CHECK(batch["pending"] == 0);
    CHECK(batch["failed"] == 0);

    SECTION("the addresses and tokens are in no table after sending") {
        std::string everything = dump(s.db());
        REQUIRE(everything.find("invitation_batches") != std::string::npos);  // the dump worked
        for (const std::string& a : addresses) CHECK(everything.find(a) == std::string::npos);
        for (const std::string& t : tokens) CHECK(everything.find(t) == std::string::npos);
    }

    SECTION("the link opens the survey; completing it works once") {
        auto client = s.server().client();
        std::string path = "/s/kto-balie?m=0363&t=" + tokens[0];
        auto page = client.Get(path.c_str());
        REQUIRE(page);
        CHECK(page->status == 200);
        CHECK(page->body.find("<title>survey</title>") != std::string::npos);

        json record = invited_record(tokens[0]);
        auto first = s.server().post(record.dump());
        REQUIRE(first);
        CHECK(first->status == 201);
        auto replay = s.server().post(record.dump());  // the same record again: idempotent
        REQUIRE(replay);
        CHECK(replay->status == 200);

        json second = invited_record(tokens[0]);  // another completion with the same link
        auto refused = s.server().post(second.dump());
        REQUIRE(refused);
        CHECK(refused->status == 409);
        CHECK(json::parse(refused->body)["field"] == "invitation");
        CHECK(s.storage().count_responses({}) == 1);

        auto used = client.Get(path.c_str());
        REQUIRE(used);
        CHECK(used->status == 410);
        CHECK(used->body.find("al ingevuld") != std::string::npos);
        CHECK(used->get_header_value("Content-Security-Policy").find("script-src") == std::string::npos);

        auto exported = s.staff_get("/api/v1/responses?format=ndjson");
        REQUIRE(exported);
        CHECK(json::parse(exported->body)["invitation"].is_null());
        CHECK(json::parse(exported->body)["source"] == "inviter");
        CHECK(exported->body.find(tokens[0]) == std::string::npos);
    }

    SECTION("factsheet: 3 invitations, 2 Inviter responses of 3 -> response rate 2/3") {
        REQUIRE(s.server().post(invited_record(tokens[0]).dump())->status == 201);
        REQUIRE(s.server().post(invited_record(tokens[2]).dump())->status == 201);
        json kiosk = balie_record();  // a kiosk response counts as a response, not towards the rate
        kiosk["submitted_at"] = utc_now();
        REQUIRE(s.server().post(kiosk.dump())->status == 201);
        auto r = s.staff_get("/api/v1/factsheets?channel=balie");
        REQUIRE(r);
        REQUIRE(r->status == 200);
        json sheets = json::parse(r->body);
        REQUIRE(sheets.size() == 1);
        CHECK(sheets[0]["invitations"] == 3);
        CHECK(sheets[0]["responses"] == 3);
        CHECK(sheets[0]["response_rate"].get<double>() == Approx(0.67));
    }
}

TEST_CASE("invitations: a relay that is down: retried, reported pending, sent once it is up", "[invitations][smtp]") {
    int port = free_port();
    InviteServer s("smtp://127.0.0.1:" + std::to_string(port));
    auto queued = s.invite(json{{"channel", "balie"}, {"addresses", {"a@example.nl", "b@example.nl"}}}.dump());
    REQUIRE(queued);
    REQUIRE(queued->status == 202);
    std::string id = json::parse(queued->body)["batch"];

    json waiting = s.wait_batch(id, [](const json& b) { return !b["last_error"].is_null(); });
    CHECK(waiting["pending"] == 2);
    CHECK(waiting["sent"] == 0);
    CHECK(waiting["failed"] == 0);
    CHECK(waiting["last_error"].get<std::string>().find("connect") != std::string::npos);

    SmtpSink sink(port);
    CHECK(sink.wait_for(2).size() == 2);
    json done = s.wait_batch(id, all_sent);
    CHECK(done["sent"] == 2);
    CHECK(done["pending"] == 0);
    CHECK(done["failed"] == 0);
}

// Regression: cells were split at every separator, quotes or not, so a spreadsheet's
// "Jansen, Jan",jan@example.nl refused the whole list with: line 2: "Jan"" is not an e-mail address.
TEST_CASE("invitations: CSV cells are read as RFC 4180, quoted separators and line breaks too", "[invitations]") {
    InviteServer s("smtp://127.0.0.1:1");  // never reached: these tests look at the queue only
    auto r = s.invite("name,email\r\n\"Jansen, Jan\",jan@example.nl\r\n\"Bos,\r\nBo \"\"B\"\"\",bo@example.nl\r\n",
                      "text/csv", "?channel=balie");
    REQUIRE(r);
    CHECK(r->status == 202);
    CHECK(json::parse(r->body)["queued"] == 2);

    auto bad = s.invite("naam;email\nAn;an@example.nl\n\"Bo;bo@example.nl\n", "text/csv", "?channel=balie");
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK(json::parse(bad->body)["field"] == "line 3");  // the quote that never closes
}

// Regression: unknown fields and parameters were ignored, so a misspelt "langauge": "en" (or
// ?langauge=en, or "language": 5) queued mails in Dutch without a word.
TEST_CASE("invitations: an unknown field or parameter, or a language that is no text, is 400 naming it", "[invitations]") {
    InviteServer s("smtp://127.0.0.1:1");  // never reached: nothing is queued
    auto misspelt = s.invite(json{{"channel", "balie"}, {"langauge", "en"}, {"addresses", {"an@example.nl"}}}.dump());
    REQUIRE(misspelt);
    CHECK(misspelt->status == 400);
    CHECK(json::parse(misspelt->body)["field"] == "langauge");
    auto number = s.invite(json{{"channel", "balie"}, {"language", 5}, {"addresses", {"an@example.nl"}}}.dump());
    REQUIRE(number);
    CHECK(number->status == 400);
    CHECK(json::parse(number->body)["field"] == "language");
    auto csv = s.invite("an@example.nl\n", "text/csv", "?channel=balie&langauge=en");
    REQUIRE(csv);
    CHECK(csv->status == 400);
    CHECK(json::parse(csv->body)["field"] == "langauge");
    CHECK(s.invite("an@example.nl\n", "text/csv", "?channel=balie&language=en&municipality=0363")->status == 202);
}

TEST_CASE("invitations: CSV and JSON input; a bad address is a 400 naming its place", "[invitations]") {
    InviteServer s("smtp://127.0.0.1:1");  // never reached: these tests look at the queue only
    SECTION("CSV with a byte order mark, a header, ';' and a duplicate") {
        auto r = s.invite("\xEF\xBB\xBFNaam;E-mail\r\nAn;an@example.nl\r\nBo;\"bo@example.nl\"\r\nAn;AN@example.nl\r\n",
                          "text/csv", "?channel=telefoon&language=en");
        REQUIRE(r);
        CHECK(r->status == 202);
        CHECK(json::parse(r->body)["queued"] == 2);
        CHECK(json::parse(r->body)["duplicates"] == 1);
    }
    SECTION("CSV: one address per line, with ','") {
        auto r = s.invite("an@example.nl\nbo@example.nl, extra\n", "text/csv", "?channel=balie");
        REQUIRE(r);
        CHECK(r->status == 202);
        CHECK(json::parse(r->body)["queued"] == 2);
    }
    SECTION("CSV: the bad line is named, nothing is queued") {
        auto r = s.invite("email\nan@example.nl\nnot an address\n", "text/csv", "?channel=balie");
        REQUIRE(r);
        CHECK(r->status == 400);
        CHECK(json::parse(r->body)["field"] == "line 3");
        CHECK(json::parse(r->body)["error"].get<std::string>().find("not an e-mail address") != std::string::npos);
    }
    SECTION("JSON: the bad entry is named; a header injection is refused") {
        auto r = s.invite(json{{"channel", "balie"}, {"addresses", {"an@example.nl", "x@example.nl\r\nBcc: y@example.nl"}}}.dump());
        REQUIRE(r);
        CHECK(r->status == 400);
        CHECK(json::parse(r->body)["field"] == "addresses[1]");
    }
    SECTION("JSON: channel and language are checked") {
        auto r = s.invite(json{{"channel", "loket"}, {"addresses", {"an@example.nl"}}}.dump());
        REQUIRE(r);
        CHECK(r->status == 400);
        CHECK(json::parse(r->body)["field"] == "channel");
    }
    SECTION("without a staff token: 401") {
        auto r = s.server().client().Post("/api/v1/invitations", "[]", "application/json");
        REQUIRE(r);
        CHECK(r->status == 401);
    }
    auto batches = s.staff_get("/api/v1/invitations");
    REQUIRE(batches);
    for (const json& b : json::parse(batches->body)["batches"]) CHECK(b["total"] == 2);  // only whole batches
}

TEST_CASE("invitations: without a relay the server says so (503)", "[invitations]") {
    InviteServer s("");
    auto r = s.invite(json{{"channel", "balie"}, {"addresses", {"an@example.nl"}}}.dump());
    REQUIRE(r);
    CHECK(r->status == 503);
}

// [SECTION] One-time tokens, straight in the storage (no mail needed)

namespace {

// Stores one invitation for `token` and returns it.
std::string stored_token(Storage& storage, const std::string& municipality, long long expires_at) {
    std::string token = random_hex(16);
    InvitationBatch b;
    b.id = random_hex(8);
    b.municipality = municipality;
    b.channel = Channel::balie;
    b.origin = "staff";
    b.language = "nl";
    b.created_at = static_cast<long long>(std::time(nullptr));
    b.expires_at = expires_at;
    b.invitations.push_back({"x@example.nl", token, sha256_hex(token)});
    REQUIRE(storage.add_invitation_batch(b));
    return token;
}

long long in_a_day() { return static_cast<long long>(std::time(nullptr)) + 86400; }

} // namespace

TEST_CASE("invitations: concurrent completions with one token store exactly one", "[invitations][concurrency]") {
    InviteServer s("");
    std::string token = stored_token(s.storage(), "0363", in_a_day());
    std::vector<int> statuses(8);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < statuses.size(); ++i)
        threads.emplace_back([&, i] {
            auto r = s.server().post(invited_record(token).dump());
            statuses[i] = r ? r->status : 0;
        });
    for (auto& t : threads) t.join();
    CHECK(std::count(statuses.begin(), statuses.end(), 201) == 1);
    CHECK(std::count(statuses.begin(), statuses.end(), 409) == 7);
    CHECK(s.storage().count_responses({}) == 1);
}

TEST_CASE("invitations: expired, foreign and unknown tokens are refused", "[invitations]") {
    InviteServer s("");
    auto client = s.server().client();
    SECTION("expired: 410 page and 410 on completion") {
        std::string token = stored_token(s.storage(), "0363", static_cast<long long>(std::time(nullptr)) - 1);
        CHECK(client.Get(("/s/kto-balie?m=0363&t=" + token).c_str())->status == 410);
        auto r = s.server().post(invited_record(token).dump());
        CHECK(r->status == 410);
        CHECK(json::parse(r->body)["field"] == "invitation");
    }
    SECTION("another municipality's token: 400") {
        std::string token = stored_token(s.storage(), "0599", in_a_day());
        auto r = s.server().post(invited_record(token).dump());
        CHECK(r->status == 400);
        CHECK(json::parse(r->body)["field"] == "invitation");
    }
    SECTION("unknown: 404 page (nl and en) and 400 on completion") {
        auto page = client.Get("/s/kto-balie?m=0363&t=0123456789abcdef0123456789abcdef");
        CHECK(page->status == 404);
        CHECK(page->body.find("lang=\"en\"") != std::string::npos);
        auto r = s.server().post(invited_record("0123456789abcdef0123456789abcdef").dump());
        CHECK(r->status == 400);
        CHECK(json::parse(r->body)["field"] == "invitation");
    }
    SECTION("source and invitation must agree") {
        json no_token = invited_record("x");
        no_token["invitation"] = nullptr;
        CHECK(json::parse(s.server().post(no_token.dump())->body)["field"] == "invitation");
        json wrong_source = invited_record(stored_token(s.storage(), "0363", in_a_day()));
        wrong_source["source"] = "card";
        CHECK(json::parse(s.server().post(wrong_source.dump())->body)["field"] == "source");
    }
    CHECK(s.storage().count_responses({}) == 0);
}

TEST_CASE("invitations: guessing tokens is throttled, even a right guess then waits", "[invitations][rate-limit]") {
    ServerConfig config = test_config();
    config.guess_limit.burst = 3;
    config.guess_limit.per_second = 0.001;
    InviteServer s("", config);
    std::string valid = stored_token(s.storage(), "0363", in_a_day());
    auto client = s.server().client();
    for (int i = 0; i < 3; ++i)
        CHECK(client.Get(("/s/kto-balie?m=0363&t=" + random_hex(16)).c_str())->status == 404);
    auto blocked = client.Get(("/s/kto-balie?m=0363&t=" + valid).c_str());
    CHECK(blocked->status == 429);
    CHECK(!blocked->get_header_value("Retry-After").empty());
}
