// Guarded JSON parsing shared by every loader: a size limit and a nesting limit checked
// before the parser runs, so a hostile document can exhaust neither memory nor the stack.
#pragma once
#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/result.hpp"

namespace klantpeil {

struct JsonLimits {
    std::size_t max_bytes = 64 * 1024;  // document size
    int max_depth = 16;                 // objects and arrays inside each other
};

// Deepest nesting of objects/arrays in `text`, counting only brackets outside strings.
int json_depth(std::string_view text);

// "not valid JSON (line 3, column 7)" for a document that fails to parse; for text on one
// line only the column: "not valid JSON (column 7)".
std::string json_syntax_error(std::string_view text);

// Parses `text` within `limits`; never throws. A key twice in one object is a problem, not
// its last value silently. Problems have path "$".
Result<nlohmann::json> parse_json(std::string_view text, const JsonLimits& limits);

// parse_json with the fast scanner of json_scan.hpp in front, for the flat records a server
// receives by the thousand: the same value, the same problems, in less time. (Not in
// parse_json itself: the resident's survey module would carry the scanner for nothing.)
Result<nlohmann::json> parse_record_json(std::string_view text, const JsonLimits& limits);

} // namespace klantpeil
