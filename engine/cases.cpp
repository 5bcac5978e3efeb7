#include "engine/cases.hpp"

#include <algorithm>
#include <cctype>

#include "engine/csv.hpp"
#include "engine/period.hpp"
#include "engine/utf8.hpp"

namespace klantpeil {

const char* to_string(CaseKind k) { return k == CaseKind::tip ? "tip" : "toelichting"; }

namespace {

// The store's cell of the factsheet, if the store has rows for it.
std::optional<std::uint32_t> cell_of(const ResponseStore& store, const Factsheet& f) {
    auto m = store.find_municipality(f.municipality);
    if (!m) return std::nullopt;
    return store.find_cell(*m, f.channel, f.period);
}

void add_texts(std::vector<Case>& out, const std::vector<OpenText>& texts, CaseKind kind, const ResponseStore& store,
               std::uint32_t cell, const AnswerColumn* grades, bool with_grades) {
    const std::vector<std::uint32_t>& cells = store.cell_column();
    for (const OpenText& t : texts) {
        if (cells[t.row] != cell) continue;
        Case c{t.row, t.submitted_at, kind, std::nullopt, t.text, fold_case(t.text)};
        if (with_grades && grades && grades->values[t.row] != 0) c.totaaloordeel = grades->values[t.row];
        out.push_back(std::move(c));
    }
}

// Newest first, then by row, so equal times keep one stable order.
bool newer(const Case* a, const Case* b) {
    return a->submitted_at != b->submitted_at ? a->submitted_at > b->submitted_at : a->row > b->row;
}

} // namespace

std::vector<Case> collect_cases(const ResponseStore& store, const Factsheet& f) {
    std::vector<Case> out;
    auto cell = cell_of(store, f);
    if (!cell) return out;
    const AnswerColumn* grades = store.answer_column(kTotaaloordeel);
    add_texts(out, store.toelichtingen(), CaseKind::toelichting, store, *cell, grades, f.published);
    add_texts(out, store.tip_texts(), CaseKind::tip, store, *cell, grades, f.published);
    std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return newer(&a, &b); });
    return out;
}

namespace {

// U+00C0-U+017F as the search folds it, one per code point: a plain letter, or '^' (the
// small letter is 0x20 on: Latin-1), '+' (it is the next code point: Latin Extended-A) or
// '.' (as it is: small letters without a plain one, and the signs x and the division).
constexpr char kLatinFold[] =
    "aaaaaa^ceeeeiiii" "^nooooo.ouuuuy^." "aaaaaa.ceeeeiiii" ".nooooo.ouuuuy.y"   // U+00C0-U+00FF
    "aaaaaaccccccccdd" "ddeeeeeeeeeegggg" "gggghhhhiiiiiiii" "ii+.jjkk.lllllll"   // U+0100-U+013F
    "lllnnnnnn.+.oooo" "oo+.rrrrrrssssss" "ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";  // U+0140-U+017F
static_assert(sizeof kLatinFold == 0x180 - 0xC0 + 1);

} // namespace

std::string fold_case(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t k = 0; k < text.size(); ++k) {
        const auto c = static_cast<unsigned char>(text[k]);
        const bool latin = c >= 0xC3 && c <= 0xC5 && k + 1 < text.size() && (text[k + 1] & 0xC0) == 0x80;
        if (!latin) {
            out += static_cast<char>(c < 0x80 ? std::tolower(c) : c);
            continue;
        }
        const auto cp = static_cast<char16_t>((c & 0x1F) << 6 | (static_cast<unsigned char>(text[++k]) & 0x3F));
        const char f = kLatinFold[cp - 0xC0];
        if (f == '^') append_utf8(out, static_cast<char16_t>(cp + 0x20));
        else if (f == '+') append_utf8(out, static_cast<char16_t>(cp + 1));
        else if (f == '.') append_utf8(out, cp);
        else out += f;
    }
    return out;
}

std::vector<const Case*> select_cases(const std::vector<Case>& cases, std::string_view search, CaseOrder order) {
    const std::string needle = fold_case(search);
    std::vector<const Case*> out;
    for (const Case& c : cases)
        if (c.folded.find(needle) != std::string::npos) out.push_back(&c);
    auto by_grade = [](bool low_first) {
        return [low_first](const Case* a, const Case* b) {
            if (a->totaaloordeel.has_value() != b->totaaloordeel.has_value()) return a->totaaloordeel.has_value();
            if (a->totaaloordeel != b->totaaloordeel)
                return low_first ? *a->totaaloordeel < *b->totaaloordeel : *a->totaaloordeel > *b->totaaloordeel;
            return newer(a, b);
        };
    };
    switch (order) {
    case CaseOrder::newest: std::stable_sort(out.begin(), out.end(), newer); break;
    case CaseOrder::oldest: std::stable_sort(out.begin(), out.end(), [](const Case* a, const Case* b) { return newer(b, a); }); break;
    case CaseOrder::grade_low: std::stable_sort(out.begin(), out.end(), by_grade(true)); break;
    case CaseOrder::grade_high: std::stable_sort(out.begin(), out.end(), by_grade(false)); break;
    }
    return out;
}

std::string cases_csv(const std::vector<const Case*>& cases) {
    const char sep = ';';
    std::string out = "\xEF\xBB\xBF";
    append_csv_row(out, {"datum", "soort", "totaaloordeel", "tekst"}, sep);
    for (const Case* c : cases) {
        std::string date = to_string(local_date_of(c->submitted_at));
        std::string grade = c->totaaloordeel ? std::to_string(*c->totaaloordeel) : "";
        append_csv_row(out, {date, to_string(c->kind), grade, c->text}, sep);
    }
    return out;
}

} // namespace klantpeil
