// IngestLane: the fast lane of an NDJSON import into a ResponseStore (engine/import.hpp,
// `import_ndjson` into a store), where a million lines are read at a time.
//
// The full path reads each line into a JSON document and walks its answers three times (the
// record's fields, the questionnaire's checks, the store's columns). The lane reads a line
// into flat lists of its members and its answers (scan_record_split), the fields into a
// reused record; it matches the answers to the questionnaire's sorted answer ids (mostly
// one compare a key: lines of one questionnaire carry the same keys) and hands the matched
// answers to the same checks (`validate_matched_answers`) and the same `ResponseStore::add`.
// So a figure or a rule still has one definition: the lane only skips building maps.
//
// It takes a line only when every check passes and its fields and answers come in key
// order, each once, as the staff export and every writer here give them. Any other line, and any line with a problem,
// it declines untouched, and the full path reads it again and words the problem.
#pragma once
#include <memory>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/import.hpp"
#include "engine/json_scan.hpp"
#include "engine/store.hpp"

namespace klantpeil {

class IngestLane {
public:
    IngestLane(const QuestionnaireSet& set, ResponseStore& store, const RefusedSink& refused);
    ~IngestLane();

    // Checks `line` and adds it to `store` (or to `refused` when the store cannot hold it),
    // with its id added to `ids` (null: ids are not checked). False when the line is left to
    // the full path: then nothing was added anywhere.
    bool take(std::string_view line, ImportedIds* ids);

private:
    struct Plan;
    Plan* plan_for(const ResponseRecord& r);
    bool match(Plan& plan);
    const nlohmann::json& scope(Plan& plan);

    const QuestionnaireSet& set_;
    ResponseStore& store_;
    const RefusedSink& refused_;
    std::vector<std::unique_ptr<Plan>> plans_;
    Plan* last_ = nullptr;
    // Scratch of one line, reused: a million lines come at a time.
    ScannedMembers fields_;
    ScannedMembers answers_;
    ResponseRecord record_;  // its answers stay empty: they are in answers_
    std::vector<const nlohmann::json*> matched_;  // per answer id in document order
    std::vector<NamedAnswer> named_;              // in key order, for the store
};

} // namespace klantpeil
