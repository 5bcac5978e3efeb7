// engine/utf8: one rule for valid UTF-8 (RFC 3629, as nlohmann checks it) and the length in
// characters, including the eight-bytes-at-a-time path for ASCII.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/utf8.hpp"

using namespace klantpeil;

namespace {

// Whether nlohmann's dump() takes `s` as a string (it throws on invalid UTF-8).
bool nlohmann_takes(const std::string& s) {
    try {
        (void)nlohmann::json(s).dump();
        return true;
    } catch (const nlohmann::json::type_error&) {
        return false;
    }
}

std::string hex(const std::string& s) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) out += {digits[c >> 4], digits[c & 15], ' '};
    return out;
}

} // namespace

TEST_CASE("utf8_length counts characters at every position of the ASCII fast path", "[utf8]") {
    for (std::size_t before = 0; before <= 17; ++before) {
        for (std::size_t after = 0; after <= 9; ++after) {
            std::string s = std::string(before, 'a') + "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80" + std::string(after, 'z');
            INFO(before << " ASCII bytes before, " << after << " after");
            CHECK(utf8_length(s) == before + 3 + after);
            CHECK(utf8_length(s.substr(0, before)) == before);
        }
    }
    CHECK(utf8_length("") == 0u);
}

TEST_CASE("utf8_length refuses what RFC 3629 refuses, at the edges of each range", "[utf8]") {
    for (const char* valid : {"\x7F", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80", "\xEF\xBF\xBF",
                              "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF"}) {
        INFO(valid);
        CHECK(utf8_length(valid) == 1u);
    }
    for (const char* invalid : {"\x80", "\xBF", "\xC0\x80", "\xC1\xBF", "\xE0\x9F\xBF", "\xED\xA0\x80", "\xED\xBF\xBF",
                                "\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\xC3", "\xE2\x82",
                                "\xF0\x9F\x98", "\xC3\x28"}) {
        INFO(invalid);
        CHECK_FALSE(utf8_length(invalid).has_value());
        CHECK_FALSE(utf8_length(std::string("12345678") + invalid + "12345678").has_value());
    }
}

TEST_CASE("utf8_length takes exactly the strings nlohmann takes", "[utf8]") {
    static const std::string pieces[] = {"a", "12345678", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xC3", "\x80",
                                         "\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE0\x9F\xBF", "\xFF"};
    std::mt19937 rng(20261128);
    std::uniform_int_distribution<std::size_t> count(0, 6), pick(0, std::size(pieces) - 1);
    int valid = 0;
    for (int i = 0; i < 5000; ++i) {
        std::string s;
        for (std::size_t n = count(rng); n > 0; --n) s += pieces[pick(rng)];
        INFO(hex(s));
        REQUIRE(utf8_length(s).has_value() == nlohmann_takes(s));
        valid += utf8_length(s).has_value();
    }
    CHECK(valid > 500);  // both outcomes were tried
    CHECK(valid < 4500);
}
