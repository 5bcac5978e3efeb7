// klantpeil demo-data --responses N [--municipalities M] [--seed S] --out FILE
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/files.hpp"
#include "engine/csv.hpp"
#include "engine/demo.hpp"
#include "engine/import.hpp"

namespace klantpeil::cli {

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// demo.ndjson -> demo.invitations.ndjson; demo.csv -> demo.invitations.csv.
std::string invitations_path(const std::string& out, bool csv) {
    std::string ext = csv ? ".csv" : ".ndjson";
    std::string stem = ends_with(out, ext) ? out.substr(0, out.size() - ext.size()) : out;
    return stem + ".invitations" + ext;
}

// The spec from the options, or the wrong one in `error`.
std::optional<DemoSpec> read_spec(const Args& args, std::string& error) {
    DemoSpec spec;
    auto n = args.get("--responses") ? parse_count(*args.get("--responses")) : std::nullopt;
    if (!n || *n == 0) { error = "--responses N is needed, a whole number from 1"; return std::nullopt; }
    spec.responses = *n;
    if (auto m = args.get("--municipalities")) {
        auto v = parse_count(*m);
        if (!v || *v < 1 || *v > kMaxDemoMunicipalities) {
            error = "--municipalities must be from 1 to " + std::to_string(kMaxDemoMunicipalities);
            return std::nullopt;
        }
        spec.municipalities = static_cast<int>(*v);
    }
    if (auto s = args.get("--seed")) {
        auto v = parse_count(*s);
        if (!v) { error = "--seed must be a whole number"; return std::nullopt; }
        spec.seed = *v;
    }
    spec.reference_date = args.get("--reference-date").value_or("");
    return spec;
}

std::string municipality_list(int count) {
    std::string out;
    for (const DemoMunicipality& m : demo_municipalities(count)) out += (out.empty() ? "" : ", ") + m.code + " " + m.name;
    return out;
}

int run(const Args& args) {
    std::string error;
    auto spec = read_spec(args, error);
    if (!spec) return usage_error(kDemoData, error);
    auto out_path = args.get("--out");
    if (!out_path || out_path->empty() || *out_path == "-")
        return usage_error(kDemoData, "--out FILE is needed (a file: the invitations go next to it)");
    std::string format = args.get("--format").value_or(ends_with(*out_path, ".csv") ? "csv" : "ndjson");
    if (format != "ndjson" && format != "csv") return usage_error(kDemoData, "--format must be ndjson or csv");
    const bool csv = format == "csv";
    auto set = load_questionnaires(args, error);
    if (!set) return failure(kDemoData, error);

    const std::string inv_path = invitations_path(*out_path, csv);
    auto out = OutputFile::create(*out_path, error);
    if (!out) return failure(kDemoData, error);
    auto inv = OutputFile::create(inv_path, error);
    if (!inv) return failure(kDemoData, error);
    RecordCsvWriter writer(*set, {});
    if (csv) {
        writer.header(out->buffer());
        append_csv_row(inv->buffer(), {"municipality", "channel", "date", "count"}, ';');
    }
    auto result = generate_demo(*spec, *set, [&](ResponseRecord&& r) {
        if (csv) writer.row(r, out->buffer());
        else out->buffer() += dump_record(r) + '\n';
        out->maybe_flush();
    }, [&](const InvitationRow& row) {
        if (csv) {
            std::string count = std::to_string(row.count);
            append_csv_row(inv->buffer(), {row.municipality, to_string(row.channel), row.date, count}, ';');
        } else {
            inv->buffer() += to_json(row).dump() + '\n';
        }
        inv->maybe_flush();
    });
    if (!result) return failure(kDemoData, describe(result.problems.front()));
    if (!out->close(error)) return failure(kDemoData, *out_path + ": " + error);
    if (!inv->close(error)) return failure(kDemoData, inv_path + ": " + error);
    std::fprintf(stderr, "wrote %zu responses (%s to %s) to %s\nwrote %zu invitation rows (%lld invitations) to %s\n"
                         "municipalities: %s\n",
                 result->responses, to_string(result->first).c_str(), to_string(result->last).c_str(), out_path->c_str(),
                 result->invitation_rows, result->invitations, inv_path.c_str(),
                 municipality_list(result->municipalities).c_str());
    return kExitOk;
}

} // namespace

const Command kDemoData{
    "demo-data", nullptr, "write reproducible demo responses and invitations",
    "Generates N realistic responses for the three KTO channels over 8 quarters, and the\n"
    "Inviter invitation counts that go with them (next to FILE: demo.ndjson gives\n"
    "demo.invitations.ndjson). The same options always give the same files.",
    {{"--responses", "N", "how many responses (required)"},
     {"--municipalities", "M", "how many municipalities (default 12)"},
     {"--seed", "S", "the random seed (default 0)"},
     {"--reference-date", "DATE", "data ends with the last full quarter before DATE (default 2026-10-01)"},
     {"--out", "FILE", "where the responses go (required)"},
     {"--format", "FORMAT", "ndjson (default) or csv (also chosen by a .csv FILE)"},
     questionnaires_option()},
    run};

} // namespace klantpeil::cli
