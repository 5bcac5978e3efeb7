// AnswerIssue: what can be wrong with one answer, and how to say so to a resident (nl, en)
// or to a developer reading a refused record (technical English). The session and the record validator
// share these, so a resident and the server never disagree on what is wrong.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/questionnaire.hpp"

namespace klantpeil {

enum class AnswerIssue {
    required,         // a required question has no answer
    out_of_range,     // grade/effort/grid row outside its scale
    not_yes_no,
    not_option,       // single choice: not one of the options
    not_options,      // multiple choice: not a non-empty list of options
    duplicate_option,
    not_text,
    bad_utf8,
    too_long,
    hidden,           // an answer to a question that is not shown
    unknown,          // no question has this id
};

// The issue with the non-null answer `value` to `q`, or none when it is right.
std::optional<AnswerIssue> check_value(const Question& q, const nlohmann::json& value);

// True for a string holding only white space (a blank text counts as no answer).
bool is_blank(const nlohmann::json& value);

// What a resident reads, in `language` ("nl" or "en"; anything else reads English).
std::string issue_text(AnswerIssue issue, const Question& q, std::string_view language);

// What a refused record's field error says to the developer of a client ("must be ...").
std::string issue_field_text(AnswerIssue issue, const Question& q);

} // namespace klantpeil
