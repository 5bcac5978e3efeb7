#include "engine/json_guard.hpp"

#include <set>
#include <string>
#include <vector>

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

// A SAX consumer that stops at the first key repeated within one object, which
// nlohmann::json would keep silently as its last value: {"moeite": 1, "moeite": 5} reads as
// 5. Only run on a document that parsed.
class DuplicateKeyFinder : public nlohmann::json_sax<nlohmann::json> {
public:
    std::string duplicate;  // "answers.moeite"; "" when there is none

    bool null() override { return element(); }
    bool boolean(bool) override { return element(); }
    bool number_integer(number_integer_t) override { return element(); }
    bool number_unsigned(number_unsigned_t) override { return element(); }
    bool number_float(number_float_t, const string_t&) override { return element(); }
    bool string(string_t&) override { return element(); }
    bool binary(binary_t&) override { return element(); }
    bool start_object(std::size_t) override { return open(true); }
    bool key(string_t& key) override {
        Level& level = levels_.back();
        if (!level.keys.insert(key).second) {
            duplicate = path(key);
            return false;
        }
        level.key = key;
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(false); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

private:
    struct Level {
        bool object;
        std::set<std::string> keys;  // objects: the keys seen
        std::string key;             // objects: the key of the element being read
        std::size_t count = 0;       // arrays: elements begun
    };

    bool element() {
        if (!levels_.empty() && !levels_.back().object) ++levels_.back().count;
        return true;
    }
    bool open(bool object) {
        element();
        levels_.push_back(Level{object, {}, {}, 0});
        return true;
    }
    bool close() {
        levels_.pop_back();
        return true;
    }
    // `key` inside the innermost object, after the elements holding it: "answers.moeite".
    std::string path(const std::string& key) const {
        std::string out;
        for (std::size_t i = 0; i + 1 < levels_.size(); ++i) {
            if (levels_[i].object) out += (out.empty() ? "" : ".") + levels_[i].key;
            else out += "[" + std::to_string(levels_[i].count - 1) + "]";
        }
        return out + (out.empty() ? "" : ".") + key;
    }

    std::vector<Level> levels_;
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
    DuplicateKeyFinder finder;
    nlohmann::json::sax_parse(text.begin(), text.end(), &finder);
    if (!finder.duplicate.empty()) return R::fail("$", "the key " + finder.duplicate + " appears twice");
    return R::ok(std::move(j));
}

} // namespace klantpeil
