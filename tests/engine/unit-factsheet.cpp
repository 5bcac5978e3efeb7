// Factsheet figures, hand-computed from small sets of records (DESIGN.md "Definitions of the
// figures"), and their JSON and Dutch text.
// Index: [SECTION] Helpers  [SECTION] Scores and the minimum response rule
//        [SECTION] Comparisons: benchmark, previous quarter, response rate
//        [SECTION] Output: text and JSON  [SECTION] Selection and order
#include <algorithm>
#include <set>

#include <catch2/catch.hpp>

#include "engine/factsheet.hpp"
#include "tests/engine/store_records.hpp"

using namespace klantpeil;
using klantpeil::test::add_ok;
using klantpeil::test::Rec;
using nlohmann::json;

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

namespace {

const char* const kQ3 = "2026-08-14T10:22:00Z";
const char* const kQ2 = "2026-05-14T10:22:00Z";
const char* const kQ4 = "2026-11-14T10:22:00Z";

// One record per grade, all in the same municipality, channel and quarter; `extra` adds
// the other answers.
void add_grades(ResponseStore& store, const std::vector<int>& grades, const char* municipality = "0363",
                const char* at = kQ3, Channel c = Channel::balie, const json& extra = json::object()) {
    for (int g : grades) {
        Rec rec(municipality, c, at);
        rec.answer("totaaloordeel", g);
        for (const auto& [id, value] : extra.items()) rec.answer(id, value);
        add_ok(store, rec);
    }
}

std::vector<int> repeat(int grade, std::size_t times) { return std::vector<int>(times, grade); }

// The single factsheet of the store that matches.
Factsheet only(const ResponseStore& store, const InvitationCounts& inv = {}, FactsheetFilter filter = {}) {
    std::vector<Factsheet> fs = compute_factsheets(store, inv, filter);
    REQUIRE(fs.size() == 1);
    return fs[0];
}

Factsheet sheet(const ResponseStore& store, const char* municipality, Channel c, Quarter q) {
    return only(store, {}, FactsheetFilter{std::string(municipality), c, q});
}

const ItemScore& find_item(const std::vector<ItemScore>& items, const std::string& id) {
    auto it = std::find_if(items.begin(), items.end(), [&](const ItemScore& s) { return s.id == id; });
    REQUIRE(it != items.end());
    return *it;
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Scores and the minimum response rule
//-----------------------------------------------------------------------------

TEST_CASE("CES counts only those who answered moeite", "[factsheet][ces]") {
    ResponseStore store;
    // 14 responses: 10 answered moeite (5 5 5 4 4 | 3 3 | 2 1 1), 2 said n.v.t., 2 skipped it.
    for (int m : {5, 5, 5, 4, 4, 3, 3, 2, 1, 1}) add_ok(store, Rec().answer("totaaloordeel", 7).answer("moeite", m));
    add_grades(store, {7, 7}, "0363", kQ3, Channel::balie, {{"moeite", nullptr}});
    add_grades(store, {7, 7});
    Factsheet f = only(store);
    CHECK(f.responses == 14);
    CHECK(f.ces.n == 10);
    CHECK(*f.ces.low_effort_pct == Approx(50.0));   // 5 of 10
    CHECK(*f.ces.high_effort_pct == Approx(30.0));  // 3 of 10
    CHECK(*f.ces.score == Approx(20.0));
    CHECK(to_json(f)["ces"] == json{{"n", 10}, {"score", 20.0}, {"low_effort_pct", 50.0}, {"high_effort_pct", 30.0}});
}

TEST_CASE("CES percentages round to one decimal only in the output", "[factsheet][ces]") {
    ResponseStore store;
    // 11 answers: low 5/11 = 45.45 %, high 3/11 = 27.27 %, score 2/11 = 18.18.
    for (int m : {4, 4, 4, 4, 5, 3, 3, 3, 1, 2, 2}) add_ok(store, Rec().answer("totaaloordeel", 7).answer("moeite", m));
    Factsheet f = only(store);
    CHECK(*f.ces.score == Approx(200.0 / 11.0));
    json ces = to_json(f)["ces"];
    CHECK(ces["score"].get<double>() == Approx(18.2));
    CHECK(ces["low_effort_pct"].get<double>() == Approx(45.5));
    CHECK(ces["high_effort_pct"].get<double>() == Approx(27.3));
}

TEST_CASE("n.v.t. aspects are left out of the aspect's mean", "[factsheet][aspects]") {
    ResponseStore store;
    for (int g : {6, 7, 8, 9, 10, 6, 7, 8, 9, 10})
        add_ok(store, Rec().answer("totaaloordeel", 8).answer("aspect_wachttijd", g).answer("aspect_prijs", nullptr));
    add_grades(store, {8, 8}, "0363", kQ3, Channel::balie, {{"aspect_wachttijd", nullptr}, {"aspect_prijs", nullptr}});
    add_grades(store, {8}, "0599", kQ3, Channel::telefoon, {{"aspect_bereikbaarheid", 5}});

    Factsheet f = sheet(store, "0363", Channel::balie, Quarter{2026, 3});
    REQUIRE(f.aspects.size() == 2);  // the telefoon aspect is not a balie aspect
    CHECK(f.aspects[0].id == "aspect_prijs");
    CHECK(f.aspects[0].n == 0);
    CHECK_FALSE(f.aspects[0].mean);
    CHECK(f.aspects[1].id == "aspect_wachttijd");
    CHECK(f.aspects[1].n == 10);
    CHECK(*f.aspects[1].mean == Approx(8.0));  // 80 / 10, not 80 / 12
    CHECK(to_json(f)["aspects"] ==
          json{{"aspect_prijs", {{"n", 0}, {"mean", nullptr}}}, {"aspect_wachttijd", {{"n", 10}, {"mean", 8.0}}}});
}

TEST_CASE("9 responses publish no score, 10 do", "[factsheet][minimum]") {
    json extra = {{"moeite", 5},         {"aspect_wachttijd", 7}, {"toelichting", "Goed"}, {"suggesties", "ja"},
                  {"tip", "Meer balies"}};
    for (const char* host : kHostItems) extra[host] = 9;
    ResponseStore store;
    add_grades(store, repeat(8, 9), "0363", kQ3, Channel::balie, extra);
    add_grades(store, repeat(8, 10), "0599", kQ3, Channel::balie, extra);

    SECTION("9: the counts and nothing else") {
        Factsheet f = sheet(store, "0363", Channel::balie, Quarter{2026, 3});
        CHECK_FALSE(f.published);
        CHECK(f.responses == 9);
        CHECK(f.reviews == 9);
        CHECK(f.tips == 9);
        json j = to_json(f);
        CHECK(j["published"] == false);
        CHECK(j["totaaloordeel"] == json{{"n", 9}, {"mean", nullptr}, {"distribution", nullptr}});
        CHECK(j["ces"] == json{{"n", 9}, {"score", nullptr}, {"low_effort_pct", nullptr}, {"high_effort_pct", nullptr}});
        CHECK(j["hostmanship"]["mean"].is_null());
        CHECK(j["hostmanship"]["items"]["host_bereidheid"] == json{{"n", 9}, {"mean", nullptr}});
        CHECK(j["aspects"]["aspect_wachttijd"] == json{{"n", 9}, {"mean", nullptr}});
        CHECK(j["totaaloordeel_below_aspects"].is_null());
        CHECK(j["tips_sample"] == json::array());
    }
    SECTION("10: every score") {
        Factsheet f = sheet(store, "0599", Channel::balie, Quarter{2026, 3});
        CHECK(f.published);
        json j = to_json(f);
        CHECK(j["totaaloordeel"] == json{{"n", 10}, {"mean", 8.0}, {"distribution", {0, 0, 0, 0, 0, 0, 0, 10, 0, 0}}});
        CHECK(j["ces"] == json{{"n", 10}, {"score", 100.0}, {"low_effort_pct", 100.0}, {"high_effort_pct", 0.0}});
        CHECK(j["hostmanship"]["mean"] == 9.0);
        CHECK(j["aspects"]["aspect_wachttijd"] == json{{"n", 10}, {"mean", 7.0}});
        CHECK(j["totaaloordeel_below_aspects"] == false);  // 8.0 against 7.0
        CHECK(j["tips_sample"].size() == kTipsSampleSize);
    }
}

TEST_CASE("an item answered by 9 in a published factsheet keeps its n and hides its score", "[factsheet][minimum]") {
    json five = json::object();
    for (const char* host : kHostItems) five[host] = 8;
    json answered = five, skipped = five;
    answered["host_inleving"] = 3;
    answered["moeite"] = 4;
    skipped["host_inleving"] = nullptr;
    ResponseStore store;
    add_grades(store, repeat(7, 9), "0363", kQ3, Channel::balie, answered);
    add_grades(store, repeat(7, 3), "0363", kQ3, Channel::balie, skipped);

    Factsheet f = only(store);
    REQUIRE(f.published);
    REQUIRE(f.hostmanship);
    const ItemScore& inleving = find_item(f.hostmanship->items, "host_inleving");
    CHECK(inleving.n == 9);
    CHECK_FALSE(inleving.mean);
    CHECK(*find_item(f.hostmanship->items, "host_bereidheid").mean == Approx(8.0));
    CHECK_FALSE(f.hostmanship->mean);  // five of six published: no composite
    CHECK(f.ces.n == 9);
    CHECK_FALSE(f.ces.score);
    json j = to_json(f);
    CHECK(j["hostmanship"]["items"]["host_inleving"] == json{{"n", 9}, {"mean", nullptr}});
    CHECK(j["hostmanship"]["mean"].is_null());
    CHECK(j["totaaloordeel"]["mean"] == 7.0);
}

TEST_CASE("the factsheet says when totaaloordeel is below the aspects' mean", "[factsheet][aspects]") {
    ResponseStore store;
    // totaaloordeel 6.5; aspect_a 7.0 and aspect_b 8.0 published: their mean 7.5. aspect_c,
    // answered 1 by only 5, is hidden and must not pull that mean down to 5.3.
    for (int i = 0; i < 10; ++i) {
        Rec rec;
        rec.answer("totaaloordeel", i % 2 ? 6 : 7).answer("aspect_a", 7).answer("aspect_b", 8);
        rec.answer("aspect_c", i < 5 ? json(1) : json(nullptr));
        add_ok(store, rec);
    }
    add_grades(store, repeat(8, 10), "0599", kQ3, Channel::balie, {{"aspect_a", 7}, {"aspect_b", 8}});
    add_grades(store, repeat(8, 10), "0014", kQ3, Channel::balie, {{"aspect_c", nullptr}});

    Factsheet below = sheet(store, "0363", Channel::balie, Quarter{2026, 3});
    CHECK(*below.totaaloordeel.mean == Approx(6.5));
    CHECK(*below.aspects_mean == Approx(7.5));
    CHECK(below.totaaloordeel_below_aspects == std::optional<bool>(true));
    CHECK(to_json(below)["totaaloordeel_below_aspects"] == true);
    CHECK(to_text(below).find("Let op: het totaaloordeel (6,5) is lager dan het gemiddelde van de aspecten (7,5).") !=
          std::string::npos);

    Factsheet above = sheet(store, "0599", Channel::balie, Quarter{2026, 3});
    CHECK(above.totaaloordeel_below_aspects == std::optional<bool>(false));
    CHECK(to_text(above).find("Let op") == std::string::npos);

    Factsheet no_aspects = sheet(store, "0014", Channel::balie, Quarter{2026, 3});
    CHECK_FALSE(no_aspects.totaaloordeel_below_aspects);
    CHECK(to_json(no_aspects)["totaaloordeel_below_aspects"].is_null());
}

TEST_CASE("totaaloordeel is not called lower when both round to the same figure", "[factsheet][aspects]") {
    ResponseStore store;
    for (int i = 0; i < 30; ++i) {  // totaaloordeel 222 / 30 = 7.4; aspect_a 223 / 30 = 7.43
        Rec rec;
        rec.answer("totaaloordeel", i < 12 ? 8 : 7).answer("aspect_a", i < 13 ? 8 : 7);
        add_ok(store, rec);
    }
    Factsheet f = sheet(store, "0363", Channel::balie, Quarter{2026, 3});
    CHECK(*f.totaaloordeel.mean < *f.aspects_mean);
    CHECK(f.totaaloordeel_below_aspects == std::optional<bool>(false));
    CHECK(to_text(f).find("Let op") == std::string::npos);
}

TEST_CASE("reviews count non-blank toelichtingen; whitespace-only is not a review", "[factsheet][review]") {
    ResponseStore store;
    for (const char* text : {"Vriendelijk", "  ", "\t\n", u8"\u00a0", "", "Te lang gewacht"})
        add_ok(store, Rec().answer("totaaloordeel", 7).answer("toelichting", text));
    add_ok(store, Rec().answer("totaaloordeel", 7).answer("toelichting", nullptr));
    Factsheet f = only(store);
    CHECK(f.responses == 7);
    CHECK(f.reviews == 2);
    CHECK(to_json(f)["reviews"] == 2);
}

TEST_CASE("digitaal has no hostmanship", "[factsheet]") {
    ResponseStore store;
    add_grades(store, repeat(7, 10), "0363", kQ3, Channel::digitaal, {{"aspect_vindbaarheid", 6}});
    Factsheet f = only(store);
    CHECK_FALSE(f.hostmanship);
    json j = to_json(f);
    CHECK(j["hostmanship"].is_null());
    CHECK(j["aspects"] == json{{"aspect_vindbaarheid", {{"n", 10}, {"mean", 6.0}}}});
    CHECK(to_text(f).find("Gastvrijheid") == std::string::npos);
}

TEST_CASE("tips sample: the newest tips, only when published", "[factsheet][tips]") {
    ResponseStore store;
    const char* days[] = {"2026-07-02T09:00:00Z", "2026-09-20T09:00:00Z", "2026-08-01T09:00:00Z",
                          "2026-09-21T09:00:00Z", "2026-07-15T09:00:00Z"};
    for (int i = 0; i < 5; ++i)
        add_ok(store, Rec().at(days[i]).answer("totaaloordeel", 7).answer("suggesties", "ja")
                          .answer("tip", "tip " + std::to_string(i)));
    add_ok(store, Rec().at("2026-09-30T09:00:00Z").answer("totaaloordeel", 7).answer("suggesties", "ja").answer("tip", " "));
    add_grades(store, repeat(7, 4));

    Factsheet f = only(store);
    CHECK(f.tips == 6);  // suggesties == "ja", whatever the text
    CHECK(f.tips_sample == std::vector<std::string>{"tip 3", "tip 1", "tip 2"});

    ResponseStore small;
    add_grades(small, repeat(7, 9), "0363", kQ3, Channel::balie, {{"suggesties", "ja"}, {"tip", "geheim"}});
    Factsheet hidden = only(small);
    CHECK(hidden.tips == 9);
    CHECK(hidden.tips_sample.empty());
    CHECK(to_text(hidden).find("geheim") == std::string::npos);
}

//-----------------------------------------------------------------------------
// [SECTION] Comparisons: benchmark, previous quarter, response rate
//-----------------------------------------------------------------------------

TEST_CASE("benchmark: each published municipality counts once", "[factsheet][benchmark]") {
    ResponseStore store;
    add_grades(store, repeat(8, 10), "0363", kQ3, Channel::balie, {{"moeite", 5}});  // 8.0, CES +100
    add_grades(store, repeat(6, 15), "0599", kQ3, Channel::balie, {{"moeite", 5}});  // 6.0, CES 0 over 30
    add_grades(store, repeat(6, 15), "0599", kQ3, Channel::balie, {{"moeite", 1}});
    add_grades(store, repeat(9, 10), "0034", kQ3, Channel::balie);                  // 9.0, CES hidden
    add_grades(store, repeat(10, 5), "0014", kQ3, Channel::balie, {{"moeite", 5}}); // unpublished
    add_grades(store, repeat(1, 10), "0518", kQ3, Channel::telefoon);                // other channel
    add_grades(store, repeat(1, 10), "0518", kQ2, Channel::balie);                   // other quarter

    // Weighted by responses the grade would be (80 + 180 + 90) / 50 = 7.0; per municipality
    // it is (8 + 6 + 9) / 3 = 7.67. CES only where published: (100 + 0) / 2.
    for (const char* m : {"0363", "0599", "0034", "0014"}) {
        Factsheet f = sheet(store, m, Channel::balie, Quarter{2026, 3});
        INFO(m);
        CHECK(f.benchmark.municipalities == 3);
        CHECK(*f.benchmark.totaaloordeel == Approx(23.0 / 3.0));
        CHECK(*f.benchmark.ces == Approx(50.0));
        CHECK(to_json(f)["benchmark"] == json{{"municipalities", 3}, {"totaaloordeel", 7.7}, {"ces", 50.0},
                                              {"hostmanship", nullptr}, {"items", json::object()}});
    }
    Factsheet alone = sheet(store, "0518", Channel::telefoon, Quarter{2026, 3});
    CHECK(alone.benchmark.municipalities == 1);
    CHECK(*alone.benchmark.totaaloordeel == Approx(1.0));
    CHECK_FALSE(alone.benchmark.ces);
}

TEST_CASE("previous quarter: null when it was not published", "[factsheet][previous]") {
    ResponseStore store;
    add_grades(store, repeat(9, 5), "0363", kQ2);                                     // Q2 unpublished
    add_grades(store, repeat(7, 9), "0363", kQ3, Channel::balie, {{"moeite", 5}});    // Q3: CES n = 9
    add_grades(store, repeat(8, 3), "0363", kQ3);
    add_grades(store, repeat(6, 10), "0363", kQ4, Channel::balie, {{"moeite", 4}});

    Factsheet q3 = sheet(store, "0363", Channel::balie, Quarter{2026, 3});
    CHECK_FALSE(q3.previous);
    CHECK(to_json(q3)["previous"].is_null());
    CHECK(to_text(q3).find("Vorig kwartaal (2026-Q2): niet gepubliceerd") != std::string::npos);

    Factsheet q4 = sheet(store, "0363", Channel::balie, Quarter{2026, 4});
    REQUIRE(q4.previous);
    CHECK(q4.previous->period == Quarter{2026, 3});
    CHECK(*q4.previous->totaaloordeel == Approx(87.0 / 12.0));  // 63 + 24 over 12
    CHECK_FALSE(q4.previous->ces);                              // hidden in Q3, hidden here
    CHECK(to_json(q4)["previous"] == json{{"period", "2026-Q3"}, {"totaaloordeel", 7.3}, {"ces", nullptr},
                                          {"hostmanship", nullptr}, {"items", json::object()}});

    SECTION("a filter on the period does not hide the previous quarter") {
        Factsheet filtered = only(store, {}, FactsheetFilter{std::nullopt, std::nullopt, Quarter{2026, 4}});
        REQUIRE(filtered.previous);
        CHECK(*filtered.previous->totaaloordeel == Approx(87.0 / 12.0));
    }
}

TEST_CASE("previous quarter and benchmark beside every score: hostmanship and each item", "[factsheet][benchmark][previous]") {
    auto answers = [](int host, int wachttijd) {
        json a = {{"aspect_wachttijd", wachttijd}};
        for (const char* id : kHostItems) a[id] = host;
        return a;
    };
    auto with_privacy = [](json a, int privacy) { return a["aspect_privacy"] = privacy, a; };
    ResponseStore store;
    // Q3: 0363 hides its privacy score (5 answers of 2); 0599 publishes all; 0014 is not published.
    add_grades(store, repeat(7, 5), "0363", kQ3, Channel::balie, with_privacy(answers(8, 6), 2));
    add_grades(store, repeat(7, 5), "0363", kQ3, Channel::balie, answers(8, 6));
    add_grades(store, repeat(7, 10), "0599", kQ3, Channel::balie, with_privacy(answers(6, 8), 9));
    add_grades(store, repeat(7, 5), "0014", kQ3, Channel::balie, with_privacy(answers(10, 10), 10));
    add_grades(store, repeat(7, 10), "0363", kQ4, Channel::balie, answers(7, 7));

    Factsheet q3 = sheet(store, "0363", Channel::balie, Quarter{2026, 3});
    CHECK(q3.benchmark.municipalities == 2);
    CHECK(*q3.benchmark.hostmanship == Approx(7.0));  // (8 + 6) / 2
    CHECK(*q3.benchmark.item("host_bereidheid") == Approx(7.0));
    CHECK(*q3.benchmark.item("aspect_wachttijd") == Approx(7.0));
    CHECK(*q3.benchmark.item("aspect_privacy") == Approx(9.0));  // 0599 alone: 0363's is hidden
    CHECK(to_json(q3)["benchmark"]["items"]["aspect_privacy"] == 9.0);

    Factsheet q4 = sheet(store, "0363", Channel::balie, Quarter{2026, 4});
    REQUIRE(q4.previous);
    CHECK(*q4.previous->hostmanship == Approx(8.0));
    CHECK(*q4.previous->item("host_gemeente") == Approx(8.0));
    CHECK(*q4.previous->item("aspect_wachttijd") == Approx(6.0));
    CHECK_FALSE(q4.previous->item("aspect_privacy"));  // hidden then: hidden now
    CHECK_FALSE(q4.benchmark.item("aspect_privacy"));  // nobody answered it in Q4
    const json j = to_json(q4);
    CHECK(j["previous"]["hostmanship"] == 8.0);
    CHECK(j["previous"]["items"]["aspect_privacy"].is_null());
    CHECK(j["previous"]["items"].size() == 8);        // six host items and two aspects
    CHECK_FALSE(j["benchmark"]["items"].contains("aspect_privacy"));
    const std::string text = to_text(q4);
    CHECK(text.find("Gastvrijheid: 7,0; vorig kwartaal 8,0, benchmark 7,0\n") != std::string::npos);
    CHECK(text.find("  Wachttijd: 7,0 (n = 10); vorig kwartaal 6,0, benchmark 7,0\n") != std::string::npos);
    CHECK(text.find("  Privacy: onvoldoende respons (n = 0); vorig kwartaal geen cijfer, benchmark geen cijfer\n") !=
          std::string::npos);
    CHECK(text.find("2,0") == std::string::npos);  // 0363's hidden privacy mean in Q3
}

TEST_CASE("response rate: inviter responses over invitations, null without invitations", "[factsheet][response-rate]") {
    ResponseStore store;
    for (int i = 0; i < 12; ++i)
        add_ok(store, Rec().answer("totaaloordeel", 7).source(i < 10 ? Source::inviter : Source::card));
    add_grades(store, repeat(7, 10), "0599");

    InvitationCounts inv;
    REQUIRE(inv.add("0363", Channel::balie, Quarter{2026, 3}, 40).empty());
    REQUIRE(inv.add("0363", Channel::telefoon, Quarter{2026, 3}, 1000).empty());  // another channel
    Factsheet with = only(store, inv, FactsheetFilter{"0363", std::nullopt, std::nullopt});
    CHECK(with.invitations == 40);
    CHECK(with.responses == 12);
    CHECK(*with.response_rate == Approx(0.25));  // 10 of 40; the 2 card responses do not count
    CHECK(to_json(with)["response_rate"] == 0.25);

    Factsheet without = only(store, inv, FactsheetFilter{"0599", std::nullopt, std::nullopt});
    CHECK(without.invitations == 0);
    CHECK_FALSE(without.response_rate);
    CHECK(to_json(without)["response_rate"].is_null());

    InvitationCounts thirty;
    REQUIRE(thirty.add("0363", Channel::balie, Quarter{2026, 3}, 30).empty());
    Factsheet third = only(store, thirty, FactsheetFilter{"0363", std::nullopt, std::nullopt});
    CHECK(to_json(third)["response_rate"].get<double>() == Approx(0.33));  // 10 / 30, 2 decimals
}

//-----------------------------------------------------------------------------
// [SECTION] Output: text and JSON
//-----------------------------------------------------------------------------

TEST_CASE("a hidden score never appears in the text", "[factsheet][minimum][text]") {
    SECTION("an unpublished factsheet") {
        ResponseStore store;
        json extra = {{"moeite", 5}, {"aspect_wachttijd", 4}};
        for (const char* host : kHostItems) extra[host] = 4;
        add_grades(store, {9, 9, 9, 9, 9, 9, 8}, "0363", kQ3, Channel::balie, extra);  // mean 62 / 7 = 8.86
        std::string text = to_text(only(store));
        INFO(text);
        CHECK(text.find("Totaaloordeel: onvoldoende respons (n = 7)") != std::string::npos);
        CHECK(text.find("Klantinspanning (CES): onvoldoende respons (n = 7)") != std::string::npos);
        CHECK(text.find("Wachttijd: onvoldoende respons (n = 7)") != std::string::npos);
        for (const char* leak : {"8,9", "8,8", "100", "4,0", "Verdeling"}) CHECK(text.find(leak) == std::string::npos);
    }
    SECTION("a hidden item in a published factsheet") {
        ResponseStore store;
        add_grades(store, repeat(7, 9), "0363", kQ3, Channel::balie, {{"aspect_privacy", 2}});
        add_grades(store, repeat(7, 3), "0363", kQ3, Channel::balie, {{"aspect_privacy", nullptr}});
        std::string text = to_text(only(store));
        INFO(text);
        CHECK(text.find("Totaaloordeel: 7,0 (n = 12)") != std::string::npos);
        CHECK(text.find("Privacy: onvoldoende respons (n = 9)") != std::string::npos);
        CHECK(text.find("2,0") == std::string::npos);
    }
}

TEST_CASE("the text is Dutch, with Dutch numbers", "[factsheet][text]") {
    ResponseStore store;
    // 20 grades, 9 x 9 and 11 x 8: mean 169 / 20 = 8.45, stored just below the half in
    // binary and still shown as 8,5.
    add_grades(store, repeat(9, 9), "0363", kQ3, Channel::balie, {{"moeite", 4}});
    add_grades(store, repeat(8, 11), "0363", kQ3, Channel::balie, {{"moeite", 2}});
    InvitationCounts inv;
    REQUIRE(inv.add("0363", Channel::balie, Quarter{2026, 3}, 1250).empty());
    Factsheet f = only(store, inv);
    CHECK(to_json(f)["totaaloordeel"]["mean"] == 8.5);
    std::string text = to_text(f);
    INFO(text);
    CHECK(text.find("Klanttevredenheid gemeente 0363, balie, 2026-Q3") == 0);
    CHECK(text.find("Uitnodigingen (Inviter): 1.250") != std::string::npos);
    CHECK(text.find("Respons op uitnodigingen: 0%") != std::string::npos);  // no inviter responses
    CHECK(text.find("Totaaloordeel: 8,5 (n = 20)") != std::string::npos);
    CHECK(text.find("7: 0, 8: 11, 9: 9, 10: 0") != std::string::npos);
    // CES: 9 low, 11 high of 20: 45 % - 55 % = -10.
    CHECK(text.find("Klantinspanning (CES): -10,0 (n = 20); weinig moeite 45,0%, veel moeite 55,0%") != std::string::npos);
}

TEST_CASE("the JSON has exactly the DESIGN.md keys", "[factsheet][json]") {
    ResponseStore store;
    add_grades(store, repeat(7, 10));
    json j = to_json(only(store));
    std::set<std::string> keys;
    for (const auto& [key, value] : j.items()) keys.insert(key);
    CHECK(keys == std::set<std::string>{"municipality", "channel", "period", "invitations", "responses", "response_rate",
                                        "reviews", "tips", "published", "totaaloordeel", "ces", "hostmanship", "aspects",
                                        "totaaloordeel_below_aspects", "previous", "benchmark", "tips_sample"});
    CHECK(j["municipality"] == "0363");
    CHECK(j["channel"] == "balie");
    CHECK(j["period"] == "2026-Q3");
    CHECK(j["hostmanship"]["items"].size() == 6);
    CHECK(to_json(std::vector<Factsheet>{only(store), only(store)}).size() == 2);
}

//-----------------------------------------------------------------------------
// [SECTION] Selection and order
//-----------------------------------------------------------------------------

TEST_CASE("factsheets come out sorted and filtered", "[factsheet][filter]") {
    ResponseStore store;
    add_grades(store, {7}, "0599", kQ3, Channel::balie);
    add_grades(store, {7}, "0363", kQ4, Channel::balie);
    add_grades(store, {7}, "0363", kQ3, Channel::digitaal);
    add_grades(store, {7}, "0363", kQ3, Channel::balie);
    add_grades(store, {7}, "0363", kQ3, Channel::telefoon);
    add_grades(store, {7}, "0363", kQ2, Channel::balie);

    std::vector<std::string> order;
    for (const Factsheet& f : compute_factsheets(store, {}))
        order.push_back(f.municipality + " " + to_string(f.channel) + " " + to_string(f.period));
    CHECK(order == std::vector<std::string>{"0363 balie 2026-Q2", "0363 balie 2026-Q3", "0363 balie 2026-Q4",
                                            "0363 telefoon 2026-Q3", "0363 digitaal 2026-Q3", "0599 balie 2026-Q3"});
    CHECK(compute_factsheets(store, {}, FactsheetFilter{"0599", std::nullopt, std::nullopt}).size() == 1);
    CHECK(compute_factsheets(store, {}, FactsheetFilter{std::nullopt, Channel::balie, std::nullopt}).size() == 4);
    CHECK(compute_factsheets(store, {}, FactsheetFilter{std::nullopt, std::nullopt, Quarter{2026, 3}}).size() == 4);
    CHECK(compute_factsheets(store, {}, FactsheetFilter{"9999", std::nullopt, std::nullopt}).empty());
    CHECK(compute_factsheets(ResponseStore{}, {}).empty());
    CHECK(to_json(compute_factsheets(ResponseStore{}, {})) == json::array());
}
