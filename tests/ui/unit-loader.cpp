// Tests of ui/loader.hpp: a file fed in chunks of every size gives what the engine gives
// for the file in one go (records, skipped lines, their line numbers), and an unfinished row
// that is too long to wait for is reported at its line without losing the rest.
// Index: [SECTION] Helpers  [SECTION] NDJSON  [SECTION] CSV  [SECTION] Over-long rows
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "engine/import.hpp"
#include "engine/response.hpp"
#include "fixtures.hpp"
#include "ui/loader.hpp"

using namespace klantpeil;
using klantpeil::ui::Loader;
using nlohmann::json;

namespace {

// [SECTION] Helpers

const QuestionnaireSet& mini_set() {
    static const QuestionnaireSet set = fixtures::mini_set();
    return set;
}

// The mini record with the n-th id and another tip.
json record(int n, std::string tip = "Meer loketten") {
    json r = fixtures::mini_record(n);
    r["answers"]["tip"] = std::move(tip);
    return r;
}

struct Loaded {
    std::size_t accepted = 0, skipped = 0, stored = 0;
    std::vector<std::size_t> lines;  // of the errors
    bool operator==(const Loaded& o) const {
        return accepted == o.accepted && skipped == o.skipped && stored == o.stored && lines == o.lines;
    }
};

Loaded loaded(const ImportSummary& s, const ResponseStore& store) {
    Loaded out{s.accepted, s.skipped, store.size(), {}};
    for (const ImportError& e : s.errors) out.lines.push_back(e.line);
    return out;
}

// The file through the loader, in chunks of `chunk` bytes.
Loaded in_chunks(const std::string& text, std::size_t chunk, ImportSummary* summary = nullptr) {
    ResponseStore store;
    InvitationCounts invitations;
    ImportedIds ids;
    Loader loader("reacties", text.size(), mini_set(), store, invitations, ids);
    for (std::size_t at = 0; at < text.size(); at += chunk) {
        const std::size_t n = std::min(chunk, text.size() - at);
        std::memcpy(loader.room(n), text.data() + at, n);
        if (!loader.wrote(n)) break;
    }
    loader.finish();
    if (summary) *summary = loader.summary();
    return loaded(loader.summary(), store);
}

// The file in one go, through the engine.
Loaded in_one_go(const std::string& text) {
    ResponseStore store;
    auto sink = [&](ResponseRecord&& r) { store.add(r); };
    return loaded(import_responses(text, mini_set(), sink), store);
}

// Every chunk size up to the file's, so every row is cut at every byte at least once.
void check_every_chunk_size(const std::string& text) {
    const Loaded whole = in_one_go(text);
    for (std::size_t chunk = 1; chunk <= text.size(); chunk += chunk < 64 ? 1 : 7) {
        INFO("chunk " << chunk);
        CHECK(in_chunks(text, chunk) == whole);
    }
}

std::string csv_of(const std::vector<json>& records, bool bom = false) {
    std::vector<ResponseRecord> out;
    for (const json& j : records) out.push_back(*validate_record(j, mini_set()).value);
    return to_csv(out, mini_set(), ';', bom);
}

} // namespace

// [SECTION] NDJSON

TEST_CASE("NDJSON in chunks of any size: the records and bad lines of the whole file", "[loader]") {
    json moeite = record(3);
    moeite["answers"]["moeite"] = 9;
    const std::string text = "\xEF\xBB\xBF" + record(1).dump() + "\n" + "{\"id\": \"kapot\"\n" + "\n" +
                             moeite.dump() + "\r\n" + record(4).dump() + "\n" + record(1).dump() + "\n" + record(5).dump();
    const Loaded whole = in_one_go(text);
    CHECK(whole.accepted == 3);
    CHECK(whole.lines == std::vector<std::size_t>{2, 4, 6});  // broken, moeite 9, the repeated id
    check_every_chunk_size(text);
}

TEST_CASE("an empty or blank file loads as the engine reads it: as NDJSON, nothing and no error", "[loader]") {
    for (const std::string text : {"", "\n\r\n", "\xEF\xBB\xBF", "  \n"}) {
        ImportSummary summary;
        CHECK(in_chunks(text, 1, &summary) == in_one_go(text));
        CHECK(summary.format == ImportFormat::ndjson);
        CHECK(summary.errors_total == 0);
    }
}

TEST_CASE("a byte order mark at a chunk's start is read as in the whole file", "[loader]") {
    const std::string first = record(1).dump() + "\n";
    const std::string text = first + "\xEF\xBB\xBF" + record(2).dump() + "\n";
    CHECK(in_chunks(text, first.size()) == in_one_go(text));  // the second chunk starts with it
}

// [SECTION] CSV

TEST_CASE("CSV in chunks of any size: quoted line breaks across chunks, one header for all", "[loader]") {
    std::vector<json> records;
    for (int i = 0; i < 6; ++i) records.push_back(record(i, i % 2 ? "twee\r\nregels" : "een \"quote\""));
    std::string text = csv_of(records, true);
    // A bad row in the middle: moeite 9 in the fourth record's row.
    const std::size_t row4 = text.find(records[4]["id"].get<std::string>());
    text.replace(text.find(";4;", row4), 3, ";9;");
    const Loaded whole = in_one_go(text);
    CHECK(whole.accepted == 5);
    REQUIRE(whole.lines.size() == 1);
    CHECK(whole.lines[0] == 8);  // after the header and records 0-3, two lines each odd one
    check_every_chunk_size(text);
}

TEST_CASE("a bad CSV header stops the load at once", "[loader]") {
    const std::string text = "id;onbekend;\"kolom\nnaam\"\n" + std::string(100, 'x') + "\n";
    ImportSummary summary;
    CHECK(in_chunks(text, 16, &summary) == in_one_go(text));
    CHECK(summary.aborted);
    CHECK(summary.errors.size() == 1);
}

TEST_CASE("a JSON array of records stops the load with one error at line 1", "[loader]") {
    const std::string text = "[\n" + record(1).dump(2) + ",\n" + record(2).dump(2) + "\n]\n";
    ImportSummary summary;
    for (std::size_t chunk : {std::size_t(1), std::size_t(16), text.size()}) {
        INFO("chunk " << chunk);
        CHECK(in_chunks(text, chunk, &summary) == in_one_go(text));
        CHECK(summary.aborted);
        REQUIRE(summary.errors.size() == 1);
        CHECK(summary.errors[0].line == 1);
        CHECK(summary.accepted == 0);
    }
}

// [SECTION] Over-long rows

TEST_CASE("an NDJSON line longer than the limit is reported at its line; the rest loads", "[loader]") {
    json big = record(2, std::string(ui::kMaxRowBytes, 'x'));
    const std::string text = record(1).dump() + "\n" + big.dump() + "\n" + record(3).dump() + "\n";
    const Loaded whole = in_one_go(text);
    CHECK(whole.accepted == 2);
    CHECK(whole.lines == std::vector<std::size_t>{2});
    for (std::size_t chunk : {std::size_t(1000), std::size_t(65536), ui::kMaxRowBytes + 5, text.size()}) {
        ImportSummary summary;
        INFO("chunk " << chunk);
        CHECK(in_chunks(text, chunk, &summary) == whole);
        CHECK_THAT(summary.errors.at(0).reason, Catch::Contains("longer than 262144 bytes"));
    }
}

TEST_CASE("a CSV quote that is never closed costs its row, not the rest of the file", "[loader]") {
    std::vector<json> records;
    for (int i = 0; i < 6000; ++i) records.push_back(record(i));
    std::string text = csv_of(records);
    REQUIRE(text.size() > 2 * ui::kMaxRowBytes);
    const std::size_t line2 = text.find('\n') + 1;
    text.insert(text.find(";Prima;", line2) + 1, "\"");  // the first row's toelichting opens a quote
    ImportSummary summary;
    const Loaded chunked = in_chunks(text, 4096, &summary);
    CHECK(chunked.accepted == records.size() - 1);
    REQUIRE(summary.errors.size() == 1);
    CHECK(summary.errors[0].line == 2);
    CHECK_THAT(summary.errors[0].reason, Catch::Contains("quote"));
}
