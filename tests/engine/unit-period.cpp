// Quarters and local dates in Amsterdam time: DST changes, quarter ends and year end.
#include <catch2/catch.hpp>

#include "engine/period.hpp"
#include "engine/response.hpp"

using namespace klantpeil;

namespace {

long long utc(const char* timestamp) {
    std::optional<long long> t = parse_timestamp(timestamp);
    REQUIRE(t);
    return *t;
}

std::string quarter_at(const char* timestamp) { return to_string(quarter_of(utc(timestamp))); }
std::string date_at(const char* timestamp) { return to_string(local_date_of(utc(timestamp))); }

} // namespace

TEST_CASE("quarters are ordered, printed and parsed as 2026-Q3", "[period]") {
    CHECK(Quarter{2026, 3}.index() == 2026 * 4 + 2);
    CHECK(Quarter{2026, 4}.index() + 1 == Quarter{2027, 1}.index());
    CHECK(Quarter{2026, 1} < Quarter{2026, 2});
    CHECK(Quarter{2025, 4} < Quarter{2026, 1});
    CHECK(previous(Quarter{2026, 1}) == Quarter{2025, 4});
    CHECK(previous(Quarter{2026, 3}) == Quarter{2026, 2});
    CHECK(quarter_from_index(Quarter{2026, 4}.index()) == Quarter{2026, 4});
    CHECK(to_string(Quarter{2026, 3}) == "2026-Q3");
    REQUIRE(parse_quarter("2026-Q3"));
    CHECK(*parse_quarter("2026-Q3") == Quarter{2026, 3});
    for (const char* bad : {"2026-Q5", "2026-Q0", "2026Q3", "26-Q3", "2026-Q3 ", "2026-q3", "", "2026-Q", "abcd-Q1"})
        CHECK_FALSE(parse_quarter(bad));
}

TEST_CASE("local dates parse only real days", "[period]") {
    CHECK(to_string(LocalDate{2026, 8, 14}) == "2026-08-14");
    REQUIRE(parse_local_date("2024-02-29"));
    CHECK(*parse_local_date("2024-02-29") == LocalDate{2024, 2, 29});
    for (const char* bad : {"2026-02-29", "2026-13-01", "2026-04-31", "2026-8-14", "2026-08-14T", "2026/08/14", "2026-00-10"})
        CHECK_FALSE(parse_local_date(bad));
    CHECK(quarter_of(LocalDate{2026, 3, 31}) == Quarter{2026, 1});
    CHECK(quarter_of(LocalDate{2026, 4, 1}) == Quarter{2026, 2});
    CHECK(quarter_of(LocalDate{2026, 12, 31}) == Quarter{2026, 4});
}

TEST_CASE("summer time runs from the last Sunday of March to that of October, 01:00 UTC", "[period][dst]") {
    // 2026: 29 March and 25 October; 2024: 31 March (the latest possible) and 27 October.
    CHECK(amsterdam_offset_seconds(utc("2026-03-29T00:59:59Z")) == 3600);
    CHECK(amsterdam_offset_seconds(utc("2026-03-29T01:00:00Z")) == 7200);
    CHECK(amsterdam_offset_seconds(utc("2026-10-25T00:59:59Z")) == 7200);
    CHECK(amsterdam_offset_seconds(utc("2026-10-25T01:00:00Z")) == 3600);
    CHECK(amsterdam_offset_seconds(utc("2024-03-31T00:59:59Z")) == 3600);
    CHECK(amsterdam_offset_seconds(utc("2024-03-31T01:00:00Z")) == 7200);
    CHECK(amsterdam_offset_seconds(utc("2024-10-27T00:59:59Z")) == 7200);
    CHECK(amsterdam_offset_seconds(utc("2024-10-27T01:00:00Z")) == 3600);
    CHECK(amsterdam_offset_seconds(utc("2026-01-15T12:00:00Z")) == 3600);
    CHECK(amsterdam_offset_seconds(utc("2026-07-15T12:00:00Z")) == 7200);
}

TEST_CASE("local midnight around the DST changes", "[period][dst]") {
    // The night into the March change is still winter time: midnight is 23:00 UTC.
    CHECK(date_at("2026-03-28T22:59:59Z") == "2026-03-28");
    CHECK(date_at("2026-03-28T23:00:00Z") == "2026-03-29");
    // The next midnight is summer time: 22:00 UTC.
    CHECK(date_at("2026-03-29T21:59:59Z") == "2026-03-29");
    CHECK(date_at("2026-03-29T22:00:00Z") == "2026-03-30");
    // The night into the October change is summer time; the next one winter time.
    CHECK(date_at("2026-10-24T21:59:59Z") == "2026-10-24");
    CHECK(date_at("2026-10-24T22:00:00Z") == "2026-10-25");
    CHECK(date_at("2026-10-25T22:59:59Z") == "2026-10-25");
    CHECK(date_at("2026-10-25T23:00:00Z") == "2026-10-26");
}

TEST_CASE("quarters change at local midnight", "[period][quarter]") {
    SECTION("Q1 to Q2 in summer time, two days after the March change") {
        CHECK(quarter_at("2026-03-31T21:59:59Z") == "2026-Q1");
        CHECK(quarter_at("2026-03-31T22:00:00Z") == "2026-Q2");
    }
    SECTION("Q1 to Q2 on the day of the March change (2024)") {
        CHECK(quarter_at("2024-03-31T21:59:59Z") == "2024-Q1");
        CHECK(quarter_at("2024-03-31T22:00:00Z") == "2024-Q2");
    }
    SECTION("Q2 to Q3") {
        CHECK(quarter_at("2026-06-30T21:59:59Z") == "2026-Q2");
        CHECK(quarter_at("2026-06-30T22:00:00Z") == "2026-Q3");
    }
    SECTION("Q3 to Q4 in summer time, before the October change") {
        CHECK(quarter_at("2026-09-30T21:30:00Z") == "2026-Q3");
        CHECK(quarter_at("2026-09-30T21:59:59Z") == "2026-Q3");
        CHECK(quarter_at("2026-09-30T22:00:00Z") == "2026-Q4");
        CHECK(quarter_at("2026-09-30T22:30:00Z") == "2026-Q4");
        CHECK(quarter_at("2026-09-30T23:30:00Z") == "2026-Q4");
    }
    SECTION("year end in winter time") {
        CHECK(quarter_at("2026-12-31T22:59:59Z") == "2026-Q4");
        CHECK(quarter_at("2026-12-31T23:00:00Z") == "2027-Q1");
        CHECK(date_at("2026-12-31T23:00:00Z") == "2027-01-01");
    }
    SECTION("a timestamp with an offset is the same instant") {
        CHECK(quarter_at("2026-10-01T00:30:00+02:00") == "2026-Q4");
        CHECK(quarter_at("2026-09-30T23:59:00+02:00") == "2026-Q3");
    }
}

TEST_CASE("instants before 1970 fall on the right local day", "[period]") {
    CHECK(to_string(local_date_of(-1800)) == "1970-01-01");  // 1969-12-31T23:30Z is 00:30 local
    CHECK(to_string(local_date_of(-3601)) == "1969-12-31");  // 22:59:59Z is 23:59:59 local
    CHECK(quarter_of(-3601) == Quarter{1969, 4});
}

TEST_CASE("day numbers count from 1970-01-01 for any year", "[period]") {
    CHECK(day_number(LocalDate{1970, 1, 1}) == 0);
    CHECK(day_number(LocalDate{1969, 12, 31}) == -1);
    CHECK(day_number(LocalDate{2026, 8, 14}) * 86400 == utc("2026-08-14T00:00:00Z"));
    CHECK(to_string(local_date_of(day_number(LocalDate{1999, 1, 1}) * 86400)) == "1999-01-01");
    CHECK(to_string(local_date_of(day_number(LocalDate{2200, 1, 1}) * 86400)) == "2200-01-01");
}
