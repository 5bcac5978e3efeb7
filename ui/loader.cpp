#include "ui/loader.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "engine/ascii.hpp"
#include "engine/csv.hpp"

namespace klantpeil::ui {

namespace {

constexpr std::size_t kErrorsKept = 1000;

// memchr jumps from line to line: a byte-by-byte count, which nothing vectorises in wasm,
// walked every byte of files of hundreds of MB once more.
std::size_t count_lines(std::string_view s) {
    std::size_t lines = 0;
    for (const char *p = s.data(), *end = p + s.size(); (p = static_cast<const char*>(std::memchr(p, '\n', end - p))); ++p) ++lines;
    return lines;
}

} // namespace

FileKind guess_kind(const std::string& name, std::string_view text) {
    const std::string n = ascii_lower(name);
    if (n.find("invitation") != std::string::npos || n.find("uitnodiging") != std::string::npos)
        return FileKind::invitations;
    const std::string head = ascii_lower(std::string(text.substr(0, text.find('\n'))));
    const bool has_count = head.find("count") != std::string::npos;
    const bool has_answers = head.find("answers") != std::string::npos || head.find("questionnaire") != std::string::npos;
    return has_count && !has_answers ? FileKind::invitations : FileKind::responses;
}

Loader::Loader(std::string name, std::uint64_t size, const QuestionnaireSet& set, ResponseStore& store,
               InvitationCounts& invitations, ImportedIds& ids)
    : name_(std::move(name)), size_(size), set_(set), store_(store), invitations_(invitations), ids_(ids) {}

double Loader::fraction() const {
    return size_ ? std::min(1.0, static_cast<double>(written_) / static_cast<double>(size_)) : 0.0;
}

// [SECTION] Chunks in

char* Loader::room(std::size_t bytes) {
    const std::size_t need = used_ + bytes;
    // Capacity for an unfinished row in front of the next chunk too, so the buffer is sized
    // once for a response file; an invitation file, kept whole, grows by doubling.
    if (buf_.capacity() < need) buf_.reserve(std::max(2 * buf_.capacity(), need + kMaxRowBytes));
    if (buf_.size() < need) buf_.resize(need);
    return buf_.data() + used_;
}

bool Loader::wrote(std::size_t bytes) {
    used_ += bytes;
    written_ += bytes;
    if (stopped()) used_ = prefix_;
    else if ((decided_ || decide(false)) && kind_ == FileKind::responses) import_rows(false);
    return !stopped();
}

void Loader::finish() {
    if (!stopped() && (decided_ || decide(true))) {
        if (kind_ == FileKind::invitations) merge(import_invitations(held(0, used_), invitations_));
        else import_rows(true);
    }
    buf_ = std::string();  // the memory goes back before the factsheets are computed
    used_ = prefix_ = 0;
}

// Kind, format and the CSV header, once the file's first line is in (or no more comes); a
// JSON array is refused at once.
bool Loader::decide(bool at_end) {
    const std::string_view text = held(0, used_);
    if (text.find('\n') == std::string_view::npos && !at_end && used_ <= kMaxRowBytes) return false;
    kind_ = guess_kind(name_, text);
    if (auto refused = refuse_json_array(text)) {
        merge(*refused);  // stopped: nothing more is read
        return false;
    }
    format_ = detect_format(text);
    summary_.format = format_;
    if (kind_ == FileKind::responses && format_ == ImportFormat::csv && !take_csv_header(at_end)) return false;
    decided_ = true;
    return true;
}

// The header row as the CSV reader sees it (a BOM, blank lines before it and quoted breaks
// included) stays in front of the buffer: every import of rows reads it first.
bool Loader::take_csv_header(bool at_end) {
    const std::string_view text = held(0, used_);
    CsvReader reader(text, detect_separator(text));
    std::vector<std::string_view> cells;
    reader.next(cells);
    const std::size_t end = reader.offset();
    const bool complete = end > 0 && text[end - 1] == '\n';
    if (!complete && !at_end && used_ <= kMaxRowBytes) return false;
    prefix_ = end;
    prefix_lines_ = count_lines(text.substr(0, end));
    line_ = 1 + prefix_lines_;
    return true;
}

// [SECTION] Rows

// Imports every complete row (at the end: every row), then deals with an unfinished row
// too long to wait for.
void Loader::import_rows(bool at_end) {
    while (!stopped() && (!skipping_ || skip_to_line_end())) {
        // At the end the engine sees the rest even when it is empty: a CSV file of only a
        // header still has the header checked.
        const std::size_t end = at_end ? used_ : rows_end();
        if (end > prefix_ || at_end) {
            import_until(end);
            consume(end);
        }
        if (used_ - prefix_ <= kMaxRowBytes) return;
        reject_long_row();
    }
}

std::size_t Loader::rows_end() const {
    const std::string_view rows = held(prefix_, used_);
    if (format_ == ImportFormat::csv) return prefix_ + csv_complete_rows(rows);
    const std::size_t last = rows.rfind('\n');
    return last == std::string_view::npos ? prefix_ : prefix_ + last + 1;
}

// The engine's import of the prefix and the rows up to `end`.
void Loader::import_until(std::size_t end) {
    ImportOptions options;
    options.max_errors = kErrorsKept;
    options.max_line_bytes = kMaxRowBytes;
    options.seen = &ids_;
    auto refused = [this](const ResponseRecord&, const std::vector<Problem>&) { ++refused_; };
    const std::string_view text = held(0, end);
    merge(format_ == ImportFormat::ndjson ? import_ndjson(text, set_, store_, refused, options)
                                          : import_csv(text, set_, store_, refused, options));
}

// Drops the rows up to `end`, counting their lines; the unfinished row moves up behind the
// prefix.
void Loader::consume(std::size_t end) {
    line_ += count_lines(held(prefix_, end));
    const std::size_t rest = used_ - end;
    std::memmove(buf_.data() + prefix_, buf_.data() + end, rest);
    used_ = prefix_ + rest;
}

// An NDJSON line is cut to one byte over the limit, for the engine's own "longer than" error;
// a CSV row cannot be cut like that (its quotes would change the reading), so it gets ours.
void Loader::reject_long_row() {
    if (format_ == ImportFormat::ndjson) {
        import_until(prefix_ + kMaxRowBytes + 1);
    } else {
        ++summary_.skipped;
        ++summary_.errors_total;
        if (summary_.errors.size() < kErrorsKept)
            summary_.errors.push_back({line_, "row longer than " + std::to_string(kMaxRowBytes) + " bytes: a quote that is not closed?"});
    }
    skipping_ = true;
}

// Drops bytes up to and including the next line break; false when none is held yet.
bool Loader::skip_to_line_end() {
    const std::size_t at = held(prefix_, used_).find('\n');
    if (at == std::string_view::npos) {
        used_ = prefix_;
        return false;
    }
    skipping_ = false;
    consume(prefix_ + at + 1);
    return true;
}

// Engine line numbers count the prefix: its own lines are the file's first (the CSV
// header), the rows' start at line_.
void Loader::merge(const ImportSummary& s) {
    summary_.accepted += s.accepted;
    summary_.skipped += s.skipped;
    summary_.aborted = summary_.aborted || s.aborted;
    summary_.errors_total += s.errors_total;
    for (const ImportError& e : s.errors) {
        if (summary_.errors.size() >= kErrorsKept) break;
        summary_.errors.push_back({e.line > prefix_lines_ ? line_ + (e.line - prefix_lines_ - 1) : e.line, e.reason});
    }
}

} // namespace klantpeil::ui
