// Condition: tokenizer, recursive-descent parser and evaluator for `visible_if`.
// Index: [SECTION] Tree  [SECTION] Tokenizer  [SECTION] Parser  [SECTION] Evaluation
#include "engine/condition.hpp"

#include <cctype>
#include <cstdlib>
#include <utility>

namespace klantpeil {

using nlohmann::json;

//-----------------------------------------------------------------------------
// [SECTION] Tree
//-----------------------------------------------------------------------------

struct Condition::Node {
    enum class Kind { literal, answer, answered, not_, and_, or_, compare } kind;
    json value;          // literal
    std::string id;      // answer, answered
    std::string op;      // compare
    std::shared_ptr<const Node> left, right;
};

namespace {

using NodePtr = std::shared_ptr<const Condition::Node>;
using Kind = Condition::Node::Kind;

constexpr int kMaxDepth = 32;          // nesting of parentheses / not
constexpr std::size_t kMaxLength = 1000;

//-----------------------------------------------------------------------------
// [SECTION] Tokenizer
//-----------------------------------------------------------------------------

struct Token {
    enum class Type { end, number, string, ident, op, lparen, rparen } type;
    std::string text;
    double number = 0;
    std::size_t offset = 0;
};

class Tokenizer {
public:
    explicit Tokenizer(std::string_view s) : s_(s) {}

    // Returns false and sets `error` on a character that starts no token.
    bool next(Token& t, std::string& error) {
        while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
        t = Token{Token::Type::end, {}, 0, pos_};
        if (pos_ >= s_.size()) return true;
        char c = s_[pos_];
        if (c == '(') return single(t, Token::Type::lparen);
        if (c == ')') return single(t, Token::Type::rparen);
        if (c == '"' || c == '\'') return string(t, error);
        if (std::isdigit(static_cast<unsigned char>(c)) || (c == '-' && digit_at(pos_ + 1))) return number(t);
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') return ident(t);
        return op(t, error);
    }

private:
    bool digit_at(std::size_t i) const {
        return i < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i]));
    }
    bool single(Token& t, Token::Type type) {
        t.type = type;
        t.text = std::string(1, s_[pos_++]);
        return true;
    }
    bool string(Token& t, std::string& error) {
        char quote = s_[pos_++];
        std::size_t start = pos_;
        while (pos_ < s_.size() && s_[pos_] != quote) ++pos_;
        if (pos_ >= s_.size()) {
            error = "string is not closed";
            return false;
        }
        t.type = Token::Type::string;
        t.text = std::string(s_.substr(start, pos_ - start));
        ++pos_;
        return true;
    }
    bool number(Token& t) {
        std::size_t start = pos_;
        if (s_[pos_] == '-') ++pos_;
        while (digit_at(pos_)) ++pos_;
        if (pos_ < s_.size() && s_[pos_] == '.' && digit_at(pos_ + 1)) {
            ++pos_;
            while (digit_at(pos_)) ++pos_;
        }
        t.type = Token::Type::number;
        t.text = std::string(s_.substr(start, pos_ - start));
        t.number = std::strtod(t.text.c_str(), nullptr);
        return true;
    }
    bool ident(Token& t) {
        std::size_t start = pos_;
        while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) ++pos_;
        t.type = Token::Type::ident;
        t.text = std::string(s_.substr(start, pos_ - start));
        return true;
    }
    bool op(Token& t, std::string& error) {
        static const char* const ops[] = {"==", "!=", "<=", ">=", "<", ">"};
        for (const char* o : ops) {
            if (s_.substr(pos_).rfind(o, 0) == 0) {
                t.type = Token::Type::op;
                t.text = o;
                pos_ += t.text.size();
                return true;
            }
        }
        error = std::string("unexpected character '") + s_[pos_] + "'";
        return false;
    }

    std::string_view s_;
    std::size_t pos_ = 0;
};

//-----------------------------------------------------------------------------
// [SECTION] Parser
//-----------------------------------------------------------------------------

class Parser {
public:
    Parser(std::string_view text, std::vector<std::string>& refs) : tokens_(text), refs_(refs) {}

    // Parses the whole text; on failure returns null and fills `error`/`offset`.
    NodePtr parse_all() {
        if (!advance()) return nullptr;
        NodePtr n = or_expr(0);
        if (n && cur_.type != Token::Type::end) return fail("unexpected '" + cur_.text + "' after the expression");
        return n;
    }
    std::string error;
    std::size_t offset = 0;

private:
    NodePtr fail(std::string message) {
        if (error.empty()) {
            error = std::move(message);
            offset = cur_.offset;
        }
        return nullptr;
    }
    bool advance() {
        std::string err;
        if (tokens_.next(cur_, err)) return true;
        fail(err);
        return false;
    }
    bool is_word(const char* w) const { return cur_.type == Token::Type::ident && cur_.text == w; }

    static NodePtr make(Kind k, NodePtr l, NodePtr r, std::string op = {}) {
        auto n = std::make_shared<Condition::Node>();
        n->kind = k;
        n->left = std::move(l);
        n->right = std::move(r);
        n->op = std::move(op);
        return n;
    }

    NodePtr binary_chain(int depth, const char* word, Kind kind, NodePtr (Parser::*sub)(int)) {
        NodePtr left = (this->*sub)(depth);
        while (left && is_word(word)) {
            if (!advance()) return nullptr;
            NodePtr right = (this->*sub)(depth);
            if (!right) return nullptr;
            left = make(kind, left, right);
        }
        return left;
    }
    NodePtr or_expr(int depth) { return binary_chain(depth, "or", Kind::or_, &Parser::and_expr); }
    NodePtr and_expr(int depth) { return binary_chain(depth, "and", Kind::and_, &Parser::not_expr); }

    NodePtr not_expr(int depth) {
        if (depth > kMaxDepth) return fail("expression is nested too deeply");
        if (!is_word("not")) return compare(depth);
        if (!advance()) return nullptr;
        NodePtr inner = not_expr(depth + 1);
        return inner ? make(Kind::not_, inner, nullptr) : nullptr;
    }

    NodePtr compare(int depth) {
        NodePtr left = operand(depth);
        if (!left || cur_.type != Token::Type::op) return left;
        std::string op = cur_.text;
        if (!advance()) return nullptr;
        NodePtr right = operand(depth);
        return right ? make(Kind::compare, left, right, op) : nullptr;
    }

    NodePtr operand(int depth) {
        auto n = std::make_shared<Condition::Node>();
        switch (cur_.type) {
        case Token::Type::number: n->kind = Kind::literal; n->value = cur_.number; break;
        case Token::Type::string: n->kind = Kind::literal; n->value = cur_.text; break;
        case Token::Type::lparen: return parenthesised(depth);
        case Token::Type::ident: return word_operand(n);
        case Token::Type::end: return fail("expression ends too early");
        default: return fail("unexpected '" + cur_.text + "'");
        }
        return advance() ? n : nullptr;
    }

    NodePtr parenthesised(int depth) {
        if (depth >= kMaxDepth) return fail("expression is nested too deeply");
        if (!advance()) return nullptr;
        NodePtr inner = or_expr(depth + 1);
        if (!inner) return nullptr;
        if (cur_.type != Token::Type::rparen) return fail("')' expected");
        return advance() ? inner : nullptr;
    }

    NodePtr word_operand(std::shared_ptr<Condition::Node> n) {
        const std::string w = cur_.text;
        if (w == "and" || w == "or" || w == "not") return fail("'" + w + "' needs an operand before it");
        if (!advance()) return nullptr;
        if (w == "null" || w == "true" || w == "false") {
            n->kind = Kind::literal;
            n->value = w == "null" ? json(nullptr) : json(w == "true");
            return n;
        }
        if (w == "answered") return answered_call(n);
        n->kind = Kind::answer;
        n->id = w;
        refs_.push_back(w);
        return n;
    }

    NodePtr answered_call(std::shared_ptr<Condition::Node> n) {
        if (cur_.type != Token::Type::lparen) return fail("'(' expected after answered");
        if (!advance()) return nullptr;
        if (cur_.type != Token::Type::ident) return fail("a question id expected in answered(...)");
        n->kind = Kind::answered;
        n->id = cur_.text;
        refs_.push_back(n->id);
        if (!advance()) return nullptr;
        if (cur_.type != Token::Type::rparen) return fail("')' expected");
        return advance() ? n : nullptr;
    }

    Tokenizer tokens_;
    Token cur_;
    std::vector<std::string>& refs_;
};

//-----------------------------------------------------------------------------
// [SECTION] Evaluation
//-----------------------------------------------------------------------------

json value_of(const Condition::Node& n, const json& answers);

bool truthy(const json& v) {
    if (v.is_boolean()) return v.get<bool>();
    return !v.is_null();
}

bool equal(const json& a, const json& b) {
    if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
    return a == b;
}

bool compare_values(const std::string& op, const json& a, const json& b) {
    if (op == "==") return equal(a, b);
    if (op == "!=") return !equal(a, b);
    int sign;
    if (a.is_number() && b.is_number()) {
        double x = a.get<double>(), y = b.get<double>();
        sign = x < y ? -1 : (x > y ? 1 : 0);
    } else if (a.is_string() && b.is_string()) {
        sign = a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
    } else {
        return false;  // ordering across types or with null is never true
    }
    if (op == "<") return sign < 0;
    if (op == "<=") return sign <= 0;
    if (op == ">") return sign > 0;
    return sign >= 0;
}

const json& answer_of(const json& answers, const std::string& id) {
    static const json none;  // immutable, shared: a missing answer reads as null
    if (!answers.is_object()) return none;
    auto it = answers.find(id);
    return it == answers.end() ? none : *it;
}

// An operand of a comparison: literals and answers by reference, since a copy of a string
// value allocates (a condition runs for every record of an import); others into `scratch`.
const json& operand(const Condition::Node& n, const json& answers, json& scratch) {
    if (n.kind == Kind::literal) return n.value;
    if (n.kind == Kind::answer) return answer_of(answers, n.id);
    return scratch = value_of(n, answers);
}

json value_of(const Condition::Node& n, const json& answers) {
    switch (n.kind) {
    case Kind::literal: return n.value;
    case Kind::answer: return answer_of(answers, n.id);
    case Kind::answered: return !answer_of(answers, n.id).is_null();
    case Kind::not_: return !truthy(value_of(*n.left, answers));
    case Kind::and_: return truthy(value_of(*n.left, answers)) && truthy(value_of(*n.right, answers));
    case Kind::or_: return truthy(value_of(*n.left, answers)) || truthy(value_of(*n.right, answers));
    case Kind::compare: {
        json left, right;
        return compare_values(n.op, operand(*n.left, answers, left), operand(*n.right, answers, right));
    }
    }
    return nullptr;
}

} // namespace

Result<Condition> Condition::parse(std::string_view text, const std::string& path) {
    if (text.size() > kMaxLength) return Result<Condition>::fail(path, "condition is longer than 1000 characters");
    Condition c;
    Parser parser(text, c.references_);
    c.root_ = parser.parse_all();
    if (!c.root_) {
        return Result<Condition>::fail(path, parser.error + " (at character " + std::to_string(parser.offset + 1) + ")");
    }
    c.text_ = std::string(text);
    return Result<Condition>::ok(std::move(c));
}

bool Condition::evaluate(const json& answers) const {
    return root_ && truthy(value_of(*root_, answers));
}

} // namespace klantpeil
