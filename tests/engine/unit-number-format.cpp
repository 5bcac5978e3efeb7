// Rounding and Dutch number text: the one rule shared by the factsheet's JSON and text.
#include <catch2/catch.hpp>

#include "engine/number_format.hpp"

using namespace klantpeil;

TEST_CASE("round_to rounds halves away from zero, also where binary falls short", "[number-format]") {
    CHECK(round_to(169.0 / 20.0, 1) == Approx(8.5));  // 8.45 is stored as 8.4499999...
    CHECK(round_to(1.005, 2) == Approx(1.01));         // 1.00499999...
    CHECK(round_to(7.65, 1) == Approx(7.7));
    CHECK(round_to(7.64, 1) == Approx(7.6));
    CHECK(round_to(-12.25, 1) == Approx(-12.3));
    CHECK(round_to(1.0 / 3.0, 2) == Approx(0.33));
    CHECK(round_to(0.125, 2) == Approx(0.13));
    CHECK(round_to(2.5, 0) == Approx(3.0));
}

TEST_CASE("Dutch notation: decimal comma, thousands point", "[number-format]") {
    CHECK(format_decimal(7.63, 1) == "7,6");
    CHECK(format_decimal(8.45, 1) == "8,5");
    CHECK(format_decimal(34, 1) == "34,0");
    CHECK(format_decimal(-12.25, 1) == "-12,3");
    CHECK(format_decimal(-0.04, 1) == "0,0");
    CHECK(format_decimal(1234.5, 1) == "1.234,5");
    CHECK(format_decimal(0.05, 2) == "0,05");
    CHECK(format_decimal(999.96, 1) == "1.000,0");
    CHECK(format_decimal(35.4, 0) == "35");
    CHECK(format_count(0) == "0");
    CHECK(format_count(999) == "999");
    CHECK(format_count(1000) == "1.000");
    CHECK(format_count(1234567) == "1.234.567");
    CHECK(format_count(-4500) == "-4.500");
    CHECK(format_percent(55.26, 1) == "55,3%");
}
