// The resident survey's C interface (module klantpeil_survey, loaded by web-shell/).
// Only the questionnaire loader and the session: the resident downloads no scoring code.
// A plain C ABI instead of embind: the browser then loads no binding runtime (about 8 KB
// of gzipped glue and a registration pass at start-up). Strings go in as NUL-terminated
// UTF-8 that the caller allocated; a returned string belongs to the survey and stays valid
// until its next call. web-shell/src/survey_module.js wraps it:
//
//   kp_survey_new(questionnaireJson, optionsJson)  -> survey ('{"municipality","source","invitation","language"}')
//   kp_survey_problems(s)                 -> '[]' or [{path, message}] (questionnaire or options wrong)
//   kp_survey_view(s)                     -> page view JSON (engine/session_view.hpp)
//   kp_survey_answer(s, id, valueJson)    -> 'null' or {path, message}
//   kp_survey_next(s)                     -> '[]' (moved on) or the page's problems
//   kp_survey_back(s)                     -> 1 when it went back
//   kp_survey_set_language(s, 'en')
//   kp_survey_complete(s, uuid, isoTime)  -> {"record": {...}} or {"problems": [...]}
//   kp_survey_delete(s)
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <emscripten/emscripten.h>
#include <nlohmann/json.hpp>

#include "engine/json_guard.hpp"
#include "engine/questionnaire.hpp"
#include "engine/response.hpp"
#include "engine/session.hpp"
#include "engine/session_view.hpp"

namespace klantpeil {
namespace {

using nlohmann::json;

json problems_json(const std::vector<Problem>& problems) {
    json out = json::array();
    for (const Problem& p : problems) out.push_back({{"path", p.path}, {"message", p.message}});
    return out;
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// Reads {"municipality", "source", "invitation", "language"} against questionnaire `q`.
Result<SessionOptions> parse_options(const std::string& text, const Questionnaire& q) {
    auto j = parse_json(text, JsonLimits{4096, 4});
    if (!j) return Result<SessionOptions>::fail(j.problems);
    SessionOptions o;
    std::vector<Problem> problems;
    auto str = [&](const char* key) { return j->contains(key) && (*j)[key].is_string() ? (*j)[key].get<std::string>() : std::string(); };
    o.municipality = str("municipality");
    if (!is_municipality_code(o.municipality)) problems.push_back({"municipality", "must be a four-digit CBS code such as \"0363\""});
    if (auto s = parse_source(str("source"))) o.source = *s;
    else problems.push_back({"source", "must be one of inviter, app, card, kiosk, digital, link"});
    std::string token = str("invitation");
    if (!token.empty()) o.invitation = token;
    o.language = str("language");
    bool known = std::find(q.languages.begin(), q.languages.end(), o.language) != q.languages.end();
    if (!known) o.language = q.languages.front();
    if (!problems.empty()) return Result<SessionOptions>::fail(std::move(problems));
    return Result<SessionOptions>::ok(std::move(o));
}

class Survey {
public:
    Survey(const std::string& questionnaire, const std::string& options) {
        auto q = load_questionnaire(questionnaire);
        if (!q) { problems_ = q.problems; return; }
        questionnaire_ = std::make_unique<Questionnaire>(std::move(*q));
        auto o = parse_options(options, *questionnaire_);
        if (!o) { problems_ = o.problems; return; }
        session_.emplace(*questionnaire_, std::move(*o));
    }

    std::string problems() const { return dump(problems_json(problems_)); }
    std::string view() const { return session_ ? dump(page_view(*session_)) : "null"; }
    bool back() { return session_ && session_->back(); }
    void set_language(const std::string& language) { if (session_) session_->set_language(language); }

    std::string answer(const std::string& id, const std::string& value) {
        if (!session_) return "null";
        auto v = parse_json(value, JsonLimits{64 * 1024, 4});
        if (!v) return dump({{"path", id}, {"message", describe(v.problems)}});
        auto problem = session_->answer(id, *v);
        return problem ? dump({{"path", problem->path}, {"message", problem->message}}) : "null";
    }

    std::string next() { return session_ ? dump(problems_json(session_->next())) : "[]"; }

    std::string complete(const std::string& id, const std::string& submitted_at) {
        if (!session_) return dump({{"problems", problems_json(problems_)}});
        auto record = session_->complete(id, submitted_at);
        if (!record) return dump({{"problems", problems_json(record.problems)}});
        return dump({{"record", to_json(*record)}});
    }

    // The last answer handed to JavaScript, kept alive until the next call.
    const char* keep(std::string text) {
        out_ = std::move(text);
        return out_.c_str();
    }

private:
    std::string out_;
    std::vector<Problem> problems_;
    std::unique_ptr<Questionnaire> questionnaire_;
    std::optional<Session> session_;
};

} // namespace
} // namespace klantpeil

using klantpeil::Survey;

extern "C" {

EMSCRIPTEN_KEEPALIVE Survey* kp_survey_new(const char* questionnaire, const char* options) {
    return new Survey(questionnaire, options);
}
EMSCRIPTEN_KEEPALIVE void kp_survey_delete(Survey* s) { delete s; }
EMSCRIPTEN_KEEPALIVE const char* kp_survey_problems(Survey* s) { return s->keep(s->problems()); }
EMSCRIPTEN_KEEPALIVE const char* kp_survey_view(Survey* s) { return s->keep(s->view()); }
EMSCRIPTEN_KEEPALIVE const char* kp_survey_answer(Survey* s, const char* id, const char* value) {
    return s->keep(s->answer(id, value));
}
EMSCRIPTEN_KEEPALIVE const char* kp_survey_next(Survey* s) { return s->keep(s->next()); }
EMSCRIPTEN_KEEPALIVE int kp_survey_back(Survey* s) { return s->back() ? 1 : 0; }
EMSCRIPTEN_KEEPALIVE void kp_survey_set_language(Survey* s, const char* language) { s->set_language(language); }
EMSCRIPTEN_KEEPALIVE const char* kp_survey_complete(Survey* s, const char* id, const char* submitted_at) {
    return s->keep(s->complete(id, submitted_at));
}

} // extern "C"
