// memcmp as the engine's string compares rely on it: the sign of the first differing byte
// (unsigned), 0 for equal ranges, at every length and alignment. The wasm build runs these
// against engine/wasm/memcmp.cpp, the native build against the C library's.
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
