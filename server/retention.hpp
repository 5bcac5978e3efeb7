// Retention: `klantpeil server purge --older-than 24m` removes what a municipality may no
// longer keep. By default only the open answers (text questions: toelichting, tip) of older
// responses go: each is replaced by a fixed marker, so a review still counts as a review in
// old factsheets while its words are gone. `--whole-records` deletes the responses.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "engine/questionnaire.hpp"
#include "server/storage.hpp"

namespace klantpeil::server {

inline constexpr const char* kPurgedText = "[verwijderd na de bewaartermijn]";

// The instant `age` before `now` (seconds since 1970, UTC): "30d" days, "8w" weeks, "24m"
// calendar months (the same day of the month, or its last day), "2y" years. None when
// malformed or not positive.
std::optional<long long> retention_cutoff(std::string_view age, long long now);

// The stored body with every non-blank open answer replaced by kPurgedText. The owner of
// each answer id comes from the record's questionnaire in `set`; for an unknown
// questionnaire, `toelichting` and `tip`.
std::string strip_open_answers(const std::string& body, const QuestionnaireSet& set);

struct PurgeResult {
    std::size_t responses = 0;  // rewritten, or deleted when whole
    bool whole = false;
};

PurgeResult purge(Storage& storage, const QuestionnaireSet& set, long long cutoff, bool whole_records);

} // namespace klantpeil::server
