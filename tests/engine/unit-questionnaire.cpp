#include <catch2/catch.hpp>

#include "engine/json_guard.hpp"
#include "engine/questionnaire.hpp"
#include "fixtures.hpp"

using namespace klantpeil;
using nlohmann::json;

namespace {

// Loads `doc` and returns its problems as "path: message" lines.
std::vector<std::string> problems_of(const std::string& doc, const LoadLimits& limits = {}) {
    auto r = load_questionnaire(doc, limits);
    std::vector<std::string> out;
    for (const Problem& p : r.problems) out.push_back(describe(p));
    if (r) CHECK(out.empty());
    return out;
}

// The mini questionnaire with one change applied to its JSON.
template <class Edit>
std::vector<std::string> problems_after(Edit edit) {
    json doc = json::parse(fixtures::kMiniQuestionnaire);
    edit(doc);
    return problems_of(doc.dump());
}

bool has(const std::vector<std::string>& lines, const std::string& line) {
    INFO("problems: " << Catch::Detail::stringify(lines));
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

} // namespace

TEST_CASE("the mini questionnaire loads with its model", "[questionnaire]") {
    Questionnaire q = fixtures::mini_questionnaire();
    CHECK(q.id == "kto-mini");
    CHECK(q.version == 2);
    CHECK(q.channel == Channel::balie);
    REQUIRE(q.pages.size() == 4);
    const Question* grid = q.find_answer_owner("aspect_prijs");
    REQUIRE(grid);
    CHECK(grid->id == "aspecten");
    CHECK(grid->allow_na);
    CHECK(q.find_answer_owner("aspecten") == nullptr);  // a grid's own id is no answer id
    CHECK(q.find_answer_owner("moeite")->labels.at("en").size() == 5);
    CHECK(q.answer_ids() == std::vector<std::string>{"totaaloordeel", "toelichting", "moeite", "aspect_wachttijd",
                                                     "aspect_prijs", "kanaal", "suggesties", "tip", "extra"});
}

TEST_CASE("invalid JSON is reported with line and column", "[questionnaire]") {
    CHECK(has(problems_of("{\n  \"id\": }"), "$: not valid JSON (line 2, column 9)"));
    CHECK(has(problems_of(""), "$: not valid JSON (column 1)"));
}

// Regression: nlohmann::json keeps the last of two equal keys, so a doubled field was read
// silently as its second value.
TEST_CASE("a key twice in one object is a load error naming it", "[questionnaire]") {
    CHECK(has(problems_of("{\"id\": \"a\", \"id\": \"b\"}"), "$: the key id appears twice"));
    CHECK(has(problems_of("{\"pages\": [{\"id\": \"p\"}, {\"id\": \"q\", \"questions\": [], \"id\": \"r\"}]}"),
              "$: the key pages[1].id appears twice"));
    CHECK(parse_json(R"({"a": {"x": 1}, "b": {"x": 1}, "c": [{"x": 1}, {"x": 2}]})", JsonLimits{}));
    auto repeated = [](const char* text) { return describe(parse_json(text, JsonLimits{}).problems); };
    CHECK(repeated(R"({"a": [1, "x", {"k": 1, "k": 2}]})") == "$: the key a[2].k appears twice");
    CHECK(repeated(R"({"m": [[{"y": 1}], [{"z": 1}, {"y": 1, "y": 2}]], "n": 1})") == "$: the key m[1][1].y appears twice");
    CHECK(repeated(R"([{"p": {"q": 1}}, {"p": {"q": 1, "r": [], "q": 2}}])") == "$: the key [1].p.q appears twice");
}

// The server's parser reads flat records with the fast scanner (json_scan.hpp) and leaves
// everything else, repeated keys included, to parse_json.
TEST_CASE("parse_record_json gives what parse_json gives", "[questionnaire]") {
    const std::string documents[] = {
        R"({"a": {"x": 1, "y": 2}, "b": {"y": 1, "x": 2}, "x": "y"})",
        R"({"b": 1, "a": 2, "b": 3})",
        R"({"answers": {"moeite": 1, "toelichting": "x", "moeite": 5}})",
        R"({"answers": {"keuze": ["a", "b"], "n": null, "t": true}, "v": -3})",
        R"({"a": [1, "x", {"k": 1, "k": 2}]})",
        R"({"tekst": "met \"quote\""})", R"({"x": 1.5})", R"({"a": {"b": {"c": {}}}})",
        R"({"x": 1} x)", R"({"x": )", "[]", "", std::string(70 * 1024, ' ') + "{}",
    };
    for (const std::string& text : documents) {
        INFO(text.substr(0, 80));
        for (JsonLimits limits : {JsonLimits{}, JsonLimits{64 * 1024, 2}}) {
            auto full = parse_json(text, limits);
            auto fast = parse_record_json(text, limits);
            REQUIRE(bool(fast) == bool(full));
            if (full) CHECK(*fast == *full);
            else CHECK(describe(fast.problems) == describe(full.problems));
        }
    }
    CHECK(describe(parse_record_json(documents[2], JsonLimits{}).problems) ==
          "$: the key answers.moeite appears twice");
}

TEST_CASE("size and nesting limits are load errors", "[questionnaire]") {
    CHECK(has(problems_of(std::string(300 * 1024, ' ')), "$: document is larger than 262144 bytes"));
    std::string deep = std::string(100000, '[') + std::string(100000, ']');
    CHECK(has(problems_of(deep, LoadLimits{1 << 20, 16}), "$: document is nested deeper than 16 levels"));
}

TEST_CASE("unknown question type", "[questionnaire]") {
    auto p = problems_after([](json& d) { d["pages"][0]["questions"][0]["type"] = "slider"; });
    CHECK(has(p, "$.pages[0].questions[0].type: unknown question type \"slider\""));
}

TEST_CASE("duplicate ids, also between a question and a grid row", "[questionnaire]") {
    auto p = problems_after([](json& d) { d["pages"][1]["questions"][1]["id"] = "aspect_prijs"; });
    CHECK(has(p, "$.pages[1].questions[1]: duplicate id \"aspect_prijs\""));
    p = problems_after([](json& d) { d["pages"][2]["questions"][0]["id"] = "moeite"; });
    CHECK(has(p, "$.pages[2].questions[0]: duplicate id \"moeite\""));
}

TEST_CASE("a declared language without a text", "[questionnaire]") {
    auto p = problems_after([](json& d) { d["pages"][0]["questions"][1]["text"].erase("en"); });
    CHECK(has(p, "$.pages[0].questions[1].text.en: text for declared language is missing"));
    p = problems_after([](json& d) { d["pages"][0]["questions"][2]["labels"]["en"] = {"a", "b"}; });
    CHECK(has(p, "$.pages[0].questions[2].labels.en: must be a list of 5 texts"));
    p = problems_after([](json& d) { d["title"]["de"] = "Mini"; });
    CHECK(has(p, "$.title.de: language is not declared in \"languages\""));
}

TEST_CASE("visible_if naming an unknown or a later question", "[questionnaire]") {
    auto p = problems_after([](json& d) { d["pages"][2]["questions"][1]["visible_if"] = "bestaatniet == 1"; });
    CHECK(has(p, "$.pages[2].questions[1].visible_if: refers to an unknown question \"bestaatniet\""));
    p = problems_after([](json& d) { d["pages"][0]["questions"][0]["visible_if"] = "answered(suggesties)"; });
    CHECK(has(p, "$.pages[0].questions[0].visible_if: refers to a later question \"suggesties\""));
}

TEST_CASE("bad expression syntax carries the field path", "[questionnaire]") {
    auto p = problems_after([](json& d) { d["pages"][2]["questions"][1]["visible_if"] = "suggesties ==="; });
    CHECK(has(p, "$.pages[2].questions[1].visible_if: unexpected character '=' (at character 14)"));
}

TEST_CASE("grade range outside 1-10", "[questionnaire]") {
    auto p = problems_after([](json& d) { d["pages"][0]["questions"][0]["max"] = 11; });
    CHECK(has(p, "$.pages[0].questions[0].min: grade range must lie within 1-10 with min below max"));
    p = problems_after([](json& d) { d["pages"][0]["questions"][0]["min"] = 0; });
    CHECK(p.size() == 1);
}

TEST_CASE("unknown fields and wrong field types", "[questionnaire]") {
    auto p = problems_after([](json& d) { d["pages"][0]["questions"][0]["requird"] = true; });
    CHECK(has(p, "$.pages[0].questions[0].requird: unknown field"));
    p = problems_after([](json& d) { d["version"] = "1"; });
    CHECK(has(p, "$.version: must be a whole number"));
    p = problems_after([](json& d) { d["channel"] = "post"; });
    CHECK(has(p, "$.channel: must be balie, telefoon or digitaal"));
    p = problems_after([](json& d) { d["pages"] = json::object(); });
    CHECK(has(p, "$.pages: must be an array"));
    p = problems_after([](json& d) { d["pages"][1]["questions"][1]["options"] = json::array(); });
    CHECK(has(p, "$.pages[1].questions[1].options: must hold at least one option"));
    p = problems_after([](json& d) { d["pages"][0]["questions"][1]["max_length"] = 100000; });
    CHECK(has(p, "$.pages[0].questions[1].max_length: must lie within 1-5000"));
    CHECK(has(problems_of("[1, 2]"), "$: must be an object"));
}

TEST_CASE("every problem in a document is reported at once", "[questionnaire]") {
    auto p = problems_after([](json& d) {
        d["pages"][0]["questions"][0]["type"] = "slider";
        d["pages"][1]["questions"][0]["rows"][0]["id"] = "9fout";
    });
    CHECK(p.size() == 2);
}

TEST_CASE("arbitrary bytes never crash the loader", "[questionnaire]") {
    const std::string doc = fixtures::kMiniQuestionnaire;
    // Every prefix of a valid document is an error, never a crash or an exception.
    for (std::size_t n = 0; n < doc.size(); n += 7) {
        auto r = load_questionnaire(doc.substr(0, n));
        CHECK_FALSE(r);
    }
}

TEST_CASE("QuestionnaireSet finds by id and version, and the latest", "[questionnaire]") {
    QuestionnaireSet set;
    Questionnaire a = fixtures::mini_questionnaire();
    Questionnaire b = a;
    b.version = 3;
    set.add(a);
    set.add(b);
    CHECK(set.find("kto-mini", 2)->version == 2);
    CHECK(set.find("kto-mini", 4) == nullptr);
    CHECK(set.latest("kto-mini")->version == 3);
    CHECK(set.latest("kto-andere") == nullptr);
}
