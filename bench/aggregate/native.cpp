// bench/aggregate, native part: makes the demo data set (NDJSON, CSV, invitations) in a
// folder for the browser part, then times the engine on it: ingest into the columnar store
// and all factsheets, for NDJSON and for CSV. Prints one JSON object on stdout.
//   klantpeil-bench-aggregate OUT_DIR RESPONSES QUESTIONNAIRE_DIR
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/demo.hpp"
#include "engine/factsheet.hpp"
#include "engine/import.hpp"
#include "engine/questionnaire.hpp"
#include "engine/store.hpp"

using namespace klantpeil;
namespace fs = std::filesystem;

namespace {

double now_ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

long peak_rss_kb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

QuestionnaireSet load_set(const fs::path& dir) {
    QuestionnaireSet set;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".json")
            if (auto q = load_questionnaire(read_file(e.path()))) set.add(std::move(*q));
    return set;
}

// Writes responses.ndjson, responses.csv and invitations.ndjson.
void make_data(const fs::path& out, std::size_t responses, const QuestionnaireSet& set) {
    std::ofstream nd(out / "responses.ndjson", std::ios::binary), csv(out / "responses.csv", std::ios::binary),
        inv(out / "invitations.ndjson", std::ios::binary);
    RecordCsvWriter writer(set, {';', false});
    std::string line;
    writer.header(line);
    csv << line;
    DemoSpec spec;
    spec.responses = responses;
    auto made = generate_demo(spec, set, [&](ResponseRecord&& r) {
        nd << dump_record(r) << '\n';
        line.clear();
        writer.row(r, line);
        csv << line;
    }, [&](const InvitationRow& row) { inv << to_json(row).dump() << '\n'; });
    if (!made) throw std::runtime_error(describe(made.problems));
}

nlohmann::json time_ingest(const std::string& text, const std::string& invitations, const QuestionnaireSet& set) {
    const double t0 = now_ms();
    ResponseStore store;
    InvitationCounts counts;
    import_invitations(invitations, counts);
    ImportSummary s = import_responses(text, set, store, [](const ResponseRecord&, const std::vector<Problem>&) {});
    store.shrink_to_fit();  // as the previewer does after a load
    const double t1 = now_ms();
    std::vector<Factsheet> sheets = compute_factsheets(store, counts);
    const double t2 = now_ms();
    return {{"ingest_ms", t1 - t0}, {"factsheets_ms", t2 - t1}, {"total_ms", t2 - t0},
            {"mb_per_s", static_cast<double>(text.size()) / 1e6 / ((t2 - t0) / 1000)}, {"bytes", text.size()},
            {"accepted", s.accepted}, {"factsheets", sheets.size()},
            {"bytes_per_response", static_cast<double>(store.column_bytes()) / static_cast<double>(store.size())}};
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s OUT_DIR RESPONSES QUESTIONNAIRE_DIR\n", argv[0]);
        return 2;
    }
    const fs::path out = argv[1];
    const QuestionnaireSet set = load_set(argv[3]);
    if (!fs::exists(out / "responses.csv")) make_data(out, std::stoul(argv[2]), set);
    const std::string invitations = read_file(out / "invitations.ndjson");
    nlohmann::json result;
    {
        const std::string text = read_file(out / "responses.ndjson");
        result["ndjson"] = time_ingest(text, invitations, set);
    }
    {
        const std::string text = read_file(out / "responses.csv");
        result["csv"] = time_ingest(text, invitations, set);
    }
    result["peak_rss_mb"] = static_cast<double>(peak_rss_kb()) / 1024;
    std::printf("%s\n", result.dump().c_str());
    return 0;
}
