// Questionnaire: the model of a versioned KTO questionnaire and its JSON loader.
//
// Document shape (assets/questionnaires/*.json):
//   { "id": "kto-balie", "version": 1, "channel": "balie", "languages": ["nl", "en"],
//     "title": {"nl": "...", "en": "..."},
//     "pages": [ { "id": "p1", "title": {...}, "questions": [ QUESTION, ... ] } ] }
// QUESTION:
//   { "id": "totaaloordeel", "type": "grade", "required": true,
//     "text": {"nl": "...", "en": "..."}, "help": {...}?, "visible_if": "expr"?,
//     grade:  "min": 1, "max": 10 (defaults), "labels": {"nl": ["low", "high"]}?
//     effort: "labels": {"nl": [5 labels, 1 = heel veel moeite .. 5 = geen moeite]}
//     yesno:  answers "ja" / "nee"
//     choice: "multiple": false, "options": [ {"value": "a", "text": {...}} ]
//     text:   "max_length": 1000 (default; at most 5000)
//     grid:   "allow_na": true, "rows": [ {"id": "aspect_wachttijd", "text": {...}} ] }
// A grid's rows are answered one by one: each row id is an answer id of its own (1-10 or
// null for n.v.t. when allow_na). A grid's own id is never an answer id.
#pragma once
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/condition.hpp"
#include "engine/result.hpp"

namespace klantpeil {

enum class Channel { balie, telefoon, digitaal };
enum class QuestionType { grade, effort, yesno, choice, text, grid };

const char* to_string(Channel c);
const char* to_string(QuestionType t);
std::optional<Channel> parse_channel(std::string_view s);

// Text per language code ("nl" -> "...").
using Texts = std::map<std::string, std::string>;

struct Option {
    std::string value;
    Texts text;
};

struct GridRow {
    std::string id;
    Texts text;
};

struct Question {
    std::string id;
    QuestionType type = QuestionType::grade;
    bool required = false;
    Texts text;
    Texts help;
    std::optional<Condition> visible_if;
    int min = 1, max = 10;                         // grade (effort is fixed 1-5)
    std::map<std::string, std::vector<std::string>> labels;  // per language: scale labels
    bool multiple = false;                         // choice
    std::vector<Option> options;                   // choice
    std::size_t max_length = 1000;                 // text, in Unicode code points
    bool allow_na = false;                         // grid
    std::vector<GridRow> rows;                     // grid
};

struct Page {
    std::string id;
    Texts title;
    std::vector<Question> questions;
};

struct Questionnaire {
    std::string id;
    int version = 0;
    Channel channel = Channel::balie;
    std::vector<std::string> languages;
    Texts title;
    std::vector<Page> pages;

    // The question that owns answer id `id` (a question id or a grid row id), or nullptr.
    const Question* find_answer_owner(std::string_view id) const;
    // Every answer id in document order (grid rows expanded).
    std::vector<std::string> answer_ids() const;
    // A record's answers (a JSON object) matched to the answer ids in one merge of the two
    // sorted lists, instead of a search per id: `out[k]` is the answer to the k-th answer id
    // in document order, or nullptr; `unknown` gets, in key order, the ids no question owns.
    // A million records are validated at a time.
    void match_answers(const nlohmann::json& answers, std::vector<const nlohmann::json*>& out,
                       std::vector<const std::string*>& unknown) const;
    // Rebuilds the answer id index; the loader calls it, and so must code that edits pages.
    void reindex();

    struct AnswerRef {
        std::string id;
        std::size_t page, question;
        std::size_t position;  // among the answer ids in document order
    };
    // Every answer id, sorted by id: every record's answers are looked up here.
    const std::vector<AnswerRef>& answer_index() const { return index_; }
    // The entry of answer id `id` in answer_index(), or nullptr.
    const AnswerRef* find_answer(std::string_view id) const;

private:
    std::vector<AnswerRef> index_;
};

// Calls `f(id)` for each answer id of `q`: its own id, or its grid rows' ids.
template <class F>
void for_each_answer_id(const Question& q, F f) {
    if (q.type != QuestionType::grid) return f(q.id);
    for (const GridRow& row : q.rows) f(row.id);
}

// Limits that keep a hostile document from exhausting memory or the stack.
struct LoadLimits {
    std::size_t max_bytes = 256 * 1024;  // document size
    int max_depth = 16;                  // JSON nesting
};

// Loads and checks a questionnaire document. Never throws; every problem has a JSON path.
Result<Questionnaire> load_questionnaire(std::string_view json_text, const LoadLimits& limits = {});

// All questionnaires a server, CLI or browser knows, by (id, version).
class QuestionnaireSet {
public:
    void add(Questionnaire q);
    const Questionnaire* find(std::string_view id, int version) const;
    const Questionnaire* latest(std::string_view id) const;
    const std::vector<Questionnaire>& all() const { return items_; }

private:
    std::vector<Questionnaire> items_;
};

} // namespace klantpeil
