// Response: the response record of DESIGN.md ("Response record") and its validation.
// The server, the importers and the browser session all produce or check records here.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/json_scan.hpp"
#include "engine/questionnaire.hpp"
#include "engine/result.hpp"

namespace klantpeil {

// Where a response came from. Only `inviter` responses count towards the response rate.
enum class Source { inviter, app, card, kiosk, digital, link };
const char* to_string(Source s);
std::optional<Source> parse_source(std::string_view s);

struct ResponseRecord {
    std::string id;              // UUID from the client, also the idempotency key
    std::string questionnaire;   // "kto-balie"
    int version = 0;
    std::string municipality;    // CBS code, four digits ("0363")
    Channel channel = Channel::balie;
    Source source = Source::link;
    std::optional<std::string> invitation;  // one-time token, or none
    std::string submitted_at;    // RFC 3339 UTC, "2026-08-14T10:22:00Z"
    std::string language = "nl";
    nlohmann::json answers = nlohmann::json::object();  // answer id -> value; null = n.v.t.
};

nlohmann::json to_json(const ResponseRecord& r);
// The text of to_json(r).dump(), byte for byte (the server stores and hashes it), written
// without building the JSON value first.
std::string dump_record(const ResponseRecord& r);

// Reads the record's fields and checks their form (UUID, timestamp, code, channel, source).
// Answers are only checked to be an object here; `validate_answers` checks them.
Result<ResponseRecord> parse_record(const nlohmann::json& j);
// parse_record's reading of every field but the answers (only checked to be an object) into
// `r`, whose storage is reused (engine/ingest_lane.hpp reads a million records into one):
// from a JSON document, or from a record's members as scan_record_split lists them (in key
// order, else they are unknown fields).
std::vector<Problem> read_record_fields(const nlohmann::json& j, ResponseRecord& r);
std::vector<Problem> read_record_fields(const ScannedMembers& fields, ResponseRecord& r);

// Checks the answers against the questionnaire the record names: known ids, types and
// ranges, hidden questions empty, required questions answered, texts under their cap, and
// the record's channel equal to the questionnaire's. Each problem names the field.
std::vector<Problem> validate_answers(const ResponseRecord& r, const Questionnaire& q);
// The same for answers read apart from `r.answers` (engine/ingest_lane.hpp): `answers[k]`
// answers the k-th answer id of `q` in document order (nullptr: absent), and `scope` holds
// at least the answers that the questions' conditions read. Unknown ids are not seen here.
std::vector<Problem> validate_matched_answers(const ResponseRecord& r, const Questionnaire& q,
                                              const std::vector<const nlohmann::json*>& answers,
                                              const nlohmann::json& scope);

// parse_record + find the questionnaire in `set` + validate_answers. The second form takes
// the answers over from `j` instead of copying them (bulk import).
Result<ResponseRecord> validate_record(const nlohmann::json& j, const QuestionnaireSet& set);
Result<ResponseRecord> validate_record(nlohmann::json&& j, const QuestionnaireSet& set);

// Form checks shared by parse_record and the session.
bool is_uuid(std::string_view s);
bool is_municipality_code(std::string_view s);
// Seconds since 1970-01-01T00:00:00Z for "YYYY-MM-DDTHH:MM:SS[.fff]Z" or with a "+hh:mm"
// offset; nullopt when malformed or out of range.
std::optional<long long> parse_timestamp(std::string_view s);

} // namespace klantpeil
