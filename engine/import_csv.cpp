// CSV of response records: the import (rows typed by their questionnaire) and the export
// that it reads back.
// Index: [SECTION] Columns  [SECTION] Cells to JSON  [SECTION] Import  [SECTION] Export
#include <algorithm>
#include <climits>
#include <cstdlib>
#include <deque>
#include <set>

#include "engine/ascii.hpp"
#include "engine/csv.hpp"
#include "engine/import.hpp"
#include "engine/import_common.hpp"
#include "engine/utf8.hpp"

namespace klantpeil {

using namespace import_detail;
using nlohmann::json;

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Columns
//-----------------------------------------------------------------------------

// The record fields in export order; the first seven must be present on import.
constexpr const char* kFields[] = {"id", "questionnaire", "version", "municipality", "channel",
                                   "source", "invitation", "submitted_at", "language"};
constexpr std::size_t kFieldCount = std::size(kFields);
constexpr std::string_view kRequiredFields[] = {"id", "questionnaire", "version", "municipality",
                                                "channel", "source", "submitted_at"};
constexpr std::string_view kNotApplicable = "n.v.t.";

struct Column {
    std::string name;
    bool is_field = false;
};

// The header's columns, or the problem with it (duplicate, unnamed or missing columns).
Result<std::vector<Column>> read_header(const std::vector<std::string_view>& cells) {
    using R = Result<std::vector<Column>>;
    std::vector<Column> columns;
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        std::string_view name = trim(cells[i]);  // "id; questionnaire" as a spreadsheet user typed it
        if (name.empty()) return R::fail("header", "column " + std::to_string(i + 1) + " has no name");
        if (!utf8_length(name)) return R::fail("header", "column " + std::to_string(i + 1) + " is not valid UTF-8");
        if (!seen.insert(name).second) return R::fail("header", "column \"" + std::string(name) + "\" appears twice");
        bool field = std::find(std::begin(kFields), std::end(kFields), name) != std::end(kFields);
        columns.push_back({std::string(name), field});
    }
    for (std::string_view f : kRequiredFields)
        if (!seen.count(f)) return R::fail("header", "the column \"" + std::string(f) + "\" is missing");
    return R::ok(std::move(columns));
}

// For each column, the question owning that answer id in one questionnaire (nullptr for
// record fields and ids it does not know). Rows mostly share a few questionnaires.
class OwnerCache {
public:
    explicit OwnerCache(const std::vector<Column>& columns) : columns_(columns) {}
    const std::vector<const Question*>& owners(const Questionnaire& q) {
        for (auto& [key, owners] : cache_)
            if (key == &q) return owners;
        std::vector<const Question*> owners;
        for (const Column& c : columns_) owners.push_back(c.is_field ? nullptr : q.find_answer_owner(c.name));
        cache_.emplace_back(&q, std::move(owners));
        return cache_.back().second;
    }

private:
    const std::vector<Column>& columns_;
    std::vector<std::pair<const Questionnaire*, std::vector<const Question*>>> cache_;
};

//-----------------------------------------------------------------------------
// [SECTION] Cells to JSON
//-----------------------------------------------------------------------------

std::string cell_problem(const std::string& column, const std::string& message) {
    return "column \"" + column + "\": " + message;
}

// The JSON value of one non-empty answer cell, typed by the question that owns it.
Result<json> answer_value(std::string_view cell, const Question* owner, const std::string& column) {
    using R = Result<json>;
    if (!owner || owner->type == QuestionType::text) return R::ok(json(cell));
    if (cell == kNotApplicable) return R::ok(json(nullptr));
    switch (owner->type) {
    case QuestionType::grade:
    case QuestionType::effort:
    case QuestionType::grid: {
        long long v = 0;
        if (!parse_integer(trim(cell), v)) return R::fail("", cell_problem(column, "\"" + std::string(cell) + "\" is not a whole number"));
        return R::ok(json(v));
    }
    case QuestionType::choice:
        if (owner->multiple) {
            json values = json::array();
            for (std::size_t start = 0;;) {
                std::size_t bar = cell.find('|', start);
                values.push_back(std::string(cell.substr(start, bar - start)));
                if (bar == std::string_view::npos) break;
                start = bar + 1;
            }
            return R::ok(std::move(values));
        }
        return R::ok(json(cell));
    default:
        return R::ok(json(cell));
    }
}

// Turns rows into the record JSON that validate_record reads, written over the previous
// row's record (see ObjectRefill). Keys are set in sorted order, so each lands at the end of
// its object (a std::map) with one compare instead of a search.
class RowBuilder {
public:
    explicit RowBuilder(const std::vector<Column>& columns) : columns_(columns), owners_(columns), values_(columns.size()) {
        for (std::size_t i = 0; i < columns.size(); ++i) {
            by_name_.push_back(i);
            if (columns[i].name == "municipality") municipality_ = i;
        }
        std::sort(by_name_.begin(), by_name_.end(), [&](std::size_t a, std::size_t b) { return columns[a].name < columns[b].name; });
    }

    // Writes the record a row of one cell per column describes into `record`; or says why the
    // cells cannot be one (the first bad column).
    std::optional<std::string> build(const std::vector<std::string_view>& cells, const QuestionnaireSet& set, json& record) {
        cells_.clear();
        recoded_.clear();
        for (std::size_t i = 0; i < cells.size(); ++i) {
            cells_.push_back(unneutralise_cell(cells[i]));
            // Not UTF-8: a spreadsheet saved the file in its Windows code page.
            if (!utf8_length(cells_.back())) cells_.back() = recoded_.emplace_back(windows1252_to_utf8(cells_.back()));
        }
        if (auto code = restored_municipality_code(trim(cells_[municipality_]))) cells_[municipality_] = recoded_.emplace_back(*code);
        if (!record.is_object()) record = json::object();
        ObjectRefill fields(record.get_ref<json::object_t&>());
        json& answers = fields.slot("answers");  // "answers" sorts before every record field name
        add_fields(fields);
        fields.finish();
        if (auto problem = type_answers(find_questionnaire(record, set))) return problem;
        if (!answers.is_object()) answers = json::object();
        ObjectRefill items(answers.get_ref<json::object_t&>());
        for (std::size_t i : by_name_)
            if (!columns_[i].is_field && !cells_[i].empty()) items.slot(columns_[i].name) = std::move(values_[i]);
        items.finish();
        return std::nullopt;
    }

private:
    void add_fields(ObjectRefill& fields) const {
        for (std::size_t i : by_name_) {
            std::string_view cell = cells_[i];
            if (!columns_[i].is_field || cell.empty()) continue;
            long long version = 0;
            if (columns_[i].name == "version" && parse_integer(trim(cell), version)) fields.slot(columns_[i].name) = version;
            else assign_text(fields.slot(columns_[i].name), cell);
        }
    }

    static const Questionnaire* find_questionnaire(const json& record, const QuestionnaireSet& set) {
        auto name = record.find("questionnaire"), version = record.find("version");
        if (name == record.end() || version == record.end() || !version->is_number_integer() ||
            std::abs(version->get<long long>()) > INT_MAX)
            return nullptr;
        return set.find(name->get_ref<const std::string&>(), version->get<int>());
    }

    // The answer cells as JSON values into values_, in column order; the first problem.
    std::optional<std::string> type_answers(const Questionnaire* q) {
        const std::vector<const Question*>* owners = q ? &owners_.owners(*q) : nullptr;
        for (std::size_t i = 0; i < cells_.size(); ++i) {
            std::string_view cell = cells_[i];
            if (columns_[i].is_field || cell.empty()) continue;
            // Without a known questionnaire, validate_record refuses the record for that reason.
            Result<json> v = answer_value(cell, owners ? (*owners)[i] : nullptr, columns_[i].name);
            if (!v) return v.problems.front().message;
            values_[i] = std::move(*v.value);
        }
        return std::nullopt;
    }

    const std::vector<Column>& columns_;
    OwnerCache owners_;
    std::vector<std::size_t> by_name_;  // column indices in the order of their names
    std::size_t municipality_ = 0;      // its column (read_header requires one)
    std::vector<std::string_view> cells_;  // scratch: the row's cells as written before export
    std::deque<std::string> recoded_;      // scratch: cells read as Windows-1252 (a deque keeps views stable)
    std::vector<json> values_;             // scratch: the typed answer of each column
};

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Import
//-----------------------------------------------------------------------------

ImportSummary import_csv(std::string_view text, const QuestionnaireSet& set,
                         const RecordSink& sink, const ImportOptions& options) {
    IdSet ids;
    IdSet* dedupe = dedupe_set(options, ids);
    return import_csv_rows(text, options, read_header, [&](const std::vector<Column>& columns) {
        // Each row's record is written over the previous one's storage.
        return [&, rows = RowBuilder(columns), record = json()](const std::vector<std::string_view>& cells,
                                                                 std::size_t line, ErrorLog& log) mutable {
            if (auto problem = rows.build(cells, set, record)) {
                log.add(line, std::move(*problem));
                return false;
            }
            return accept_record(record, line, set, dedupe, sink, log);
        };
    });
}

//-----------------------------------------------------------------------------
// [SECTION] Export
//-----------------------------------------------------------------------------

RecordCsvWriter::RecordCsvWriter(const QuestionnaireSet& set, Options options) : options_(options) {
    columns_.assign(std::begin(kFields), std::end(kFields));
    std::set<std::string> seen;
    for (const Questionnaire& q : set.all())
        for (const std::string& id : q.answer_ids())
            if (seen.insert(id).second) {
                columns_.push_back(id);
                owners_.push_back(q.find_answer_owner(id));
            }
}

void RecordCsvWriter::header(std::string& out) const {
    if (options_.bom) out += "\xEF\xBB\xBF";
    std::vector<std::string_view> cells(columns_.begin(), columns_.end());
    append_csv_row(out, cells, options_.separator);
}

namespace {

// An answer as its cell: the inverse of answer_value.
std::string answer_cell(const json& value, const Question* owner) {
    if (value.is_null()) return owner && owner->type == QuestionType::text ? "" : std::string(kNotApplicable);
    if (value.is_string()) return value.get<std::string>();
    if (value.is_array()) {
        std::string out;
        for (const json& v : value) {
            if (!out.empty()) out += '|';
            out += v.is_string() ? v.get<std::string>() : v.dump();
        }
        return out;
    }
    return value.dump();
}

} // namespace

void RecordCsvWriter::row(const ResponseRecord& r, std::string& out) const {
    const char sep = options_.separator;
    std::string version = std::to_string(r.version);
    const std::string_view fields[kFieldCount] = {r.id, r.questionnaire, version, r.municipality,
                                                  to_string(r.channel), to_string(r.source),
                                                  r.invitation ? std::string_view(*r.invitation) : std::string_view(),
                                                  r.submitted_at, r.language};
    for (std::size_t i = 0; i < kFieldCount; ++i) {
        if (i > 0) out += sep;
        append_csv_cell(out, fields[i], sep);
    }
    for (std::size_t i = 0; i < owners_.size(); ++i) {
        out += sep;
        auto it = r.answers.find(columns_[kFieldCount + i]);
        if (it != r.answers.end()) append_csv_cell(out, answer_cell(*it, owners_[i]), sep);
    }
    out += "\r\n";
}

std::string to_csv(const std::vector<ResponseRecord>& records, const QuestionnaireSet& set,
                   char separator, bool bom) {
    RecordCsvWriter writer(set, {separator, bom});
    std::string out;
    writer.header(out);
    for (const ResponseRecord& r : records) writer.row(r, out);
    return out;
}

} // namespace klantpeil
