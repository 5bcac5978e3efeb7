#include "server/registry.hpp"

namespace klantpeil::server {

MunicipalityRegistry::MunicipalityRegistry(Storage& storage, Clock::duration refresh)
    : storage_(storage), refresh_(refresh) {}

std::shared_ptr<const MunicipalityRegistry::Snapshot> MunicipalityRegistry::snapshot(bool miss) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto now = Clock::now();
    bool stale = !current_ || now - current_->loaded >= refresh_ ||
                 (miss && now - current_->loaded >= std::chrono::seconds(1));
    if (!stale) return current_;
    auto next = std::make_shared<Snapshot>();
    try {
        for (const Municipality& m : storage_.municipalities()) {
            auto& origins = next->origins[m.code];
            origins.insert(m.origins.begin(), m.origins.end());
            next->all_origins.insert(m.origins.begin(), m.origins.end());
        }
    } catch (const StorageError&) {
        // Keep answering from the last good list while the database is away.
        if (current_) return current_;
        throw;
    }
    next->loaded = now;
    current_ = std::move(next);
    return current_;
}

// Looks up in the cached snapshot; a miss looks again in a fresh one (see the header).
template <class Test>
bool MunicipalityRegistry::lookup(Test test) {
    if (test(*snapshot(false))) return true;
    return test(*snapshot(true));
}

bool MunicipalityRegistry::known(const std::string& code) {
    return lookup([&](const Snapshot& s) { return s.origins.count(code) > 0; });
}

bool MunicipalityRegistry::origin_allowed(const std::string& code, const std::string& origin) {
    return lookup([&](const Snapshot& s) {
        auto it = s.origins.find(code);
        return it != s.origins.end() && it->second.count(origin) > 0;
    });
}

bool MunicipalityRegistry::origin_allowed_anywhere(const std::string& origin) {
    return lookup([&](const Snapshot& s) { return s.all_origins.count(origin) > 0; });
}

} // namespace klantpeil::server
