#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "engine/demo.hpp"
#include "engine/period.hpp"
#include "fixtures.hpp"

using namespace klantpeil;
using nlohmann::json;
using fixtures::standard_set;

namespace {

struct Demo {
    std::vector<ResponseRecord> records;
    std::vector<InvitationRow> invitations;
    Result<DemoSummary> summary;
};

Demo run(const DemoSpec& spec, const QuestionnaireSet& set = standard_set()) {
    Demo d;
    d.summary = generate_demo(spec, set, [&](ResponseRecord&& r) { d.records.push_back(std::move(r)); },
                              [&](const InvitationRow& row) { d.invitations.push_back(row); });
    return d;
}

std::string ndjson(const Demo& d) {
    std::string out;
    for (const ResponseRecord& r : d.records) out += to_json(r).dump() + "\n";
    for (const InvitationRow& row : d.invitations) out += to_json(row).dump() + "\n";
    return out;
}

Quarter quarter_of_record(const ResponseRecord& r) { return quarter_of(*parse_timestamp(r.submitted_at)); }

const Demo& standard_demo() {
    static const Demo d = run(DemoSpec{4000, 12, 7, "", 0});
    return d;
}

} // namespace

TEST_CASE("demo: the same spec gives the same data, another seed other data", "[demo]") {
    DemoSpec spec{600, 5, 42, "2026-10-01", 4};
    std::string a = ndjson(run(spec)), b = ndjson(run(spec));
    CHECK(a == b);
    spec.seed = 43;
    CHECK(ndjson(run(spec)) != a);
}

TEST_CASE("demo: every record passes validation against its questionnaire", "[demo]") {
    const Demo& d = standard_demo();
    REQUIRE(d.summary);
    REQUIRE(d.records.size() == 4000);
    CHECK(d.summary->responses == 4000);
    std::set<std::string> ids;
    for (const ResponseRecord& r : d.records) {
        auto checked = validate_record(to_json(r), standard_set());
        INFO(to_json(r).dump());
        REQUIRE(checked.problems.empty());
        ids.insert(r.id);
    }
    CHECK(ids.size() == d.records.size());
}

TEST_CASE("demo: eight quarters ending with the last full quarter before the reference date", "[demo]") {
    const Demo& d = standard_demo();
    CHECK(to_string(d.summary->first) == "2024-Q4");
    CHECK(to_string(d.summary->last) == "2026-Q3");
    std::set<int> quarters;
    for (const ResponseRecord& r : d.records) quarters.insert(quarter_of_record(r).index());
    CHECK(quarters.size() == 8);
    CHECK(*quarters.begin() == Quarter{2024, 4}.index());
    CHECK(*quarters.rbegin() == Quarter{2026, 3}.index());

    Demo later = run(DemoSpec{100, 3, 1, "2027-01-01", 2});
    CHECK(to_string(later.summary->first) == "2026-Q3");
    CHECK(to_string(later.summary->last) == "2026-Q4");
}

TEST_CASE("demo: municipalities of unequal size leave some cells under the minimum response", "[demo]") {
    std::map<std::tuple<std::string, int, int>, int> cells;
    for (const ResponseRecord& r : standard_demo().records)
        ++cells[{r.municipality, static_cast<int>(r.channel), quarter_of_record(r).index()}];
    int small = 0, large = 0;
    for (const auto& [cell, n] : cells) (n < 10 ? small : large) += 1;
    CHECK(small >= 10);
    CHECK(large >= 10);
    std::set<std::string> municipalities;
    for (const auto& [cell, n] : cells) municipalities.insert(std::get<0>(cell));
    CHECK(municipalities.size() >= 10);
}

TEST_CASE("demo: answers hang together", "[demo]") {
    double effort_happy = 0, effort_unhappy = 0;
    int happy = 0, unhappy = 0, tips = 0, reviews = 0, na = 0, aspects = 0;
    for (const ResponseRecord& r : standard_demo().records) {
        const json& a = r.answers;
        int grade = a.at("totaaloordeel");
        if (grade >= 8) { effort_happy += a.at("moeite").get<int>(); ++happy; }
        if (grade <= 5) { effort_unhappy += a.at("moeite").get<int>(); ++unhappy; }
        bool tip = a.at("suggesties") == "ja";
        tips += tip;
        CHECK(a.contains("tip") == tip);
        auto t = a.find("toelichting");
        reviews += t != a.end() && t->is_string() && t->get<std::string>().find_first_not_of(' ') != std::string::npos;
        for (auto it = a.begin(); it != a.end(); ++it) {
            if (it.key().rfind("aspect_", 0) != 0) continue;
            ++aspects;
            na += it->is_null();
        }
    }
    const double n = static_cast<double>(standard_demo().records.size());
    REQUIRE(happy > 100);
    REQUIRE(unhappy > 30);
    CHECK(effort_happy / happy > effort_unhappy / unhappy + 1.0);  // a good grade goes with low effort
    CHECK(tips / n > 0.15);
    CHECK(tips / n < 0.25);
    CHECK(reviews / n > 0.3);
    CHECK(reviews / n < 0.6);
    CHECK(na > 0);
    CHECK(na < aspects / 4);
}

TEST_CASE("demo: sources follow the channel", "[demo]") {
    std::map<Channel, std::set<Source>> seen;
    for (const ResponseRecord& r : standard_demo().records) {
        seen[r.channel].insert(r.source);
        CHECK(r.invitation.has_value() == (r.source == Source::inviter));
    }
    CHECK(seen[Channel::digitaal] == std::set<Source>{Source::digital, Source::link});
    CHECK(seen[Channel::balie].count(Source::inviter) == 1);
    CHECK(seen[Channel::balie].count(Source::kiosk) == 1);
    CHECK(seen[Channel::balie].count(Source::digital) == 0);
    CHECK(seen[Channel::telefoon].count(Source::inviter) == 1);
}

TEST_CASE("demo: invitations put the response rate between 25 and 40 percent", "[demo]") {
    const Demo& d = standard_demo();
    std::map<std::tuple<std::string, int, int>, long long> invited, responded;
    long long total = 0;
    for (const InvitationRow& row : d.invitations) {
        auto date = parse_local_date(row.date);
        REQUIRE(date);
        CHECK(row.channel != Channel::digitaal);
        CHECK(row.count > 0);
        invited[{row.municipality, static_cast<int>(row.channel), quarter_of(*date).index()}] += row.count;
        total += row.count;
    }
    CHECK(total == d.summary->invitations);
    CHECK(d.invitations.size() == d.summary->invitation_rows);
    for (const ResponseRecord& r : d.records)
        if (r.source == Source::inviter) ++responded[{r.municipality, static_cast<int>(r.channel), quarter_of_record(r).index()}];
    int checked = 0;
    for (const auto& [cell, n] : responded) {
        if (n < 20) continue;  // small cells round coarsely
        double rate = static_cast<double>(n) / static_cast<double>(invited[cell]);
        CHECK(rate >= 0.24);
        CHECK(rate <= 0.41);
        ++checked;
    }
    CHECK(checked >= 10);
}

TEST_CASE("demo: invitations are sent on working days", "[demo]") {
    for (const InvitationRow& row : standard_demo().invitations) {
        auto date = *parse_local_date(row.date);
        // Zeller-free weekday: days since a known Monday (2024-01-01).
        long long days = *parse_timestamp(row.date + "T12:00:00Z") / 86400 - *parse_timestamp("2024-01-01T12:00:00Z") / 86400;
        INFO(row.date);
        CHECK(((days % 7) + 7) % 7 < 5);
        CHECK(date.year >= 2024);
    }
}

TEST_CASE("demo: the municipalities are real ones first, then made-up ones", "[demo]") {
    auto list = demo_municipalities(kMaxDemoMunicipalities);
    REQUIRE(list.size() == static_cast<std::size_t>(kMaxDemoMunicipalities));
    CHECK(list[0].code == "0363");
    CHECK(list[0].name == "Amsterdam");
    CHECK(list[1].name == "Utrecht");
    CHECK(list[2].code == "0599");
    CHECK(list[3].name == "'s-Gravenhage");
    CHECK(list[4].code == "0014");
    std::set<std::string> codes, names;
    for (const DemoMunicipality& m : list) {
        CHECK(is_municipality_code(m.code));
        CHECK(m.population > 0);
        codes.insert(m.code);
        names.insert(m.name);
    }
    CHECK(codes.size() == list.size());
    CHECK(names.size() == list.size());
    CHECK(demo_municipalities(0).size() == 1);
}

TEST_CASE("demo: a spec out of range or missing questionnaires fail without output", "[demo]") {
    Demo bad = run(DemoSpec{10, kMaxDemoMunicipalities + 1, 0, "2026-13-01", 0});
    REQUIRE_FALSE(bad.summary);
    CHECK(describe(bad.summary.problems) ==
          "municipalities: must be from 1 to 400\nreference_date: must be a calendar day written as YYYY-MM-DD");
    CHECK(bad.records.empty());

    QuestionnaireSet partial;
    partial.add(*standard_set().latest("kto-balie"));
    Demo missing = run(DemoSpec{}, partial);
    REQUIRE_FALSE(missing.summary);
    CHECK(describe(missing.summary.problems) ==
          "questionnaires: questionnaire kto-telefoon is missing\nquestionnaires: questionnaire kto-digitaal is missing");
}

TEST_CASE("demo: zero in the spec means the documented defaults", "[demo]") {
    Demo d = run(DemoSpec{});
    REQUIRE(d.summary);
    CHECK(d.records.size() == 5000);
    CHECK(d.summary->municipalities == 12);
    CHECK(to_string(d.summary->last) == "2026-Q3");
}
