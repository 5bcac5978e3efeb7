// Rate limiting of submissions without storing IP addresses.
//
// One token bucket per client, held only in this process's memory and keyed by a keyed hash
// of the client's address (HMAC-SHA-256 under a key drawn at start and never written), so
// neither the database, nor the logs, nor a look at the bucket table gives an address back;
// a restart forgets everything. Chosen over a per-municipality bucket because one abusive
// client must not block a whole municipality's residents; and over storing counters in the
// database because the privacy rule forbids keeping addresses, even for a while.
//
// With several server processes each keeps its own buckets, so the effective limit is the
// per-process limit times the processes; that is fine for stopping floods.
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "server/crypto.hpp"

namespace klantpeil::server {

struct RateLimitConfig {
    bool enabled = true;
    double per_second = 0;      // tokens added per second; 0 = 1 (3600 submissions an hour)
    double burst = 0;           // bucket size; 0 = 60 (a town-hall kiosk behind one address)
    std::size_t max_clients = 0;  // buckets kept; 0 = 100000 (then full buckets are dropped)
};

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    explicit RateLimiter(const RateLimitConfig& config);

    // Takes one token for `client` (an address). Empty when allowed; otherwise the whole
    // seconds to wait before the next token (for Retry-After), at least 1.
    std::optional<int> take(std::string_view client, Clock::time_point now = Clock::now());

    // The wait `client` faces, without taking a token: lets a caller refuse before doing the
    // work whose failures it counts with take() (token guesses on one-time links).
    std::optional<int> blocked(std::string_view client, Clock::time_point now = Clock::now());

    std::size_t clients() const;  // buckets held, for tests

private:
    struct Bucket {
        double tokens;
        Clock::time_point updated;
    };

    void refill(Bucket& b, Clock::time_point now) const;
    int wait_seconds(const Bucket& b) const;  // until the next whole token
    void forget_full_buckets(Clock::time_point now);

    RateLimitConfig config_;
    HashKey key_;
    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, Bucket> buckets_;
};

} // namespace klantpeil::server
