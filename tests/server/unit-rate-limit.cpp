// The token bucket behind 429: burst, refill, Retry-After, bounded memory.
#include <catch2/catch.hpp>

#include "server/rate_limit.hpp"

using namespace klantpeil::server;
using Clock = RateLimiter::Clock;

TEST_CASE("rate limit: a burst, then one token per 1/rate seconds", "[rate-limit]") {
    RateLimitConfig config;
    config.burst = 3;
    config.per_second = 0.25;  // one token every 4 s
    RateLimiter limiter(config);
    auto t0 = Clock::now();
    for (int i = 0; i < 3; ++i) CHECK_FALSE(limiter.take("192.0.2.1", t0).has_value());
    CHECK(limiter.take("192.0.2.1", t0) == std::optional<int>(4));
    CHECK(limiter.take("192.0.2.1", t0 + std::chrono::seconds(1)) == std::optional<int>(3));
    CHECK_FALSE(limiter.take("192.0.2.1", t0 + std::chrono::seconds(4)).has_value());
    CHECK_FALSE(limiter.take("192.0.2.2", t0).has_value());  // another client has its own bucket
}

TEST_CASE("rate limit: disabled lets everything through", "[rate-limit]") {
    RateLimitConfig config;
    config.enabled = false;
    config.burst = 1;
    RateLimiter limiter(config);
    auto t0 = Clock::now();
    for (int i = 0; i < 10; ++i) CHECK_FALSE(limiter.take("192.0.2.1", t0).has_value());
    CHECK(limiter.clients() == 0);
}

TEST_CASE("rate limit: the bucket table stays bounded under many addresses", "[rate-limit]") {
    RateLimitConfig config;
    config.burst = 2;
    config.max_clients = 100;
    RateLimiter limiter(config);
    auto t0 = Clock::now();
    for (int i = 0; i < 1000; ++i) limiter.take("198.51.100." + std::to_string(i), t0);
    CHECK(limiter.clients() <= 100);
}
