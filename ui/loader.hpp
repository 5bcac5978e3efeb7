// Loader: imports a response file that arrives in chunks, so its bytes never sit whole in
// wasm memory (a million responses are about 600 MB) and the page can draw a progress bar
// between chunks instead of freezing.
//
// The page writes each chunk into the loader's one buffer (room(), then wrote()), right
// after the unfinished row of the chunk before; wrote() imports the complete rows and keeps
// only that unfinished row. Rows end at an NDJSON line break, or where the engine's CSV
// reader ends them (quoted line breaks stay inside: csv_complete_rows). A CSV file's header
// row is taken once and stays in front of the rows in the buffer, so every import reads it
// first without a copy. Error line numbers are those of the whole file, and the ids of
// earlier chunks, and of the files loaded before (`ids`), catch duplicates in later ones.
// (A byte order mark at a chunk's start is no matter: the engine reads one at the start of
// any NDJSON line, as in the whole file.)
//
// An unfinished row longer than any valid one (kMaxRowBytes: a line break that never comes,
// a CSV quote never closed) is reported at its line and skipped up to its first line break,
// so the buffer stays small and the rest of the file still loads. Invitation files (small)
// are kept whole and imported at the end.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/import.hpp"
#include "engine/questionnaire.hpp"
#include "engine/store.hpp"

namespace klantpeil::ui {

enum class FileKind { responses, invitations };

// By name ("...invitations...", "uitnodigingen") or by the first line (a `count` field and
// no answers).
FileKind guess_kind(const std::string& name, std::string_view text);

// The longest row the loader waits for: the engine's longest NDJSON line (its default), far
// more than a CSV row of the standard questionnaires takes (open texts are capped).
constexpr std::size_t kMaxRowBytes = 256 * 1024;

class Loader {
public:
    // `size`: the file's bytes, for the progress bar; 0 when not known. 64 bits: in wasm
    // a size_t ends at 4 GB, and files are not held whole any more. `ids`: the record ids
    // already in `store`, so a file picked twice (or the export fetched twice) is not counted twice.
    Loader(std::string name, std::uint64_t size, const QuestionnaireSet& set, ResponseStore& store,
           InvitationCounts& invitations, ImportedIds& ids);

    // Where the next `bytes` of the file are to be written; valid until the next call.
    char* room(std::size_t bytes);
    // Imports the complete rows of what is written; false once the load has stopped (a bad
    // CSV header), when later bytes are no use.
    bool wrote(std::size_t bytes);
    // The end of the file: imports the last row (or the whole invitation file).
    void finish();

    bool stopped() const { return summary_.aborted; }
    double fraction() const;   // bytes written / size
    const std::string& name() const { return name_; }
    FileKind kind() const { return kind_; }
    // The summary of the file so far (errors with file line numbers).
    const ImportSummary& summary() const { return summary_; }
    std::size_t refused_by_store() const { return refused_; }

private:
    std::string_view held(std::size_t from, std::size_t to) const { return {buf_.data() + from, to - from}; }
    bool decide(bool at_end);
    bool take_csv_header(bool at_end);
    void import_rows(bool at_end);
    std::size_t rows_end() const;
    void import_until(std::size_t end);
    void consume(std::size_t end);
    void reject_long_row();
    bool skip_to_line_end();
    void merge(const ImportSummary& s);

    std::string name_;
    std::uint64_t size_;
    std::uint64_t written_ = 0;   // bytes of the file written so far
    const QuestionnaireSet& set_;
    ResponseStore& store_;
    InvitationCounts& invitations_;
    FileKind kind_ = FileKind::responses;
    ImportFormat format_ = ImportFormat::ndjson;
    bool decided_ = false;        // kind, format and CSV header known
    bool skipping_ = false;       // inside a rejected over-long row, up to its line break
    // [prefix | rows not yet imported | room for the next chunk]; its size is only grown, so
    // the page's chunks are not zero-filled first.
    std::string buf_;
    std::size_t prefix_ = 0;      // bytes in front of the rows: the CSV header
    std::size_t prefix_lines_ = 0;
    std::size_t used_ = 0;        // bytes of buf_ holding the file: prefix and rows
    std::size_t line_ = 1;        // file line of the first row after the prefix
    ImportSummary summary_;
    std::size_t refused_ = 0;
    ImportedIds& ids_;            // of the store: a repeat in a later chunk or file is caught
};

} // namespace klantpeil::ui
