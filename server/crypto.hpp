// Hashes and random tokens for the server, from OpenSSL's libcrypto (a dependency of
// Debian's cpp-httplib already): content hashes of stored records, staff token hashes,
// one-time invitation tokens, the HMAC signatures of appointment-system hooks, and the keyed
// hash that lets the rate limiter tell clients apart without keeping addresses.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace klantpeil::server {

// SHA-256 of `data` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);

// `bytes` bytes from the operating system's CSPRNG, as lowercase hex. Throws
// std::runtime_error when the generator fails (the caller cannot go on without one).
std::string random_hex(std::size_t bytes);

// HMAC-SHA-256 of `data` under `key`, as 64 lowercase hex digits.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// Equal strings, compared in a time that depends only on their lengths (signatures and
// secrets: an early exit would tell an attacker how many leading characters were right).
bool constant_time_equal(std::string_view a, std::string_view b);

// A secret key for keyed_hash64, drawn once per process and never written anywhere.
using HashKey = std::array<unsigned char, 32>;
HashKey random_hash_key();

// HMAC-SHA-256 of `data` under `key`, cut to 64 bits: equal inputs give equal values, and
// without the key nobody can tell which input gave which value.
std::uint64_t keyed_hash64(const HashKey& key, std::string_view data);

} // namespace klantpeil::server
