#include "server/rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace klantpeil::server {

RateLimiter::RateLimiter(const RateLimitConfig& config) : config_(config), key_(random_hash_key()) {
    if (config_.per_second <= 0) config_.per_second = 1;
    if (config_.burst <= 0) config_.burst = 60;
    if (config_.max_clients == 0) config_.max_clients = 100000;
}

void RateLimiter::refill(Bucket& b, Clock::time_point now) const {
    double seconds = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(config_.burst, b.tokens + seconds * config_.per_second);
    b.updated = now;
}

// A full bucket says nothing a fresh one would not, so it can go.
void RateLimiter::forget_full_buckets(Clock::time_point now) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
        refill(it->second, now);
        it = it->second.tokens >= config_.burst ? buckets_.erase(it) : std::next(it);
    }
    // Still full: a flood from very many addresses. Starting over keeps memory bounded.
    if (buckets_.size() >= config_.max_clients) buckets_.clear();
}

std::optional<int> RateLimiter::take(std::string_view client, Clock::time_point now) {
    if (!config_.enabled) return std::nullopt;
    std::uint64_t key = keyed_hash64(key_, client);
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
        if (buckets_.size() >= config_.max_clients) forget_full_buckets(now);
        it = buckets_.emplace(key, Bucket{config_.burst, now}).first;
    }
    Bucket& b = it->second;
    refill(b, now);
    if (b.tokens >= 1) {
        b.tokens -= 1;
        return std::nullopt;
    }
    return wait_seconds(b);
}

int RateLimiter::wait_seconds(const Bucket& b) const {
    return std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / config_.per_second)));
}

std::optional<int> RateLimiter::blocked(std::string_view client, Clock::time_point now) {
    if (!config_.enabled) return std::nullopt;
    std::uint64_t key = keyed_hash64(key_, client);
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = buckets_.find(key);
    if (it == buckets_.end()) return std::nullopt;
    refill(it->second, now);
    if (it->second.tokens >= 1) return std::nullopt;
    return wait_seconds(it->second);
}

std::size_t RateLimiter::clients() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return buckets_.size();
}

} // namespace klantpeil::server
