#include "engine/json_guard.hpp"

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "engine/json_scan.hpp"

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

// The first key repeated within one object, which nlohmann::json would keep silently as its
// last value: {"moeite": 1, "moeite": 5} reads as 5. A callback of the one parse that builds
// the document (a second SAX pass cost a request half a parse more).
class RepeatedKeyFinder {
public:
    std::string repeated;  // "answers.moeite"; "" when there is none

    // nlohmann's depths: a container's own at its start, its keys and elements one deeper.
    bool operator()(int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using Event = nlohmann::json::parse_event_t;
        const auto at = static_cast<std::size_t>(depth);
        if (event == Event::object_start || event == Event::array_start) {
            element(at);
            levels_.resize(at + 1);
            levels_[at] = Level{event == Event::object_start, {}, {}, 0};
        } else if (event == Event::key) {
            key(levels_[at - 1], parsed.get_ref<const std::string&>());
        } else if (event == Event::value) {
            element(at);
        }
        return true;
    }

private:
    struct Level {
        bool object;
        std::vector<std::string> keys;  // objects: the keys seen (a record's few dozen)
        std::string key;                // objects: the key of the element being read
        std::size_t count = 0;          // arrays: elements begun
    };

    // An element begins at `at`: counted when its parent is an array.
    void element(std::size_t at) {
        if (at > 0 && at <= levels_.size() && !levels_[at - 1].object) ++levels_[at - 1].count;
    }
    void key(Level& level, const std::string& k) {
        if (repeated.empty() && std::find(level.keys.begin(), level.keys.end(), k) != level.keys.end())
            repeated = path_to(level, k);
        level.keys.push_back(k);
        level.key = k;
    }
    // `k` inside `level`, after the keys and indexes leading to it: "answers.moeite".
    std::string path_to(const Level& level, const std::string& k) const {
        std::string out;
        for (const Level* l = levels_.data(); l != &level; ++l) {
            if (l->object) out += (out.empty() ? "" : ".") + l->key;
            else out += "[" + std::to_string(l->count - 1) + "]";
        }
        return out + (out.empty() ? "" : ".") + k;
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
    RepeatedKeyFinder finder;
    nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), std::ref(finder), false);
    if (j.is_discarded()) return R::fail("$", json_syntax_error(text));
    if (!finder.repeated.empty()) return R::fail("$", "the key " + finder.repeated + " appears twice");
    return R::ok(std::move(j));
}

Result<nlohmann::json> parse_record_json(std::string_view text, const JsonLimits& limits) {
    // The scanner's few levels are within any limit worth setting; it leaves all else, a
    // repeated key included, to parse_json, which words the problem.
    nlohmann::json j;
    if (text.size() <= limits.max_bytes && limits.max_depth >= kScanDepth &&
        scan_record(text, j, RepeatedKeys::give_up))
        return Result<nlohmann::json>::ok(std::move(j));
    return parse_json(text, limits);
}

} // namespace klantpeil
