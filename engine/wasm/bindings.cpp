// The engine's embind surface: what the browser's JavaScript calls.
// Strings in, JSON strings out, so the JavaScript side stays a thin renderer and every
// decision (loading, validation, scoring) is made by the same C++ as on the server.
//
//   const m = await createKlantpeilEngine();
//   const engine = new m.Engine();
//   engine.loadQuestionnaire(text)  -> {"ok": true, "id": "kto-balie", "version": 1, "problems": []}
//   engine.validateRecord(text)     -> [{"path": "answers.moeite", "message": "..."}]  ([] = valid)
//   engine.factsheets(responses, invitations, filter)
//       responses: NDJSON or CSV text; invitations: NDJSON or CSV text ("" = none);
//       filter: {"municipality": "0363", "channel": "balie", "period": "2026-Q3"}, each optional
//       -> {"ok": true, "problems": [], "factsheets": [...],
//           "responses": IMPORT, "invitations": IMPORT, "refused": [{"id", "reason"}], "refused_total": 0}
//       IMPORT = {"format", "accepted", "skipped", "aborted", "errors_total",
//                 "errors": [{"line", "reason"}]}
//   engine.delete();                   // embind objects live on the wasm heap
//
// Bad input of any kind comes back as problems (a path and a message), never as an exception.
#include <cstddef>
#include <string>
#include <vector>

#include <emscripten/bind.h>
#include <nlohmann/json.hpp>

#include "engine/factsheet.hpp"
#include "engine/import.hpp"
#include "engine/json_guard.hpp"
#include "engine/period.hpp"
#include "engine/questionnaire.hpp"
#include "engine/response.hpp"
#include "engine/result.hpp"
#include "engine/store.hpp"

namespace klantpeil {
namespace {

using nlohmann::json;

constexpr std::size_t kRefusedKept = 100;

json to_json(const std::vector<Problem>& problems) {
    json out = json::array();
    for (const Problem& p : problems) out.push_back({{"path", p.path}, {"message", p.message}});
    return out;
}

// JSON text for JavaScript. Messages may quote the caller's bytes, which need not be valid
// UTF-8: replace those instead of letting dump() throw.
std::string dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json to_json(const ImportSummary& s) {
    json errors = json::array();
    for (const ImportError& e : s.errors) errors.push_back({{"line", e.line}, {"reason", e.reason}});
    return {{"format", s.format == ImportFormat::ndjson ? "ndjson" : "csv"},
            {"accepted", s.accepted},
            {"skipped", s.skipped},
            {"aborted", s.aborted},
            {"errors_total", s.errors_total},
            {"errors", std::move(errors)}};
}

// Reads {"municipality", "channel", "period"}; absent or null fields select all.
Result<FactsheetFilter> parse_filter(const std::string& text) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) return Result<FactsheetFilter>::ok({});
    Result<json> j = parse_json(text, JsonLimits{});
    if (!j) return Result<FactsheetFilter>::fail(j.problems);
    if (!j->is_object()) return Result<FactsheetFilter>::fail("filter", "must be a JSON object");
    FactsheetFilter filter;
    std::vector<Problem> problems;
    for (const auto& [key, value] : j->items()) {
        if (value.is_null()) continue;
        const std::string path = "filter." + key;
        const std::string* s = value.get_ptr<const std::string*>();
        if (key == "municipality" && s && is_municipality_code(*s)) filter.municipality = *s;
        else if (key == "channel" && s && parse_channel(*s)) filter.channel = parse_channel(*s);
        else if (key == "period" && s && parse_quarter(*s)) filter.period = parse_quarter(*s);
        else if (key == "municipality") problems.push_back({path, "must be a four-digit CBS code such as \"0363\""});
        else if (key == "channel") problems.push_back({path, "must be \"balie\", \"telefoon\" or \"digitaal\""});
        else if (key == "period") problems.push_back({path, "must be a quarter such as \"2026-Q3\""});
        else problems.push_back({path, "unknown field"});
    }
    if (!problems.empty()) return Result<FactsheetFilter>::fail(std::move(problems));
    return Result<FactsheetFilter>::ok(std::move(filter));
}

// One engine per page: holds the questionnaires the page loaded (no globals).
class WebEngine {
public:
    // Loads a questionnaire document and, when it is valid, keeps it for validateRecord.
    std::string loadQuestionnaire(const std::string& text) {
        Result<Questionnaire> q = load_questionnaire(text);
        json out = {{"ok", bool(q)}, {"problems", to_json(q.problems)}};
        if (q) {
            out["id"] = q->id;
            out["version"] = q->version;
            out["channel"] = to_string(q->channel);
            questionnaires_.add(std::move(*q));
        }
        return dump(out);
    }

    // Checks a response record against the loaded questionnaires: the problems, [] when valid.
    std::string validateRecord(const std::string& text) const {
        Result<json> j = parse_json(text, JsonLimits{});
        if (!j) return dump(to_json(j.problems));
        return dump(to_json(validate_record(*j, questionnaires_).problems));
    }

    // Imports responses and invitations and computes the factsheets the filter selects.
    // Bad lines are skipped and reported; only a bad filter fails the whole call.
    std::string factsheets(const std::string& responses, const std::string& invitations,
                           const std::string& filter_text) const {
        Result<FactsheetFilter> filter = parse_filter(filter_text);
        if (!filter) return dump({{"ok", false}, {"problems", to_json(filter.problems)}});

        // A validated record the store still cannot hold is rare; keep the first few reasons.
        ResponseStore store;
        json refused = json::array();
        std::size_t refused_total = 0;
        const ImportSummary read = import_responses(responses, questionnaires_, store,
                                                    [&](const ResponseRecord& r, const std::vector<Problem>& problems) {
            if (++refused_total <= kRefusedKept) refused.push_back({{"id", r.id}, {"reason", describe(problems)}});
        });
        InvitationCounts counts;
        const ImportSummary invited = import_invitations(invitations, counts);
        return dump({{"ok", true},
                     {"problems", json::array()},
                     {"factsheets", to_json(compute_factsheets(store, counts, *filter))},
                     {"responses", to_json(read)},
                     {"invitations", to_json(invited)},
                     {"refused", std::move(refused)},
                     {"refused_total", refused_total}});
    }

private:
    QuestionnaireSet questionnaires_;
};

} // namespace
} // namespace klantpeil

EMSCRIPTEN_BINDINGS(klantpeil_engine) {
    using klantpeil::WebEngine;
    emscripten::class_<WebEngine>("Engine")
        .constructor<>()
        .function("loadQuestionnaire", &WebEngine::loadQuestionnaire)
        .function("validateRecord", &WebEngine::validateRecord)
        .function("factsheets", &WebEngine::factsheets);
}
