// Factsheet output: the JSON of DESIGN.md and a readable Dutch text. Both round through
// round_to (engine/number_format.hpp) and both print a hidden score as nothing but its n.
// Index: [SECTION] JSON  [SECTION] Text
#include "engine/factsheet.hpp"
#include "engine/factsheet_svg.hpp"  // below_aspects_note, the score tables' rows
#include "engine/number_format.hpp"

namespace klantpeil {

using nlohmann::json;

//-----------------------------------------------------------------------------
// [SECTION] JSON
//-----------------------------------------------------------------------------

namespace {

constexpr int kRateDecimals = 2;   // response_rate, a fraction

// Objects are filled key by key and nested ones moved in: about twice as fast as nested
// initializer lists, which copy every level (all factsheets of a large data set go through).
json rounded(const std::optional<double>& v, int decimals = kScoreDecimals) {
    return v ? json(round_to(*v, decimals)) : json(nullptr);
}

json score_json(std::size_t n, const std::optional<double>& mean) {
    json out = json::object();
    out["n"] = n;
    out["mean"] = rounded(mean);
    return out;
}

json items_json(const std::vector<ItemScore>& items) {
    json out = json::object();
    for (const ItemScore& s : items) out[s.id] = score_json(s.n, s.mean);
    return out;
}

json totaaloordeel_json(const TotaalOordeel& t) {
    json out = score_json(t.n, t.mean);
    out["distribution"] = t.distribution ? json(*t.distribution) : json(nullptr);
    return out;
}

json ces_json(const Ces& c) {
    json out = json::object();
    out["n"] = c.n;
    out["score"] = rounded(c.score);
    out["low_effort_pct"] = rounded(c.low_effort_pct);
    out["high_effort_pct"] = rounded(c.high_effort_pct);
    return out;
}

json hostmanship_json(const std::optional<Hostmanship>& h) {
    if (!h) return nullptr;
    json out = json::object();
    out["mean"] = rounded(h->mean);
    out["items"] = items_json(h->items);
    return out;
}

// The scores of a previous quarter or a benchmark, after its own keys: the DESIGN.md two
// (totaaloordeel, ces), then the hostmanship composite and every item by id.
void add_compared(json& out, const ComparedScores& c) {
    out["totaaloordeel"] = rounded(c.totaaloordeel);
    out["ces"] = rounded(c.ces);
    out["hostmanship"] = rounded(c.hostmanship);
    json items = json::object();
    for (const auto& [id, mean] : c.items) items[id] = rounded(mean);
    out["items"] = std::move(items);
}

json previous_json(const std::optional<PreviousQuarter>& p) {
    if (!p) return nullptr;
    json out = json::object();
    out["period"] = to_string(p->period);
    add_compared(out, *p);
    return out;
}

json benchmark_json(const Benchmark& b) {
    json out = json::object();
    out["municipalities"] = b.municipalities;
    add_compared(out, b);
    return out;
}

json optional_bool(const std::optional<bool>& b) { return b ? json(*b) : json(nullptr); }

} // namespace

json to_json(const Factsheet& f) {
    json j = json::object();
    j["municipality"] = f.municipality;
    j["channel"] = to_string(f.channel);
    j["period"] = to_string(f.period);
    j["invitations"] = f.invitations;
    j["responses"] = f.responses;
    j["response_rate"] = rounded(f.response_rate, kRateDecimals);
    j["reviews"] = f.reviews;
    j["tips"] = f.tips;
    j["published"] = f.published;
    j["totaaloordeel"] = totaaloordeel_json(f.totaaloordeel);
    j["ces"] = ces_json(f.ces);
    j["hostmanship"] = hostmanship_json(f.hostmanship);
    j["aspects"] = items_json(f.aspects);
    j["totaaloordeel_below_aspects"] = optional_bool(f.totaaloordeel_below_aspects);
    j["previous"] = previous_json(f.previous);
    j["benchmark"] = benchmark_json(f.benchmark);
    j["tips_sample"] = f.tips_sample;
    return j;
}

json to_json(const std::vector<Factsheet>& fs) {
    json out = json::array();
    for (const Factsheet& f : fs) out.push_back(to_json(f));
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Text
//-----------------------------------------------------------------------------

namespace {

const char* const kHidden = "onvoldoende respons";

std::string score(const std::optional<double>& v) { return v ? format_decimal(*v, kScoreDecimals) : kHidden; }

std::string with_n(const std::optional<double>& v, std::size_t n) {
    return score(v) + " (n = " + format_count(static_cast<long long>(n)) + ")";
}

// "; vorig kwartaal 7,3, benchmark 7,4": what the previewer shows beside a score table's row,
// "geen cijfer" where none is published.
std::string compared_text(const ScoreRow& r) {
    auto value = [](const std::optional<double>& v) { return v ? score(v) : std::string("geen cijfer"); };
    return "; vorig kwartaal " + value(r.previous) + ", benchmark " + value(r.benchmark);
}

// The item rows of a score table (those with an n), one line each.
std::string item_lines(const std::vector<ScoreRow>& rows) {
    std::string out;
    for (const ScoreRow& r : rows)
        if (r.n) out += "  " + r.label + ": " + with_n(r.mean, *r.n) + compared_text(r) + "\n";
    return out;
}

std::string counts_text(const Factsheet& f) {
    std::string out = "Uitnodigingen (Inviter): " + format_count(f.invitations) + "\n";
    out += "Reacties: " + format_count(static_cast<long long>(f.responses)) + "\n";
    out += "Respons op uitnodigingen: " +
           (f.response_rate ? format_percent(*f.response_rate * 100, 0) : std::string("geen uitnodigingen")) + "\n";
    out += "Toelichtingen: " + format_count(static_cast<long long>(f.reviews)) + "\n";
    out += "Tips: " + format_count(static_cast<long long>(f.tips)) + "\n";
    if (!f.published)
        out += "Niet gepubliceerd: " + std::string(kHidden) + " (n = " + format_count(static_cast<long long>(f.responses)) +
               "); scores verschijnen vanaf " + std::to_string(kMinimumResponse) + " reacties.\n";
    return out;
}

std::string totaaloordeel_text(const TotaalOordeel& t) {
    std::string out = "Totaaloordeel: " + with_n(t.mean, t.n) + "\n";
    if (!t.distribution) return out;
    out += "  Verdeling (cijfer: aantal):";
    for (std::size_t g = 0; g < t.distribution->size(); ++g)
        out += (g ? ", " : " ") + std::to_string(g + 1) + ": " + format_count(static_cast<long long>((*t.distribution)[g]));
    return out + "\n";
}

std::string ces_text(const Ces& c) {
    std::string out = "Klantinspanning (CES): " + with_n(c.score, c.n);
    if (c.score)
        out += "; weinig moeite " + format_percent(*c.low_effort_pct, kScoreDecimals) + ", veel moeite " +
               format_percent(*c.high_effort_pct, kScoreDecimals);
    return out + "\n";
}

std::string hostmanship_text(const Factsheet& f) {
    if (!f.hostmanship) return "";
    const std::vector<ScoreRow> rows = hostmanship_rows(f);  // the composite first
    const ScoreRow& composite = rows.front();
    return "Gastvrijheid: " +
           (composite.mean ? score(composite.mean) : std::string(kHidden) + " (niet alle zes onderdelen gepubliceerd)") +
           compared_text(composite) + "\n" + item_lines(rows);
}

std::string aspects_text(const Factsheet& f) {
    if (f.aspects.empty()) return "";
    std::string out = "Aspecten:\n" + item_lines(aspect_rows(f));
    if (auto note = below_aspects_note(f)) out += note->finding + " " + note->explanation + "\n";
    return out;
}

std::string comparison_text(const Factsheet& f) {
    std::string out = "Vorig kwartaal (" + to_string(previous(f.period)) + "): ";
    if (f.previous)
        out += "totaaloordeel " + score(f.previous->totaaloordeel) + ", CES " + score(f.previous->ces) + "\n";
    else
        out += "niet gepubliceerd\n";
    const Benchmark& b = f.benchmark;
    out += "Benchmark (" + municipalities_label(b.municipalities) + "): ";
    if (b.municipalities == 0) return out + "geen gepubliceerde factsheets\n";
    return out + "totaaloordeel " + score(b.totaaloordeel) + ", CES " + score(b.ces) + "\n";
}

std::string tips_text(const std::vector<std::string>& tips) {
    if (tips.empty()) return "";
    std::string out = "Recente tips:\n";
    for (std::string tip : tips) {
        for (char& ch : tip)
            if (ch == '\n' || ch == '\r') ch = ' ';  // one tip, one line
        out += "  - " + tip + "\n";
    }
    return out;
}

} // namespace

std::string to_text(const Factsheet& f) {
    std::string out = "Klanttevredenheid gemeente " + f.municipality + ", " + to_string(f.channel) + ", " +
                      to_string(f.period) + "\n";
    out += counts_text(f);
    out += totaaloordeel_text(f.totaaloordeel);
    out += ces_text(f.ces);
    out += hostmanship_text(f);
    out += aspects_text(f);
    out += comparison_text(f);
    out += tips_text(f.tips_sample);
    return out;
}

} // namespace klantpeil
