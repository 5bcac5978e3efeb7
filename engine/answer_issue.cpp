#include "engine/answer_issue.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "engine/json_keys.hpp"
#include "engine/response.hpp"
#include "engine/utf8.hpp"

namespace klantpeil {

using nlohmann::json;

namespace {

bool in_range(const json& v, int lo, int hi) {
    return v.is_number_integer() && v.get<long long>() >= lo && v.get<long long>() <= hi;
}

bool has_option(const Question& q, const json& v) {
    return v.is_string() && std::any_of(q.options.begin(), q.options.end(),
                                        [&](const Option& o) { return o.value == v.get_ref<const std::string&>(); });
}

std::optional<AnswerIssue> check_text(const Question& q, const json& v) {
    if (!v.is_string()) return AnswerIssue::not_text;
    auto length = utf8_length(v.get_ref<const std::string&>());
    if (!length) return AnswerIssue::bad_utf8;
    if (*length > q.max_length) return AnswerIssue::too_long;
    return std::nullopt;
}

std::optional<AnswerIssue> check_choice(const Question& q, const json& v) {
    if (!q.multiple) return has_option(q, v) ? std::nullopt : std::optional(AnswerIssue::not_option);
    if (!v.is_array() || v.empty() || !std::all_of(v.begin(), v.end(), [&](const json& x) { return has_option(q, x); }))
        return AnswerIssue::not_options;
    if (std::set<json>(v.begin(), v.end()).size() != v.size()) return AnswerIssue::duplicate_option;
    return std::nullopt;
}

std::string range(const Question& q, const char* from, const char* to) {
    int lo = q.type == QuestionType::grid ? 1 : q.min, hi = q.type == QuestionType::grid ? 10 : q.max;
    return std::string(from) + std::to_string(lo) + to + std::to_string(hi);
}

std::string dutch(AnswerIssue issue, const Question& q) {
    // An effort scale has words, not numbers, for the resident: it reads as a choice.
    if (issue == AnswerIssue::out_of_range && q.type == QuestionType::effort) issue = AnswerIssue::not_option;
    switch (issue) {
    case AnswerIssue::required: return "Deze vraag is verplicht. Geef een antwoord.";
    case AnswerIssue::out_of_range: return range(q, "Kies een cijfer van ", " tot en met ") + ".";
    case AnswerIssue::not_yes_no: return "Kies ja of nee.";
    case AnswerIssue::not_option: return "Kies een van de antwoorden.";
    case AnswerIssue::not_options: return "Kies een of meer van de antwoorden.";
    case AnswerIssue::duplicate_option: return "U heeft een antwoord twee keer gekozen.";
    case AnswerIssue::not_text: return "Typ uw antwoord als tekst.";
    case AnswerIssue::bad_utf8: return "Uw antwoord bevat tekens die niet kunnen worden gelezen.";
    case AnswerIssue::too_long: return "Uw antwoord is te lang. Gebruik hoogstens " + std::to_string(q.max_length) + " tekens.";
    case AnswerIssue::hidden: return "Deze vraag hoort niet bij uw antwoorden en moet leeg blijven.";
    case AnswerIssue::unknown: return "Deze vraag bestaat niet in deze vragenlijst.";
    }
    return {};
}

std::string english(AnswerIssue issue, const Question& q) {
    if (issue == AnswerIssue::out_of_range && q.type == QuestionType::effort) issue = AnswerIssue::not_option;
    switch (issue) {
    case AnswerIssue::required: return "This question is required. Please give an answer.";
    case AnswerIssue::out_of_range: return range(q, "Choose a mark from ", " to ") + ".";
    case AnswerIssue::not_yes_no: return "Choose yes or no.";
    case AnswerIssue::not_option: return "Choose one of the answers.";
    case AnswerIssue::not_options: return "Choose one or more of the answers.";
    case AnswerIssue::duplicate_option: return "You chose an answer twice.";
    case AnswerIssue::not_text: return "Type your answer as text.";
    case AnswerIssue::bad_utf8: return "Your answer holds characters that cannot be read.";
    case AnswerIssue::too_long: return "Your answer is too long. Use at most " + std::to_string(q.max_length) + " characters.";
    case AnswerIssue::hidden: return "This question does not apply to your answers and must stay empty.";
    case AnswerIssue::unknown: return "This question is not part of this survey.";
    }
    return {};
}

std::string technical(AnswerIssue issue, const Question& q) {
    switch (issue) {
    case AnswerIssue::required: return "is required";
    case AnswerIssue::out_of_range: return range(q, "must be a whole number from ", " to ") + (q.allow_na ? " or null (n.v.t.)" : "");
    case AnswerIssue::not_yes_no: return "must be \"ja\" or \"nee\"";
    case AnswerIssue::not_option: return "must be one of the options";
    case AnswerIssue::not_options: return "must be a non-empty list of options";
    case AnswerIssue::duplicate_option: return "holds an option twice";
    case AnswerIssue::not_text: return "must be a text";
    case AnswerIssue::bad_utf8: return "is not valid UTF-8";
    case AnswerIssue::too_long: return "is longer than " + std::to_string(q.max_length) + " characters";
    case AnswerIssue::hidden: return "must be empty: the question is not shown for these answers";
    case AnswerIssue::unknown: return "is not a question of this questionnaire";
    }
    return {};
}

} // namespace

std::optional<AnswerIssue> check_value(const Question& q, const json& v) {
    switch (q.type) {
    case QuestionType::grade:
    case QuestionType::effort: return in_range(v, q.min, q.max) ? std::nullopt : std::optional(AnswerIssue::out_of_range);
    case QuestionType::grid: return in_range(v, 1, 10) ? std::nullopt : std::optional(AnswerIssue::out_of_range);
    case QuestionType::yesno: return is_string(v, "ja") || is_string(v, "nee") ? std::nullopt : std::optional(AnswerIssue::not_yes_no);
    case QuestionType::text: return check_text(q, v);
    case QuestionType::choice: return check_choice(q, v);
    }
    return std::nullopt;
}

bool is_blank(const json& v) {
    if (!v.is_string()) return false;
    const std::string& s = v.get_ref<const std::string&>();
    return std::all_of(s.begin(), s.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

std::string issue_text(AnswerIssue issue, const Question& q, std::string_view language) {
    return language == "nl" ? dutch(issue, q) : english(issue, q);
}

std::string issue_field_text(AnswerIssue issue, const Question& q) { return technical(issue, q); }

} // namespace klantpeil
