// memcmp for the wasm builds (linked into the staff previewer, the engine module and the wasm
// engine tests; the resident's survey module keeps the small one). memchr.cpp beside it.
//
// Emscripten's (musl's) compares byte by byte unless both pointers are 4-byte aligned, which
// the characters of a short std::string (stored inside the object, at an odd offset) and a
// string_view into a file never are. An import compares JSON keys some eighty times a record,
// and in wasm those byte loops were a sixth of a million-record import; glibc's natively are
// vector code. Eight bytes at a time here: wasm loads need no alignment. Compiled with
// -fno-builtin, so the compiler cannot turn the loops back into a call to memcmp.
#include <cstddef>
#include <cstdint>

extern "C" int memcmp(const void* a, const void* b, std::size_t n) {
    const auto* l = static_cast<const unsigned char*>(a);
    const auto* r = static_cast<const unsigned char*>(b);
    for (; n >= 8; n -= 8, l += 8, r += 8) {
        std::uint64_t x, y;
        __builtin_memcpy(&x, l, sizeof x);
        __builtin_memcpy(&y, r, sizeof y);
        if (x != y) break;  // the byte loop finds which byte differs
    }
    for (; n && *l == *r; --n, ++l, ++r) {}
    return n ? *l - *r : 0;
}
