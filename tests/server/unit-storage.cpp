// The Storage interface, run against SQLite or (with KLANTPEIL_TEST_POSTGRES) PostgreSQL.
#include <atomic>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/response.hpp"
#include "harness.hpp"
#include "server/crypto.hpp"

using namespace klantpeil;
using namespace klantpeil::server;
using namespace klantpeil::server::test;

namespace {

StoredResponse stored(const std::string& id, const std::string& code = "0363",
                      const std::string& at = "2026-08-14T10:22:00Z") {
    auto j = balie_record(id, code);
    j["submitted_at"] = at;
    return to_stored(*parse_record(j));
}

std::vector<std::string> ids(Storage& s, const ResponseQuery& q) {
    std::vector<std::string> out;
    s.list_responses(q, [&](const ResponseRow& r) { out.push_back(r.id); });
    return out;
}

} // namespace

TEST_CASE("storage: migrations are recorded and applied once", "[storage]") {
    TestDatabase db;
    {
        auto s = db.open();
        CHECK(s->schema_version() == 2);
        register_test_municipalities(*s);
    }
    auto again = db.open();  // a second start finds the schema in place and keeps the data
    CHECK(again->schema_version() == 2);
    CHECK(again->municipalities().size() == 2);
}

TEST_CASE("storage: insert, replay and conflict", "[storage][idempotency]") {
    TestDatabase db;
    auto s = db.open();
    StoredResponse r = stored("11111111-2222-4333-8444-555555555555");

    InsertOutcome first = s->insert(r);
    CHECK(first.status == InsertStatus::stored);
    CHECK(parse_timestamp(first.stored_at).has_value());

    InsertOutcome replay = s->insert(r);
    CHECK(replay.status == InsertStatus::replay);
    CHECK(replay.stored_at == first.stored_at);  // the original answer

    StoredResponse changed = r;
    changed.body = R"({"changed":true})";
    changed.content_hash = sha256_hex(changed.body);
    CHECK(s->insert(changed).status == InsertStatus::conflict);

    std::vector<ResponseRow> rows;
    s->list_responses({}, [&](const ResponseRow& row) { rows.push_back(row); });
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].body == r.body);  // nothing overwritten
    CHECK(rows[0].content_hash == sha256_hex(r.body));
}

TEST_CASE("storage: concurrent inserts of one id give one row", "[storage][concurrency]") {
    TestDatabase db;
    auto s = db.open();
    StoredResponse r = stored(new_uuid());
    std::atomic<int> stored_count{0}, replays{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 16; ++i)
        threads.emplace_back([&] {
            auto outcome = s->insert(r);
            (outcome.status == InsertStatus::stored ? stored_count : replays)++;
        });
    for (auto& t : threads) t.join();
    CHECK(stored_count == 1);
    CHECK(replays == 15);
    CHECK(s->count_responses({}) == 1);
}

// 16 callers at once: with SQLite, most records go into a transaction that fills while the
// one before it is flushed.
TEST_CASE("storage: many concurrent inserts are each stored once", "[storage][concurrency]") {
    TestDatabase db;
    auto s = db.open();
    const int writers = 16, each = 40;
    std::vector<std::vector<StoredResponse>> records(writers);
    for (auto& mine : records)
        for (int i = 0; i < each; ++i) mine.push_back(stored(new_uuid()));
    std::atomic<int> stored_count{0};
    std::vector<std::thread> threads;
    for (const auto& mine : records)
        threads.emplace_back([&] {
            for (const StoredResponse& r : mine)
                if (s->insert(r).status == InsertStatus::stored) ++stored_count;
        });
    for (auto& t : threads) t.join();
    CHECK(stored_count == writers * each);
    CHECK(s->count_responses({}) == static_cast<std::size_t>(writers * each));
    CHECK(s->insert(records[3][7]).status == InsertStatus::replay);
}

TEST_CASE("storage: queries filter by municipality, channel and time", "[storage]") {
    TestDatabase db;
    auto s = db.open();
    s->insert(stored("00000000-0000-4000-8000-000000000001", "0363", "2026-07-01T08:00:00Z"));
    s->insert(stored("00000000-0000-4000-8000-000000000002", "0363", "2026-08-01T08:00:00Z"));
    s->insert(stored("00000000-0000-4000-8000-000000000003", "0599", "2026-08-02T08:00:00Z"));

    ResponseQuery amsterdam;
    amsterdam.municipality = "0363";
    CHECK(ids(*s, amsterdam) == std::vector<std::string>{"00000000-0000-4000-8000-000000000001",
                                                         "00000000-0000-4000-8000-000000000002"});
    ResponseQuery august;
    august.from = *parse_timestamp("2026-08-01T08:00:00Z");  // inclusive
    august.to = *parse_timestamp("2026-08-02T08:00:00Z");    // exclusive
    CHECK(ids(*s, august) == std::vector<std::string>{"00000000-0000-4000-8000-000000000002"});
    ResponseQuery phone;
    phone.channel = Channel::telefoon;
    CHECK(s->count_responses(phone) == 0);
    CHECK(s->count_responses({}) == 3);
}

TEST_CASE("storage: insert_many skips ids already stored", "[storage]") {
    TestDatabase db;
    auto s = db.open();
    auto a = stored(new_uuid()), b = stored(new_uuid());
    s->insert(a);
    CHECK(s->insert_many({a, b}) == 1);
    CHECK(s->count_responses({}) == 2);
}

TEST_CASE("storage: municipalities, origins and staff tokens", "[storage]") {
    TestDatabase db;
    auto s = db.open();
    s->add_municipality({"0363", "Amsterdm", {"https://www.amsterdam.nl"}});
    s->add_municipality({"0363", "Amsterdam", {"https://amsterdam.nl", "https://www.amsterdam.nl"}});
    auto all = s->municipalities();
    REQUIRE(all.size() == 1);
    CHECK(all[0].name == "Amsterdam");  // renamed
    CHECK(all[0].origins == std::vector<std::string>{"https://amsterdam.nl", "https://www.amsterdam.nl"});

    s->add_staff_token("0363", sha256_hex("secret"));
    CHECK(s->token_municipality(sha256_hex("secret")) == std::optional<std::string>("0363"));
    CHECK_FALSE(s->token_municipality(sha256_hex("guess")).has_value());
    CHECK_THROWS_AS(s->add_staff_token("0599", sha256_hex("other")), StorageError);  // no such municipality
}

TEST_CASE("storage: invitation counts add up per day", "[storage]") {
    TestDatabase db;
    auto s = db.open();
    s->add_invitations({{"0363", Channel::balie, "2026-08-14", 5}, {"0363", Channel::telefoon, "2026-08-14", 2}});
    s->add_invitations({{"0363", Channel::balie, "2026-08-14", 7}});
    auto balie = s->invitations(Channel::balie);
    REQUIRE(balie.size() == 1);
    CHECK(balie[0].count == 12);
    CHECK(s->invitations(std::nullopt).size() == 2);
}

TEST_CASE("storage: retention deletes or rewrites older responses only", "[storage][retention]") {
    TestDatabase db;
    auto s = db.open();
    s->insert(stored("00000000-0000-4000-8000-000000000001", "0363", "2024-01-01T00:00:00Z"));
    s->insert(stored("00000000-0000-4000-8000-000000000002", "0363", "2026-08-01T00:00:00Z"));
    long long cutoff = *parse_timestamp("2025-01-01T00:00:00Z");

    CHECK(s->purge_texts_older_than(cutoff, [](const std::string&) { return std::string("{}"); }) == 1);
    CHECK(s->purge_texts_older_than(cutoff, [](const std::string&) { return std::string("{}"); }) == 0);  // once
    std::vector<ResponseRow> rows;
    s->list_responses({}, [&](const ResponseRow& r) { rows.push_back(r); });
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].texts_purged);
    CHECK(rows[0].body == "{}");
    CHECK_FALSE(rows[1].texts_purged);

    CHECK(s->delete_older_than(cutoff) == 1);
    CHECK(ids(*s, {}) == std::vector<std::string>{"00000000-0000-4000-8000-000000000002"});
}

TEST_CASE("storage: the stored body is canonical, whatever the key order sent", "[storage][idempotency]") {
    auto j = balie_record("00000000-0000-4000-8000-000000000009");
    auto reordered = nlohmann::json::parse(R"({"answers":)" + j["answers"].dump() + R"(,"id":)" + j["id"].dump() +
                                           R"(,"language":"nl","questionnaire":"kto-balie","version":1,)"
                                           R"("municipality":"0363","channel":"balie","source":"kiosk",)"
                                           R"("invitation":null,"submitted_at":"2026-08-14T10:22:00Z"})");
    CHECK(to_stored(*parse_record(j)).content_hash == to_stored(*parse_record(reordered)).content_hash);
}
