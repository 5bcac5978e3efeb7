// CSV: RFC 4180 reading and writing, as spreadsheets in the Netherlands produce them.
//
// Reading: `,` or `;` (detected from the header line), an optional UTF-8 byte order mark,
// quoted fields holding separators, doubled quotes and line breaks, rows ending in LF or
// CRLF. Blank lines (empty or spaces only) are skipped. Every row knows the 1-based line it
// starts on, also after quoted line breaks, so errors point at the right line.
//
// Writing: quoting only where needed, and every cell that a spreadsheet would run as a
// formula (starting with = + - @, tab or CR) is neutralised with a leading apostrophe.
// Reading undoes exactly that, so export -> import gives back the same text, while names
// like 's-Gravenhage keep their apostrophe.
#pragma once
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace klantpeil {

// `text` without a leading UTF-8 byte order mark.
std::string_view skip_bom(std::string_view text);

// The separator of a header line: whichever of ';' and ',' occurs more often outside
// quotes; ';' on a tie (the Dutch spreadsheet default).
char detect_separator(std::string_view text);

// Where the last complete row of `text` ends (just past its line break); 0 when none is.
// For a file that arrives in chunks: the rows before it can be read, the rest waits for
// the next chunk. `text` must start at a row's start. RFC 4180 doubles quotes inside quoted
// cells, so a line break ends a row exactly when an even number of quotes precede it.
std::size_t csv_complete_rows(std::string_view text);

// Reads rows one at a time. The cells it hands out stay valid until the next call.
class CsvReader {
public:
    enum class Status { row, end, error };

    // `text` must outlive the reader; a leading byte order mark is skipped.
    CsvReader(std::string_view text, char separator);

    // Reads the next row into `cells`. On `error`, `error()` says what and `line()` where;
    // the reader has skipped past the bad row when it could find its end.
    Status next(std::vector<std::string_view>& cells);

    std::size_t line() const { return row_line_; }     // where the last row started
    std::size_t offset() const { return pos_; }        // bytes of `text` consumed
    std::size_t size() const { return text_.size(); }
    const std::string& error() const { return error_; }

private:
    bool skip_blank_lines();
    bool read_quoted(std::string_view& cell);
    std::string_view read_plain();
    void skip_rest_of_row();

    std::string_view text_;
    char sep_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;       // line of text_[pos_]
    std::size_t row_line_ = 0;
    std::string error_;
    std::deque<std::string> unescaped_;  // cells with "" inside; a deque keeps views stable
    std::size_t unescaped_used_ = 0;
};

// A cell as written: neutralised against formula injection, quoted when needed.
void append_csv_cell(std::string& out, std::string_view cell, char separator);

// A whole row followed by CRLF (RFC 4180's line ending, which spreadsheets expect).
void append_csv_row(std::string& out, const std::vector<std::string_view>& cells, char separator);

// The cell text as it was before `append_csv_cell` neutralised it.
std::string_view unneutralise_cell(std::string_view cell);

// A CBS municipality code as a spreadsheet saves it: Excel reads "0363" as the number 363 and
// writes it back so. One to three digits get their leading zeros back ("0363"); for any
// other cell, nothing.
std::optional<std::string> restored_municipality_code(std::string_view cell);

// Windows-1252 text (what Excel's "CSV (gescheiden door lijstscheidingsteken)" writes on a
// Dutch Windows) as UTF-8: "caf\xE9 \x80 5" -> "café € 5". The five bytes Windows-1252 leaves
// undefined become the control characters of the same number, as browsers decode them.
std::string windows1252_to_utf8(std::string_view text);

} // namespace klantpeil
