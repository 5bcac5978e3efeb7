// memcmp and memchr as the engine relies on them, at every length and alignment: memcmp's
// sign of the first differing byte (unsigned), 0 for equal ranges; memchr's first match
// only, bytes above 0x7f included. The wasm build runs these against engine/wasm/memcmp.cpp
// and memchr.cpp, the native build against the C library's.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>

namespace {

int sign(int v) { return (v > 0) - (v < 0); }

int reference(const unsigned char* l, const unsigned char* r, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        if (l[i] != r[i]) return l[i] < r[i] ? -1 : 1;
    return 0;
}

} // namespace

TEST_CASE("memcmp orders bytes as unsigned, at every length and alignment", "[memcmp]") {
    std::string a(80, 'k'), b = a;
    for (std::size_t offset = 0; offset < 8; ++offset)
        for (std::size_t n = 0; n + offset <= 40; ++n)
            for (std::size_t diff = 0; diff <= n; ++diff) {
                std::string x = a, y = b;
                if (diff < n) y[offset + diff] = static_cast<char>(diff % 2 ? 0xE9 : 'a');  // above and below 'k'
                const auto* l = reinterpret_cast<const unsigned char*>(x.data() + offset);
                const auto* r = reinterpret_cast<const unsigned char*>(y.data() + offset + (n % 3 == 0));
                if (n % 3 == 0) std::memmove(y.data() + offset + 1, y.data() + offset, n);  // r at another alignment
                INFO("offset " << offset << ", length " << n << ", first difference at " << diff);
                CHECK(sign(std::memcmp(l, r, n)) == reference(l, r, n));
                CHECK(sign(std::memcmp(r, l, n)) == reference(r, l, n));
            }
}

TEST_CASE("memchr finds the first match, at every length, alignment and position", "[memchr]") {
    // Matches of 0x0A and of 0xE9 (a high byte) among bytes that differ from them by one bit or
    // by one, 0x00, 0x7F, 0x80 and 0xFF; a second match further on must not be the answer.
    for (unsigned char byte : {static_cast<unsigned char>('\n'), static_cast<unsigned char>(0xE9)}) {
        const unsigned char others[] = {static_cast<unsigned char>(byte - 1), static_cast<unsigned char>(byte + 1),
                                        static_cast<unsigned char>(byte ^ 0x80), static_cast<unsigned char>(byte ^ 1),
                                        0x00, 0x7F, 0x80, 0xFF};
        std::string hay(64, '\0');
        for (std::size_t i = 0; i < hay.size(); ++i) hay[i] = static_cast<char>(others[i * 5 % 8]);
        for (std::size_t offset = 0; offset < 8; ++offset)
            for (std::size_t n = 0; n + offset <= 40; ++n)
                for (std::size_t at = 0; at <= n; ++at) {  // at == n: no match inside the range
                    std::string s = hay;
                    if (at < n) s[offset + at] = static_cast<char>(byte);
                    if (at + 1 < n) s[offset + n - 1] = static_cast<char>(byte);
                    s[offset + n] = static_cast<char>(byte);  // just past the range
                    const char* begin = s.data() + offset;
                    INFO("byte " << int(byte) << ", offset " << offset << ", length " << n << ", match at " << at);
                    const void* found = std::memchr(begin, byte, n);
                    CHECK(found == (at < n ? begin + at : nullptr));
                }
    }
}
