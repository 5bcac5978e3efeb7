// Cases: open answers of one factsheet with their grade, search, order and CSV for Excel.
#include <catch2/catch.hpp>

#include "engine/cases.hpp"
#include "tests/engine/store_records.hpp"

using namespace klantpeil;
using klantpeil::test::add_ok;
using klantpeil::test::Rec;

namespace {

// `n` responses in 0363 balie 2026-Q3; the first three carry open answers.
ResponseStore store_with(int n) {
    ResponseStore store;
    for (int i = 0; i < n; ++i) {
        Rec rec("0363", Channel::balie, "2026-08-1" + std::to_string(i % 10) + "T10:00:00Z");
        rec.answer("totaaloordeel", 5 + i % 5);
        if (i == 0) rec.answer("toelichting", "Snel GEHOLPEN");
        if (i == 1) rec.answer("suggesties", "ja").answer("tip", "=HYPERLINK(\"x\")");
        if (i == 2) rec.answer("toelichting", "Lang gewacht");
        add_ok(store, rec);
    }
    add_ok(store, Rec("0344").answer("totaaloordeel", 3).answer("toelichting", "andere gemeente"));
    return store;
}

Factsheet sheet_of(const ResponseStore& store) {
    for (Factsheet& f : compute_factsheets(store, InvitationCounts{}))
        if (f.municipality == "0363") return f;
    FAIL("no factsheet for 0363");
    return {};
}

} // namespace

TEST_CASE("cases of a published factsheet carry their grade, newest first", "[cases]") {
    ResponseStore store = store_with(10);
    std::vector<Case> cases = collect_cases(store, sheet_of(store));
    REQUIRE(cases.size() == 3);  // not the other municipality's
    CHECK(cases[0].text == "Lang gewacht");   // 2026-08-12
    CHECK(cases[0].totaaloordeel == 7);       // 5 + 2
    CHECK(cases[2].text == "Snel GEHOLPEN");  // 2026-08-10
    CHECK(cases[2].totaaloordeel == 5);
    CHECK(cases[1].kind == CaseKind::tip);
}

TEST_CASE("cases of an unpublished factsheet show no grade", "[cases][minimum]") {
    ResponseStore store = store_with(9);
    std::vector<Case> cases = collect_cases(store, sheet_of(store));
    REQUIRE(cases.size() == 3);
    for (const Case& c : cases) CHECK_FALSE(c.totaaloordeel.has_value());
}

TEST_CASE("cases: search ignores case, grade order puts the lowest first", "[cases]") {
    ResponseStore store = store_with(10);
    std::vector<Case> cases = collect_cases(store, sheet_of(store));
    std::vector<const Case*> found = select_cases(cases, "geholpen", CaseOrder::newest);
    REQUIRE(found.size() == 1);
    CHECK(found[0]->text == "Snel GEHOLPEN");
    std::vector<const Case*> low = select_cases(cases, "", CaseOrder::grade_low);
    CHECK(low[0]->totaaloordeel == 5);
    CHECK(low[2]->totaaloordeel == 7);
}

TEST_CASE("cases: the search folds case and accents of Latin letters, not other scripts", "[cases]") {
    CHECK(fold_case("Één KEER geholpen, ÀÞ") == "een keer geholpen, aþ");
    CHECK(fold_case("Şahin, Łukasz, Ğül, Ÿvonne, Œuvre, ĲSSEL, straße") == "sahin, lukasz, gul, yvonne, œuvre, ĳssel, straße");
    CHECK(fold_case("ÇÑØÝ çñøýÿ ĐđĦħĸŉſ") == "cnoy cnoyy ddhhĸŉs");
    CHECK(fold_case("2 × 3 ÷ 4") == "2 × 3 ÷ 4");  // signs, not letters
    CHECK(fold_case("ΣΑΝ Ё") == "ΣΑΝ Ё");          // beyond Latin: as it is
    CHECK(fold_case("\xC3") == "\xC3");            // a cut-off sequence stays
    CHECK(fold_case("\xC4x") == "\xC4x");
    // Every letter of U+00C0-U+017F folds to what its name says it is, checked on both ends
    // of each run of the table.
    for (auto [from, to] : {std::pair{"ÀÅàåĀą", "aaaaaa"}, {"ĆčĎđ", "ccdd"}, {"ĒěĜģĤħĨı", "eegghhii"}, {"ĴĵĶķĹł", "jjkkll"},
                            {"ŃňŌőŔřŚšŢŧŨųŴŵŶŸŹžſ", "nnoorrssttuuwwyyzzs"}})
        CHECK(fold_case(from) == to);
    // The cases' search: "een" finds "Één", "sahin" finds "Şahin".
    std::vector<Case> cases = {{0, 1, CaseKind::tip, std::nullopt, "Één keer", fold_case("Één keer")},
                               {1, 2, CaseKind::tip, std::nullopt, "Dank aan mevr. Şahin", fold_case("Dank aan mevr. Şahin")}};
    CHECK(select_cases(cases, "een", CaseOrder::newest).size() == 1);
    CHECK(select_cases(cases, "SAHIN", CaseOrder::newest).size() == 1);
    CHECK(select_cases(cases, "ÉÉN KEER", CaseOrder::newest).size() == 1);
}

TEST_CASE("cases CSV is for Dutch Excel and neutralises formulas", "[cases][csv]") {
    ResponseStore store = store_with(10);
    std::vector<Case> cases = collect_cases(store, sheet_of(store));
    std::string csv = cases_csv(select_cases(cases, "", CaseOrder::oldest));
    CHECK(csv.rfind("\xEF\xBB\xBF" "datum;soort;totaaloordeel;tekst\r\n", 0) == 0);
    CHECK(csv.find("2026-08-10;toelichting;5;Snel GEHOLPEN\r\n") != std::string::npos);
    CHECK(csv.find("'=HYPERLINK") != std::string::npos);
}
