// Retention periods and the removal of open answers.
#include <catch2/catch.hpp>

#include "engine/response.hpp"
#include "harness.hpp"
#include "server/retention.hpp"

using namespace klantpeil;
using namespace klantpeil::server;
using namespace klantpeil::server::test;
using nlohmann::json;

TEST_CASE("retention: ages in days, weeks, calendar months and years", "[retention]") {
    long long now = *parse_timestamp("2026-08-31T12:00:00Z");
    CHECK(retention_cutoff("30d", now) == parse_timestamp("2026-08-01T12:00:00Z"));
    CHECK(retention_cutoff("2w", now) == parse_timestamp("2026-08-17T12:00:00Z"));
    CHECK(retention_cutoff("24m", now) == parse_timestamp("2024-08-31T12:00:00Z"));
    CHECK(retention_cutoff("6m", now) == parse_timestamp("2026-02-28T12:00:00Z"));  // no 31 February
    CHECK(retention_cutoff("2y", *parse_timestamp("2028-02-29T00:00:00Z")) == parse_timestamp("2026-02-28T00:00:00Z"));
    for (const char* bad : {"", "m", "24", "0m", "-3m", "24x", "1.5y"}) CHECK_FALSE(retention_cutoff(bad, now));
}

TEST_CASE("retention: open answers are replaced, the rest stays", "[retention]") {
    json r = balie_record();
    r["answers"]["suggesties"] = "ja";
    r["answers"]["tip"] = "Langer open op donderdag";
    json stripped = json::parse(strip_open_answers(r.dump(), assets_catalog().set));
    CHECK(stripped["answers"]["toelichting"] == kPurgedText);
    CHECK(stripped["answers"]["tip"] == kPurgedText);
    CHECK(stripped["answers"]["totaaloordeel"] == 8);
    CHECK(stripped["answers"]["suggesties"] == "ja");
    CHECK(validate_record(stripped, assets_catalog().set));  // still a valid record

    json blank = balie_record();
    blank["answers"]["toelichting"] = "  ";
    CHECK(json::parse(strip_open_answers(blank.dump(), assets_catalog().set))["answers"]["toelichting"] == "  ");
}
