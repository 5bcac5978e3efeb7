#include <catch2/catch.hpp>

#include "engine/condition.hpp"

using klantpeil::Condition;
using nlohmann::json;

namespace {
bool eval(const char* expr, const json& answers) {
    auto c = Condition::parse(expr, "$.c");
    REQUIRE(c);
    return c->evaluate(answers);
}
std::string parse_error(const char* expr) {
    auto c = Condition::parse(expr, "$.c");
    REQUIRE_FALSE(c);
    REQUIRE(c.problems.size() == 1);
    CHECK(c.problems[0].path == "$.c");
    return c.problems[0].message;
}
} // namespace

TEST_CASE("comparison operators on numbers and strings", "[condition]") {
    json a = {{"x", 5}, {"s", "ja"}};
    CHECK(eval("x == 5", a));
    CHECK(eval("x == 5.0", a));
    CHECK_FALSE(eval("x != 5", a));
    CHECK(eval("x < 6", a));
    CHECK(eval("x <= 5", a));
    CHECK_FALSE(eval("x > 5", a));
    CHECK(eval("x >= 5", a));
    CHECK(eval("s == \"ja\"", a));
    CHECK(eval("s != 'nee'", a));
    CHECK(eval("-1 < x", a));
}

TEST_CASE("missing answers read as null and never order", "[condition]") {
    json a = json::object();
    CHECK(eval("x == null", a));
    CHECK_FALSE(eval("x != null", a));
    CHECK_FALSE(eval("x < 5", a));
    CHECK_FALSE(eval("x >= 5", a));
    CHECK_FALSE(eval("answered(x)", a));
    CHECK(eval("answered(x)", json{{"x", "nee"}}));
    CHECK_FALSE(eval("answered(x)", json{{"x", nullptr}}));
}

TEST_CASE("ordering across types is false", "[condition]") {
    json a = {{"x", "5"}};
    CHECK_FALSE(eval("x < 6", a));
    CHECK_FALSE(eval("x == 5", a));
}

TEST_CASE("and binds tighter than or; not and parentheses", "[condition]") {
    json a = {{"a", 1}, {"b", 0}, {"c", 1}};
    CHECK(eval("a == 1 or b == 1 and c == 0", a));       // a or (b and c)
    CHECK_FALSE(eval("(a == 1 or b == 1) and c == 0", a));
    CHECK(eval("not b == 1", a));
    CHECK_FALSE(eval("not not b == 1", a));
    CHECK(eval("not (a == 1 and b == 1)", a));
}

TEST_CASE("references list every question read", "[condition]") {
    auto c = Condition::parse("a == 1 or answered(b) and not c", "$");
    REQUIRE(c);
    CHECK(c->references() == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("syntax errors say what and where", "[condition]") {
    CHECK(parse_error("") == "expression ends too early (at character 1)");
    CHECK(parse_error("x ==") == "expression ends too early (at character 5)");
    CHECK(parse_error("x == 'ja") == "string is not closed (at character 6)");
    CHECK(parse_error("(x == 1") == "')' expected (at character 8)");
    CHECK(parse_error("x = 1") == "unexpected character '=' (at character 3)");
    CHECK(parse_error("x == 1 y") == "unexpected 'y' after the expression (at character 8)");
    CHECK(parse_error("and x") == "'and' needs an operand before it (at character 1)");
    CHECK(parse_error("answered x") == "'(' expected after answered (at character 10)");
    CHECK(parse_error("answered(1)") == "a question id expected in answered(...) (at character 10)");
}

TEST_CASE("deep nesting and long input are refused, not crashed on", "[condition]") {
    std::string deep(200, '(');
    deep += "x";
    CHECK(parse_error(deep.c_str()).find("nested too deeply") != std::string::npos);
    std::string nots;
    for (int i = 0; i < 200; ++i) nots += "not ";
    nots += "x";
    CHECK(parse_error(nots.c_str()).find("nested too deeply") != std::string::npos);
    std::string longer(1001, 'x');
    CHECK(parse_error(longer.c_str()) == "condition is longer than 1000 characters");
}
