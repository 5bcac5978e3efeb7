// The municipalities the server accepts responses for, and the site origins each allows,
// read from the storage and cached: a submission must not cost a database round trip for
// them, yet a municipality added with `klantpeil server municipality add` (by another process)
// must be seen soon. The cache is refreshed every `refresh` and, on a miss, at most once a
// second, so a flood of unknown codes costs one query a second.
#pragma once
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "server/storage.hpp"

namespace klantpeil::server {

class MunicipalityRegistry {
public:
    using Clock = std::chrono::steady_clock;

    MunicipalityRegistry(Storage& storage, Clock::duration refresh);

    bool known(const std::string& code);
    bool origin_allowed(const std::string& code, const std::string& origin);
    // For a CORS preflight, which comes before the body that names the municipality.
    bool origin_allowed_anywhere(const std::string& origin);

private:
    struct Snapshot {
        std::map<std::string, std::set<std::string>> origins;  // code -> allowed origins
        std::set<std::string> all_origins;
        Clock::time_point loaded;
    };

    // The current snapshot; reloaded when stale, or on a `miss` when not loaded this second.
    std::shared_ptr<const Snapshot> snapshot(bool miss);
    template <class Test>
    bool lookup(Test test);

    Storage& storage_;
    Clock::duration refresh_;
    std::mutex mutex_;
    std::shared_ptr<const Snapshot> current_;
};

} // namespace klantpeil::server
