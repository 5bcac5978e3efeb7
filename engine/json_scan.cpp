// A fast reader for the JSON that records nearly always are: one object of strings, whole
// numbers, null and booleans, holding at most objects of the same and arrays of scalars (the
// answers). It builds exactly the value nlohmann::json::parse would build, in about a third
// of the time when it writes over the previous line's value, because a million lines are
// imported at a time; the server's documents come out faster too. Anything else (an escape in
// a string, a fraction, deeper nesting, bad syntax) makes it give up, and the caller falls
// back to nlohmann's parser, which also words the error.
//
// The importers have it write into the previous line's value: lines of one questionnaire
// carry the same keys, so their map nodes and strings are overwritten in place instead of
// freed and allocated again (some fifty allocations a line).
#include <cstdint>
#include <cstring>

#include "engine/json_scan.hpp"
#include "engine/utf8.hpp"

namespace klantpeil {

namespace {

using nlohmann::json;

// Bytes that end the plain run of a string: the quote, a backslash, control characters
// and the bytes of non-ASCII characters.
struct SpecialBytes {
    bool table[256] = {};
    constexpr SpecialBytes() {
        for (int c = 0; c < 256; ++c) table[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
    }
    constexpr bool operator[](unsigned char c) const { return table[c]; }
};
constexpr SpecialBytes kSpecial{};

// The first special byte of the `end - p` at p. Eight bytes at a time while eight are left
// (SWAR: plain 64-bit arithmetic, as fast in wasm), since most of a record line is string
// bytes. In each word's mask the lowest flagged byte is exact (borrows only run upwards).
const char* skip_plain(const char* p, const char* end) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
    auto below = [](std::uint64_t x, std::uint64_t n) { return (x - kOnes * n) & ~x; };  // high bit: byte < n
    for (; end - p >= 8; p += 8) {
        std::uint64_t w;
        std::memcpy(&w, p, sizeof w);  // little-endian on x86 and in wasm: byte 0 is the low bits
        std::uint64_t quote = w ^ (kOnes * '"'), backslash = w ^ (kOnes * '\\');
        std::uint64_t mask = (below(quote, 1) | below(backslash, 1) | below(w, 0x20) | w) & kHigh;
        if (mask) return p + __builtin_ctzll(mask) / 8;
    }
    while (p < end && !kSpecial[static_cast<unsigned char>(*p)]) ++p;
    return p;
}

// The first quote, backslash or control character from p on (or end); clears `ascii` when it
// passes a byte beyond ASCII.
const char* skip_text(const char* p, const char* end, bool& ascii) {
    while ((p = skip_plain(p, end)) != end && static_cast<unsigned char>(*p) >= 0x80) {
        ascii = false;
        ++p;
    }
    return p;
}

class Scanner {
public:
    Scanner(std::string_view text, RepeatedKeys repeated)
        : p_(text.data()), end_(text.data() + text.size()), repeated_(repeated) {}

    // The whole line as an object into `out`, or false when it leaves the fast path.
    bool document(json& out) {
        skip_ws();
        return object(out, 1) && at_end();
    }

    // The whole line as flat lists of the record's members and of its answers' members.
    bool split_document(ScannedMembers& fields, ScannedMembers& answers) {
        skip_ws();
        return members(fields, 1, &answers) && at_end();
    }

private:
    static constexpr int kObjectDepth = kScanDepth - 1;  // the record and its answers

    void skip_ws() {
        while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\r' || *p_ == '\n')) ++p_;
    }
    bool eat(char c) {
        skip_ws();
        if (p_ == end_ || *p_ != c) return false;
        ++p_;
        return true;
    }

    bool object(json& out, int depth) {
        if (!eat('{')) return false;
        if (!out.is_object()) out = json::object();
        ObjectRefill members(out.get_ref<json::object_t&>());
        if (!eat('}')) {
            do {
                std::string_view key;
                if (!eat('"') || !string_body(key) || !eat(':') || !value(members.slot(key), depth)) return false;
            } while (eat(','));
            if (!eat('}')) return false;
        }
        if (members.repeated() && repeated_ == RepeatedKeys::give_up) return false;
        members.finish();
        return true;
    }

    // An object's members into `into`, their values read as in object(); with `answers`
    // given, the members of an "answers" object go there, and its own value is left empty.
    bool members(ScannedMembers& into, int depth, ScannedMembers* answers) {
        into.clear();
        if (!eat('{')) return false;
        if (eat('}')) return true;
        do {
            std::string_view key;
            if (!eat('"') || !string_body(key) || !eat(':')) return false;
            json& slot = into.add(key);
            skip_ws();
            if (answers && key == "answers" && p_ != end_ && *p_ == '{') {
                if (!slot.is_object()) slot = json::object();
                slot.get_ref<json::object_t&>().clear();
                if (!members(*answers, depth + 1, nullptr)) return false;
            } else if (!value(slot, depth)) {
                return false;
            }
        } while (eat(','));
        return eat('}');
    }

    bool at_end() {
        skip_ws();
        return p_ == end_;
    }

    bool array(json& out) {
        if (!eat('[')) return false;
        if (!out.is_array()) out = json::array();
        auto& items = out.get_ref<json::array_t&>();
        items.clear();
        if (eat(']')) return true;
        do {
            items.emplace_back();
            skip_ws();
            if (p_ == end_ || *p_ == '{' || *p_ == '[' || !value(items.back(), kObjectDepth)) return false;
        } while (eat(','));
        return eat(']');
    }

    bool value(json& out, int depth) {
        skip_ws();
        if (p_ == end_) return false;
        switch (*p_) {
        case '"': {
            ++p_;
            std::string_view s;
            if (!string_body(s)) return false;
            assign_text(out, s);
            return true;
        }
        case '{': return depth < kObjectDepth && object(out, depth + 1);
        case '[': return depth < kObjectDepth + 1 && array(out);
        case 'n':
            if (!literal("null")) return false;
            if (!out.is_null()) out = nullptr;
            return true;
        case 't': return literal("true") && set(out, true);
        case 'f': return literal("false") && set(out, false);
        default: return number(out);
        }
    }

    bool literal(std::string_view word) {
        if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
        p_ += word.size();
        return true;
    }

    // Overwrites `out` with a scalar: in place when it holds one of that type (no temporary
    // value to build, swap and destroy).
    template <class T>
    static bool set(json& out, T v) {
        if (T* slot = out.get_ptr<T*>()) *slot = v;
        else out = v;
        return true;
    }

    // Whole numbers only, as nlohmann stores them: unsigned when not negative.
    bool number(json& out) {
        bool negative = *p_ == '-';
        const char* start = p_ + negative;
        const char* q = start;
        std::uint64_t v = 0;
        while (q < end_ && *q >= '0' && *q <= '9') v = v * 10 + static_cast<std::uint64_t>(*q++ - '0');
        std::size_t digits = static_cast<std::size_t>(q - start);
        if (digits == 0 || digits > 18 || (digits > 1 && *start == '0')) return false;
        if (q < end_ && (*q == '.' || *q == 'e' || *q == 'E')) return false;
        p_ = q;
        if (negative) set(out, -static_cast<json::number_integer_t>(v));
        else set(out, static_cast<json::number_unsigned_t>(v));
        return true;
    }

    // After the opening quote: the raw text up to the closing quote, when it has no escape
    // or control character and is valid UTF-8.
    bool string_body(std::string_view& s) {
        bool ascii = true;
        const char* p = skip_text(p_, end_, ascii);
        if (p == end_ || *p != '"') return false;  // a backslash or a control character
        s = std::string_view(p_, static_cast<std::size_t>(p - p_));
        p_ = p + 1;
        return ascii || utf8_length(s).has_value();
    }

    const char* p_;
    const char* end_;
    RepeatedKeys repeated_;
};

} // namespace

bool scan_record(std::string_view text, nlohmann::json& into, RepeatedKeys repeated) {
    return Scanner(text, repeated).document(into);
}

bool scan_record_split(std::string_view text, ScannedMembers& fields, ScannedMembers& answers) {
    answers.clear();
    return Scanner(text, RepeatedKeys::give_up).split_document(fields, answers);
}

bool plain_json_text(std::string_view s) {
    const char* end = s.data() + s.size();
    bool ascii = true;
    return skip_text(s.data(), end, ascii) == end && (ascii || utf8_length(s).has_value());
}

} // namespace klantpeil
