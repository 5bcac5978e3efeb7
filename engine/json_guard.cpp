#include "engine/json_guard.hpp"

#include <string>

namespace klantpeil {

namespace {

// A SAX consumer that keeps nothing but where the parser gave up: only run on a document
// that failed to parse, to turn "not valid JSON" into "not valid JSON at line 3, column 7".
struct ErrorLocator : nlohmann::json_sax<nlohmann::json> {
    std::size_t byte = 0;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
        byte = position;
        return false;
    }
};

} // namespace

std::string json_syntax_error(std::string_view text) {
    ErrorLocator locator;
    nlohmann::json::sax_parse(text.begin(), text.end(), &locator);
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < locator.byte && i < text.size(); ++i) {
        if (text[i] == '\n') { ++line; column = 1; } else { ++column; }
    }
    if (text.find('\n') == std::string_view::npos) return "not valid JSON (column " + std::to_string(column) + ")";
    return "not valid JSON (line " + std::to_string(line) + ", column " + std::to_string(column) + ")";
}

int json_depth(std::string_view text) {
    int depth = 0, deepest = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > deepest) deepest = depth;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return deepest;
}

Result<nlohmann::json> parse_json(std::string_view text, const JsonLimits& limits) {
    using R = Result<nlohmann::json>;
    if (text.size() > limits.max_bytes) {
        return R::fail("$", "document is larger than " + std::to_string(limits.max_bytes) + " bytes");
    }
    if (json_depth(text) > limits.max_depth) {
        return R::fail("$", "document is nested deeper than " + std::to_string(limits.max_depth) + " levels");
    }
    nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded()) return R::fail("$", json_syntax_error(text));
    return R::ok(std::move(j));
}

} // namespace klantpeil
