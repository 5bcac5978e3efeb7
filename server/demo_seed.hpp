// Demo data for `klantpeil up`: on the first start (no responses stored yet) the server loads
// the engine's demo data set (a few thousand responses for a handful of municipalities,
// Amsterdam 0363 among them), registers those municipalities with the server's own origins,
// and keeps a staff token for 0363 in a file so restarts show the same one.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "engine/questionnaire.hpp"
#include "server/storage.hpp"

namespace klantpeil::server {

struct DemoOptions {
    std::size_t responses = 0;         // 0 = 4000
    int municipalities = 0;            // 0 = 6
    std::vector<std::string> origins;  // allowed for every demo municipality
    std::string token_file;            // where the demo staff token is kept
};

struct DemoResult {
    std::size_t responses_loaded = 0;  // 0 when the storage already held responses
    std::string municipality;          // "0363"
    std::string token;                 // the staff token for it
};

// Throws StorageError, or std::runtime_error when the demo data cannot be made or the
// token file cannot be written.
DemoResult seed_demo(Storage& storage, const QuestionnaireSet& set, const DemoOptions& options);

} // namespace klantpeil::server
