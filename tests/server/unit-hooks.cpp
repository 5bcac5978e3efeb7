// POST /api/v1/hooks/{vendor}: HMAC-signed deliveries from appointment systems become one
// Inviter invitation each, whatever the replays; each vendor's payload maps as documented.
#include <catch2/catch.hpp>

#include <ctime>
#include <thread>

#include "inviter_fixture.hpp"
#include "server/crypto.hpp"
#include "server/hook_adapters.hpp"

using namespace klantpeil;
using namespace klantpeil::server;
using namespace klantpeil::server::test;
using nlohmann::json;

namespace {

const char* const kSecret = "kph_test_secret_0363";

httplib::Headers signed_headers(const std::string& body, long long timestamp, const std::string& secret = kSecret) {
    std::string ts = std::to_string(timestamp);
    return {{"X-Klantpeil-Municipality", "0363"},
            {"X-Klantpeil-Timestamp", ts},
            {"X-Klantpeil-Signature", "sha256=" + hmac_sha256_hex(secret, ts + "." + body)}};
}

long long now() { return static_cast<long long>(std::time(nullptr)); }

json generic_event(const std::string& id) {
    return {{"event_id", id}, {"type", "appointment.finished"}, {"channel", "balie"},
            {"email", "resident@example.nl"}, {"language", "en"}};
}

httplib::Result deliver(InviteServer& s, const std::string& body, const httplib::Headers& headers,
                        const std::string& vendor = "generic") {
    return s.server().client().Post(("/api/v1/hooks/" + vendor).c_str(), headers, body, "application/json");
}

} // namespace

TEST_CASE("hooks: a signed delivery invites once; replays, forgeries and stale ones do not", "[hooks][smtp]") {
    SmtpSink sink;
    InviteServer s(sink.url());
    s.storage().set_hook_secret("0363", kSecret);
    std::string body = generic_event("evt-1001").dump();

    auto first = deliver(s, body, signed_headers(body, now()));
    REQUIRE(first);
    CHECK(first->status == 202);
    auto replay = deliver(s, body, signed_headers(body, now()));  // the vendor retries, re-signed
    REQUIRE(replay);
    CHECK(replay->status == 200);
    CHECK(json::parse(replay->body)["status"] == "duplicate");

    auto wrong = deliver(s, body, signed_headers(body, now(), "kph_not_the_secret"));
    REQUIRE(wrong);
    CHECK(wrong->status == 401);
    std::string other = generic_event("evt-1002").dump();
    auto stale = deliver(s, other, signed_headers(other, now() - 301));
    REQUIRE(stale);
    CHECK(stale->status == 401);
    auto tampered = deliver(s, other, signed_headers(body, now()));  // signature of another body
    REQUIRE(tampered);
    CHECK(tampered->status == 401);

    auto mails = sink.wait_for(1);
    REQUIRE(mails.size() == 1);
    CHECK(mails[0].find("To: <resident@example.nl>") != std::string::npos);
    CHECK(mails[0].find("Dear resident") != std::string::npos);  // language "en"
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a second mail would be here by now
    CHECK(sink.mails().size() == 1);
    auto batches = json::parse(s.staff_get("/api/v1/invitations")->body)["batches"];
    REQUIRE(batches.size() == 1);
    CHECK(batches[0]["origin"] == "hook:generic");
}

TEST_CASE("hooks: other events are ignored, bad ones are 400, unknown vendors 404", "[hooks]") {
    InviteServer s("smtp://127.0.0.1:1");  // never reached: nothing here is mailed
    s.storage().set_hook_secret("0363", kSecret);
    json cancelled = generic_event("evt-2001");
    cancelled["type"] = "appointment.cancelled";
    std::string body = cancelled.dump();
    auto ignored = deliver(s, body, signed_headers(body, now()));
    CHECK(ignored->status == 200);
    CHECK(json::parse(ignored->body)["status"] == "ignored");

    json bad = generic_event("evt-2002");
    bad["email"] = "not an address";
    body = bad.dump();
    auto refused = deliver(s, body, signed_headers(body, now()));
    CHECK(refused->status == 400);
    CHECK(json::parse(refused->body)["field"] == "email");

    CHECK(deliver(s, body, signed_headers(body, now()), "outlook")->status == 404);
    CHECK(json::parse(s.staff_get("/api/v1/invitations")->body)["batches"].empty());
}

TEST_CASE("hooks: each vendor's documented payload maps to an invitation", "[hooks]") {
    struct Case {
        const char* vendor;
        const char* payload;
        const char* event_id;
        Channel channel;
        const char* language;
    };
    // The examples of server/README.md.
    const Case cases[] = {
        {"generic",
         R"({"event_id":"evt-1","type":"appointment.finished","channel":"telefoon","email":"a@example.nl","language":"nl"})",
         "evt-1", Channel::telefoon, "nl"},
        {"qmatic",
         R"({"eventName":"VISIT_END","eventId":"q-77","parameters":{"customerEmail":"a@example.nl","language":"en"}})",
         "q-77", Channel::balie, "en"},
        {"jcc", R"({"type":"afspraak.afgerond","id":"jcc-5","afspraak":{"email":"a@example.nl","taal":"nl","kanaal":"balie"}})",
         "jcc-5", Channel::balie, "nl"},
        {"timeblockr", R"({"event":"appointment.completed","id":"tb-9","data":{"email":"a@example.nl","locale":"en-GB"}})",
         "tb-9", Channel::balie, "en"},
    };
    for (const Case& c : cases) {
        INFO(c.vendor);
        auto read = read_hook(c.vendor, json::parse(c.payload));
        REQUIRE(read);
        REQUIRE(read->has_value());
        const HookInvitation& in = **read;
        CHECK(in.event_id == c.event_id);
        CHECK(in.email == "a@example.nl");
        CHECK(in.channel == c.channel);
        CHECK(in.language == c.language);
    }
    auto wrong_type = read_hook("jcc", json::parse(R"({"type":"afspraak.afgerond","id":5})"));
    REQUIRE(!wrong_type);
    CHECK(wrong_type.problems[0].path == "id");
}
