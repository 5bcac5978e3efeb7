// What the staff endpoints compute from the storage, apart from HTTP so the tests and the
// command line can use it too: exports (NDJSON, CSV for Dutch Excel), factsheets through the
// engine, and the cases (open answers with their grade).
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/factsheet.hpp"
#include "engine/period.hpp"
#include "engine/result.hpp"
#include "server/storage.hpp"

namespace klantpeil::server {

// [SECTION] Time ranges

// The UTC instant at which Amsterdam day `d` starts.
long long start_of_local_day(LocalDate d);
// [start of its first day, start of the next quarter's first day)
std::pair<long long, long long> quarter_range(Quarter q);

// A `from`/`to` query bound: "YYYY-MM-DD" (an Amsterdam day; `to` includes that day) or an
// RFC 3339 time (`to` excludes it; a space stands for the "+" of its offset). "" =
// unbounded. Problems name the parameter.
Result<long long> parse_bound(const std::string& name, const std::string& text, bool is_to);

// [SECTION] Exports
// An export is handed to `emit` in pieces of about 64 KiB as the storage reads its rows, so
// a large municipality's export is never whole in memory. `emit` may throw to stop it.

using ExportSink = std::function<void(std::string_view piece)>;

// One canonical record per line, as stored.
void export_ndjson(Storage& storage, const ResponseQuery& q, const ExportSink& emit);

// For Dutch Excel: UTF-8 byte order mark, `;`, CRLF, RFC 4180 quoting, and every cell that a
// spreadsheet would run as a formula neutralised (the engine's CSV writer). Columns: the
// record fields, then the answer ids of the questionnaires of `q.channel` (all when empty).
void export_csv(Storage& storage, const ResponseQuery& q, const QuestionnaireSet& set, const ExportSink& emit);

// [SECTION] Factsheets and cases

// The factsheets that `filter` selects, as the CLI prints them (a JSON array). Previous
// quarters and benchmarks use every municipality's responses of the channel.
nlohmann::json factsheets_json(Storage& storage, const QuestionnaireSet& set, const FactsheetFilter& filter);

struct CasesQuery {
    std::string municipality;
    std::optional<Channel> channel;
    std::optional<Quarter> period;
    std::string search;        // case-insensitive substring of an open answer; "" = all
    std::size_t limit = 0;     // cases returned at most; 0 = 500
};

// {"municipality", "total", "cases": [{"id", "channel", "period", "submitted_at",
//  "totaaloordeel", "moeite", "toelichting", "tip"}]}: the responses with a non-blank
// `toelichting` (a review) or `tip`, newest first. Texts purged after the retention period
// are left out.
nlohmann::json cases_json(Storage& storage, const QuestionnaireSet& set, const CasesQuery& q);

} // namespace klantpeil::server
