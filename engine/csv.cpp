#include "engine/csv.hpp"

#include <algorithm>

#include "engine/utf8.hpp"

namespace klantpeil {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool is_formula_start(char c) {
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

// Apostrophes followed by a formula character: a cell that `append_csv_cell` prefixes, and
// (with at least one apostrophe) a cell that it has prefixed.
std::size_t apostrophes_before_formula(std::string_view cell) {
    std::size_t n = 0;
    while (n < cell.size() && cell[n] == '\'') ++n;
    return n < cell.size() && is_formula_start(cell[n]) ? n : std::string_view::npos;
}

bool needs_quotes(std::string_view cell, char separator) {
    for (char c : cell) {
        if (c == separator || c == '"' || c == '\n' || c == '\r') return true;
    }
    return false;
}

} // namespace

std::string_view skip_bom(std::string_view text) {
    if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
    return text;
}

char detect_separator(std::string_view text) {
    text = skip_bom(text);
    std::size_t semicolons = 0, commas = 0;
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r')) break;
        else if (!quoted && c == ';') ++semicolons;
        else if (!quoted && c == ',') ++commas;
    }
    return commas > semicolons ? ',' : ';';
}

// [SECTION] Reading

std::size_t csv_complete_rows(std::string_view text) {
    // Backwards from the end, so only the unfinished row is walked twice.
    std::size_t quotes = static_cast<std::size_t>(std::count(text.begin(), text.end(), '"'));
    for (std::size_t i = text.size(); i-- > 0;) {
        if (text[i] == '"') --quotes;  // now the quotes before i
        else if (text[i] == '\n' && quotes % 2 == 0) return i + 1;
    }
    return 0;
}

CsvReader::CsvReader(std::string_view text, char separator)
    : text_(text), sep_(separator) {
    pos_ = text.size() - skip_bom(text).size();
}

// Skips empty and spaces-only lines; false at the end of the text.
bool CsvReader::skip_blank_lines() {
    while (pos_ < text_.size()) {
        std::size_t i = pos_;
        while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\r')) ++i;
        if (i < text_.size() && text_[i] != '\n') return true;
        pos_ = i < text_.size() ? i + 1 : i;
        if (i < text_.size()) ++line_;
    }
    return false;
}

CsvReader::Status CsvReader::next(std::vector<std::string_view>& cells) {
    cells.clear();
    unescaped_used_ = 0;
    error_.clear();
    if (!skip_blank_lines()) return Status::end;
    row_line_ = line_;
    for (;;) {
        std::string_view cell;
        if (text_[pos_] == '"') {
            if (!read_quoted(cell)) return Status::error;
        } else {
            cell = read_plain();
        }
        cells.push_back(cell);
        if (pos_ >= text_.size()) return Status::row;
        char c = text_[pos_];
        if (c == sep_) {
            ++pos_;
            if (pos_ == text_.size()) { cells.emplace_back(); return Status::row; }
            continue;
        }
        // read_plain and read_quoted stop only at a separator or a line end.
        pos_ += c == '\r' ? 2 : 1;
        ++line_;
        return Status::row;
    }
}

std::string_view CsvReader::read_plain() {
    std::size_t start = pos_;
    while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (c == sep_ || c == '\n') break;
        if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') break;
        ++pos_;
    }
    return text_.substr(start, pos_ - start);
}

// A quoted cell: a view into the text when it holds no doubled quote, else unescaped into
// a kept buffer. False (with error_ set) on a quote never closed or text after the closing quote.
bool CsvReader::read_quoted(std::string_view& cell) {
    std::size_t start = ++pos_;
    bool doubled = false;
    for (;;) {
        std::size_t q = text_.find('"', pos_);
        if (q == std::string_view::npos) {
            error_ = "quoted field is never closed";
            pos_ = text_.size();
            return false;
        }
        for (std::size_t i = pos_; i < q; ++i) line_ += text_[i] == '\n';
        pos_ = q + 1;
        if (pos_ < text_.size() && text_[pos_] == '"') { doubled = true; ++pos_; continue; }
        break;
    }
    std::string_view raw = text_.substr(start, pos_ - 1 - start);
    bool at_end = pos_ >= text_.size() || text_[pos_] == sep_ || text_[pos_] == '\n' ||
                  (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n');
    if (!at_end) {
        error_ = "unexpected text after a closing quote";
        skip_rest_of_row();
        return false;
    }
    if (!doubled) { cell = raw; return true; }
    if (unescaped_used_ == unescaped_.size()) unescaped_.emplace_back();
    std::string& buf = unescaped_[unescaped_used_++];
    buf.clear();
    for (std::size_t i = 0; i < raw.size(); ++i) {
        buf += raw[i];
        if (raw[i] == '"') ++i;  // the second quote of a pair
    }
    cell = buf;
    return true;
}

// After a malformed cell: continue at the next line, so one bad row costs one row.
void CsvReader::skip_rest_of_row() {
    std::size_t nl = text_.find('\n', pos_);
    pos_ = nl == std::string_view::npos ? text_.size() : nl + 1;
    if (nl != std::string_view::npos) ++line_;
}

// [SECTION] Writing

void append_csv_cell(std::string& out, std::string_view cell, char separator) {
    bool neutralise = apostrophes_before_formula(cell) != std::string_view::npos;
    if (!needs_quotes(cell, separator)) {
        if (neutralise) out += '\'';
        out += cell;
        return;
    }
    out += '"';
    if (neutralise) out += '\'';
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void append_csv_row(std::string& out, const std::vector<std::string_view>& cells, char separator) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) out += separator;
        append_csv_cell(out, cells[i], separator);
    }
    out += "\r\n";
}

std::string_view unneutralise_cell(std::string_view cell) {
    std::size_t n = apostrophes_before_formula(cell);
    if (n != std::string_view::npos && n > 0) cell.remove_prefix(1);
    return cell;
}

std::optional<std::string> restored_municipality_code(std::string_view cell) {
    constexpr std::size_t kDigits = 4;
    const bool digits = std::all_of(cell.begin(), cell.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (cell.empty() || cell.size() >= kDigits || !digits) return std::nullopt;
    return std::string(kDigits - cell.size(), '0') + std::string(cell);
}

namespace {

// Code points of the bytes 0x80-0x9F; the others are their own code points (Latin-1).
constexpr char16_t kWindows1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

} // namespace

std::string windows1252_to_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 2);
    for (char ch : text) {
        const auto b = static_cast<unsigned char>(ch);
        append_utf8(out, b >= 0x80 && b < 0xA0 ? kWindows1252High[b - 0x80] : char16_t{b});
    }
    return out;
}

} // namespace klantpeil
