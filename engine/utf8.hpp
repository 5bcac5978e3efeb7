// UTF-8: the one rule for what is valid (RFC 3629, as nlohmann's parser and dump() check it)
// and the length of a text in characters, used by the text caps, the importers' Windows-1252
// detection and the JSON scanner alike.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace klantpeil {

// Length in Unicode code points; nullopt when `s` is not valid UTF-8 (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF).
std::optional<std::size_t> utf8_length(std::string_view s);

// Appends code point `cp` (of the Basic Multilingual Plane) to `out` as UTF-8.
void append_utf8(std::string& out, char16_t cp);

} // namespace klantpeil
