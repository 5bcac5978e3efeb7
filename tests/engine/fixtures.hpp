// Small questionnaires and records shared by the engine's tests.
#pragma once
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/questionnaire.hpp"

namespace klantpeil::fixtures {

// A short balie questionnaire with every question type and a condition.
inline const char* const kMiniQuestionnaire = R"json({
  "id": "kto-mini", "version": 2, "channel": "balie", "languages": ["nl", "en"],
  "title": {"nl": "Mini", "en": "Mini"},
  "pages": [
    {"id": "p1", "questions": [
      {"id": "totaaloordeel", "type": "grade", "required": true, "text": {"nl": "Cijfer?", "en": "Mark?"}},
      {"id": "toelichting", "type": "text", "max_length": 10, "text": {"nl": "Waarom?", "en": "Why?"}},
      {"id": "moeite", "type": "effort", "required": true, "text": {"nl": "Moeite?", "en": "Effort?"},
       "labels": {"nl": ["1", "2", "3", "4", "5"], "en": ["1", "2", "3", "4", "5"]}}]},
    {"id": "p2", "questions": [
      {"id": "aspecten", "type": "grid", "required": true, "allow_na": true, "text": {"nl": "Aspecten", "en": "Aspects"},
       "rows": [{"id": "aspect_wachttijd", "text": {"nl": "Wachttijd", "en": "Waiting"}},
                {"id": "aspect_prijs", "text": {"nl": "Prijs", "en": "Price"}}]},
      {"id": "kanaal", "type": "choice", "multiple": true, "text": {"nl": "Hoe?", "en": "How?"},
       "options": [{"value": "web", "text": {"nl": "Web", "en": "Web"}}, {"value": "post", "text": {"nl": "Post", "en": "Mail"}}]}]},
    {"id": "p3", "questions": [
      {"id": "suggesties", "type": "yesno", "required": true, "text": {"nl": "Tips?", "en": "Tips?"}},
      {"id": "tip", "type": "text", "required": true, "visible_if": "suggesties == \"ja\"", "text": {"nl": "Tip", "en": "Tip"}}]},
    {"id": "p4", "questions": [
      {"id": "extra", "type": "yesno", "visible_if": "totaaloordeel < 6 and not answered(kanaal)", "text": {"nl": "Extra?", "en": "Extra?"}}]}
  ]})json";

inline Questionnaire mini_questionnaire() { return *load_questionnaire(kMiniQuestionnaire); }

inline QuestionnaireSet mini_set() {
    QuestionnaireSet set;
    set.add(mini_questionnaire());
    return set;
}

// A valid record for kMiniQuestionnaire; tests change one thing at a time.
inline nlohmann::json mini_record() {
    return nlohmann::json::parse(R"({
      "id": "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b", "questionnaire": "kto-mini", "version": 2,
      "municipality": "0363", "channel": "balie", "source": "inviter", "invitation": null,
      "submitted_at": "2026-08-14T10:22:00Z", "language": "nl",
      "answers": {"totaaloordeel": 8, "toelichting": "Prima", "moeite": 4,
                  "aspect_wachttijd": null, "aspect_prijs": 7, "suggesties": "ja", "tip": "Meer loketten"}})");
}

// mini_record with the n-th id (its last digits are 1000 + n): many records, one id each.
inline nlohmann::json mini_record(int n) {
    nlohmann::json r = mini_record();
    std::string id = r["id"];
    std::string tail = std::to_string(1000 + n);
    r["id"] = id.substr(0, id.size() - tail.size()) + tail;
    return r;
}

// The three standard questionnaires of the repo, as the CLI and server load them.
inline const QuestionnaireSet& standard_set() {
    static const QuestionnaireSet set = [] {
        QuestionnaireSet s;
        for (const char* name : {"kto-balie", "kto-telefoon", "kto-digitaal"}) {
            std::ifstream in(std::string(KLANTPEIL_SOURCE_DIR) + "/assets/questionnaires/" + name + ".json");
            std::stringstream text;
            text << in.rdbuf();
            auto q = load_questionnaire(text.str());
            if (!q) throw std::runtime_error(std::string("cannot load ") + name);
            s.add(std::move(*q.value));
        }
        return s;
    }();
    return set;
}

} // namespace klantpeil::fixtures
