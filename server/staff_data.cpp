#include "server/staff_data.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "engine/cases.hpp"
#include "engine/import.hpp"
#include "engine/store.hpp"

namespace klantpeil::server {

using nlohmann::json;

//-----------------------------------------------------------------------------
// [SECTION] Time ranges
//-----------------------------------------------------------------------------

// Midnight never falls in a daylight-saving jump (those are at 02:00/03:00 local), so the
// day starts at the offset that holds at that instant. Computed from the day number, not
// through the record timestamp parser: staff may ask for days outside its years 2000-2199.
long long start_of_local_day(LocalDate d) {
    long long midnight_utc = day_number(d) * 86400;
    long long winter = midnight_utc - 3600;
    if (amsterdam_offset_seconds(winter) == 3600) return winter;
    return midnight_utc - 7200;
}

std::pair<long long, long long> quarter_range(Quarter q) {
    Quarter next = quarter_from_index(q.index() + 1);
    return {start_of_local_day(LocalDate{q.year, (q.q - 1) * 3 + 1, 1}),
            start_of_local_day(LocalDate{next.year, (next.q - 1) * 3 + 1, 1})};
}

Result<long long> parse_bound(const std::string& name, const std::string& text, bool is_to) {
    // A "+" typed in a URL's query arrives as a space (form encoding): an offset such as
    // 2026-07-01T00:00:00+02:00 pasted into the address bar. No valid bound has a space.
    std::string value = text;
    std::replace(value.begin(), value.end(), ' ', '+');
    if (auto day = parse_local_date(value)) {
        if (!is_to) return Result<long long>::ok(start_of_local_day(*day));
        // `to` includes its day: the bound is the start of the next one (25 h covers the
        // longest day of the year).
        long long next = start_of_local_day(*day) + 25 * 3600;
        return Result<long long>::ok(start_of_local_day(local_date_of(next)));
    }
    if (auto t = parse_timestamp(value)) return Result<long long>::ok(*t);
    return Result<long long>::fail(name, "must be a date like 2026-07-01 or a time like 2026-07-01T00:00:00Z");
}

//-----------------------------------------------------------------------------
// [SECTION] Exports
//-----------------------------------------------------------------------------

namespace {

// Collects an export's text and hands it on in pieces: one write per row would cost the
// socket (and gzip) a call per 600 bytes.
class ExportBuffer {
public:
    explicit ExportBuffer(const ExportSink& emit) : emit_(emit) {}
    std::string& text() { return text_; }
    void row_done() {
        if (text_.size() >= kPiece) flush();
    }
    void flush() {
        if (!text_.empty()) emit_(text_);
        text_.clear();
    }

private:
    static constexpr std::size_t kPiece = 64 * 1024;
    const ExportSink& emit_;
    std::string text_;
};

} // namespace

void export_ndjson(Storage& storage, const ResponseQuery& q, const ExportSink& emit) {
    ExportBuffer out(emit);
    storage.list_responses(q, [&](const ResponseRow& row) {
        out.text() += row.body;
        out.text() += '\n';
        out.row_done();
    });
    out.flush();
}

namespace {

// The stored responses as records, through the engine's NDJSON import: its scanner reads a
// record several times faster than json::parse and parse_record (all quarters of 244,000
// responses: 4.6 s before). Stored bodies passed the same validation when they came in, so
// a refusal means the database was changed behind the server's back: logged and left out.
// `into`: a RecordSink, or a ResponseStore and a RefusedSink (the import's fast lane).
template <class... Into>
void read_records(Storage& storage, const ResponseQuery& q, const QuestionnaireSet& set, Into&&... into) {
    ImportOptions options;
    options.allow_duplicate_ids = true;  // ids are the table's key already
    export_ndjson(storage, q, [&](std::string_view rows) {
        ImportSummary summary = import_ndjson(rows, set, into..., options);
        for (const ImportError& e : summary.errors)
            std::fprintf(stderr, "klantpeil-server: a stored response is unreadable (%s); left out\n", e.reason.c_str());
    });
}

} // namespace

void export_csv(Storage& storage, const ResponseQuery& q, const QuestionnaireSet& set, const ExportSink& emit) {
    QuestionnaireSet columns;
    for (const Questionnaire& questionnaire : set.all())
        if (!q.channel || questionnaire.channel == *q.channel) columns.add(questionnaire);
    RecordCsvWriter writer(columns, {';', true});
    ExportBuffer out(emit);
    writer.header(out.text());
    read_records(storage, q, set, [&](ResponseRecord&& record) {
        writer.row(record, out.text());
        out.row_done();
    });
    out.flush();
}

//-----------------------------------------------------------------------------
// [SECTION] Factsheets
//-----------------------------------------------------------------------------

// Every municipality's responses are read (the benchmark); for one quarter only those of it
// and of the quarter before (the comparison), not years of them.
json factsheets_json(Storage& storage, const QuestionnaireSet& set, const FactsheetFilter& filter) {
    ResponseQuery all_municipalities;
    all_municipalities.channel = filter.channel;
    all_municipalities.any_order = true;
    if (filter.period) {
        all_municipalities.from = quarter_range(previous(*filter.period)).first;
        all_municipalities.to = quarter_range(*filter.period).second;
    }
    ResponseStore store;
    const RefusedSink refused = [](const ResponseRecord& r, const std::vector<Problem>& problems) {
        std::fprintf(stderr, "klantpeil-server: stored response %s does not fit the store (%s); left out\n", r.id.c_str(),
                     describe(problems).c_str());
    };
    read_records(storage, all_municipalities, set, store, refused);
    InvitationCounts invitations;
    for (const InvitationRow& row : storage.invitations(filter.channel))
        if (auto day = parse_local_date(row.date))
            invitations.add(row.municipality, row.channel, quarter_of(*day), row.count);
    return to_json(compute_factsheets(store, invitations, filter));
}

//-----------------------------------------------------------------------------
// [SECTION] Cases
//-----------------------------------------------------------------------------

namespace {

bool blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

// The answer `id` when it is a non-blank text, else null.
json open_text(const json& answers, const char* id) {
    auto it = answers.find(id);
    if (it == answers.end() || !it->is_string() || blank(it->get<std::string>())) return nullptr;
    return *it;
}

json number_or_null(const json& answers, const char* id) {
    auto it = answers.find(id);
    return it != answers.end() && it->is_number() ? *it : json(nullptr);
}

bool matches(const json& c, const std::string& needle) {
    if (needle.empty()) return true;
    for (const char* field : {"toelichting", "tip"})
        if (c[field].is_string() && fold_case(c[field].get_ref<const std::string&>()).find(needle) != std::string::npos)
            return true;
    return false;
}

} // namespace

json cases_json(Storage& storage, const QuestionnaireSet& set, const CasesQuery& q) {
    ResponseQuery query;
    query.municipality = q.municipality;
    query.channel = q.channel;
    if (q.period) std::tie(query.from, query.to) = quarter_range(*q.period);
    std::string needle = fold_case(q.search);
    std::size_t limit = q.limit ? q.limit : 500;

    query.texts_kept = true;
    json cases = json::array();
    read_records(storage, query, set, [&](ResponseRecord&& record) {
        json c = {{"id", record.id},
                  {"channel", to_string(record.channel)},
                  {"period", to_string(quarter_of(parse_timestamp(record.submitted_at).value_or(0)))},
                  {"submitted_at", record.submitted_at},
                  {"totaaloordeel", number_or_null(record.answers, kTotaaloordeel)},
                  {"moeite", number_or_null(record.answers, kMoeite)},
                  {"toelichting", open_text(record.answers, "toelichting")},
                  {"tip", open_text(record.answers, "tip")}};
        if ((c["toelichting"].is_null() && c["tip"].is_null()) || !matches(c, needle)) return;
        cases.push_back(std::move(c));
    });
    std::size_t total = cases.size();
    // Stored oldest first; staff read the newest first.
    json newest = json::array();
    for (auto it = cases.rbegin(); it != cases.rend() && newest.size() < limit; ++it) newest.push_back(std::move(*it));
    return {{"municipality", q.municipality}, {"total", total}, {"cases", std::move(newest)}};
}

} // namespace klantpeil::server
