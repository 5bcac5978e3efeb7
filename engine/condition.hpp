// Condition: the `visible_if` expressions of a questionnaire.
//
// Grammar (parsed once at load, evaluated against the current answers):
//   or_expr   := and_expr ("or" and_expr)*
//   and_expr  := not_expr ("and" not_expr)*
//   not_expr  := "not" not_expr | compare
//   compare   := operand (("==" | "!=" | "<" | "<=" | ">" | ">=") operand)?
//   operand   := NUMBER | STRING | "null" | "true" | "false" | IDENT | "answered(" IDENT ")"
//              | "(" or_expr ")"
// An identifier is a question (or grid row) id and evaluates to its answer, `null` when
// unanswered. Ordering operators are false unless both sides are numbers (or both strings);
// `==`/`!=` compare by value, so `x == null` tests for "no answer".
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/result.hpp"

namespace klantpeil {

class Condition {
public:
    struct Node;  // the parsed expression tree (condition.cpp)

    // Parses `text`; problems carry `path` with a character offset appended.
    static Result<Condition> parse(std::string_view text, const std::string& path);

    // True when the expression holds for `answers` (a JSON object: id -> value).
    bool evaluate(const nlohmann::json& answers) const;

    // The question ids the expression reads, for reference checks at load time.
    const std::vector<std::string>& references() const { return references_; }
    const std::string& text() const { return text_; }

private:
    std::shared_ptr<const Node> root_;
    std::vector<std::string> references_;
    std::string text_;
};

} // namespace klantpeil
