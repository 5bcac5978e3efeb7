// engine/ascii: the one ASCII case and blank rule of HTTP names, file names, CSV cells and UUIDs.
#include <catch2/catch.hpp>

#include <string>

#include "engine/ascii.hpp"

using namespace klantpeil;

TEST_CASE("ascii_lower: A-Z become a-z, every other byte stays, UTF-8 included") {
    CHECK(ascii_lower("Content-Type: Application/JSON") == "content-type: application/json");
    CHECK(ascii_lower("6F1C0B2A-ABCD-4EF0-9ABC-DEF012345678") == "6f1c0b2a-abcd-4ef0-9abc-def012345678");
    // "ÉÄ@[`{": the bytes of É and Ä, and the neighbours of A-Z, are not letters to this rule.
    const std::string odd = "\xC3\x89\xC3\x84@[`{";
    CHECK(ascii_lower(odd) == odd);
    CHECK(ascii_lower("") == "");
}

TEST_CASE("iequals_ascii: equal but for the case of ASCII letters") {
    CHECK(iequals_ascii("Transfer-Encoding", "transfer-encoding"));
    CHECK(iequals_ascii("GZIP", "gzip"));
    CHECK_FALSE(iequals_ascii("gzip", "gzi"));
    CHECK_FALSE(iequals_ascii("gzip ", "gzip"));
    CHECK_FALSE(iequals_ascii("@", "`"));  // 0x40 and 0x60 differ by the case bit, but are no letters
    CHECK_FALSE(iequals_ascii("\xC3\x89", "\xC3\xA9"));  // É and é: not ASCII, so not folded here
}

TEST_CASE("trim: spaces and tabs around a value go, what is between stays") {
    CHECK(trim(" \t 12 \t") == "12");
    CHECK(trim("id; questionnaire") == "id; questionnaire");
    CHECK(trim("a b") == "a b");
    CHECK(trim(" \t ") == "");
    CHECK(trim("\n12\r") == "\n12\r");  // line ends belong to the reader that splits lines, not to trim
}
