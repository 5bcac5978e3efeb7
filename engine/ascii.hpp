// ASCII case and blanks: one rule for the parts of formats that ignore the case of ASCII
// letters or the blanks around a value (HTTP names, media types and header values, file
// names, CSV headers and cells, a UUID's hex digits). Bytes outside A-Z pass unchanged, so
// UTF-8 text is never altered; no locale is consulted. Text that residents read or search
// folds case by fold_case (cases.hpp), which knows Latin letters.
#pragma once
#include <string>
#include <string_view>

namespace klantpeil {

inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

// `s` with A-Z as a-z.
inline std::string ascii_lower(std::string s) {
    for (char& c : s) c = ascii_lower(c);
    return s;
}

// True when `a` and `b` differ at most in the case of ASCII letters.
inline bool iequals_ascii(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

// `s` without leading and trailing spaces and tabs.
inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

} // namespace klantpeil
