// Import of Inviter invitation counts: one row per (municipality, channel, local day).
#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "engine/ascii.hpp"
#include "engine/csv.hpp"
#include "engine/import.hpp"
#include "engine/import_common.hpp"
#include "engine/utf8.hpp"

namespace klantpeil {

using namespace import_detail;
using nlohmann::json;

namespace {

constexpr long long kMaxCount = 1000000;  // invitations one municipality sends in one day, at most
constexpr const char* kColumns[] = {"municipality", "channel", "date", "count"};

// A day as Dutch spreadsheets write it, day first: "14-8-2026", "01/07/2026"; as YYYY-MM-DD
// (which parse_invitation checks), or nothing when the cell is not written so.
std::optional<std::string> iso_date_of_dutch(std::string_view cell) {
    const std::size_t a = cell.find_first_of("-/"), b = cell.find_last_of("-/");
    long long day = 0, month = 0, year = 0;
    if (a == std::string_view::npos || a == b || a > 2 || b - a > 3 || cell.size() - b != 5 ||
        !parse_integer(cell.substr(0, a), day) || !parse_integer(cell.substr(a + 1, b - a - 1), month) ||
        !parse_integer(cell.substr(b + 1), year))
        return std::nullopt;
    char iso[32];
    std::snprintf(iso, sizeof iso, "%04lld-%02lld-%02lld", year, month, day);
    return std::string(iso);
}

} // namespace

nlohmann::json to_json(const InvitationRow& row) {
    return {{"municipality", row.municipality}, {"channel", to_string(row.channel)},
            {"date", row.date}, {"count", row.count}};
}

Result<InvitationRow> parse_invitation(const nlohmann::json& j) {
    using R = Result<InvitationRow>;
    if (!j.is_object()) return R::fail("", "an invitation row must be a JSON object");
    std::vector<Problem> problems;
    InvitationRow row;
    auto text = [&](const char* key) -> std::string {
        auto it = j.find(key);
        if (it == j.end()) problems.push_back({key, "is missing"});
        else if (!it->is_string()) problems.push_back({key, "must be a string"});
        else return it->get<std::string>();
        return {};
    };
    row.municipality = text("municipality");
    if (!row.municipality.empty() && !is_municipality_code(row.municipality))
        problems.push_back({"municipality", "must be a four-digit CBS code such as \"0363\""});
    std::string channel = text("channel");
    if (auto c = parse_channel(channel)) row.channel = *c;
    else if (!channel.empty()) problems.push_back({"channel", "must be balie, telefoon or digitaal"});
    row.date = text("date");
    if (!row.date.empty() && !parse_local_date(row.date))
        problems.push_back({"date", "must be a calendar day written as YYYY-MM-DD"});
    auto count = j.find("count");
    if (count == j.end()) problems.push_back({"count", "is missing"});
    else if (!count->is_number_integer() || count->get<long long>() < 0 || count->get<long long>() > kMaxCount)
        problems.push_back({"count", "must be a whole number from 0 to " + std::to_string(kMaxCount)});
    else row.count = count->get<long long>();
    for (auto it = j.begin(); it != j.end(); ++it)
        if (std::find(std::begin(kColumns), std::end(kColumns), it.key()) == std::end(kColumns))
            problems.push_back({it.key(), "is not a field of an invitation row"});
    if (!problems.empty()) return R::fail(std::move(problems));
    return R::ok(std::move(row));
}

namespace {

// Adds a row to the counts; false, with the error logged, when it is not valid.
bool add_row(const json& j, std::size_t line, InvitationCounts& counts, ErrorLog& log) {
    Result<InvitationRow> row = parse_invitation(j);
    if (!row) { log.add(line, row.problems); return false; }
    std::vector<Problem> refused = counts.add(row->municipality, row->channel, quarter_of(*parse_local_date(row->date)), row->count);
    if (!refused.empty()) { log.add(line, refused); return false; }
    return true;
}

ImportSummary invitations_ndjson(std::string_view text, InvitationCounts& counts, const ImportOptions& options) {
    ImportSummary summary;
    ErrorLog log(summary, options);
    Progress progress(options, text.size());
    LineReader lines(skip_bom(text));
    std::string why;
    json j;
    for (std::string_view line; lines.next(line);) {
        progress.at(lines.offset());
        if (is_blank(line)) continue;
        parse_line(line, line_limit(options), log.wants_detail() ? &why : nullptr, j);
        bool ok = false;
        if (j.is_discarded()) log.add(lines.line(), "not an invitation row: " + why);
        else ok = add_row(j, lines.line(), counts, log);
        ++(ok ? summary.accepted : summary.skipped);
    }
    progress.finish();
    return summary;
}

// The column index of each invitation field, or the problem with the header.
Result<std::vector<std::size_t>> invitation_header(const std::vector<std::string_view>& cells) {
    using R = Result<std::vector<std::size_t>>;
    std::vector<std::size_t> index(std::size(kColumns), SIZE_MAX);
    for (std::size_t i = 0; i < cells.size(); ++i) {
        std::string_view name = trim(cells[i]);
        auto it = std::find(std::begin(kColumns), std::end(kColumns), name);
        if (!utf8_length(cells[i])) return R::fail("header", "column " + std::to_string(i + 1) + " is not valid UTF-8");
        if (it == std::end(kColumns))
            return R::fail("header", "unknown column \"" + std::string(name) + "\" (expected municipality, channel, date, count)");
        std::size_t& slot = index[it - std::begin(kColumns)];
        if (slot != SIZE_MAX) return R::fail("header", "column \"" + std::string(name) + "\" appears twice");
        slot = i;
    }
    for (std::size_t k = 0; k < index.size(); ++k)
        if (index[k] == SIZE_MAX) return R::fail("header", "the column \"" + std::string(kColumns[k]) + "\" is missing");
    return R::ok(std::move(index));
}

// The JSON of one CSV row, for parse_invitation; cells that are no text are refused here.
Result<json> invitation_cells_to_json(const std::vector<std::string_view>& cells,
                                      const std::vector<std::size_t>& index) {
    json j = json::object();
    for (std::size_t k = 0; k < index.size(); ++k) {
        std::string_view cell = unneutralise_cell(cells[index[k]]);
        long long n = 0;
        if (!utf8_length(cell)) return Result<json>::fail(kColumns[k], "not valid UTF-8");
        // "363" and "14-8-2026": as Excel saves 0363 and 2026-08-14.
        auto fixed = k == 0 ? restored_municipality_code(trim(cell)) : k == 2 ? iso_date_of_dutch(trim(cell)) : std::nullopt;
        if (fixed) j[kColumns[k]] = *fixed;
        else if (k == 3 && parse_integer(trim(cell), n)) j[kColumns[k]] = n;
        else if (!cell.empty()) j[kColumns[k]] = cell;
    }
    return Result<json>::ok(std::move(j));
}

ImportSummary invitations_csv(std::string_view text, InvitationCounts& counts, const ImportOptions& options) {
    return import_csv_rows(text, options, invitation_header, [&](const std::vector<std::size_t>& index) {
        return [&](const std::vector<std::string_view>& cells, std::size_t line, ErrorLog& log) {
            Result<json> j = invitation_cells_to_json(cells, index);
            if (!j) {
                log.add(line, j.problems);
                return false;
            }
            return add_row(*j, line, counts, log);
        };
    });
}

} // namespace

ImportSummary import_invitations(std::string_view text, InvitationCounts& counts, const ImportOptions& options) {
    if (auto refused = refuse_json_array(text)) return *refused;
    if (detect_format(text) == ImportFormat::ndjson) return invitations_ndjson(text, counts, options);
    return invitations_csv(text, counts, options);
}

} // namespace klantpeil
