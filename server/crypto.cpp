#include "server/crypto.hpp"

#include <memory>
#include <stdexcept>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace klantpeil::server {

namespace {

std::string to_hex(const unsigned char* data, std::size_t size) {
    static const char digits[] = "0123456789abcdef";
    std::string out(size * 2, '0');
    for (std::size_t i = 0; i < size; ++i) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 15];
    }
    return out;
}

// Fetched once: with EVP_sha256() every digest looks the implementation up again (OpenSSL 3),
// a third of hashing a submitted record.
const EVP_MD* sha256() {
    static const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (!md) throw std::runtime_error("SHA-256 is not available");
    return md;
}

// One digest context per thread, reused: EVP_Digest makes and frees one at every call (a
// tenth of hashing a submitted record).
EVP_MD_CTX* digest_context() {
    thread_local std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!ctx) throw std::runtime_error("out of memory for a digest");
    return ctx.get();
}

void fill_random(unsigned char* out, std::size_t size) {
    if (RAND_bytes(out, static_cast<int>(size)) != 1) throw std::runtime_error("the random generator failed");
}

} // namespace

std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_MD_CTX* ctx = digest_context();
    if (EVP_DigestInit_ex2(ctx, sha256(), nullptr) != 1 || EVP_DigestUpdate(ctx, data.data(), data.size()) != 1 ||
        EVP_DigestFinal_ex(ctx, digest, &size) != 1)
        throw std::runtime_error("SHA-256 failed");
    return to_hex(digest, size);
}

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> buffer(bytes);
    fill_random(buffer.data(), buffer.size());
    return to_hex(buffer.data(), buffer.size());
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (!HMAC(sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
              data.size(), mac, &size))
        throw std::runtime_error("HMAC-SHA-256 failed");
    return to_hex(mac, size);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

HashKey random_hash_key() {
    HashKey key{};
    fill_random(key.data(), key.size());
    return key;
}

std::uint64_t keyed_hash64(const HashKey& key, std::string_view data) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    HMAC(sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &size);
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value = value << 8 | mac[i];
    return value;
}

} // namespace klantpeil::server
