// Writing JSON text exactly as nlohmann's dump() does (no indent, UTF-8 as it is, object keys
// in their sorted order), without its per-byte work for the text that records are made of.
// The server writes every record it stores this way, and hashes the text to recognise a
// replay, so the bytes must never differ from dump()'s: anything this writer does not handle
// itself (a fraction, a string that needs an escape or is not valid UTF-8) goes to dump().
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace klantpeil {

// Appends what `v.dump()` returns; throws as dump() does (invalid UTF-8).
void append_json(std::string& out, const nlohmann::json& v);

// Appends the JSON string of `s` (what `nlohmann::json(s).dump()` returns).
void append_json_string(std::string& out, std::string_view s);

} // namespace klantpeil
