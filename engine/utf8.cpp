#include "engine/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace klantpeil {

namespace {

// Eight bytes at p, all ASCII.
bool ascii8(const char* p) {
    std::uint64_t w;
    std::memcpy(&w, p, sizeof w);
    return (w & 0x8080808080808080ULL) == 0;
}

// The bytes of the character beyond ASCII at s[i], when they form a valid one; else 0.
std::size_t char_length(std::string_view s, std::size_t i) {
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    unsigned char c = b(0);
    std::size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((b(k) & 0xC0) != 0x80) return 0;
    bool overlong_or_out_of_range = (c == 0xE0 && b(1) < 0xA0) || (c == 0xF0 && b(1) < 0x90) || (c == 0xF4 && b(1) > 0x8F);
    bool surrogate = c == 0xED && b(1) > 0x9F;
    return overlong_or_out_of_range || surrogate ? 0 : n;
}

} // namespace

std::optional<std::size_t> utf8_length(std::string_view s) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < s.size();) {
        if (s.size() - i >= 8 && ascii8(s.data() + i)) {  // most texts are nearly all ASCII
            i += 8;
            count += 8;
            continue;
        }
        std::size_t n = static_cast<unsigned char>(s[i]) < 0x80 ? 1 : char_length(s, i);
        if (n == 0) return std::nullopt;
        i += n;
        ++count;
    }
    return count;
}

void append_utf8(std::string& out, char16_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

} // namespace klantpeil
