// Factsheet SVG export: golden files for two fixed factsheets (tests/golden/), and
// hand-computed checks that the page shows the figures in Dutch notation and never a hidden
// score. Regenerate the golden files only on purpose, natively:
//   KLANTPEIL_UPDATE_GOLDEN=1 build/native/tests/engine_tests "[svg][golden]"
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "engine/factsheet.hpp"
#include "engine/factsheet_svg.hpp"
#include "tests/engine/store_records.hpp"

using namespace klantpeil;
using klantpeil::test::add_ok;
using klantpeil::test::Rec;

namespace {

std::size_t occurrences(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
    return n;
}

ItemScore item(const char* id, std::size_t n, std::optional<double> mean) { return ItemScore{id, n, mean}; }

// The DESIGN.md example factsheet, written out by hand (not computed), with one aspect
// answered by too few respondents.
Factsheet published_sheet() {
    Factsheet f;
    f.municipality = "0363";
    f.channel = Channel::balie;
    f.period = Quarter{2026, 3};
    f.invitations = 120;
    f.responses = 48;
    f.response_rate = 0.35;
    f.reviews = 20;
    f.tips = 7;
    f.published = true;
    f.totaaloordeel = {48, 7.625, std::array<std::size_t, 10>{0, 0, 1, 0, 2, 3, 9, 17, 11, 5}};
    f.ces = {47, 34.04, 55.32, 21.28};
    Hostmanship h;
    h.mean = 8.1;
    for (const char* id : kHostItems) h.items.push_back(item(id, 46, 8.1));
    f.hostmanship = h;
    f.aspects = {item("aspect_prijs_van_het_product", 6, std::nullopt), item("aspect_wachttijd", 40, 6.94),
                 item("aspect_vriendelijkheid", 45, 8.6)};
    f.aspects_mean = 7.77;
    f.totaaloordeel_below_aspects = true;
    // The previous quarter did not ask aspect_vriendelijkheid, and hid aspect_wachttijd.
    f.previous = PreviousQuarter{{7.4, 30.1, 7.9, {{"host_bereidheid", 8.3}, {"aspect_wachttijd", std::nullopt}}}, Quarter{2026, 2}};
    f.benchmark = Benchmark{{7.5, 28.0, 7.7, {{"host_bereidheid", 7.8}, {"aspect_prijs_van_het_product", 7.1}}}, 12};
    f.tips_sample = {"Langer open op donderdag & <vrijdag>", "Meer stoelen in de wachtruimte"};
    return f;
}

// Seven responses: counts only.
Factsheet hidden_sheet() {
    Factsheet f;
    f.municipality = "0014";
    f.channel = Channel::telefoon;
    f.period = Quarter{2026, 4};
    f.responses = 7;
    f.reviews = 2;
    f.tips = 1;
    f.totaaloordeel.n = 7;
    f.ces.n = 6;
    Hostmanship h;
    for (const char* id : kHostItems) h.items.push_back(item(id, 7, std::nullopt));
    f.hostmanship = h;
    f.aspects = {item("aspect_wachttijd", 5, std::nullopt)};
    f.benchmark = Benchmark{{7.2, 25.0, 7.0, {{"host_inleving", 7.3}, {"aspect_wachttijd", 6.6}}}, 3};
    return f;
}

std::string golden_path(const std::string& name) { return std::string(KLANTPEIL_SOURCE_DIR) + "/tests/golden/" + name; }

void check_golden(const std::string& name, const std::string& actual) {
    const std::string path = golden_path(name);
    if (const char* update = std::getenv("KLANTPEIL_UPDATE_GOLDEN"); update && std::string(update) == "1") {
        std::ofstream(path, std::ios::binary) << actual;
        WARN("rewrote " << path);
    }
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::stringstream expected;
    expected << in.rdbuf();
    CHECK(actual == expected.str());
}

} // namespace

TEST_CASE("SVG of a published factsheet matches its golden file", "[svg][golden]") {
    check_golden("factsheet-0363-balie-2026-Q3.svg", to_svg(published_sheet()));
}

TEST_CASE("SVG of a factsheet below 10 responses matches its golden file", "[svg][golden]") {
    check_golden("factsheet-0014-telefoon-2026-Q4.svg", to_svg(hidden_sheet()));
}

TEST_CASE("SVG shows the figures in Dutch notation with a title and a description", "[svg]") {
    const std::string svg = to_svg(published_sheet());
    CHECK(svg.rfind("<?xml", 0) == 0);
    CHECK(svg.find("<title id=\"title\">Factsheet klanttevredenheid gemeente 0363, Balie, 2026-Q3</title>") != std::string::npos);
    CHECK(svg.find("<desc id=\"desc\">48 reacties. Totaaloordeel 7,6. Klantinspanning (CES) 34,0. Gastvrijheid 8,1.</desc>") !=
          std::string::npos);
    CHECK(svg.find(">35%<") != std::string::npos);       // response rate 0.35
    CHECK(svg.find("55,3%") != std::string::npos);       // low effort
    CHECK(svg.find(">6,9<") != std::string::npos);       // aspect_wachttijd 6.94
    CHECK(svg.find("Prijs van het product") != std::string::npos);
    CHECK(svg.find("onvoldoende respons (n = 6)") != std::string::npos);
    CHECK(svg.find("Let op: het totaaloordeel (7,6) is lager dan het gemiddelde van de aspecten (7,8)") != std::string::npos);
    CHECK(svg.find("vorig kwartaal (2026-Q2): 7,4 · benchmark (12 gemeenten): 7,5<") != std::string::npos);
    CHECK(svg.find("vorig kwartaal (2026-Q2): 30,1 · benchmark (12 gemeenten): 28,0<") != std::string::npos);
    // Beside the composite and each item: the previous quarter's and the benchmark's score.
    CHECK(occurrences(svg, ">7,9</text>") == 1);  // composite, previous
    CHECK(occurrences(svg, ">7,7</text>") == 1);  // composite, benchmark
    CHECK(occurrences(svg, ">8,3</text>") == 1);  // host_bereidheid, previous
    CHECK(occurrences(svg, ">7,1</text>") == 1);  // aspect_prijs_van_het_product, benchmark: its own is hidden
    // Bars: 10 for the distribution, 3 for the CES split, the composite and the 6 host items,
    // 2 published aspects.
    CHECK(occurrences(svg, "class=\"bar\"") == 10 + 3 + 1 + 6 + 2);
    CHECK(occurrences(svg, "<g ") == occurrences(svg, "</g>"));
    CHECK(svg.substr(svg.size() - 7) == "</svg>\n");
}

TEST_CASE("SVG of the fullest balie factsheet stays above the page's footer", "[svg]") {
    Factsheet f = published_sheet();
    f.aspects.clear();
    for (const char* id : {"aspect_afspraak", "aspect_informatie", "aspect_openingstijden", "aspect_overzichtelijkheid",
                           "aspect_prijs", "aspect_privacy", "aspect_vriendelijkheid", "aspect_wachtruimte", "aspect_wachttijd"})
        f.aspects.push_back(item(id, 40, 8.2));  // kto-balie's nine aspects
    f.tips_sample = std::vector<std::string>(kTipsSampleSize, std::string(300, 'W'));
    REQUIRE(f.totaaloordeel_below_aspects);  // its note takes two more lines
    const std::string svg = to_svg(f);
    double lowest = 0;
    const std::string footer = "Scores van minder dan";
    for (std::size_t at = svg.find("<text x="); at != std::string::npos; at = svg.find("<text x=", at + 1)) {
        if (svg.compare(svg.find('>', at) + 1, footer.size(), footer) == 0) continue;
        lowest = std::max(lowest, std::stod(svg.substr(svg.find(" y=\"", at) + 4)));
    }
    CHECK(lowest > 700);       // the tips are there, at the bottom
    CHECK(lowest <= 842 - 40);  // the footer's line is at 818
}

TEST_CASE("SVG escapes open text", "[svg]") {
    const std::string svg = to_svg(published_sheet());
    CHECK(svg.find("Langer open op donderdag &amp; &lt;vrijdag&gt;") != std::string::npos);
    CHECK(svg.find("<vrijdag>") == std::string::npos);
}

TEST_CASE("SVG of 7 responses shows counts and no score anywhere", "[svg][minimum]") {
    ResponseStore store;
    // Seven grade-9 answers with moeite 5 and all host items 9: nothing of this may show.
    for (int i = 0; i < 7; ++i) {
        Rec rec("0014", Channel::telefoon, "2026-11-14T10:22:00Z");
        rec.answer("totaaloordeel", 9).answer("moeite", 5).answer("aspect_wachttijd", 9);
        for (const char* id : kHostItems) rec.answer(id, 9);
        add_ok(store, rec);
    }
    std::vector<Factsheet> sheets = compute_factsheets(store, InvitationCounts{});
    REQUIRE(sheets.size() == 1);
    const std::string svg = to_svg(sheets[0]);
    CHECK(svg.find("onvoldoende respons (n = 7)") != std::string::npos);
    CHECK(svg.find("Niet gepubliceerd") != std::string::npos);
    CHECK(svg.find("9,0") == std::string::npos);
    CHECK(svg.find("100,0") == std::string::npos);  // the CES of seven "geen moeite"
    CHECK(svg.find("100%") == std::string::npos);
    CHECK(svg.find("Verdeling") == std::string::npos);
    CHECK(occurrences(svg, "class=\"bar\"") == 0);
}

TEST_CASE("item labels read as Dutch words", "[svg]") {
    CHECK(item_label("host_bereidheid") == "Bereidheid");
    CHECK(item_label("aspect_duidelijke_informatie") == "Duidelijke informatie");
    CHECK(channel_label(Channel::digitaal) == "Digitaal");
}
