// Import: response records from NDJSON or CSV text, invitation counts, and the CSV export
// of records that the import reads back.
//
// Every record is parsed and fully validated (engine/response.hpp `validate_record`). A bad
// line is reported with its 1-based line number and the field, and skipped; the rest still
// counts. Blank lines are ignored. The text is handed over whole and streamed through once;
// accepted records go to a sink one at a time, so nothing but the caller's store grows.
//
// CSV (header row, `,` or `;`, optional BOM, RFC 4180 quoting; see engine/csv.hpp): one
// column per record field (id, questionnaire, version, municipality, channel, source,
// invitation, submitted_at, language) and one per answer id. Cells are typed by the
// questionnaire that the row names: grade/effort as whole numbers, yesno/choice as text,
// multiple choice as `a|b`, open text as it is. An empty cell is not answered (the answer is
// absent); `n.v.t.` is n.v.t. (null) — except in an open-text column, where it is the text.
// What spreadsheets add is tolerated: spaces around header names and numbers, rows of
// empty cells, cells in Windows-1252 (Excel's plain CSV), read as that when not UTF-8, and
// municipality codes that lost their leading zeros ("363" is 0363). One file may mix questionnaires: a row leaves other questionnaires' columns empty.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/period.hpp"
#include "engine/questionnaire.hpp"
#include "engine/response.hpp"
#include "engine/store.hpp"

namespace klantpeil {

// [SECTION] Responses

// The record ids an import has seen, as 128-bit values in an open-addressing table: 16
// bytes per slot, no allocation per record, and "ABC…" equals "abc…" as UUIDs do. Kept by
// a caller that imports one file in slices, so a duplicate in a later slice is caught too.
class ImportedIds {
public:
    // False when the id was already there. `id` has passed is_uuid.
    bool insert(std::string_view id);

private:
    struct Key { std::uint64_t hi = 0, lo = 0; };
    void grow();
    bool place(Key k);
    std::vector<Key> slots_;
    std::size_t used_ = 0;
    bool has_zero_ = false;  // the nil UUID, whose key marks empty slots
};

struct ImportOptions {
    // Told how far the import is (bytes of the text), for a progress bar: at most once per
    // `progress_every` bytes and once at the end. Empty = not told.
    std::function<void(std::size_t done, std::size_t total)> progress;
    std::size_t progress_every = 0;      // 0 = 1 MiB
    std::size_t max_errors = 0;          // errors kept in detail (all are counted); 0 = 1000
    std::size_t max_line_bytes = 0;      // longest accepted NDJSON line; 0 = 256 KiB
    bool allow_duplicate_ids = false;    // false: a second record with an id already imported
                                         // from this text is skipped (ids are idempotency keys)
    ImportedIds* seen = nullptr;         // the ids of earlier imports to check against too
                                         // (slices of one file); null = this text's only
};

struct ImportError {
    std::size_t line = 0;   // 1-based; for CSV the line the row starts on
    std::string reason;     // "answers.moeite: ..." — names the field
};

enum class ImportFormat { ndjson, csv };

struct ImportSummary {
    ImportFormat format = ImportFormat::ndjson;
    std::size_t accepted = 0;             // records handed to the sink
    std::size_t skipped = 0;              // records refused (each has an error, kept or not)
    bool aborted = false;                 // the text could not be read on (e.g. a bad CSV header)
    std::vector<ImportError> errors;      // the first `max_errors` problems, in line order
    std::size_t errors_total = 0;         // all problems, also those not kept
};

// "12: answers.moeite: must be 1-5"
std::string describe(const ImportError& e);
// "998 records accepted, 2 skipped" (+ ", stopped early" when aborted)
std::string describe(const ImportSummary& s);

using RecordSink = std::function<void(ResponseRecord&&)>;

// NDJSON when the first non-blank character (after a BOM) is `{`, or there is none; else CSV.
// Every importer and the previewer's loader decide by this.
ImportFormat detect_format(std::string_view text);

// As detect_format says; a JSON array of records is refused (see refuse_json_array).
ImportSummary import_responses(std::string_view text, const QuestionnaireSet& set,
                               const RecordSink& sink, const ImportOptions& options = {});
ImportSummary import_ndjson(std::string_view text, const QuestionnaireSet& set,
                            const RecordSink& sink, const ImportOptions& options = {});
ImportSummary import_csv(std::string_view text, const QuestionnaireSet& set,
                         const RecordSink& sink, const ImportOptions& options = {});

// The same three, adding what they accept to `store`; a record the store cannot hold
// (ResponseStore::add's problems) goes to `refused`. NDJSON lines in the form the staff
// export writes take the store's fast lane (engine/ingest_lane.hpp): same checks, same rows.
using RefusedSink = std::function<void(const ResponseRecord&, const std::vector<Problem>&)>;
ImportSummary import_responses(std::string_view text, const QuestionnaireSet& set, ResponseStore& store,
                               const RefusedSink& refused, const ImportOptions& options = {});
ImportSummary import_ndjson(std::string_view text, const QuestionnaireSet& set, ResponseStore& store,
                            const RefusedSink& refused, const ImportOptions& options = {});
ImportSummary import_csv(std::string_view text, const QuestionnaireSet& set, ResponseStore& store,
                         const RefusedSink& refused, const ImportOptions& options = {});

// A text whose first non-blank character is `[` holds JSON, but not one record per line:
// most likely one array of records (`jq -s`, a script's json.dump). Read as NDJSON it would
// give an error on every line; it gets this one instead, at line 1, and is not read on
// (aborted). Nothing for any other text.
std::optional<ImportSummary> refuse_json_array(std::string_view text);

// [SECTION] Invitations

// Inviter invitations sent on one local calendar day. NDJSON:
//   {"municipality": "0363", "channel": "balie", "date": "2026-08-14", "count": 12}
// CSV: header `municipality;channel;date;count` (any column order, `,` or `;`); a date may
// also be written day first, as Dutch spreadsheets save it (14-8-2026, 14/08/2026).
struct InvitationRow {
    std::string municipality;
    Channel channel = Channel::balie;
    std::string date;        // "YYYY-MM-DD", Europe/Amsterdam calendar day
    long long count = 0;
};

nlohmann::json to_json(const InvitationRow& row);
// Checks the fields of one row; problems name the field.
Result<InvitationRow> parse_invitation(const nlohmann::json& j);

// Adds every valid row to `counts`; NDJSON or CSV as for responses.
ImportSummary import_invitations(std::string_view text, InvitationCounts& counts,
                                 const ImportOptions& options = {});

// [SECTION] CSV export

// Writes records as the CSV that `import_csv` reads back: the record fields, then one
// column per answer id of the questionnaires given (each id once, in document order).
class RecordCsvWriter {
public:
    struct Options {
        char separator = ';';   // ';' is what Dutch spreadsheets open directly
        bool bom = false;       // a UTF-8 BOM, for spreadsheets that guess the encoding
    };
    RecordCsvWriter(const QuestionnaireSet& set, Options options);

    void header(std::string& out) const;   // (the BOM, then) the header row
    void row(const ResponseRecord& r, std::string& out) const;
    const std::vector<std::string>& columns() const { return columns_; }

private:
    std::vector<std::string> columns_;
    std::vector<const Question*> owners_;  // per answer column: a question that owns the id
    Options options_;
};

std::string to_csv(const std::vector<ResponseRecord>& records, const QuestionnaireSet& set,
                   char separator = ';', bool bom = false);

} // namespace klantpeil
