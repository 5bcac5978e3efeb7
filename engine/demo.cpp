// Demo data: see demo.hpp for what it promises.
// Index: [SECTION] Random numbers  [SECTION] Municipalities  [SECTION] Calendar
//        [SECTION] Texts  [SECTION] Answers  [SECTION] Records  [SECTION] Invitations
//        [SECTION] Generation
#include "engine/demo.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace klantpeil {

using nlohmann::json;

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Random numbers
//-----------------------------------------------------------------------------

std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// xoshiro256** seeded through splitmix64: the same numbers on every platform, unlike the
// std distributions. Only +, * and / on doubles follow, which IEEE 754 makes exact.
class Random {
public:
    explicit Random(std::uint64_t seed) {
        for (auto& s : s_) s = splitmix64(seed);
    }
    std::uint64_t next() {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0]; s_[3] ^= s_[1]; s_[1] ^= s_[2]; s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    // Close to a standard normal (Irwin-Hall of four uniforms): no log or cos, whose last
    // bits differ between C libraries.
    double normal() { return (uniform() + uniform() + uniform() + uniform() - 2.0) * 1.7320508075688772; }
    bool chance(double p) { return uniform() < p; }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    template <class T, std::size_t N>
    const T& pick(const std::array<T, N>& items) { return items[below(N)]; }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t s_[4];
};

int clamp_round(double x, int lo, int hi) {
    return std::clamp(static_cast<int>(std::floor(x + 0.5)), lo, hi);
}

//-----------------------------------------------------------------------------
// [SECTION] Municipalities
//-----------------------------------------------------------------------------

struct KnownMunicipality {
    const char* code;
    const char* name;
    double population;  // thousands, rounded
};

// Real CBS codes; large and very small ones mixed so that any prefix is unequal in size.
constexpr KnownMunicipality kKnown[] = {
    {"0363", "Amsterdam", 930},       {"0344", "Utrecht", 375},         {"0599", "Rotterdam", 665},
    {"0518", "'s-Gravenhage", 560},   {"0014", "Groningen", 238},       {"0339", "Renswoude", 5.6},
    {"0193", "Zwolle", 132},          {"0096", "Vlieland", 1.2},        {"0772", "Eindhoven", 240},
    {"0448", "Texel", 13.6},          {"0080", "Leeuwarden", 126},      {"0088", "Schiermonnikoog", 0.95},
    {"0855", "Tilburg", 225},         {"0687", "Middelburg", 49},       {"0034", "Almere", 225},
    {"0277", "Rozendaal", 1.7},       {"0758", "Breda", 185},           {"0093", "Terschelling", 4.9},
    {"0268", "Nijmegen", 180},        {"0060", "Ameland", 3.8},         {"0307", "Amersfoort", 160},
    {"0202", "Arnhem", 166},          {"0392", "Haarlem", 163},         {"0935", "Maastricht", 122},
    {"0546", "Leiden", 127},          {"0503", "Delft", 105},           {"0153", "Enschede", 160},
    {"0200", "Apeldoorn", 166},       {"0796", "'s-Hertogenbosch", 158}, {"0106", "Assen", 69},
    {"0114", "Emmen", 108},           {"0637", "Zoetermeer", 126},      {"0361", "Alkmaar", 111},
    {"0394", "Haarlemmermeer", 160},  {"0513", "Gouda", 74},            {"0718", "Vlissingen", 45},
    {"0917", "Heerlen", 87},          {"0983", "Venlo", 102},
};
constexpr int kKnownCount = static_cast<int>(std::size(kKnown));

// Made-up municipalities: names from a stem, a suffix and sometimes a prefix.
constexpr const char* kStems[] = {"Beek", "Linde", "Wolde", "Esse", "Heide", "Brugge", "Molen", "Eiken",
                                  "Vlier", "Zand", "Veen", "Water", "Berk", "Hazel", "Rijn"};
constexpr const char* kSuffixes[] = {"dam", "wijk", "hoven", "horst", "dorp", "burg", "rode", "meer", "veld", "loo"};
constexpr const char* kPrefixes[] = {"", "Nieuw-", "Oud-"};

DemoMunicipality made_up(int i) {
    constexpr int stems = static_cast<int>(std::size(kStems)), suffixes = static_cast<int>(std::size(kSuffixes));
    std::string name = std::string(kPrefixes[i / (stems * suffixes)]) + kStems[i % stems] + kSuffixes[(i / stems) % suffixes];
    char code[8];
    std::snprintf(code, sizeof code, "%04d", 9001 + i);
    std::uint64_t h = static_cast<std::uint64_t>(i);
    double population = 4.0 + static_cast<double>(splitmix64(h) % 120);  // 4k to 124k inhabitants
    return {code, name, population};
}

//-----------------------------------------------------------------------------
// [SECTION] Calendar
//-----------------------------------------------------------------------------

// Days since 1970-01-01 of a Gregorian date (Howard Hinnant's days_from_civil).
long long days_from_civil(long long y, int m, int d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const long long yoe = y - era * 400;
    const long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

LocalDate civil_from_days(long long z) {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const long long doe = z - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return LocalDate{static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}

// The days of a quarter (as days since 1970), all or Monday to Friday only.
std::vector<long long> days_of(Quarter q, bool weekdays_only) {
    long long from = days_from_civil(q.year, (q.q - 1) * 3 + 1, 1);
    Quarter next = quarter_from_index(q.index() + 1);
    long long to = days_from_civil(next.year, (next.q - 1) * 3 + 1, 1);
    std::vector<long long> days;
    for (long long d = from; d < to; ++d) {
        int weekday = static_cast<int>((d + 4) % 7);  // 1970-01-01 was a Thursday; 0 = Sunday
        if (!weekdays_only || (weekday >= 1 && weekday <= 5)) days.push_back(d);
    }
    return days;
}

// An instant on `day` between the UTC hours given; Amsterdam is 1-2 hours ahead, so hours
// up to 21 stay on the same local day.
std::string timestamp(long long day, int from_hour, int to_hour, Random& rnd) {
    LocalDate d = civil_from_days(day);
    int hour = from_hour + static_cast<int>(rnd.below(static_cast<std::size_t>(to_hour - from_hour + 1)));
    int minute = static_cast<int>(rnd.below(60)), second = static_cast<int>(rnd.below(60));
    char out[24];
    std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day, hour, minute, second);
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Texts
//-----------------------------------------------------------------------------

constexpr std::array<const char*, 6> kPraise = {
    "Snel en vriendelijk geholpen.", "De medewerker nam echt de tijd voor mij.",
    "Alles was in één keer geregeld.", "Duidelijke uitleg over wat ik moest meenemen.",
    "Binnen vijf minuten weer buiten.", "Prettig contact, er werd goed meegedacht."};
constexpr std::array<const char*, 4> kMixed = {
    "Het was in orde, maar het duurde wat lang.", "Redelijk geholpen, wel twee keer moeten bellen.",
    "Goed geholpen, maar de wachtruimte was vol.", "De afspraak ging vlot, de website minder."};
constexpr std::array<const char*, 6> kComplaints = {
    "Lang moeten wachten en daarna nog doorverwezen.", "Ik moest drie keer bellen voordat iemand me kon helpen.",
    "Onduidelijk welke papieren ik nodig had.", "De medewerker was kortaf.",
    "Mijn vraag is nog steeds niet opgelost.", "Het formulier op de website werkte niet."};
constexpr std::array<const char*, 3> kEnglishComments = {
    "Quick and friendly service.", "It took a long time before I was helped.", "Clear explanation, thank you."};
constexpr std::array<const char*, 12> kTips = {
    "Zet meer medewerkers in tijdens de lunchpauze.", "Maak het makkelijker om online een afspraak te maken.",
    "Stuur een dag van tevoren een herinnering voor de afspraak.", "Ruimere openingstijden op donderdagavond.",
    "Geef duidelijker aan waar je moet wachten.", "Meer zitplaatsen in de wachtruimte.",
    "Laat weten hoe lang je aan de telefoon moet wachten.", "Verbind minder vaak door naar een andere afdeling.",
    "Zet op de website welke documenten je moet meenemen.", "Bel terug wanneer dat is beloofd.",
    "Schrijf brieven in eenvoudiger Nederlands.", "Laat mij de status van mijn aanvraag online volgen."};
constexpr std::array<const char*, 3> kEnglishTips = {
    "Offer the website in English as well.", "Send a reminder the day before the appointment.",
    "Make it easier to book an appointment online."};

//-----------------------------------------------------------------------------
// [SECTION] Answers
//-----------------------------------------------------------------------------

// What tilts a grade: an offset on the scale and, for grid rows, the chance of n.v.t.
struct ItemTilt {
    std::string_view id;  // a view: comparing sizes first keeps the lookup cheap
    double offset;
    double not_applicable;
};

constexpr ItemTilt kTilts[] = {
    {"host_bereidheid", 0.3, 0},          {"host_deskundigheid", 0.1, 0},      {"host_inleving", -0.1, 0},
    {"host_verantwoordelijkheid", 0.0, 0}, {"host_oplossingen", -0.3, 0},      {"host_gemeente", -0.4, 0},
    {"aspect_openingstijden", 0.0, 0.03}, {"aspect_afspraak", 0.2, 0.15},      {"aspect_wachttijd", -0.6, 0.05},
    {"aspect_vriendelijkheid", 0.6, 0.02}, {"aspect_informatie", 0.1, 0.05},   {"aspect_wachtruimte", -0.2, 0.15},
    {"aspect_overzichtelijkheid", 0.0, 0.08}, {"aspect_privacy", -0.3, 0.12},  {"aspect_prijs", -0.9, 0.35},
    {"aspect_bereikbaarheid", -0.4, 0.03}, {"aspect_doorverbinden", -0.3, 0.4}, {"aspect_duidelijkheid", 0.2, 0.04},
    {"aspect_vindbaarheid", -0.2, 0.05},  {"aspect_gebruiksgemak", 0.1, 0.05}, {"aspect_doorlooptijd", -0.3, 0.2},
};

ItemTilt tilt_of(std::string_view id) {
    for (const ItemTilt& t : kTilts)
        if (id == t.id) return t;
    return {"", 0.0, 0.08};
}

// One respondent: a satisfaction `s` (about standard normal around the cell's quality)
// from which the answers follow, plus the noise of each single answer.
struct Respondent {
    double s = 0;
    int grade = 0;  // the totaaloordeel given, once given
    bool english = false;
};

json grade_answer(double base, double spread, const Question& q, const Respondent& who, Random& rnd) {
    return clamp_round(base + who.s + spread * rnd.normal(), q.min, q.max);
}

// `text` cut to the question's length cap (in code points, as validation counts).
json fit(const char* text, const Question& q) {
    std::string s = text;
    std::size_t points = 0, i = 0;
    for (; i < s.size() && points < q.max_length; ++points)
        do ++i; while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80);
    s.resize(i);
    return s;
}

json effort_answer(const Respondent& who, Random& rnd) {
    return clamp_round(3.55 + 0.8 * who.s + 0.8 * rnd.normal(), 1, 5);
}

json comment(const Question& q, const Respondent& who, Random& rnd) {
    if (who.english) return fit(rnd.pick(kEnglishComments), q);
    if (who.grade >= 8) return fit(rnd.pick(kPraise), q);
    return fit(who.grade >= 6 ? rnd.pick(kMixed) : rnd.pick(kComplaints), q);
}

json choice_answer(const Question& q, Random& rnd) {
    if (q.options.empty()) return nullptr;
    if (!q.multiple) return q.options[rnd.below(q.options.size())].value;
    json chosen = json::array();
    for (const Option& o : q.options)
        if (rnd.chance(0.4)) chosen.push_back(o.value);
    if (chosen.empty()) chosen.push_back(q.options[rnd.below(q.options.size())].value);
    return chosen;
}

// The answer to one question id, or a discarded value to leave it unanswered.
json answer(const Question& q, std::string_view id, Respondent& who, Random& rnd) {
    using namespace std::string_view_literals;
    const json skip(json::value_t::discarded);
    if (id == "totaaloordeel"sv) {
        json g = clamp_round(7.4 + 1.1 * who.s + 0.5 * rnd.normal(), q.min, q.max);
        who.grade = g.get<int>();
        return g;
    }
    if (id == "toelichting"sv) {
        if (rnd.chance(0.45)) return comment(q, who, rnd);
        return rnd.chance(0.04) ? json(" ") : skip;  // a blank answer is no review
    }
    if (id == "suggesties"sv) return rnd.chance(who.grade <= 6 ? 0.3 : 0.17) ? "ja" : "nee";
    if (id == "tip"sv) return fit(who.english ? rnd.pick(kEnglishTips) : rnd.pick(kTips), q);
    switch (q.type) {
    case QuestionType::grid: {
        ItemTilt t = tilt_of(id);
        if (q.allow_na && rnd.chance(t.not_applicable)) return nullptr;
        return grade_answer(7.5 + t.offset, 0.9, q, who, rnd);
    }
    case QuestionType::grade: return grade_answer(7.3, 1.0, q, who, rnd);
    case QuestionType::effort: return effort_answer(who, rnd);
    default: break;
    }
    if (!q.required && rnd.chance(0.3)) return skip;
    switch (q.type) {
    case QuestionType::yesno: return rnd.chance(0.5) ? "ja" : "nee";
    case QuestionType::choice: return choice_answer(q, rnd);
    default: return comment(q, who, rnd);
    }
}

// Answers in document order; a question hidden by the answers so far stays empty.
json answers_for(const Questionnaire& q, Respondent& who, Random& rnd) {
    json answers = json::object();
    for (const Page& page : q.pages)
        for (const Question& question : page.questions) {
            if (question.visible_if && !question.visible_if->evaluate(answers)) continue;
            if (question.type != QuestionType::grid) {
                json a = answer(question, question.id, who, rnd);
                if (!a.is_discarded()) answers[question.id] = std::move(a);
            }
            for (const GridRow& row : question.rows) answers[row.id] = answer(question, row.id, who, rnd);
        }
    return answers;
}

//-----------------------------------------------------------------------------
// [SECTION] Records
//-----------------------------------------------------------------------------

constexpr const char* kQuestionnaireIds[] = {"kto-balie", "kto-telefoon", "kto-digitaal"};

std::string hex(Random& rnd, int digits) {
    static const char kHex[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < digits; ++i) out += kHex[rnd.below(16)];
    return out;
}

std::string uuid_v4(Random& rnd) {
    std::string h = hex(rnd, 32);
    h[12] = '4';                                      // version 4
    h[16] = "89ab"[rnd.below(4)];                     // RFC 4122 variant
    return h.substr(0, 8) + '-' + h.substr(8, 4) + '-' + h.substr(12, 4) + '-' + h.substr(16, 4) + '-' + h.substr(20);
}

// How responses reach each channel. Digitaal has no employee to hand out cards or invite.
Source draw_source(Channel c, Random& rnd) {
    double u = rnd.uniform();
    switch (c) {
    case Channel::balie:
        return u < 0.45 ? Source::inviter : u < 0.65 ? Source::card : u < 0.85 ? Source::kiosk
                                          : u < 0.95 ? Source::app : Source::link;
    case Channel::telefoon:
        return u < 0.55 ? Source::inviter : u < 0.80 ? Source::app : Source::link;
    default:
        return u < 0.85 ? Source::digital : Source::link;
    }
}

struct CellPlan {
    std::string municipality;
    Channel channel;
    Quarter quarter;
    double quality;  // the cell's mean satisfaction shift
    const Questionnaire* questionnaire;
};

ResponseRecord make_record(const CellPlan& cell, const std::vector<long long>& days, Random& rnd) {
    ResponseRecord r;
    r.id = uuid_v4(rnd);
    r.questionnaire = cell.questionnaire->id;
    r.version = cell.questionnaire->version;
    r.municipality = cell.municipality;
    r.channel = cell.channel;
    r.source = draw_source(cell.channel, rnd);
    if (r.source == Source::inviter) r.invitation = hex(rnd, 32);
    bool office_hours = cell.channel != Channel::digitaal;
    r.submitted_at = timestamp(days[rnd.below(days.size())], office_hours ? 7 : 6, office_hours ? 16 : 21, rnd);
    const auto& languages = cell.questionnaire->languages;
    bool english = std::find(languages.begin(), languages.end(), "en") != languages.end() && rnd.chance(0.07);
    r.language = english ? "en" : "nl";
    Respondent who{cell.quality + rnd.normal(), 0, english};
    r.answers = answers_for(*cell.questionnaire, who, rnd);
    return r;
}

//-----------------------------------------------------------------------------
// [SECTION] Invitations
//-----------------------------------------------------------------------------

// Spreads a cell's invitations over its working days with uneven daily volumes; the
// cumulative rounding makes the rows add up to exactly `total`.
std::vector<InvitationRow> spread_invitations(const CellPlan& cell, long long total,
                                              const std::vector<long long>& days, Random& rnd) {
    std::vector<double> cumulative;
    double sum = 0;
    for (std::size_t i = 0; i < days.size(); ++i) cumulative.push_back(sum += 0.5 + rnd.uniform());
    std::vector<InvitationRow> rows;
    long long given = 0;
    for (std::size_t i = 0; i < days.size(); ++i) {
        long long upto = static_cast<long long>(std::floor(static_cast<double>(total) * cumulative[i] / sum + 0.5));
        if (upto > given) rows.push_back({cell.municipality, cell.channel, to_string(civil_from_days(days[i])), upto - given});
        given = std::max(given, upto);
    }
    return rows;
}

//-----------------------------------------------------------------------------
// [SECTION] Generation
//-----------------------------------------------------------------------------

constexpr std::size_t kMaxResponses = 20'000'000;
constexpr int kMaxQuarters = 40;
constexpr double kChannelShare[] = {0.45, 0.35, 0.20};
constexpr double kSeason[] = {1.0, 1.05, 0.85, 1.1};  // Q3 is the summer holiday

struct Plan {
    std::vector<CellPlan> cells;      // quarter-major: (quarter, municipality, channel)
    std::vector<double> cumulative;   // of the cells' weights, to draw a cell per response
};

Plan make_plan(const std::vector<DemoMunicipality>& municipalities, Quarter first, int quarters,
               const Questionnaire* const questionnaires[3], Random& rnd) {
    struct Traits { double quality, trend, share[3]; };
    std::vector<Traits> traits;
    for (std::size_t m = 0; m < municipalities.size(); ++m) {
        Traits t{0.35 * rnd.normal(), 0.04 * rnd.normal(), {}};
        for (int c = 0; c < 3; ++c) t.share[c] = kChannelShare[c] * (0.7 + 0.6 * rnd.uniform());
        traits.push_back(t);
    }
    Plan plan;
    double total = 0;
    for (int qi = 0; qi < quarters; ++qi) {
        Quarter quarter = quarter_from_index(first.index() + qi);
        for (std::size_t m = 0; m < municipalities.size(); ++m) {
            // Responses grow less than proportionally with size: population^0.75.
            double p = municipalities[m].population, size = std::sqrt(p) * std::sqrt(std::sqrt(p));
            for (int c = 0; c < 3; ++c) {
                double quality = traits[m].quality + traits[m].trend * qi + 0.25 * rnd.normal();
                plan.cells.push_back({municipalities[m].code, static_cast<Channel>(c), quarter, quality, questionnaires[c]});
                total += size * traits[m].share[c] * kSeason[quarter.q - 1] * (1.0 + 0.03 * qi);
                plan.cumulative.push_back(total);
            }
        }
    }
    return plan;
}

// How many of `responses` fall in each cell: one weighted draw per response.
std::vector<std::size_t> draw_counts(const Plan& plan, std::size_t responses, Random& rnd) {
    std::vector<std::size_t> counts(plan.cells.size(), 0);
    const double total = plan.cumulative.back();
    for (std::size_t i = 0; i < responses; ++i) {
        auto it = std::upper_bound(plan.cumulative.begin(), plan.cumulative.end(), rnd.uniform() * total);
        ++counts[std::min<std::size_t>(it - plan.cumulative.begin(), counts.size() - 1)];
    }
    return counts;
}

// A cell's records in time order, then its invitation rows.
void generate_cell(const CellPlan& cell, std::size_t count, Random& rnd, const RecordSink& records,
                   const InvitationSink& invitations, DemoSummary& summary) {
    std::vector<long long> workdays = days_of(cell.quarter, true);
    std::vector<long long> days = cell.channel == Channel::digitaal ? days_of(cell.quarter, false) : workdays;
    std::vector<ResponseRecord> batch;
    batch.reserve(count);
    long long invited = 0;
    for (std::size_t i = 0; i < count; ++i) {
        batch.push_back(make_record(cell, days, rnd));
        invited += batch.back().source == Source::inviter;
    }
    std::sort(batch.begin(), batch.end(),
              [](const ResponseRecord& a, const ResponseRecord& b) { return a.submitted_at < b.submitted_at; });
    for (ResponseRecord& r : batch) records(std::move(r));
    summary.responses += count;
    if (cell.channel == Channel::digitaal) return;  // no Inviter for the digital channel
    double rate = 0.25 + 0.15 * rnd.uniform();
    // A cell whose few invitations all went unanswered still sent some; an empty cell none.
    long long total = invited > 0 ? static_cast<long long>(std::floor(static_cast<double>(invited) / rate + 0.5))
                                  : static_cast<long long>(count > 0 ? rnd.below(3) : 0);
    for (const InvitationRow& row : spread_invitations(cell, total, workdays, rnd)) {
        invitations(row);
        ++summary.invitation_rows;
        summary.invitations += row.count;
    }
}

} // namespace

std::vector<DemoMunicipality> demo_municipalities(int count) {
    count = std::clamp(count, 1, kMaxDemoMunicipalities);
    std::vector<DemoMunicipality> out;
    for (int i = 0; i < count; ++i) {
        if (i < kKnownCount) out.push_back({kKnown[i].code, kKnown[i].name, kKnown[i].population});
        else out.push_back(made_up(i - kKnownCount));
    }
    return out;
}

Result<DemoSummary> generate_demo(const DemoSpec& spec, const QuestionnaireSet& set,
                                  const RecordSink& records, const InvitationSink& invitations) {
    using R = Result<DemoSummary>;
    const std::size_t responses = spec.responses ? spec.responses : 5000;
    const int municipalities = spec.municipalities ? spec.municipalities : 12;
    const int quarters = spec.quarters ? spec.quarters : 8;
    std::vector<Problem> problems;
    if (responses > kMaxResponses) problems.push_back({"responses", "at most " + std::to_string(kMaxResponses)});
    if (municipalities < 1 || municipalities > kMaxDemoMunicipalities)
        problems.push_back({"municipalities", "must be from 1 to " + std::to_string(kMaxDemoMunicipalities)});
    if (quarters < 1 || quarters > kMaxQuarters) problems.push_back({"quarters", "must be from 1 to " + std::to_string(kMaxQuarters)});
    auto reference = parse_local_date(spec.reference_date.empty() ? "2026-10-01" : spec.reference_date);
    if (!reference) problems.push_back({"reference_date", "must be a calendar day written as YYYY-MM-DD"});
    const Questionnaire* questionnaires[3];
    for (int c = 0; c < 3; ++c)
        if (!(questionnaires[c] = set.latest(kQuestionnaireIds[c])))
            problems.push_back({"questionnaires", std::string("questionnaire ") + kQuestionnaireIds[c] + " is missing"});
    if (!problems.empty()) return R::fail(std::move(problems));

    DemoSummary summary;
    summary.municipalities = municipalities;
    summary.last = previous(quarter_of(*reference));
    summary.first = quarter_from_index(summary.last.index() - quarters + 1);
    Random rnd(spec.seed);
    Plan plan = make_plan(demo_municipalities(municipalities), summary.first, quarters, questionnaires, rnd);
    std::vector<std::size_t> counts = draw_counts(plan, responses, rnd);
    for (std::size_t i = 0; i < plan.cells.size(); ++i)
        generate_cell(plan.cells[i], counts[i], rnd, records, invitations, summary);
    return R::ok(summary);
}

} // namespace klantpeil
