// Internal to the importers (import.cpp, import_csv.cpp, import_invitations.cpp): the error
// log, the progress reporter, duplicate-id detection, the line reader and the frame of a CSV
// import that they share.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/csv.hpp"
#include "engine/import.hpp"
#include "engine/json_scan.hpp"

namespace klantpeil::import_detail {

// Counts every problem, keeps the first `max_errors` in detail.
class ErrorLog {
public:
    ErrorLog(ImportSummary& summary, const ImportOptions& options);
    // False once enough errors are kept: callers then skip building costly messages.
    bool wants_detail() const;
    void add(std::size_t line, std::string reason);
    void add(std::size_t line, const std::vector<Problem>& problems);

private:
    ImportSummary& summary_;
    std::size_t max_;
};

class Progress {
public:
    Progress(const ImportOptions& options, std::size_t total);
    void at(std::size_t done) {
        if (done >= next_) report(done);
    }
    void finish() { if (options_.progress) options_.progress(total_, total_); }

private:
    void report(std::size_t done);
    const ImportOptions& options_;
    std::size_t total_, every_, next_;
};

using IdSet = ImportedIds;

// Where an import keeps the ids it has seen: the caller's set, else `local`; none when
// duplicates are allowed.
IdSet* dedupe_set(const ImportOptions& options, IdSet& local);

// Splits text into lines, counting them; a trailing "\r" stays on the line.
class LineReader {
public:
    explicit LineReader(std::string_view text) : text_(text) {}
    bool next(std::string_view& line);
    std::size_t line() const { return line_; }
    std::size_t offset() const { return pos_; }

private:
    std::string_view text_;
    std::size_t pos_ = 0, line_ = 0;
};

bool is_blank(std::string_view line);
// A CSV row whose cells are all empty: spreadsheets save them below the data (";;;;").
bool is_empty_row(const std::vector<std::string_view>& cells);
// The first non-blank character after a BOM, or '\0'.
char first_significant(std::string_view text);
// "a; b" from problems, each as "path: message".
std::string join(const std::vector<Problem>& problems);
// The longest line an import reads (ImportOptions::max_line_bytes, or its default).
std::size_t line_limit(const ImportOptions& options);
// A JSON line parsed within the size (line_limit) and nesting limits into `into` (whose
// storage the next line may reuse); a discarded value when it is not one, with `why` set
// when asked for.
void parse_line(std::string_view line, std::size_t max_bytes, std::string* why, nlohmann::json& into);
// Validates one parsed record (as validate_record does; its answers are moved out of `j`
// and, when the sink leaves them, moved back for the next line to reuse), skips a repeated
// id (when `ids` is given) and hands it to the sink; false, with the error logged, when it
// is refused.
bool accept_record(nlohmann::json& j, std::size_t line, const QuestionnaireSet& set,
                   IdSet* ids, const RecordSink& sink, ErrorLog& log);
// A whole number cell ("8", "-3"); false for anything else.
bool parse_integer(std::string_view s, long long& out);

// The frame of a CSV import: the header row goes to `read_header` (a Result of one entry per
// column; a bad header stops the import), whose value goes to `make_row_reader` for the row
// reader; then every row but the empty ones goes to that as (cells, line, log), which logs
// the row's problems itself and says whether it took the row. Counts, progress, broken rows
// and rows with another number of cells than the header are handled here.
template <class ReadHeader, class MakeRowReader>
ImportSummary import_csv_rows(std::string_view text, const ImportOptions& options, ReadHeader read_header,
                              MakeRowReader make_row_reader) {
    ImportSummary summary;
    summary.format = ImportFormat::csv;
    ErrorLog log(summary, options);
    Progress progress(options, text.size());
    CsvReader reader(text, detect_separator(text));
    std::vector<std::string_view> cells;
    CsvReader::Status status = reader.next(cells);
    if (status == CsvReader::Status::end) {
        progress.finish();
        return summary;
    }
    auto header = status == CsvReader::Status::row ? read_header(cells)
                                                   : decltype(read_header(cells))::fail("header", reader.error());
    if (!header) {
        log.add(reader.line(), header.problems);
        summary.aborted = true;
        return summary;
    }
    auto read_row = make_row_reader(*header);
    while ((status = reader.next(cells)) != CsvReader::Status::end) {
        progress.at(reader.offset());
        if (status == CsvReader::Status::row && is_empty_row(cells)) continue;
        bool ok = false;
        if (status == CsvReader::Status::error) log.add(reader.line(), reader.error());
        else if (cells.size() != header->size())
            log.add(reader.line(), "the row has " + std::to_string(cells.size()) + " cells, the header " +
                                       std::to_string(header->size()));
        else ok = read_row(cells, reader.line(), log);
        ++(ok ? summary.accepted : summary.skipped);
    }
    progress.finish();
    return summary;
}

} // namespace klantpeil::import_detail
