// memchr for the wasm builds that import many records (the same ones as memcmp.cpp).
//
// An NDJSON import finds every line break with memchr: the engine's line reader and the
// staff loader each walk the whole file once. Emscripten's (musl's) looks at four bytes at a
// time; eight here, with the zero-byte test of plain 64-bit arithmetic (no SIMD, so the
// module runs wherever it runs now): twice as fast in node on a 55 MB file. The test flags
// every byte equal to `c`, and may also flag a byte above a match, never one below: the
// lowest flag is the first match. Compiled with -fno-builtin, so the byte loop stays a loop.
#include <cstddef>
#include <cstdint>

extern "C" void* memchr(const void* s, int c, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(s);
    const auto byte = static_cast<unsigned char>(c);
    constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    const std::uint64_t pattern = ones * byte;
    for (; n >= 8; n -= 8, p += 8) {
        std::uint64_t w;
        __builtin_memcpy(&w, p, sizeof w);
        const std::uint64_t x = w ^ pattern;  // a zero byte where `c` is
        if (const std::uint64_t found = (x - ones) & ~x & highs)
            return const_cast<unsigned char*>(p + (__builtin_ctzll(found) >> 3));  // wasm is little-endian
    }
    for (; n; --n, ++p)
        if (*p == byte) return const_cast<unsigned char*>(p);
    return nullptr;
}
