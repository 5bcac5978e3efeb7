#include "engine/session.hpp"

#include "engine/answer_issue.hpp"

namespace klantpeil {

using nlohmann::json;

namespace {

// A row of a grid that allows n.v.t. is answered by an explicit null; others need a value.
bool has_answer(const Question& q, const json& answers, const std::string& id) {
    auto it = answers.find(id);
    if (it == answers.end()) return false;
    if (it->is_null()) return q.type == QuestionType::grid && q.allow_na;
    return !is_blank(*it);
}

} // namespace

Session::Session(const Questionnaire& q, SessionOptions options) : q_(&q), options_(std::move(options)) {
    while (page_ + 1 < q_->pages.size() && !page_visible(page_)) ++page_;
}

void Session::set_language(std::string language) { options_.language = std::move(language); }

bool Session::is_visible(const Question& q) const { return !q.visible_if || q.visible_if->evaluate(answers_); }

bool Session::page_visible(std::size_t page) const {
    for (const Question& q : q_->pages[page].questions)
        if (is_visible(q)) return true;
    return false;
}

bool Session::is_first_page() const {
    for (std::size_t p = 0; p < page_; ++p)
        if (page_visible(p)) return false;
    return true;
}

bool Session::is_last_page() const {
    for (std::size_t p = page_ + 1; p < q_->pages.size(); ++p)
        if (page_visible(p)) return false;
    return true;
}

std::vector<const Question*> Session::visible_questions() const {
    std::vector<const Question*> out;
    for (const Question& q : page().questions)
        if (is_visible(q)) out.push_back(&q);
    return out;
}

int Session::first_question_number() const {
    int number = 1;
    for (std::size_t p = 0; p < page_; ++p)
        for (const Question& q : q_->pages[p].questions) number += is_visible(q) ? 1 : 0;
    return number;
}

std::optional<Problem> Session::answer(std::string_view id, const json& value) {
    const Question* q = q_->find_answer_owner(id);
    const std::string key(id);
    if (!q) return Problem{key, issue_text(AnswerIssue::unknown, Question{}, options_.language)};
    if (!is_visible(*q)) return Problem{key, issue_text(AnswerIssue::hidden, *q, options_.language)};
    if (value.is_null() && !(q->type == QuestionType::grid && q->allow_na)) {
        clear(id);
        return std::nullopt;
    }
    if (!value.is_null()) {
        if (auto issue = check_value(*q, value)) return Problem{key, issue_text(*issue, *q, options_.language)};
    }
    answers_[key] = value;
    drop_hidden_answers();
    return std::nullopt;
}

void Session::clear(std::string_view id) {
    answers_.erase(std::string(id));
    drop_hidden_answers();
}

// Conditions only read earlier questions, so one pass in document order settles visibility.
void Session::drop_hidden_answers() {
    for (const Page& page : q_->pages)
        for (const Question& q : page.questions)
            if (!is_visible(q))
                for_each_answer_id(q, [&](const std::string& id) { answers_.erase(id); });
}

Progress Session::progress() const {
    Progress p;
    for (const Page& page : q_->pages)
        for (const Question& q : page.questions) {
            if (!is_visible(q)) continue;
            ++p.visible;
            bool all = true;
            for_each_answer_id(q, [&](const std::string& id) { all = all && has_answer(q, answers_, id); });
            p.answered += all ? 1 : 0;
        }
    return p;
}

std::vector<Problem> Session::page_problems(std::size_t page) const {
    std::vector<Problem> problems;
    for (const Question& q : q_->pages[page].questions) {
        if (!q.required || !is_visible(q)) continue;
        for_each_answer_id(q, [&](const std::string& id) {
            if (!has_answer(q, answers_, id)) problems.push_back({id, issue_text(AnswerIssue::required, q, options_.language)});
        });
    }
    return problems;
}

std::vector<Problem> Session::next() {
    std::vector<Problem> problems = page_problems(page_);
    if (!problems.empty()) return problems;
    for (std::size_t p = page_ + 1; p < q_->pages.size(); ++p)
        if (page_visible(p)) {
            page_ = p;
            break;
        }
    return problems;
}

bool Session::back() {
    for (std::size_t p = page_; p-- > 0;)
        if (page_visible(p)) {
            page_ = p;
            return true;
        }
    return false;
}

std::optional<std::size_t> Session::first_page_with_problems() const {
    for (std::size_t p = 0; p < q_->pages.size(); ++p)
        if (page_visible(p) && !page_problems(p).empty()) return p;
    return std::nullopt;
}

Result<ResponseRecord> Session::complete(std::string id, std::string submitted_at) {
    if (auto p = first_page_with_problems()) {
        page_ = *p;
        return Result<ResponseRecord>::fail(page_problems(*p));
    }
    ResponseRecord r;
    r.id = std::move(id);
    r.questionnaire = q_->id;
    r.version = q_->version;
    r.municipality = options_.municipality;
    r.channel = q_->channel;
    r.source = options_.source;
    r.invitation = options_.invitation;
    r.submitted_at = std::move(submitted_at);
    r.language = options_.language;
    r.answers = answers_;
    // The record goes through the same checks as the server's, so what the resident sends
    // is never refused there.
    auto checked = parse_record(to_json(r));
    if (!checked) return checked;
    auto problems = validate_answers(r, *q_);
    if (!problems.empty()) return Result<ResponseRecord>::fail(std::move(problems));
    return Result<ResponseRecord>::ok(std::move(r));
}

} // namespace klantpeil
