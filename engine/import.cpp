// Import of response records: the shared machinery and NDJSON.
// Index: [SECTION] Shared machinery  [SECTION] NDJSON  [SECTION] Format detection
// CSV lives in import_csv.cpp, invitations in import_invitations.cpp.
#include "engine/import.hpp"

#include <climits>
#include <cstring>
#include <utility>

#include "engine/csv.hpp"
#include "engine/import_common.hpp"
#include "engine/ingest_lane.hpp"
#include "engine/json_guard.hpp"

namespace klantpeil {

namespace import_detail {

//-----------------------------------------------------------------------------
// [SECTION] Shared machinery
//-----------------------------------------------------------------------------

namespace {
constexpr std::size_t kDefaultMaxErrors = 1000;
constexpr std::size_t kDefaultProgressEvery = 1 << 20;
constexpr std::size_t kDefaultMaxLine = 256 * 1024;
constexpr int kMaxDepth = 16;  // a record is three levels deep; room for slack, not for abuse
} // namespace

ErrorLog::ErrorLog(ImportSummary& summary, const ImportOptions& options)
    : summary_(summary), max_(options.max_errors ? options.max_errors : kDefaultMaxErrors) {}

bool ErrorLog::wants_detail() const { return summary_.errors.size() < max_; }

void ErrorLog::add(std::size_t line, std::string reason) {
    ++summary_.errors_total;
    if (wants_detail()) summary_.errors.push_back({line, std::move(reason)});
}

void ErrorLog::add(std::size_t line, const std::vector<Problem>& problems) {
    if (wants_detail()) add(line, join(problems));
    else ++summary_.errors_total;
}

Progress::Progress(const ImportOptions& options, std::size_t total)
    : options_(options), total_(total),
      every_(options.progress_every ? options.progress_every : kDefaultProgressEvery),
      next_(options.progress ? every_ : SIZE_MAX) {}

void Progress::report(std::size_t done) {
    options_.progress(done, total_);
    next_ = done + every_;
}

namespace {

// Hex digit values by byte (either case); the dashes of a UUID are skipped by position.
struct HexDigits {
    std::uint8_t value[256] = {};
    constexpr HexDigits() {
        for (int c = 0; c < 10; ++c) value['0' + c] = static_cast<std::uint8_t>(c);
        for (int c = 0; c < 6; ++c) value['a' + c] = value['A' + c] = static_cast<std::uint8_t>(10 + c);
    }
};
constexpr HexDigits kHex{};

// The 16 hex digits of `s` from `from` on, skipping the dash at the UUID positions.
std::uint64_t hex_half(std::string_view s, std::size_t from) {
    std::uint64_t v = 0;
    for (std::size_t i = from, digits = 0; digits < 16; ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) continue;
        v = v << 4 | kHex.value[static_cast<unsigned char>(s[i])];
        ++digits;
    }
    return v;
}

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser: spreads UUID bits over the table
    x ^= x >> 30; x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27; x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

} // namespace

IdSet* dedupe_set(const ImportOptions& options, IdSet& local) {
    if (options.allow_duplicate_ids) return nullptr;
    return options.seen ? options.seen : &local;
}

} // namespace import_detail

bool ImportedIds::insert(std::string_view id) {
    const Key k{import_detail::hex_half(id, 0), import_detail::hex_half(id, 19)};  // 8-4-4 | 4-12 digits
    if (k.hi == 0 && k.lo == 0) return !std::exchange(has_zero_, true);
    if ((used_ + 1) * 4 > slots_.size() * 3) grow();
    if (!place(k)) return false;
    ++used_;
    return true;
}

bool ImportedIds::place(Key k) {
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = import_detail::mix(k.hi ^ import_detail::mix(k.lo)) & mask;; i = (i + 1) & mask) {
        Key& s = slots_[i];
        if (s.hi == 0 && s.lo == 0) { s = k; return true; }
        if (s.hi == k.hi && s.lo == k.lo) return false;
    }
}

void ImportedIds::grow() {
    std::vector<Key> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Key{});
    for (const Key& k : old)
        if (k.hi != 0 || k.lo != 0) place(k);
}

namespace import_detail {

bool LineReader::next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    const char* start = text_.data() + pos_;
    const void* nl = std::memchr(start, '\n', text_.size() - pos_);
    std::size_t len = nl ? static_cast<const char*>(nl) - start : text_.size() - pos_;
    line = std::string_view(start, len);
    pos_ += len + (nl ? 1 : 0);
    ++line_;
    return true;
}

bool is_blank(std::string_view line) {
    for (char c : line)
        if (c != ' ' && c != '\t' && c != '\r') return false;
    return true;
}

bool is_empty_row(const std::vector<std::string_view>& cells) {
    for (std::string_view c : cells)
        if (!c.empty()) return false;
    return true;
}

char first_significant(std::string_view text) {
    for (char c : skip_bom(text))
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return c;
    return '\0';
}

std::string join(const std::vector<Problem>& problems) {
    std::string out;
    for (const Problem& p : problems) {
        if (!out.empty()) out += "; ";
        out += describe(p);
    }
    return out;
}

std::size_t line_limit(const ImportOptions& options) {
    return options.max_line_bytes ? options.max_line_bytes : kDefaultMaxLine;
}

void parse_line(std::string_view line, std::size_t max_bytes, std::string* why, nlohmann::json& into) {
    auto fail = [&](std::string reason) {
        if (why) *why = std::move(reason);
        into = nlohmann::json(nlohmann::json::value_t::discarded);
    };
    if (line.size() > max_bytes) return fail("longer than " + std::to_string(max_bytes) + " bytes");
    if (scan_record(line, into)) return;
    if (json_depth(line) > kMaxDepth) return fail("nested deeper than " + std::to_string(kMaxDepth) + " levels");
    into = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
    if (into.is_discarded() && why) *why = json_syntax_error(line);
}

bool parse_integer(std::string_view s, long long& out) {
    bool negative = !s.empty() && s[0] == '-';
    if (negative) s.remove_prefix(1);
    if (s.empty() || s.size() > 15) return false;  // far beyond any count or scale
    long long v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = negative ? -v : v;
    return true;
}

bool accept_record(nlohmann::json& j, std::size_t line, const QuestionnaireSet& set,
                   IdSet* ids, const RecordSink& sink, ErrorLog& log) {
    Result<ResponseRecord> r = validate_record(std::move(j), set);
    if (!r) { log.add(line, r.problems); return false; }
    if (ids && !ids->insert(r->id)) {
        log.add(line, "id: " + r->id + " was already imported from an earlier line");
        return false;
    }
    sink(std::move(*r.value));
    if (r.value->answers.is_object()) j["answers"] = std::move(r.value->answers);
    return true;
}

} // namespace import_detail

using namespace import_detail;

std::string describe(const ImportError& e) {
    return std::to_string(e.line) + ": " + e.reason;
}

std::string describe(const ImportSummary& s) {
    std::string out = std::to_string(s.accepted) + (s.accepted == 1 ? " record" : " records") +
                      " accepted, " + std::to_string(s.skipped) + " skipped";
    if (s.aborted) out += ", stopped early";
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] NDJSON
//-----------------------------------------------------------------------------

namespace {

// `lane`, when given, takes the lines it can; the rest are read here.
ImportSummary read_ndjson(std::string_view text, const QuestionnaireSet& set, const RecordSink& sink,
                          const ImportOptions& options, IngestLane* lane) {
    ImportSummary summary;
    summary.format = ImportFormat::ndjson;
    ErrorLog log(summary, options);
    Progress progress(options, text.size());
    IdSet ids;
    IdSet* dedupe = dedupe_set(options, ids);
    LineReader lines(skip_bom(text));
    std::size_t bom = text.size() - skip_bom(text).size();
    const std::size_t max_line = line_limit(options);
    std::string why;
    nlohmann::json j;  // each line's record, written over the previous one's storage
    for (std::string_view line; lines.next(line);) {
        progress.at(bom + lines.offset());
        if (is_blank(line)) continue;
        if (lane && line.size() <= max_line && lane->take(line, dedupe)) {
            ++summary.accepted;
            continue;
        }
        parse_line(line, max_line, log.wants_detail() ? &why : nullptr, j);
        bool ok = false;
        if (j.is_discarded()) log.add(lines.line(), "not a record: " + why);
        else if (!j.is_object()) log.add(lines.line(), "not a record: a JSON object was expected");
        else ok = accept_record(j, lines.line(), set, dedupe, sink, log);
        ++(ok ? summary.accepted : summary.skipped);
    }
    progress.finish();
    return summary;
}

RecordSink store_sink(ResponseStore& store, const RefusedSink& refused) {
    return [&store, &refused](ResponseRecord&& r) {
        std::vector<Problem> problems = store.add(r);
        if (!problems.empty()) refused(r, problems);
    };
}

} // namespace

ImportSummary import_ndjson(std::string_view text, const QuestionnaireSet& set,
                            const RecordSink& sink, const ImportOptions& options) {
    return read_ndjson(text, set, sink, options, nullptr);
}

ImportSummary import_ndjson(std::string_view text, const QuestionnaireSet& set, ResponseStore& store,
                            const RefusedSink& refused, const ImportOptions& options) {
    IngestLane lane(set, store, refused);
    return read_ndjson(text, set, store_sink(store, refused), options, &lane);
}

ImportSummary import_csv(std::string_view text, const QuestionnaireSet& set, ResponseStore& store,
                         const RefusedSink& refused, const ImportOptions& options) {
    return import_csv(text, set, store_sink(store, refused), options);
}

//-----------------------------------------------------------------------------
// [SECTION] Format detection
//-----------------------------------------------------------------------------

std::optional<ImportSummary> refuse_json_array(std::string_view text) {
    if (first_significant(text) != '[') return std::nullopt;
    ImportSummary summary;
    summary.aborted = true;
    summary.errors_total = 1;
    summary.errors.push_back({1, "a JSON array ([...]) is not read: one record per line (NDJSON, as the staff export "
                                 "writes it) or CSV"});
    return summary;
}

ImportFormat detect_format(std::string_view text) {
    char first = first_significant(text);
    return first == '{' || first == '\0' ? ImportFormat::ndjson : ImportFormat::csv;
}

namespace {

template <class... Into>
ImportSummary import_detected(std::string_view text, const QuestionnaireSet& set, const ImportOptions& options,
                              Into&... into) {
    if (auto refused = refuse_json_array(text)) return *refused;
    if (detect_format(text) == ImportFormat::ndjson) return import_ndjson(text, set, into..., options);
    return import_csv(text, set, into..., options);
}

} // namespace

ImportSummary import_responses(std::string_view text, const QuestionnaireSet& set,
                               const RecordSink& sink, const ImportOptions& options) {
    return import_detected(text, set, options, sink);
}

ImportSummary import_responses(std::string_view text, const QuestionnaireSet& set, ResponseStore& store,
                               const RefusedSink& refused, const ImportOptions& options) {
    return import_detected(text, set, options, store, refused);
}

} // namespace klantpeil
