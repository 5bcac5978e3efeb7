// The store's fast lane of the NDJSON import (engine/ingest_lane.hpp): whatever a text holds,
// importing it into a store through the lane gives exactly what the full path gives (the same
// summary, errors, refusals and rows); and the lane does take the lines our writers write.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/demo.hpp"
#include "engine/import.hpp"
#include "engine/ingest_lane.hpp"
#include "engine/store.hpp"
#include "fixtures.hpp"

using namespace klantpeil;
using nlohmann::json;

namespace {

// Everything a store holds, as text: two stores are equal when these are.
std::string contents(const ResponseStore& s) {
    std::string out = "rows " + std::to_string(s.size()) + "\nmunicipalities";
    for (const std::string& m : s.municipalities()) out += " " + m;
    out += "\ncells";
    for (const Cell& c : s.cells())
        out += " " + std::to_string(c.municipality) + "/" + to_string(c.channel) + "/" + std::to_string(c.quarter.index());
    auto column = [&out](const char* name, const auto& values) {
        out += std::string("\n") + name;
        for (auto v : values) out += " " + std::to_string(v);
    };
    column("cell", s.cell_column());
    column("source", s.source_column());
    column("flags", s.flag_column());
    for (const AnswerColumn& c : s.answer_columns()) column((c.id + " seen " + std::to_string(c.channels_seen)).c_str(), c.values);
    for (const auto* texts : {&s.toelichtingen(), &s.tip_texts()})
        for (const OpenText& t : *texts)
            out += "\ntext " + std::to_string(t.row) + " " + std::to_string(t.submitted_at) + " " + t.text;
    return out;
}

std::string summary_text(const ImportSummary& s, std::size_t refused) {
    std::string out = describe(s) + ", " + std::to_string(s.errors_total) + " errors, " + std::to_string(refused) + " refused";
    for (const ImportError& e : s.errors) out += "\n" + describe(e);
    return out;
}

// `text` imported by the full path (a sink adding to a store) and by the lane: both must agree.
void check_same(std::string_view text, const QuestionnaireSet& set, const ImportOptions& options = {}) {
    ResponseStore full, lane;
    std::size_t full_refused = 0, lane_refused = 0;
    ImportSummary by_full = import_ndjson(text, set, [&](ResponseRecord&& r) { full_refused += !full.add(r).empty(); }, options);
    RefusedSink count = [&](const ResponseRecord&, const std::vector<Problem>&) { ++lane_refused; };
    ImportSummary by_lane = import_ndjson(text, set, lane, count, options);
    CHECK(summary_text(by_lane, lane_refused) == summary_text(by_full, full_refused));
    CHECK(contents(lane) == contents(full));
}

json mini(int n) { return fixtures::mini_record(n); }

// One change to the mini record: the name of an answer or field, and its new value
// (a discarded value removes it).
struct Change {
    const char* at;  // "answers.x" or a field
    json value;
};

json changed(int n, const Change& c) {
    json r = mini(n);
    std::string at = c.at;
    json& parent = at.rfind("answers.", 0) == 0 ? r["answers"] : r;
    std::string key = at.rfind("answers.", 0) == 0 ? at.substr(8) : at;
    if (c.value.is_discarded()) parent.erase(key);
    else parent[key] = c.value;
    return r;
}

const json kGone = json(json::value_t::discarded);

} // namespace

TEST_CASE("lane: records with one thing changed are read as the full path reads them", "[import][lane]") {
    const std::vector<Change> changes = {
        {"answers.totaaloordeel", 11}, {"answers.totaaloordeel", 0}, {"answers.totaaloordeel", -1},
        {"answers.totaaloordeel", "8"}, {"answers.totaaloordeel", 7.5}, {"answers.totaaloordeel", true},
        {"answers.totaaloordeel", nullptr}, {"answers.totaaloordeel", kGone}, {"answers.totaaloordeel", 5},
        {"answers.moeite", 6}, {"answers.moeite", kGone}, {"answers.toelichting", ""}, {"answers.toelichting", "   "},
        {"answers.toelichting", "12345678901"}, {"answers.toelichting", "één €"}, {"answers.toelichting", 5},
        {"answers.toelichting", "a\nb"}, {"answers.aspect_prijs", nullptr}, {"answers.aspect_prijs", 11},
        {"answers.aspect_wachttijd", kGone}, {"answers.kanaal", json::array({"web"})},
        {"answers.kanaal", json::array({"web", "web"})}, {"answers.kanaal", json::array()},
        {"answers.kanaal", json::array({"fax"})}, {"answers.kanaal", "web"}, {"answers.suggesties", "nee"},
        {"answers.suggesties", "misschien"}, {"answers.tip", kGone}, {"answers.tip", "  "}, {"answers.extra", "ja"},
        {"answers.onbekend", 1}, {"answers.kanaal", json::object({{"web", true}})},
        {"id", "6F1C2A3B-4D5E-4F60-8A7B-9C0D1E2F3A4B"}, {"id", "not-a-uuid"}, {"id", kGone},
        {"questionnaire", "kto-anders"}, {"version", 3}, {"version", "2"}, {"municipality", "363"},
        {"channel", "telefoon"}, {"channel", "loket"}, {"source", "x"}, {"source", "card"}, {"invitation", "tok-1"},
        {"invitation", ""}, {"invitation", 5}, {"submitted_at", "2026-02-30T10:00:00Z"},
        {"submitted_at", "2026-08-14T10:22:00+02:00"}, {"language", "en"}, {"language", "fr"}, {"extra_field", 1},
        {"answers", nullptr}, {"answers", json::array()}, {"answers", json::object()},
    };
    std::string text;
    for (std::size_t i = 0; i < changes.size(); ++i) {  // each changed record after a good one
        const int n = 2 * static_cast<int>(i);
        text += mini(n).dump() + "\n" + changed(n + 1, changes[i]).dump() + "\n";
    }
    check_same(text, fixtures::mini_set());
    // A combination the condition of `extra` needs: a low grade and no kanaal.
    json low = changed(900, {"answers.totaaloordeel", 4});
    std::string combined = low.dump() + "\n";
    low["answers"]["extra"] = "ja";
    combined += low.dump() + "\n";
    low["answers"]["kanaal"] = json::array({"post"});
    combined += low.dump() + "\n";
    check_same(combined, fixtures::mini_set());
}

TEST_CASE("lane: lines not in the writers' form go the full path's way", "[import][lane]") {
    const std::string plain = mini(1).dump();
    const std::vector<std::string> lines = {
        plain,
        plain + "\r",                                                       // CRLF
        "  " + plain,                                                       // leading blanks
        std::string(plain).replace(plain.find("\"moeite\":4"), 10, "\"moeite\" : 4"),  // white space
        std::string(plain).replace(plain.find("Prima"), 5, "Pri\\u006da"),  // an escape
        std::string(plain).replace(plain.find("\"moeite\":4,"), 11, ""),  // a required answer gone
        std::string(plain).replace(plain.find("{\"aspect_prijs\""), 1, "{\"toelichting\":\"x\","),  // a key twice
        std::string(plain).replace(plain.find("\"version\":2"), 11, "\"version\":2,\"version\":2"),  // a field twice
        std::string(plain).replace(plain.find("\"moeite\":4"), 10, "\"moeite\":4,\"moeite\":2"),  // an answer twice, in a row
        "{\"version\":2," + std::string(plain).replace(plain.find(",\"version\":2"), 12, "").substr(1),  // fields out of order
        "{\"answers\":" + plain.substr(0, plain.size() - 1),              // cut short
        "not json",
        "[1,2]",
        "",
        mini(1).dump(),                                                      // the same id again
    };
    std::string text = "\xEF\xBB\xBF";  // a BOM
    for (const std::string& l : lines) text += l + "\n";
    // The answers out of key order: the text's order, not a map's.
    json r = mini(2);
    std::string swapped = r.dump();
    swapped.replace(swapped.find("\"answers\":{") + 11, 0, "\"totaaloordeel\":8,");
    swapped.replace(swapped.rfind(",\"totaaloordeel\":8"), 18, "");
    text += swapped + "\n";
    check_same(text, fixtures::mini_set());
    ImportOptions shorter;
    shorter.max_line_bytes = 200;
    check_same(text, fixtures::mini_set(), shorter);
}

TEST_CASE("lane: the writers' lines are taken, the others left untouched", "[import][lane]") {
    const QuestionnaireSet set = fixtures::mini_set();
    ResponseStore store;
    std::size_t refused = 0;
    RefusedSink count = [&](const ResponseRecord&, const std::vector<Problem>&) { ++refused; };
    IngestLane lane(set, store, count);
    ImportedIds ids;
    CHECK(lane.take(mini(1).dump(), &ids));
    CHECK(lane.take(mini(2).dump(), &ids));
    CHECK_FALSE(lane.take(mini(2).dump(), &ids));                                  // a repeated id
    CHECK_FALSE(lane.take(changed(3, {"answers.totaaloordeel", 11}).dump(), &ids));  // a problem
    std::string swapped = mini(4).dump();  // the answers out of key order
    swapped.replace(swapped.find("{\"aspect_prijs\""), 1, "{\"totaaloordeel\":8,");
    swapped.replace(swapped.rfind(",\"totaaloordeel\":8"), 18, "");
    CHECK_FALSE(lane.take(swapped, &ids));
    const std::string plain = mini(5).dump();  // the fields out of key order
    CHECK_FALSE(lane.take("{\"version\":2," + std::string(plain).replace(plain.find(",\"version\":2"), 12, "").substr(1), &ids));
    CHECK(store.size() == 2);
    CHECK(refused == 0);
    CHECK(ids.insert(mini(3)["id"].get<std::string>()));  // the refused line's id was not added
}

TEST_CASE("lane: a record the store cannot hold is refused as on the full path", "[import][lane]") {
    // A yes/no question whose id the store keeps as a grade column (aspect_*): valid for the
    // questionnaire, but the store refuses "ja".
    json doc = json::parse(fixtures::kMiniQuestionnaire);
    doc["pages"][3]["questions"][0]["id"] = "aspect_extra";
    auto q = load_questionnaire(doc.dump());
    REQUIRE(q);
    QuestionnaireSet set;
    set.add(std::move(*q.value));
    json odd = changed(2, {"answers.totaaloordeel", 4});
    odd["answers"]["aspect_extra"] = "ja";
    std::string text = mini(1).dump() + "\n" + odd.dump() + "\n" + mini(3).dump() + "\n";
    check_same(text, set);
    ResponseStore store;
    std::size_t refused = 0;
    ImportSummary s = import_ndjson(text, set, store, [&](const ResponseRecord& r, const std::vector<Problem>& problems) {
        ++refused;
        CHECK(r.id == mini(2)["id"]);
        CHECK(describe(problems) == "answers.aspect_extra: must be a whole number from 1 to 10 or null");
    });
    CHECK(s.accepted == 3);
    CHECK(refused == 1);
    CHECK(store.size() == 2);
}

TEST_CASE("lane: demo data of the standard questionnaires is taken whole and stored as the full path stores it", "[import][lane]") {
    const QuestionnaireSet& set = fixtures::standard_set();
    std::string text;
    DemoSpec spec;
    spec.responses = 3000;
    spec.seed = 7;
    REQUIRE(generate_demo(spec, set, [&](ResponseRecord&& r) { text += dump_record(r) + "\n"; }, [](const InvitationRow&) {}));
    check_same(text, set);
    ResponseStore store;
    RefusedSink none = [](const ResponseRecord&, const std::vector<Problem>&) { FAIL("refused"); };
    IngestLane lane(set, store, none);
    std::size_t taken = 0, lines = 0;
    for (std::size_t pos = 0, nl; (nl = text.find('\n', pos)) != std::string::npos; pos = nl + 1, ++lines)
        taken += lane.take(std::string_view(text).substr(pos, nl - pos), nullptr);
    CHECK(lines == 3000);
    CHECK(taken == lines);
}
