#include "ui/loader.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "engine/csv.hpp"

namespace klantpeil::ui {

namespace {

constexpr std::size_t kErrorsKept = 1000;

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// memchr jumps from line to line: a byte-by-byte count, which nothing vectorises in wasm,
// walked every byte of files of hundreds of MB once more.
std::size_t count_lines(std::string_view s) {
    std::size_t lines = 0;
    for (const char *p = s.data(), *end = p + s.size(); (p = static_cast<const char*>(std::memchr(p, '\n', end - p))); ++p) ++lines;
    return lines;
}

bool is_ndjson(std::string_view text) {
    text = skip_bom(text);
    auto first = text.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && (text[first] == '{' || text[first] == '[');
}

} // namespace

FileKind guess_kind(const std::string& name, const std::string& text) {
    const std::string n = lower(name);
    if (n.find("invitation") != std::string::npos || n.find("uitnodiging") != std::string::npos)
        return FileKind::invitations;
    const std::string head = lower(text.substr(0, text.find('\n')));
    const bool has_count = head.find("count") != std::string::npos;
    const bool has_answers = head.find("answers") != std::string::npos || head.find("questionnaire") != std::string::npos;
    return has_count && !has_answers ? FileKind::invitations : FileKind::responses;
}

Loader::Loader(std::string name, std::string text, const QuestionnaireSet& set, ResponseStore& store,
               InvitationCounts& invitations)
    : name_(std::move(name)), text_(std::move(text)), set_(set), store_(store), invitations_(invitations),
      kind_(guess_kind(name_, text_)) {
    format_ = is_ndjson(text_) ? ImportFormat::ndjson : ImportFormat::csv;
    summary_.format = format_;
    if (kind_ == FileKind::responses && format_ == ImportFormat::csv) {
        // The header row as the CSV reader sees it (a BOM and quoted breaks included).
        CsvReader reader(text_, detect_separator(skip_bom(text_)));
        std::vector<std::string_view> cells;
        reader.next(cells);
        pos_ = reader.offset();
        csv_header_ = text_.substr(0, pos_);
        if (csv_header_.empty() || csv_header_.back() != '\n') csv_header_ += '\n';
        csv_header_lines_ = count_lines(csv_header_);
        line_ = 1 + csv_header_lines_;
    }
}

std::size_t Loader::slice_end(std::size_t bytes) const {
    if (format_ == ImportFormat::ndjson) {
        std::size_t end = text_.find('\n', std::min(text_.size(), pos_ + bytes));
        return end == std::string::npos ? text_.size() : end + 1;
    }
    std::string_view rest(text_.data() + pos_, text_.size() - pos_);
    return pos_ + csv_row_end(rest, std::max<std::size_t>(bytes, 1) - 1);
}

bool Loader::step(std::size_t bytes) {
    if (done()) return true;
    if (kind_ == FileKind::invitations) {
        merge(import_invitations(text_, invitations_), 1);
        pos_ = text_.size();
        return true;
    }
    import_slice(slice_end(bytes));
    if (summary_.aborted) pos_ = text_.size();  // a bad CSV header: no later slice can be read
    return done();
}

void Loader::import_slice(std::size_t end) {
    std::string_view body(text_.data() + pos_, end - pos_);
    ImportOptions options;
    options.max_errors = kErrorsKept;
    options.seen = &ids_;
    auto sink = [this](ResponseRecord&& r) {
        if (!store_.add(r).empty()) ++refused_;
    };
    if (format_ == ImportFormat::ndjson) {
        merge(import_ndjson(body, set_, sink, options), line_);
    } else {
        std::string copy;
        ImportSummary s = import_csv(csv_slice(end, copy), set_, sink, options);
        // Lines of the slice after the header are lines of the file from line_ on.
        for (ImportError& e : s.errors) e.line = e.line > csv_header_lines_ ? e.line - csv_header_lines_ : 1;
        merge(s, line_);
    }
    line_ += count_lines(body);
    pos_ = end;
}

// The header and the rows up to `end`. The first slice follows the header in the file
// itself: read in place, since loading a whole file at once would copy hundreds of MB.
std::string_view Loader::csv_slice(std::size_t end, std::string& copy) const {
    if (pos_ == csv_header_.size() && text_.compare(0, pos_, csv_header_) == 0) return {text_.data(), end};
    copy.reserve(csv_header_.size() + end - pos_);
    copy.append(csv_header_).append(text_, pos_, end - pos_);
    return copy;
}

void Loader::merge(const ImportSummary& s, std::size_t first_line) {
    summary_.accepted += s.accepted;
    summary_.skipped += s.skipped;
    summary_.aborted = summary_.aborted || s.aborted;
    summary_.errors_total += s.errors_total;
    for (const ImportError& e : s.errors) {
        if (summary_.errors.size() >= kErrorsKept) break;
        summary_.errors.push_back({e.line + first_line - 1, e.reason});
    }
}

} // namespace klantpeil::ui
