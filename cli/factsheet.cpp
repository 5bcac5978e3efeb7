// klantpeil factsheet --input FILE [--invitations FILE] [filters] --format json|text|svg
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/files.hpp"
#include "engine/factsheet.hpp"
#include "engine/factsheet_svg.hpp"
#include "engine/import.hpp"
#include "engine/period.hpp"
#include "engine/store.hpp"

namespace klantpeil::cli {

namespace {

constexpr std::size_t kWarningsShown = 20;  // skipped-line warnings on stderr; the rest are counted

// The filter from --municipality, --channel and --period, or the wrong one in `error`.
std::optional<FactsheetFilter> read_filter(const Args& args, std::string& error) {
    FactsheetFilter filter;
    if (auto m = args.get("--municipality")) {
        if (!is_municipality_code(*m)) { error = "--municipality must be a four-digit CBS code such as 0363"; return std::nullopt; }
        filter.municipality = *m;
    }
    if (auto c = args.get("--channel")) {
        if (!(filter.channel = parse_channel(*c))) { error = "--channel must be balie, telefoon or digitaal"; return std::nullopt; }
    }
    if (auto p = args.get("--period")) {
        if (!(filter.period = parse_quarter(*p))) { error = "--period must be a quarter such as 2026-Q3"; return std::nullopt; }
    }
    return filter;
}

// Imports the responses into `store`; false when the file could not be read at all.
bool load_responses(const std::string& path, const QuestionnaireSet& set, ResponseStore& store, std::string& error) {
    auto file = InputFile::open(path, error);
    if (!file) return false;
    std::size_t refused = 0;
    ImportSummary s = import_responses(file->text(), set, store, [&](const ResponseRecord&, const std::vector<Problem>&) {
        ++refused;
    }, import_options(*file, path));
    print_import_errors(stderr, path, s, kWarningsShown);
    std::fprintf(stderr, "%s: %s\n", path.c_str(), describe(s).c_str());
    if (refused) std::fprintf(stderr, "%s: %zu accepted records did not fit the store and were left out\n", path.c_str(), refused);
    if (s.aborted) error = path + ": could not be read on (see above)";
    return !s.aborted;
}

bool load_invitations(const std::string& path, InvitationCounts& counts, std::string& error) {
    auto file = InputFile::open(path, error);
    if (!file) return false;
    ImportSummary s = import_invitations(file->text(), counts, import_options(*file, path));
    print_import_errors(stderr, path, s, kWarningsShown);
    std::fprintf(stderr, "%s: %zu invitation rows accepted, %zu skipped\n", path.c_str(), s.accepted, s.skipped);
    if (s.aborted) error = path + ": could not be read on (see above)";
    return !s.aborted;
}

int run(const Args& args) {
    std::string error;
    auto input = args.get("--input");
    if (!input) return usage_error(kFactsheet, "--input FILE is needed");
    std::string format = args.get("--format").value_or("json");
    if (format != "json" && format != "text" && format != "svg")
        return usage_error(kFactsheet, "--format must be json, text or svg");
    auto filter = read_filter(args, error);
    if (!filter) return usage_error(kFactsheet, error);
    auto set = load_questionnaires(args, error);
    if (!set) return failure(kFactsheet, error);

    ResponseStore store;
    InvitationCounts invitations;
    if (!load_responses(*input, *set, store, error)) return failure(kFactsheet, error);
    if (auto path = args.get("--invitations"); path && !load_invitations(*path, invitations, error))
        return failure(kFactsheet, error);

    std::vector<Factsheet> sheets = compute_factsheets(store, invitations, *filter);
    // An SVG file holds one page: the filters must pick exactly one factsheet.
    if (format == "svg" && sheets.size() != 1)
        return failure(kFactsheet, "--format svg draws one factsheet, and the filters select " +
                                       std::to_string(sheets.size()) + ": give --municipality, --channel and --period");
    if (format == "svg") {
        std::string out = to_svg(sheets[0]);
        std::fwrite(out.data(), 1, out.size(), stdout);
    } else if (format == "json") {
        std::string out = to_json(sheets).dump(2);
        std::fwrite(out.data(), 1, out.size(), stdout);
        std::fputc('\n', stdout);
    } else {
        for (std::size_t i = 0; i < sheets.size(); ++i) {
            std::string text = to_text(sheets[i]);
            std::fprintf(stdout, "%s%s", i ? "\n" : "", text.c_str());
        }
    }
    std::fprintf(stderr, "%zu factsheets\n", sheets.size());
    return std::fflush(stdout) == 0 ? kExitOk : failure(kFactsheet, "writing the output failed");
}

} // namespace

const Command kFactsheet{
    "factsheet", nullptr, "compute quarterly factsheets from responses",
    "Imports the responses (NDJSON or CSV) and Inviter invitation counts, and prints one\n"
    "factsheet per municipality, channel and quarter: as a JSON array (json) or readable\n"
    "Dutch text (text) on stdout; svg prints one factsheet as an A4 SVG page. Progress, skipped lines and the summary go to stderr.\n"
    "Filters only select what is printed: previous quarters and benchmarks use all data.",
    {{"--input", "FILE", "response records, NDJSON or CSV (required)"},
     {"--invitations", "FILE", "Inviter invitations per day, NDJSON or CSV (municipality;channel;date;count)"},
     {"--municipality", "CODE", "only this CBS municipality code, e.g. 0363"},
     {"--channel", "CHANNEL", "only balie, telefoon or digitaal"},
     {"--period", "QUARTER", "only this quarter, e.g. 2026-Q3"},
     {"--format", "FORMAT", "json (default), text, or svg (one factsheet: filter to one)"},
     questionnaires_option()},
    run};

} // namespace klantpeil::cli
