#include <catch2/catch.hpp>

#include "engine/response.hpp"
#include "engine/utf8.hpp"
#include "fixtures.hpp"

using namespace klantpeil;
using nlohmann::json;

namespace {

// Validates `record` and returns its problems as "field: message".
std::vector<std::string> problems_of(const json& record) {
    auto r = validate_record(record, fixtures::mini_set());
    std::vector<std::string> out;
    for (const Problem& p : r.problems) out.push_back(describe(p));
    return out;
}

std::vector<std::string> one(std::string line) { return {std::move(line)}; }

} // namespace

TEST_CASE("a valid record validates and round-trips", "[response]") {
    auto r = validate_record(fixtures::mini_record(), fixtures::mini_set());
    REQUIRE(r);
    CHECK(r->municipality == "0363");
    CHECK(r->source == Source::inviter);
    CHECK_FALSE(r->invitation.has_value());
    CHECK(to_json(*r) == fixtures::mini_record());
}

TEST_CASE("record fields are checked for form", "[response]") {
    json rec = fixtures::mini_record();
    rec["id"] = "not-a-uuid";
    CHECK(problems_of(rec) == one("id: must be a UUID"));
    rec = fixtures::mini_record();
    rec["municipality"] = "363";
    CHECK(problems_of(rec) == one("municipality: must be a four-digit CBS municipality code"));
    rec = fixtures::mini_record();
    rec["submitted_at"] = "2026-02-30T10:00:00Z";
    CHECK(problems_of(rec) == one("submitted_at: must be a UTC time like 2026-08-14T10:22:00Z"));
    rec = fixtures::mini_record();
    rec["source"] = "fax";
    CHECK(problems_of(rec) == one("source: must be one of inviter, app, card, kiosk, digital, link"));
    rec = fixtures::mini_record();
    rec.erase("answers");
    CHECK(problems_of(rec) == one("answers: is missing"));
    rec = fixtures::mini_record();
    rec["website"] = "spam";
    CHECK(problems_of(rec) == one("website: unknown field"));
    CHECK(problems_of(json::array()) == one("$: a response record must be a JSON object"));
}

TEST_CASE("the questionnaire must be known by id and version", "[response]") {
    json rec = fixtures::mini_record();
    rec["version"] = 9;
    CHECK(problems_of(rec) == one("version: unknown questionnaire kto-mini version 9"));
    rec["questionnaire"] = "kto-onbekend";
    CHECK(problems_of(rec) == one("questionnaire: unknown questionnaire kto-onbekend version 9"));
}

TEST_CASE("channel and language must match the questionnaire", "[response]") {
    json rec = fixtures::mini_record();
    rec["channel"] = "telefoon";
    CHECK(problems_of(rec) == one("channel: must be balie for questionnaire kto-mini"));
    rec = fixtures::mini_record();
    rec["language"] = "de";
    CHECK(problems_of(rec) == one("language: is not a language of questionnaire kto-mini"));
}

TEST_CASE("answers: known ids, types and ranges", "[response]") {
    json rec = fixtures::mini_record();
    rec["answers"]["onbekend"] = 1;
    CHECK(problems_of(rec) == one("answers.onbekend: is not a question of kto-mini"));
    rec = fixtures::mini_record();
    rec["answers"]["totaaloordeel"] = 11;
    CHECK(problems_of(rec) == one("answers.totaaloordeel: must be a whole number from 1 to 10"));
    rec["answers"]["totaaloordeel"] = 7.5;
    CHECK(problems_of(rec) == one("answers.totaaloordeel: must be a whole number from 1 to 10"));
    rec = fixtures::mini_record();
    rec["answers"]["moeite"] = 6;
    CHECK(problems_of(rec) == one("answers.moeite: must be a whole number from 1 to 5"));
    rec = fixtures::mini_record();
    rec["answers"]["aspect_prijs"] = 0;
    CHECK(problems_of(rec) == one("answers.aspect_prijs: must be a whole number from 1 to 10 or null (n.v.t.)"));
    rec = fixtures::mini_record();
    rec["answers"]["suggesties"] = "misschien";
    CHECK(problems_of(rec).front() == "answers.suggesties: must be \"ja\" or \"nee\"");
}

TEST_CASE("choices: options only, no repeats", "[response]") {
    json rec = fixtures::mini_record();
    rec["answers"]["kanaal"] = {"web", "post"};
    CHECK(problems_of(rec).empty());
    rec["answers"]["kanaal"] = {"web", "web"};
    CHECK(problems_of(rec) == one("answers.kanaal: holds an option twice"));
    rec["answers"]["kanaal"] = {"fax"};
    CHECK(problems_of(rec) == one("answers.kanaal: must be a non-empty list of options"));
    rec["answers"]["kanaal"] = "web";
    CHECK(problems_of(rec) == one("answers.kanaal: must be a non-empty list of options"));
}

TEST_CASE("texts: capped in characters, not bytes; valid UTF-8 only", "[response]") {
    json rec = fixtures::mini_record();
    rec["answers"]["toelichting"] = "ëëëëëëëëëë";  // 10 characters, 20 bytes: allowed
    CHECK(problems_of(rec).empty());
    rec["answers"]["toelichting"] = "12345678901";
    CHECK(problems_of(rec) == one("answers.toelichting: is longer than 10 characters"));
    CHECK(utf8_length("\xC3\xA9") == 1u);
    CHECK_FALSE(utf8_length("\xC3").has_value());
    CHECK_FALSE(utf8_length("\xFF").has_value());
}

TEST_CASE("required questions must be answered; blank text is no answer", "[response]") {
    json rec = fixtures::mini_record();
    rec["answers"].erase("moeite");
    CHECK(problems_of(rec) == one("answers.moeite: is required"));
    rec = fixtures::mini_record();
    rec["answers"]["tip"] = "   ";
    CHECK(problems_of(rec) == one("answers.tip: is required"));
    rec = fixtures::mini_record();
    rec["answers"].erase("aspect_wachttijd");  // n.v.t. must be said explicitly (null)
    CHECK(problems_of(rec) == one("answers.aspect_wachttijd: is required"));
    rec = fixtures::mini_record();
    rec["answers"]["totaaloordeel"] = nullptr;
    CHECK(problems_of(rec) == one("answers.totaaloordeel: is required"));
}

TEST_CASE("hidden questions must be empty", "[response]") {
    json rec = fixtures::mini_record();
    rec["answers"]["suggesties"] = "nee";
    CHECK(problems_of(rec) == one("answers.tip: must be empty: the question is not shown for these answers"));
    rec["answers"]["tip"] = nullptr;
    CHECK(problems_of(rec).empty());
    rec["answers"].erase("tip");
    CHECK(problems_of(rec).empty());
}

TEST_CASE("timestamps: UTC or offset, real dates only", "[response]") {
    CHECK(parse_timestamp("1970-01-01T00:00:00Z") == std::nullopt);  // before 2000: not a survey time
    CHECK(parse_timestamp("2026-01-01T00:00:00Z") == 1767225600LL);
    CHECK(parse_timestamp("2026-01-01T01:00:00+01:00") == 1767225600LL);
    CHECK(parse_timestamp("2026-01-01T00:00:00.123Z") == 1767225600LL);
    CHECK(parse_timestamp("2028-02-29T00:00:00Z").has_value());
    CHECK_FALSE(parse_timestamp("2026-02-29T00:00:00Z").has_value());
    CHECK_FALSE(parse_timestamp("2026-01-01 00:00:00Z").has_value());
    CHECK_FALSE(parse_timestamp("2026-01-01T24:00:00Z").has_value());
    CHECK_FALSE(parse_timestamp("2026-01-01T00:00:00").has_value());
}

TEST_CASE("a record's id is read in lower case, whatever case the client sent", "[response]") {
    json rec = fixtures::mini_record();
    std::string lower = rec["id"];
    std::string upper = lower;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    REQUIRE(upper != lower);
    rec["id"] = upper;
    auto r = validate_record(rec, fixtures::mini_set());
    REQUIRE(r);
    CHECK(r->id == lower);
    CHECK(to_json(*r)["id"] == lower);
}

TEST_CASE("UUIDs and municipality codes", "[response]") {
    CHECK(is_uuid("6F1C2A3B-4D5E-4F60-8A7B-9C0D1E2F3A4B"));
    CHECK_FALSE(is_uuid("6f1c2a3b4d5e4f608a7b9c0d1e2f3a4b"));
    CHECK_FALSE(is_uuid("6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4g"));
    CHECK(is_municipality_code("0014"));
    CHECK_FALSE(is_municipality_code("03a3"));
}
