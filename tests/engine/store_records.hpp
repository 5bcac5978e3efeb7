// Response records built directly as values, for the store and factsheet tests.
#pragma once
#include <string>
#include <utility>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine/response.hpp"
#include "engine/result.hpp"
#include "engine/store.hpp"

namespace klantpeil::test {

// A record with only what the store reads; change one thing at a time.
struct Rec {
    ResponseRecord r;

    explicit Rec(std::string municipality = "0363", Channel channel = Channel::balie,
                 std::string submitted_at = "2026-08-14T10:22:00Z") {
        r.municipality = std::move(municipality);
        r.channel = channel;
        r.submitted_at = std::move(submitted_at);
    }
    Rec& answer(const std::string& id, nlohmann::json value) {
        r.answers[id] = std::move(value);
        return *this;
    }
    Rec& source(Source s) {
        r.source = s;
        return *this;
    }
    Rec& at(std::string submitted_at) {
        r.submitted_at = std::move(submitted_at);
        return *this;
    }
};

// Adds a record the test expects the store to accept.
inline void add_ok(ResponseStore& store, const Rec& rec) {
    std::vector<Problem> problems = store.add(rec.r);
    INFO(describe(problems));
    REQUIRE(problems.empty());
}

} // namespace klantpeil::test
