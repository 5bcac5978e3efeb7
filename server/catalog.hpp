// The questionnaires a server knows: every *.json document in one folder (by default the
// repository's assets/questionnaires), checked by the engine's loader, with the document
// text kept as well so GET /api/v1/questionnaires/{id} hands out exactly what was loaded.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "engine/questionnaire.hpp"
#include "engine/result.hpp"

namespace klantpeil::server {

struct Catalog {
    QuestionnaireSet set;
    std::map<std::pair<std::string, int>, std::string> documents;  // (id, version) -> JSON text

    // The document of `id` at `version`, or at its latest version; nullptr when unknown.
    const std::string* document(const std::string& id, std::optional<int> version) const;
};

// Loads every *.json file in `dir`. Problems name the file and the JSON path; a second
// document with the same id and version is a problem too.
Result<Catalog> load_catalog(const std::string& dir);

} // namespace klantpeil::server
