// Tests of engine/import.hpp.
// Index: [SECTION] NDJSON  [SECTION] CSV  [SECTION] Invitations
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/import.hpp"
#include "engine/import_common.hpp"
#include "engine/store.hpp"
#include "fixtures.hpp"

using namespace klantpeil;
using nlohmann::json;

namespace {

json record(int n) { return fixtures::mini_record(n); }

std::string ndjson(const std::vector<json>& lines) {
    std::string out;
    for (const json& j : lines) out += j.dump() + "\n";
    return out;
}

struct Imported {
    ImportSummary summary;
    std::vector<ResponseRecord> records;
};

Imported import(std::string_view text, const ImportOptions& options = {}) {
    static const QuestionnaireSet set = fixtures::mini_set();
    Imported out;
    out.summary = import_responses(text, set, [&](ResponseRecord&& r) { out.records.push_back(std::move(r)); }, options);
    return out;
}

std::vector<std::string> errors_of(const ImportSummary& s) {
    std::vector<std::string> out;
    for (const ImportError& e : s.errors) out.push_back(describe(e));
    return out;
}

const char* const kMiniHeader =
    "id;questionnaire;version;municipality;channel;source;invitation;submitted_at;language;"
    "totaaloordeel;toelichting;moeite;aspect_wachttijd;aspect_prijs;kanaal;suggesties;tip;extra\n";

// A CSV row for the mini questionnaire: the record fields, then the answer cells given.
std::string mini_row(int n, const std::string& answers) {
    return record(n)["id"].get<std::string>() + ";kto-mini;2;0363;balie;inviter;;2026-08-14T10:22:00Z;nl;" + answers + "\n";
}

} // namespace

// [SECTION] NDJSON

TEST_CASE("NDJSON: good lines are accepted, a bad one is reported by line and field and skipped", "[import]") {
    json bad = record(2);
    bad["answers"]["moeite"] = 6;
    std::string text = ndjson({record(1), bad}) + "\n   \n" + ndjson({record(3)});
    Imported got = import(text);
    CHECK(got.summary.format == ImportFormat::ndjson);
    CHECK(got.summary.accepted == 2);
    CHECK(got.summary.skipped == 1);
    CHECK(errors_of(got.summary) == std::vector<std::string>{"2: answers.moeite: must be a whole number from 1 to 5"});
    REQUIRE(got.records.size() == 2);
    CHECK(to_json(got.records[0]) == record(1));
    CHECK(to_json(got.records[1]) == record(3));  // on line 5: blank lines count as lines
    CHECK(describe(got.summary) == "2 records accepted, 1 skipped");
}

TEST_CASE("NDJSON: lines that are no record say why", "[import]") {
    std::string text = ndjson({record(1)}) + "{\"id\": oops}\n[1, 2]\n\"tekst\"\n";
    Imported got = import(text);
    CHECK(got.summary.accepted == 1);
    CHECK(got.summary.skipped == 3);
    auto errors = errors_of(got.summary);
    REQUIRE(errors.size() == 3);
    CHECK(errors[0].rfind("2: not a record: not valid JSON (column", 0) == 0);
    CHECK(errors[1] == "3: not a record: a JSON object was expected");
    CHECK(errors[2] == "4: not a record: a JSON object was expected");
}

TEST_CASE("NDJSON: several problems of one record are all named", "[import]") {
    json bad = record(1);
    bad["municipality"] = "363";
    bad["source"] = "fax";
    Imported got = import(ndjson({bad}));
    CHECK(errors_of(got.summary) ==
          std::vector<std::string>{"1: municipality: must be a four-digit CBS municipality code; "
                                   "source: must be one of inviter, app, card, kiosk, digital, link"});
}

TEST_CASE("NDJSON: a record of an unknown questionnaire version is refused", "[import]") {
    json bad = record(1);
    bad["version"] = 7;
    Imported got = import(ndjson({bad}));
    CHECK(errors_of(got.summary) == std::vector<std::string>{"1: version: unknown questionnaire kto-mini version 7"});
}

TEST_CASE("NDJSON: a repeated id is skipped, whatever its letter case", "[import]") {
    json again = record(1);
    std::string id = again["id"];
    for (char& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    again["id"] = id;
    std::string lower = record(1)["id"];
    std::string text = ndjson({record(1), record(2), again});
    Imported got = import(text);
    CHECK(got.summary.accepted == 2);
    REQUIRE(got.summary.errors.size() == 1);
    CHECK(got.summary.errors[0].line == 3);
    CHECK(got.summary.errors[0].reason == "id: " + lower + " was already imported from an earlier line");

    ImportOptions allow;
    allow.allow_duplicate_ids = true;
    CHECK(import(text, allow).summary.accepted == 3);
}

TEST_CASE("slices of one file share their ids: a repeat in a later slice is skipped too", "[import]") {
    ImportedIds seen;
    ImportOptions slices;
    slices.seen = &seen;
    CHECK(import(ndjson({record(1), record(2)}), slices).summary.accepted == 2);
    Imported second = import(ndjson({record(3), record(1)}), slices);
    CHECK(second.summary.accepted == 1);
    CHECK(second.summary.skipped == 1);
    const std::string answers = "8;n.v.t.;4;n.v.t.;7;web;nee;;";
    Imported csv = import(std::string(kMiniHeader) + mini_row(2, answers) + mini_row(4, answers), slices);
    CHECK(csv.summary.accepted == 1);  // row 2 came in the first slice
    // Without the shared set each slice only checks itself.
    CHECK(import(ndjson({record(1)})).summary.accepted == 1);
}

TEST_CASE("ImportedIds: a change in any hex digit is another id, a change of letter case is not", "[import]") {
    const std::string base = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    ImportedIds ids;
    CHECK(ids.insert(base));
    for (std::size_t i = 0; i < base.size(); ++i) {
        if (base[i] == '-') continue;
        std::string other = base;
        other[i] = base[i] == '0' ? '1' : '0';
        CHECK(ids.insert(other));
        CHECK_FALSE(ids.insert(other));
    }
    std::string upper = base;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK_FALSE(ids.insert(upper));
}

TEST_CASE("NDJSON: the nil UUID is a UUID like any other", "[import][regression]") {
    // The duplicate table marks empty slots with zero; the nil id must still be told apart.
    json nil = record(1);
    nil["id"] = "00000000-0000-0000-0000-000000000000";
    Imported got = import(ndjson({nil, record(2), nil}));
    CHECK(got.summary.accepted == 2);
    CHECK(got.summary.skipped == 1);
}

TEST_CASE("NDJSON: many ids stay apart while the duplicate table grows", "[import]") {
    std::vector<json> lines;
    for (int i = 0; i < 3000; ++i) lines.push_back(record(i));
    lines.push_back(record(1234));
    Imported got = import(ndjson(lines));
    CHECK(got.summary.accepted == 3000);
    CHECK(got.summary.skipped == 1);
    CHECK(got.summary.errors.at(0).line == 3001);
}

TEST_CASE("NDJSON: all errors are counted, the first max_errors kept", "[import]") {
    std::string text;
    for (int i = 0; i < 5; ++i) text += "nope\n";
    ImportOptions options;
    options.max_errors = 2;
    Imported got;
    got.summary = import_ndjson(text, fixtures::mini_set(), [](ResponseRecord&&) {}, options);
    CHECK(got.summary.skipped == 5);
    CHECK(got.summary.errors_total == 5);
    REQUIRE(got.summary.errors.size() == 2);
    CHECK(got.summary.errors[1].line == 2);
}

TEST_CASE("NDJSON: oversized and deeply nested lines are refused before parsing", "[import][security]") {
    std::string deep(40, '[');
    deep += std::string(40, ']');
    json long_text = record(2);
    long_text["answers"]["toelichting"] = std::string(600, 'x');
    ImportOptions options;
    options.max_line_bytes = 500;
    Imported got = import(ndjson({record(1)}) + deep + "\n" + ndjson({long_text}), options);
    CHECK(errors_of(got.summary) == std::vector<std::string>{"2: not a record: nested deeper than 16 levels",
                                                              "3: not a record: longer than 500 bytes"});
}

TEST_CASE("the format is told by the first character: { for NDJSON, else CSV", "[import]") {
    CHECK(import("\xEF\xBB\xBF\n  ").summary.format == ImportFormat::ndjson);  // empty
    CHECK(import(" \n{}").summary.format == ImportFormat::ndjson);
    CHECK(import("id;x").summary.format == ImportFormat::csv);
}

TEST_CASE("a JSON array of records gets one error at line 1, not one per line", "[import]") {
    std::string text = "\xEF\xBB\xBF\n[\n" + record(1).dump(2) + ",\n" + record(2).dump(2) + "\n]\n";
    Imported got = import(text);
    CHECK(got.summary.aborted);
    CHECK(got.summary.accepted == 0);
    CHECK(got.records.empty());
    REQUIRE(got.summary.errors.size() == 1);
    CHECK(got.summary.errors_total == 1);
    CHECK(got.summary.errors[0].line == 1);
    CHECK_THAT(got.summary.errors[0].reason, Catch::Contains("JSON array") && Catch::Contains("one record per line"));
    // A line of NDJSON that is an array is that line's error, as before.
    got = import(record(1).dump() + "\n[1]\n");
    CHECK(got.summary.accepted == 1);
    CHECK(errors_of(got.summary) == std::vector<std::string>{"2: not a record: a JSON object was expected"});
}

TEST_CASE("NDJSON: a byte order mark and CRLF line ends are accepted", "[import]") {
    std::string text = "\xEF\xBB\xBF" + record(1).dump() + "\r\n" + record(2).dump() + "\r\n";
    CHECK(import(text).summary.accepted == 2);
}

TEST_CASE("progress is told at most once per step and once at the end", "[import]") {
    std::vector<json> lines;
    for (int i = 0; i < 40; ++i) lines.push_back(record(i));
    std::string text = ndjson(lines);
    std::vector<std::size_t> seen;
    ImportOptions options;
    options.progress_every = 2000;
    options.progress = [&](std::size_t done, std::size_t total) {
        CHECK(total == text.size());
        seen.push_back(done);
    };
    import(text, options);
    REQUIRE(!seen.empty());
    CHECK(seen.back() == text.size());
    CHECK(seen.size() <= text.size() / 2000 + 2);
    CHECK(seen.size() >= text.size() / (2000 + text.size() / 40));
    for (std::size_t i = 1; i < seen.size(); ++i) CHECK(seen[i] > seen[i - 1]);
}

TEST_CASE("the fast line reader builds what nlohmann builds, or leaves the line to it", "[import]") {
    const char* lines[] = {
        R"({"a":1,"b":-2,"c":0,"d":null,"e":true,"f":false,"g":"tekst"})",
        R"(  { "z" : "laatste" , "a" : [ "x" , 2 , null ] , "m" : { "k" : -0 } }  )",
        R"({"naam":"'s-Gravenhage","café":"één","emoji":"😀"})",
        R"({"a":1,"a":2})",                        // a repeated key: the last one wins
        R"({"tekst":"met \"quote\" en \n"})",      // escapes: left to nlohmann
        R"({"x":1.5})", R"({"x":1e3})",            // fractions: left to nlohmann
        R"({"x":{"y":{"z":1}}})",                  // deeper than the answers: left to nlohmann
        R"({"x":[[1]]})", R"({"x":[{"a":1}]})",
        R"({"x":01})", R"({"x":-})", R"({"x":1}x)", R"({"x":"open)", R"({"x":tru})", "{}", "", "[]",
        "{\"bad\":\"\xC3\x28\"}", "{\"surrogate\":\"\xED\xA0\x80\"}", "{\"overlong\":\"\xC0\xAF\"}",
        "{\"ctrl\":\"a\tb\"}",
        // Strings are scanned eight bytes at a time: special bytes past the first word.
        "{\"lang\":\"abcdefghijklm\tn\"}", R"({"lang":"abcdefghijk\"lm"})", R"({"lang":"abcdefghijklmnop"})",
        "{\"lang\":\"abcdefghijklmnopq\xC3\xA9\"}", "{\"lang\":\"abcdefghijklmnopq\x7F\x1F\"}",
        // Written over one another: keys kept, dropped, added, out of order and repeated.
        R"({"a":{"x":1,"y":"z"},"b":[1,2],"c":"s"})", R"({"a":{"y":"w"},"c":3,"d":[]})",
        R"({"d":[true],"a":{"x":"v","x":2},"b":null})", R"({"a":"t","z":{}})", R"({"z":{"q":1}})",
    };
    auto scan = [](std::string_view line) {
        json out;
        return scan_record(line, out) ? out : json(json::value_t::discarded);
    };
    json reused;  // one value written over line after line, as the import does
    for (const char* line : lines) {
        INFO(line);
        json fast = scan(line);
        json full = json::parse(line, nullptr, false);
        if (!fast.is_discarded()) {
            CHECK(fast == full);
            CHECK(fast.dump() == full.dump());
        }
        if (scan_record(line, reused)) CHECK(reused.dump() == full.dump());
    }
    CHECK_FALSE(scan(lines[0]).is_discarded());
    CHECK_FALSE(scan(lines[2]).is_discarded());
    CHECK(scan(lines[3]) == json{{"a", 2}});
    json given_up;  // as parse_json asks: a repeated key is left to the full parser
    CHECK_FALSE(scan_record(lines[3], given_up, RepeatedKeys::give_up));
    CHECK(scan_record(lines[1], given_up, RepeatedKeys::give_up));
    CHECK(given_up == json::parse(lines[1]));
    CHECK(scan(lines[4]).is_discarded());
}

// [SECTION] CSV

TEST_CASE("CSV: cells are typed by the questionnaire the row names", "[import][csv]") {
    std::string text = std::string(kMiniHeader) + mini_row(1, "8;n.v.t.;4;n.v.t.;7;web|post;ja;'=zelf bellen;");
    Imported got = import(text);
    CHECK(got.summary.format == ImportFormat::csv);
    REQUIRE(got.summary.accepted == 1);
    const json& a = got.records[0].answers;
    CHECK(a == json{{"totaaloordeel", 8}, {"toelichting", "n.v.t."}, {"moeite", 4}, {"aspect_wachttijd", nullptr},
                    {"aspect_prijs", 7}, {"kanaal", {"web", "post"}}, {"suggesties", "ja"}, {"tip", "=zelf bellen"}});
    CHECK_FALSE(a.contains("extra"));  // an empty cell is not answered
    CHECK_FALSE(got.records[0].invitation.has_value());
}

TEST_CASE("CSV: cell problems name the column; the row is skipped", "[import][csv]") {
    std::string text = std::string(kMiniHeader) + mini_row(1, "acht;;4;;7;;nee;;") + mini_row(2, "8;;4;;7;;nee;;") +
                       "te;weinig\n";
    Imported got = import(text);
    CHECK(got.summary.accepted == 0);
    CHECK(errors_of(got.summary) ==
          std::vector<std::string>{"2: column \"totaaloordeel\": \"acht\" is not a whole number",
                                   "3: answers.aspect_wachttijd: is required",
                                   "4: the row has 2 cells, the header 18"});
}

TEST_CASE("CSV: line numbers stay right after quoted line breaks", "[import][csv][regression]") {
    std::string text = std::string(kMiniHeader) + mini_row(1, "8;\"a\nb\";4;n.v.t.;7;;nee;;") +
                       mini_row(2, "8;;9;n.v.t.;7;;nee;;");
    Imported got = import(text);
    CHECK(got.summary.accepted == 1);
    REQUIRE(got.summary.errors.size() == 1);
    CHECK(got.summary.errors[0].line == 4);
    CHECK(got.records.at(0).answers["toelichting"] == "a\nb");
}

TEST_CASE("CSV: what spreadsheets add is tolerated: empty rows, spaced names and numbers", "[import][csv]") {
    std::string header = kMiniHeader;
    header.replace(header.find(";questionnaire"), 14, "; questionnaire ");
    std::string text = header + mini_row(1, " 8 ;;4;n.v.t.;7;;nee;;") + ";;;;;;;;;;;;;;;;;\n;;;;;;;;;;;;;;;;;\n" +
                       mini_row(2, "9;;4;n.v.t.;7;;nee;;");
    Imported got = import(text);
    CHECK(got.summary.accepted == 2);
    CHECK(got.summary.skipped == 0);
    CHECK(got.records.at(0).answers["totaaloordeel"] == 8);
}

TEST_CASE("CSV: a bad header stops the import", "[import][csv]") {
    Imported missing = import("id;questionnaire;version\n1;2;3\n");
    CHECK(missing.summary.aborted);
    CHECK(errors_of(missing.summary) == std::vector<std::string>{"1: header: the column \"municipality\" is missing"});
    Imported twice = import(std::string(kMiniHeader).insert(0, "moeite;"));
    CHECK(errors_of(twice.summary) == std::vector<std::string>{"1: header: column \"moeite\" appears twice"});
    Imported unnamed = import(std::string(kMiniHeader).insert(0, ";"));
    CHECK(errors_of(unnamed.summary) == std::vector<std::string>{"1: header: column 1 has no name"});
    CHECK(describe(unnamed.summary) == "0 records accepted, 0 skipped, stopped early");
}

// Excel's "CSV (gescheiden door lijstscheidingsteken)" on a Dutch Windows writes Windows-1252:
// every row whose open text had an accent, a euro sign or a curly quote was skipped as
// "not valid UTF-8", so the factsheet left out exactly the residents who wrote the most.
TEST_CASE("CSV: a cell in Windows-1252, as Excel saves it, is read as such", "[import][csv][regression]") {
    // "Één café" and "€ 5 – ‘prima’, geëmigreerd" in Windows-1252 bytes.
    std::string text = std::string(kMiniHeader) + mini_row(1, "8;\xC9\xE9n caf\xE9;4;n.v.t.;7;;ja;\x80 5 \x96 \x91prima\x92, ge\xEBmigreerd;") +
                       mini_row(2, "8;\xFF\xFE;4;n.v.t.;7;;nee;;") +
                       // "À€" and "í €": bytes that look like UTF-8 but are not (an overlong
                       // form, a surrogate), so they are Windows-1252 too.
                       mini_row(3, "8;\xC0\x80;4;n.v.t.;7;;nee;;") + mini_row(4, "8;\xED\xA0\x80;4;n.v.t.;7;;nee;;");
    Imported got = import(text);
    CHECK(errors_of(got.summary) == std::vector<std::string>{});
    REQUIRE(got.records.size() == 4);
    CHECK(got.records[0].answers["toelichting"] == "Één café");
    CHECK(got.records[0].answers["tip"] == "€ 5 – ‘prima’, geëmigreerd");
    CHECK(got.records[1].answers["toelichting"] == "ÿþ");
    CHECK(got.records[2].answers["toelichting"] == "À€");
    CHECK(got.records[3].answers["toelichting"] == "í\u00a0€");
}

// Staff open the export in Excel, which reads the CBS code 0363 as the number 363 and saves
// it so: every row of the saved file was refused ("must be a four-digit CBS municipality code").
TEST_CASE("CSV: a municipality code that a spreadsheet saved without its leading zeros", "[import][csv][regression]") {
    std::string row = mini_row(1, "8;;4;n.v.t.;7;;nee;;");
    row.replace(row.find(";0363;"), 6, ";363;");
    Imported got = import(std::string(kMiniHeader) + row);
    CHECK(errors_of(got.summary) == std::vector<std::string>{});
    REQUIRE(got.records.size() == 1);
    CHECK(got.records[0].municipality == "0363");

    InvitationCounts counts;
    ImportSummary s = import_invitations("municipality;channel;date;count\n14;balie;2026-08-14;12\n", counts);
    CHECK(errors_of(s) == std::vector<std::string>{});
    CHECK(counts.get("0014", Channel::balie, Quarter{2026, 3}) == 12);
}

TEST_CASE("CSV export reads back as the same records", "[import][csv]") {
    json full = record(1);
    full["invitation"] = "tok-123";
    full["answers"]["kanaal"] = {"post", "web"};
    full["answers"]["toelichting"] = "=1;\"x\"\ny";  // at most 10 characters in kto-mini
    full["answers"]["tip"] = "-minder wachten";
    json plain = record(2);
    plain["answers"]["suggesties"] = "nee";
    plain["answers"].erase("tip");
    plain["answers"].erase("toelichting");
    plain["language"] = "en";
    QuestionnaireSet set = fixtures::mini_set();
    std::vector<ResponseRecord> records = {*validate_record(full, set), *validate_record(plain, set)};
    for (char sep : {';', ','}) {
        for (bool bom : {false, true}) {
            std::string csv = to_csv(records, set, sep, bom);
            CHECK((csv.rfind("\xEF\xBB\xBF", 0) == 0) == bom);
            Imported got = import(csv);
            CHECK(got.summary.format == ImportFormat::csv);
            REQUIRE(got.records.size() == 2);
            CHECK(to_json(got.records[0]) == full);
            CHECK(to_json(got.records[1]) == plain);
        }
    }
}

TEST_CASE("CSV export: the header holds the fields, then each answer id once", "[import][csv]") {
    QuestionnaireSet set = fixtures::mini_set();
    RecordCsvWriter writer(set, {});
    std::string header;
    writer.header(header);
    CHECK(header == std::string(kMiniHeader).replace(std::string(kMiniHeader).size() - 1, 1, "\r\n"));
}

// [SECTION] Invitations

TEST_CASE("invitations: NDJSON rows add up per municipality, channel and quarter", "[import][invitations]") {
    std::string text = R"({"municipality":"0363","channel":"balie","date":"2026-08-14","count":12})"
                       "\n"
                       R"({"municipality":"0363","channel":"balie","date":"2026-09-30","count":5})"
                       "\n\n"
                       R"({"municipality":"0363","channel":"balie","date":"2026-10-01","count":7})"
                       "\n"
                       R"({"municipality":"0344","channel":"telefoon","date":"2026-07-01","count":3})"
                       "\n";
    InvitationCounts counts;
    ImportSummary s = import_invitations(text, counts);
    CHECK(s.accepted == 4);
    CHECK(s.skipped == 0);
    CHECK(counts.get("0363", Channel::balie, Quarter{2026, 3}) == 17);
    CHECK(counts.get("0363", Channel::balie, Quarter{2026, 4}) == 7);
    CHECK(counts.get("0344", Channel::telefoon, Quarter{2026, 3}) == 3);
    CHECK(counts.get("0344", Channel::balie, Quarter{2026, 3}) == 0);
}

TEST_CASE("invitations: bad rows are reported by line and field", "[import][invitations]") {
    std::string text = R"({"municipality":"0363","channel":"balie","date":"2026-02-30","count":1})"
                       "\n"
                       R"({"municipality":"363","channel":"fax","date":"2026-02-01","count":-1})"
                       "\n"
                       R"({"municipality":"0363","channel":"balie","date":"2026-02-01","count":1,"extra":1})"
                       "\n"
                       R"({"municipality":"0363","channel":"balie","date":"2026-02-01"})"
                       "\n";
    InvitationCounts counts;
    ImportSummary s = import_invitations(text, counts);
    CHECK(s.accepted == 0);
    CHECK(errors_of(s) == std::vector<std::string>{
                              "1: date: must be a calendar day written as YYYY-MM-DD",
                              "2: municipality: must be a four-digit CBS code such as \"0363\"; channel: must be "
                              "balie, telefoon or digitaal; count: must be a whole number from 0 to 1000000",
                              "3: extra: is not a field of an invitation row",
                              "4: count: is missing"});
}

TEST_CASE("invitations: CSV in any column order, with either separator", "[import][invitations][csv]") {
    InvitationCounts counts;
    ImportSummary s = import_invitations("date,count,municipality,channel\n"
                                         "2026-08-14,12,0363,balie\n"
                                         "2026-08-15,twaalf,0363,balie\n"
                                         "2026-08-16,3,0363,balie\n"
                                         "2026-08-17,5,0363\n",
                                         counts);
    CHECK(s.format == ImportFormat::csv);
    CHECK(s.accepted == 2);
    CHECK(errors_of(s) == std::vector<std::string>{"3: count: must be a whole number from 0 to 1000000",
                                                   "5: the row has 3 cells, the header 4"});
    CHECK(counts.get("0363", Channel::balie, Quarter{2026, 3}) == 15);

    ImportSummary bad = import_invitations("municipality;channel;day;count\n", counts);
    CHECK(bad.aborted);
    CHECK(errors_of(bad).at(0) == "1: header: unknown column \"day\" (expected municipality, channel, date, count)");
}

// Dutch Excel shows a typed or opened date as 14-8-2026 and saves it so: every row of an
// invitation list kept in Excel was refused ("must be a calendar day written as YYYY-MM-DD").
TEST_CASE("invitations: CSV dates as Dutch spreadsheets write them", "[import][invitations][csv][regression]") {
    InvitationCounts counts;
    ImportSummary s = import_invitations("municipality;channel;date;count\n"
                                         "0363;balie;14-8-2026;12\n0363;balie;01/07/2026;3\n0363;balie;31-9-2026;1\n",
                                         counts);
    CHECK(errors_of(s) == std::vector<std::string>{"4: date: must be a calendar day written as YYYY-MM-DD"});
    CHECK(counts.get("0363", Channel::balie, Quarter{2026, 3}) == 15);
}

TEST_CASE("an invitation row reads back from its JSON", "[import][invitations]") {
    InvitationRow row{"0518", Channel::telefoon, "2026-12-31", 40};
    Result<InvitationRow> back = parse_invitation(to_json(row));
    REQUIRE(back);
    CHECK(back->municipality == "0518");
    CHECK(back->channel == Channel::telefoon);
    CHECK(back->date == "2026-12-31");
    CHECK(back->count == 40);
}
