// Cases: the open answers (reviews and tips) of one factsheet's responses, with the grade
// the respondent gave, for the staff previewer's table and its CSV download.
//
// A grade is a score of one respondent: when the factsheet is not published (fewer than
// kMinimumResponse responses) the grades are left out, so the table cannot reveal the
// hidden totaaloordeel.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/factsheet.hpp"
#include "engine/store.hpp"

namespace klantpeil {

enum class CaseKind { toelichting, tip };

struct Case {
    std::uint32_t row = 0;
    long long submitted_at = 0;       // seconds since 1970 UTC
    CaseKind kind = CaseKind::toelichting;
    std::optional<int> totaaloordeel; // empty: not answered, or the factsheet is not published
    std::string text;
    std::string folded;               // `text` as fold_case writes it: searched every frame
};

// The cases of the rows of factsheet `f` (its municipality, channel and quarter), newest
// first; grades only when `f.published`.
std::vector<Case> collect_cases(const ResponseStore& store, const Factsheet& f);

enum class CaseOrder { newest, oldest, grade_low, grade_high };

// Cases whose text holds `search` (case-insensitive as fold_case; "" = all), in `order`.
// Cases without a grade sort last in both grade orders.
std::vector<const Case*> select_cases(const std::vector<Case>& cases, std::string_view search, CaseOrder order);

// Text as the cases search compares it, here and in the backend: in lower case, and the
// accented Latin letters (U+00C0-U+017F) as their plain letter, so "een" and "Één" both find
// "één keer geholpen" and "sahin" finds "Şahin". Letters without one (æ, ĳ, ß, þ) are
// only lowered; other scripts stay as they are.
std::string fold_case(std::string_view text);

// For Dutch Excel, as the backend's export: UTF-8 byte order mark, `;`, CRLF, every cell
// neutralised against formulas (engine/csv.hpp). Columns: datum (Amsterdam day), soort, totaaloordeel, tekst.
std::string cases_csv(const std::vector<const Case*>& cases);

const char* to_string(CaseKind k);  // "toelichting", "tip"

} // namespace klantpeil
