// The columnar response store and the invitation counts.
#include <catch2/catch.hpp>

#include "engine/store.hpp"
#include "tests/engine/store_records.hpp"

using namespace klantpeil;
using klantpeil::test::add_ok;
using klantpeil::test::Rec;

namespace {

std::vector<int> values_of(const ResponseStore& store, const char* id) {
    const AnswerColumn* column = store.answer_column(id);
    REQUIRE(column);
    return std::vector<int>(column->values.begin(), column->values.end());
}

} // namespace

TEST_CASE("records become one entry per column", "[store]") {
    ResponseStore store;
    add_ok(store, Rec("0363").answer("totaaloordeel", 8).answer("moeite", 4).answer("aspect_wachttijd", nullptr)
                      .source(Source::inviter));
    add_ok(store, Rec("0599", Channel::telefoon, "2026-09-30T22:30:00Z").answer("totaaloordeel", 6));
    add_ok(store, Rec("0363").answer("totaaloordeel", 10).answer("aspect_prijs", 7).source(Source::card));

    REQUIRE(store.size() == 3);
    CHECK(store.municipalities() == std::vector<std::string>{"0363", "0599"});
    REQUIRE(store.cell_column() == std::vector<std::uint32_t>{0, 1, 0});
    CHECK(store.cells()[0].municipality == 0);
    CHECK(store.cells()[0].channel == Channel::balie);
    CHECK(store.cells()[0].quarter == Quarter{2026, 3});
    CHECK(store.cells()[1].municipality == 1);
    CHECK(store.cells()[1].channel == Channel::telefoon);
    CHECK(store.cells()[1].quarter == Quarter{2026, 4});
    CHECK(store.source_column() ==
          std::vector<std::uint8_t>{static_cast<std::uint8_t>(Source::inviter), static_cast<std::uint8_t>(Source::link),
                                    static_cast<std::uint8_t>(Source::card)});
    CHECK(values_of(store, "totaaloordeel") == std::vector<int>{8, 6, 10});
    CHECK(values_of(store, "moeite") == std::vector<int>{4, 0, 0});
    CHECK(values_of(store, "aspect_wachttijd") == std::vector<int>{0, 0, 0});  // n.v.t. is 0
    CHECK(values_of(store, "aspect_prijs") == std::vector<int>{0, 0, 7});      // added late, earlier rows 0
    CHECK(store.answer_column("suggesties") == nullptr);                       // not a numeric id
}

TEST_CASE("cells group rows by municipality, channel and quarter", "[store]") {
    ResponseStore store;
    add_ok(store, Rec("0363", Channel::balie, "2026-08-01T10:00:00Z"));
    add_ok(store, Rec("0363", Channel::telefoon, "2026-08-01T10:00:00Z"));
    add_ok(store, Rec("0363", Channel::balie, "2026-09-15T10:00:00Z"));
    add_ok(store, Rec("0363", Channel::balie, "2026-10-15T10:00:00Z"));
    CHECK(store.cell_column() == std::vector<std::uint32_t>{0, 1, 0, 2});
    REQUIRE(store.cells().size() == 3);
    CHECK(store.cells()[2].quarter == Quarter{2026, 4});
    CHECK(store.find_cell(0, Channel::telefoon, Quarter{2026, 3}) == std::optional<std::uint32_t>(1));
    CHECK_FALSE(store.find_cell(0, Channel::digitaal, Quarter{2026, 3}));
}

TEST_CASE("a column knows which channels carried its id, n.v.t. included", "[store]") {
    ResponseStore store;
    add_ok(store, Rec("0363", Channel::balie).answer("aspect_wachttijd", nullptr));
    add_ok(store, Rec("0363", Channel::telefoon).answer("aspect_wachttijd", 6).answer("aspect_bereikbaarheid", 7));
    const AnswerColumn* wachttijd = store.answer_column("aspect_wachttijd");
    REQUIRE(wachttijd);
    CHECK(wachttijd->seen_in(Channel::balie));
    CHECK(wachttijd->seen_in(Channel::telefoon));
    CHECK_FALSE(wachttijd->seen_in(Channel::digitaal));
    CHECK_FALSE(store.answer_column("aspect_bereikbaarheid")->seen_in(Channel::balie));
}

TEST_CASE("whitespace-only toelichting is not a review", "[store][review]") {
    ResponseStore store;
    add_ok(store, Rec().answer("toelichting", "Snel geholpen"));
    add_ok(store, Rec().answer("toelichting", "   \t\n "));
    add_ok(store, Rec().answer("toelichting", u8"\u00a0 \u2003"));  // no-break and em spaces
    add_ok(store, Rec().answer("toelichting", ""));
    add_ok(store, Rec().answer("toelichting", nullptr));
    add_ok(store, Rec().answer("toelichting", u8" \u00a0ok"));
    std::vector<std::uint8_t> reviews;
    for (std::uint8_t f : store.flag_column()) reviews.push_back(f & kFlagReview);
    CHECK(reviews == std::vector<std::uint8_t>{kFlagReview, 0, 0, 0, 0, kFlagReview});
    REQUIRE(store.toelichtingen().size() == 2);
    CHECK(store.toelichtingen()[0].row == 0);
    CHECK(store.toelichtingen()[1].row == 5);
    CHECK(store.toelichtingen()[1].text == u8" \u00a0ok");
}

TEST_CASE("suggesties ja is a tip; the tip text keeps its row and time", "[store][tip]") {
    ResponseStore store;
    add_ok(store, Rec().answer("suggesties", "nee"));
    add_ok(store, Rec().at("2026-08-20T09:00:00Z").answer("suggesties", "ja").answer("tip", "Langer open"));
    add_ok(store, Rec().answer("suggesties", "ja").answer("tip", "  "));
    CHECK(store.flag_column() == std::vector<std::uint8_t>{0, kFlagTip, kFlagTip});
    REQUIRE(store.tip_texts().size() == 1);
    CHECK(store.tip_texts()[0].row == 1);
    CHECK(store.tip_texts()[0].text == "Langer open");
    CHECK(store.tip_texts()[0].submitted_at == *parse_timestamp("2026-08-20T09:00:00Z"));
}

TEST_CASE("a record the columns cannot hold is refused whole", "[store][errors]") {
    ResponseStore store;
    add_ok(store, Rec().answer("totaaloordeel", 7));
    struct Case {
        Rec rec;
        const char* path;
    };
    std::vector<Case> cases = {
        {Rec().answer("totaaloordeel", 11), "answers.totaaloordeel"},
        {Rec().answer("totaaloordeel", 0), "answers.totaaloordeel"},
        {Rec().answer("totaaloordeel", 7.5), "answers.totaaloordeel"},
        {Rec().answer("totaaloordeel", "8"), "answers.totaaloordeel"},
        {Rec().answer("moeite", 6), "answers.moeite"},
        {Rec().answer("aspect_nieuw", 4).answer("host_inleving", -1), "answers.host_inleving"},
        {Rec().answer("toelichting", 12), "answers.toelichting"},
        {Rec().at("2026-13-01T00:00:00Z"), "submitted_at"},
        {Rec().at(""), "submitted_at"},
    };
    for (const Case& c : cases) {
        std::vector<Problem> problems = store.add(c.rec.r);
        INFO(c.path);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].path == c.path);
        CHECK_FALSE(problems[0].message.empty());
    }
    ResponseRecord bad_enums = Rec().r;
    bad_enums.channel = static_cast<Channel>(7);
    bad_enums.source = static_cast<Source>(9);
    std::vector<Problem> problems = store.add(bad_enums);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].path == "channel");
    CHECK(problems[1].path == "source");
    CHECK(store.size() == 1);
    CHECK(store.answer_column("aspect_nieuw") == nullptr);
    ResponseRecord not_an_object = Rec().r;
    not_an_object.answers = nlohmann::json::array();
    REQUIRE(store.add(not_an_object).size() == 1);
    CHECK(store.add(not_an_object)[0].path == "answers");
    CHECK(store.size() == 1);
}

TEST_CASE("a whole number written as 8.0 is a grade", "[store]") {
    ResponseStore store;
    add_ok(store, Rec().answer("totaaloordeel", 8.0));
    CHECK(values_of(store, "totaaloordeel") == std::vector<int>{8});
}

TEST_CASE("columns stay within 40 bytes per response", "[store][size]") {
    // A balie record with every numeric id of the standard questionnaire, and the other
    // channels' aspects in the same store: 2 + 6 + 8 + 4 + 4 distinct ids, some shared.
    using Ids = std::vector<const char*>;
    const Ids balie = {"aspect_openingstijden", "aspect_wachttijd", "aspect_vriendelijkheid",
                       "aspect_duidelijke_informatie", "aspect_wachtruimte", "aspect_overzichtelijkheid",
                       "aspect_privacy", "aspect_prijs"};
    const Ids telefoon = {"aspect_bereikbaarheid", "aspect_wachttijd", "aspect_doorverbinden", "aspect_duidelijkheid"};
    const Ids digitaal = {"aspect_vindbaarheid", "aspect_gebruiksgemak", "aspect_duidelijkheid", "aspect_doorlooptijd"};
    ResponseStore store;
    const std::size_t rows = 30000;
    store.reserve(rows);
    for (std::size_t i = 0; i < rows; ++i) {
        Channel c = static_cast<Channel>(i % 3);
        Rec rec(i % 2 ? "0363" : "0599", c);
        rec.answer("totaaloordeel", 1 + i % 10).answer("moeite", 1 + i % 5);
        if (c != Channel::digitaal)
            for (const char* host : kHostItems) rec.answer(host, 7);
        const Ids& aspects = c == Channel::balie ? balie : c == Channel::telefoon ? telefoon : digitaal;
        for (const char* id : aspects) rec.answer(id, 8);
        add_ok(store, rec);
    }
    CHECK(store.answer_columns().size() == 2 + 6 + 8 + 3 + 3);  // wachttijd and duidelijkheid shared
    double per_response = static_cast<double>(store.column_bytes()) / static_cast<double>(store.size());
    INFO("bytes per response: " << per_response);
    CHECK(per_response <= 40.0);
    // cell 4 + source 1 + flags 1 bytes of row fields and one byte per answer column.
    CHECK(store.column_bytes() == rows * (6 + store.answer_columns().size()));
}

TEST_CASE("after an import of unknown size the columns give back their spare room", "[store][size]") {
    ResponseStore store;
    const std::size_t rows = 1500;  // not a power of two: doubling leaves room behind
    for (std::size_t i = 0; i < rows; ++i) add_ok(store, Rec("0363").answer("totaaloordeel", 1 + i % 10));
    const std::size_t exact = rows * (6 + store.answer_columns().size());
    CHECK(store.column_bytes() > exact);
    store.shrink_to_fit();
    CHECK(store.column_bytes() == exact);
    add_ok(store, Rec("0363").answer("totaaloordeel", 9).answer("aspect_prijs", 6));  // still grows
    CHECK(store.size() == rows + 1);
    CHECK(store.answer_column("aspect_prijs")->values.back() == 6);
}

TEST_CASE("invitation counts add up per municipality, channel and quarter", "[store][invitations]") {
    InvitationCounts counts;
    CHECK(counts.add("0363", Channel::balie, Quarter{2026, 3}, 70).empty());
    CHECK(counts.add("0363", Channel::balie, Quarter{2026, 3}, 50).empty());
    CHECK(counts.add("0363", Channel::telefoon, Quarter{2026, 3}, 9).empty());
    CHECK(counts.get("0363", Channel::balie, Quarter{2026, 3}) == 120);
    CHECK(counts.get("0363", Channel::telefoon, Quarter{2026, 3}) == 9);
    CHECK(counts.get("0363", Channel::balie, Quarter{2026, 2}) == 0);
    CHECK(counts.get("0599", Channel::balie, Quarter{2026, 3}) == 0);

    std::vector<Problem> refused = counts.add("0363", Channel::balie, Quarter{2026, 3}, -5);
    REQUIRE(refused.size() == 1);
    CHECK(refused[0].path == "invitations.0363.balie.2026-Q3");
    CHECK(counts.get("0363", Channel::balie, Quarter{2026, 3}) == 120);
}
