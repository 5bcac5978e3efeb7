#include <catch2/catch.hpp>

#include "engine/session.hpp"
#include "engine/session_view.hpp"
#include "fixtures.hpp"

using namespace klantpeil;
using nlohmann::json;

namespace {

const Questionnaire& mini() {
    static const Questionnaire q = fixtures::mini_questionnaire();
    return q;
}

Session new_session(std::string language = "nl") {
    return Session(mini(), SessionOptions{"0363", Source::kiosk, std::nullopt, std::move(language)});
}

std::vector<std::string> paths(const std::vector<Problem>& problems) {
    std::vector<std::string> out;
    for (const Problem& p : problems) out.push_back(p.path);
    return out;
}

void answer_first_page(Session& s, int grade = 8) {
    REQUIRE_FALSE(s.answer("totaaloordeel", grade));
    REQUIRE_FALSE(s.answer("moeite", 4));
}

} // namespace

TEST_CASE("a page with missing required answers does not advance", "[session]") {
    Session s = new_session();
    CHECK(s.is_first_page());
    auto problems = s.next();
    CHECK(paths(problems) == std::vector<std::string>{"totaaloordeel", "moeite"});
    CHECK(problems[0].message == "Deze vraag is verplicht. Geef een antwoord.");
    CHECK(s.page_index() == 0);
    answer_first_page(s);
    CHECK(s.next().empty());
    CHECK(s.page_index() == 1);
    CHECK(s.first_question_number() == 4);
    CHECK(s.back());
    CHECK(s.page_index() == 0);
    CHECK_FALSE(s.back());
}

TEST_CASE("wrong values are refused in the session language", "[session]") {
    Session nl = new_session("nl");
    CHECK(nl.answer("totaaloordeel", 0)->message == "Kies een cijfer van 1 tot en met 10.");
    CHECK(nl.answers().empty());
    Session en = new_session("en");
    CHECK(en.answer("moeite", 9)->message == "Choose one of the answers.");
    CHECK(en.answer("toelichting", "12345678901")->message == "Your answer is too long. Use at most 10 characters.");
    CHECK(en.answer("nergens", 1)->path == "nergens");
}

TEST_CASE("n.v.t. is an answer only where a grid allows it", "[session]") {
    Session s = new_session();
    answer_first_page(s);
    REQUIRE(s.next().empty());
    CHECK_FALSE(s.answer("aspect_wachttijd", nullptr));
    CHECK(s.answers().contains("aspect_wachttijd"));
    CHECK(paths(s.next()) == std::vector<std::string>{"aspect_prijs"});
    CHECK_FALSE(s.answer("aspect_prijs", 6));
    CHECK(s.next().empty());
    // null on an ordinary question clears it
    CHECK_FALSE(s.answer("totaaloordeel", nullptr));
    CHECK_FALSE(s.answers().contains("totaaloordeel"));
}

TEST_CASE("a question that becomes hidden loses its answer", "[session]") {
    Session s = new_session();
    answer_first_page(s);
    REQUIRE_FALSE(s.answer("suggesties", "ja"));
    REQUIRE_FALSE(s.answer("tip", "Langer open"));
    CHECK(s.answers()["tip"] == "Langer open");
    REQUIRE_FALSE(s.answer("suggesties", "nee"));
    CHECK_FALSE(s.answers().contains("tip"));
    CHECK(s.answer("tip", "te laat")->path == "tip");  // hidden questions take no answer
}

TEST_CASE("pages without visible questions are skipped", "[session]") {
    Session s = new_session();
    answer_first_page(s, 9);  // p4's question shows only for a grade below 6
    REQUIRE(s.next().empty());
    REQUIRE_FALSE(s.answer("aspect_wachttijd", 5));
    REQUIRE_FALSE(s.answer("aspect_prijs", 5));
    REQUIRE(s.next().empty());
    CHECK(s.page_index() == 2);
    CHECK(s.is_last_page());
    REQUIRE_FALSE(s.answer("totaaloordeel", 5));
    CHECK_FALSE(s.is_last_page());
}

TEST_CASE("progress counts visible questions; a grid when all rows are answered", "[session]") {
    Session s = new_session();
    // visible: totaaloordeel, toelichting, moeite, aspecten, kanaal, suggesties (tip and extra hidden)
    CHECK(s.progress().visible == 6);
    CHECK(s.progress().answered == 0);
    answer_first_page(s, 4);  // a low grade shows "extra"
    CHECK(s.progress().visible == 7);
    CHECK(s.progress().answered == 2);
    REQUIRE_FALSE(s.answer("aspect_prijs", 6));
    CHECK(s.progress().answered == 2);
    REQUIRE_FALSE(s.answer("aspect_wachttijd", nullptr));
    CHECK(s.progress().answered == 3);
    REQUIRE_FALSE(s.answer("toelichting", "   "));
    CHECK(s.progress().answered == 3);  // blank text is no answer
}

TEST_CASE("completion gives a valid record, or the first page with problems", "[session]") {
    Session s = new_session();
    answer_first_page(s);
    REQUIRE(s.next().empty());
    auto early = s.complete("6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b", "2026-08-14T10:22:00Z");
    CHECK_FALSE(early);
    CHECK(s.page_index() == 1);
    REQUIRE_FALSE(s.answer("aspect_wachttijd", nullptr));
    REQUIRE_FALSE(s.answer("aspect_prijs", 7));
    REQUIRE_FALSE(s.answer("suggesties", "nee"));
    auto done = s.complete("6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b", "2026-08-14T10:22:00Z");
    REQUIRE(done);
    CHECK(done->source == Source::kiosk);
    CHECK(done->questionnaire == "kto-mini");
    CHECK(done->version == 2);
    CHECK(done->answers == json{{"totaaloordeel", 8}, {"moeite", 4}, {"aspect_wachttijd", nullptr},
                               {"aspect_prijs", 7}, {"suggesties", "nee"}});
    QuestionnaireSet set;
    set.add(mini());
    CHECK(validate_record(to_json(*done), set));
    CHECK_FALSE(s.complete("geen-uuid", "2026-08-14T10:22:00Z"));
}

TEST_CASE("the page view carries texts in the session language and the answers", "[session][view]") {
    Session s = new_session("en");
    REQUIRE_FALSE(s.answer("totaaloordeel", 7));
    json v = page_view(s);
    CHECK(v["language"] == "en");
    CHECK(v["page"]["is_first"] == true);
    CHECK(v["page"]["is_last"] == false);
    REQUIRE(v["questions"].size() == 3);
    CHECK(v["questions"][0]["text"] == "Mark?");
    CHECK(v["questions"][0]["answer"] == 7);
    CHECK(v["questions"][0]["number"] == 1);
    CHECK(v["questions"][1]["max_length"] == 10);
    CHECK(v["questions"][2]["options"].size() == 5);
    CHECK(v["questions"][2]["options"][0] == json{{"value", 1}, {"label", "1"}});
    CHECK(v["progress"] == json{{"answered", 1}, {"visible", 6}, {"first_number", 1}});
    s.set_language("nl");
    CHECK(page_view(s)["questions"][0]["text"] == "Cijfer?");
}

TEST_CASE("the page view of a grid lists its rows with n.v.t. answers", "[session][view]") {
    Session s = new_session();
    answer_first_page(s);
    REQUIRE(s.next().empty());
    REQUIRE_FALSE(s.answer("aspect_wachttijd", nullptr));
    json grid = page_view(s)["questions"][0];
    CHECK(grid["type"] == "grid");
    CHECK(grid["number"] == 4);
    CHECK(grid["allow_na"] == true);
    CHECK(grid["rows"][0] == json{{"id", "aspect_wachttijd"}, {"text", "Wachttijd"}, {"answered", true}, {"answer", nullptr}});
    CHECK(grid["rows"][1]["answered"] == false);
}
