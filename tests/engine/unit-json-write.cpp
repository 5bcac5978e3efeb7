// engine/json_write and dump_record: the same bytes as nlohmann's dump(), which the server's
// stored bodies and their hashes were made with before (a replay must still match them).
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "engine/json_write.hpp"
#include "engine/response.hpp"
#include "fixtures.hpp"

using namespace klantpeil;
using nlohmann::json;

namespace {

// What append_json writes for `v`, or "throws" when it throws as dump() does.
std::string written(const json& v) {
    std::string out = "prefix,";
    try {
        append_json(out, v);
    } catch (const json::type_error&) {
        return "throws";
    }
    REQUIRE(out.rfind("prefix,", 0) == 0);  // appended, nothing before it touched
    return out.substr(7);
}

std::string dumped(const json& v) {
    try {
        return v.dump();
    } catch (const json::type_error&) {
        return "throws";
    }
}

// Strings of the bytes that matter to the writer: plain ASCII, the quote and the backslash,
// control characters, DEL, lead and continuation bytes (valid sequences and broken ones).
std::string random_text(std::mt19937& rng) {
    static const std::string pieces[] = {"a", "Z", " ", "\"", "\\", "/", "\x01", "\x1f", "\n", "\t", "\x7f",
                                         "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xc3", "\x80", "\xed\xa0\x80",
                                         "12345678", "lang genoeg voor acht bytes"};
    std::uniform_int_distribution<std::size_t> count(0, 12), pick(0, std::size(pieces) - 1);
    std::string s;
    for (std::size_t n = count(rng); n > 0; --n) s += pieces[pick(rng)];
    return s;
}

} // namespace

TEST_CASE("append_json writes what dump() writes", "[json-write]") {
    const json values[] = {
        nullptr, true, false, 0, -1, 7, json::number_unsigned_t(18446744073709551615ULL),
        json::number_integer_t(-9223372036854775807LL - 1), 1.5, -0.0, 1e300, 0.1,
        "", "plain", "quote \" and backslash \\", "tab\tnew line\n", std::string("nul \0 byte", 10),
        "\x7f", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "broken \xc3", "surrogate \xed\xa0\x80",
        json::array(), json::array({1, "twee", nullptr, false, 2.5}), json::object(),
        json::object({{"b", 1}, {"a", json::array({"x"})}, {"c\"", json::object({{"d", nullptr}})}}),
        json::binary({1, 2, 3}),
    };
    for (const json& v : values) {
        INFO(dumped(v));
        CHECK(written(v) == dumped(v));
    }
}

TEST_CASE("append_json_string writes what dump() writes, for generated strings", "[json-write]") {
    std::mt19937 rng(20261128);
    int plain = 0;
    for (int i = 0; i < 5000; ++i) {
        std::string s = random_text(rng);
        std::string out;
        std::string expected = dumped(json(s));
        try {
            append_json_string(out, s);
        } catch (const json::type_error&) {
            out = "throws";
        }
        INFO(expected);
        REQUIRE(out == expected);
        plain += expected != "throws" && expected == "\"" + s + "\"";
    }
    CHECK(plain > 100);  // the fast path was taken, not only the fallback
}

TEST_CASE("dump_record writes what to_json(r).dump() writes", "[json-write][response]") {
    auto valid = validate_record(fixtures::mini_record(), fixtures::mini_set());
    REQUIRE(valid);
    ResponseRecord r = *valid;
    CHECK(dump_record(r) == to_json(r).dump());

    r.invitation = "token-\"met\"-aanhalingstekens";
    r.source = Source::inviter;
    r.channel = Channel::telefoon;
    r.answers["toelichting"] = "Regel 1\nRegel 2 \xe2\x80\x94 caf\xc3\xa9";
    r.answers["keuzes"] = json::array({"a", "b"});
    CHECK(dump_record(r) == to_json(r).dump());

    r.invitation.reset();
    r.answers = json::object();
    CHECK(dump_record(r) == to_json(r).dump());
}
