// Session: one resident answering one questionnaire, page by page.
// Holds the answers, decides what is visible, checks each page before moving on, and
// produces the response record on completion. The browser only renders what it says.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/questionnaire.hpp"
#include "engine/response.hpp"
#include "engine/result.hpp"

namespace klantpeil {

struct SessionOptions {
    std::string municipality;                // CBS code, "0363"
    Source source = Source::link;            // how the resident came to the survey
    std::optional<std::string> invitation;   // one-time token, if any
    std::string language = "nl";             // "nl" or "en": language of texts and messages
};

struct Progress {
    int answered = 0;  // visible questions with an answer (a grid counts when every row has one)
    int visible = 0;   // questions visible for the current answers, on all pages
};

class Session {
public:
    // `q` must outlive the session.
    Session(const Questionnaire& q, SessionOptions options);

    const Questionnaire& questionnaire() const { return *q_; }
    const std::string& language() const { return options_.language; }
    void set_language(std::string language);

    // Pages: only pages with a visible question are ever current.
    std::size_t page_index() const { return page_; }
    const Page& page() const { return q_->pages[page_]; }
    bool is_first_page() const;
    bool is_last_page() const;
    std::vector<const Question*> visible_questions() const;  // of the current page
    bool is_visible(const Question& q) const;
    int first_question_number() const;  // 1-based number of the page's first question among all visible ones

    // Answers: `value` null means n.v.t. for a grid row that allows it, else "no answer".
    // A wrong value is refused (not stored) and its problem returned in the session language.
    std::optional<Problem> answer(std::string_view id, const nlohmann::json& value);
    void clear(std::string_view id);
    const nlohmann::json& answers() const { return answers_; }
    Progress progress() const;

    // Checks the current page; moves on only when it has no problems (returned otherwise).
    std::vector<Problem> next();
    bool back();

    // Checks every visible page. On problems, the first page with one becomes current and
    // they are returned; otherwise the response record with the given id and time.
    Result<ResponseRecord> complete(std::string id, std::string submitted_at);
    std::vector<Problem> page_problems(std::size_t page) const;

private:
    bool page_visible(std::size_t page) const;
    void drop_hidden_answers();
    std::optional<std::size_t> first_page_with_problems() const;

    const Questionnaire* q_;
    SessionOptions options_;
    nlohmann::json answers_ = nlohmann::json::object();
    std::size_t page_ = 0;
};

} // namespace klantpeil
