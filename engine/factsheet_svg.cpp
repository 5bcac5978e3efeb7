// Factsheet SVG (engine/factsheet_svg.hpp): an A4 page drawn top to bottom with a cursor,
// one function per block, in the reading order of the page.
//
// Index of this file
//   [SECTION] Labels and text
//   [SECTION] Page writer
//   [SECTION] Blocks
//   [SECTION] Document
#include "engine/factsheet_svg.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

#include "engine/number_format.hpp"

namespace klantpeil {

//-----------------------------------------------------------------------------
// [SECTION] Labels and text
//-----------------------------------------------------------------------------

std::string item_label(const std::string& id) {
    std::string label = id.substr(id.find('_') + 1);
    std::replace(label.begin(), label.end(), '_', ' ');
    if (!label.empty()) label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
    return label;
}

namespace {

std::string count(std::size_t n) { return format_count(static_cast<long long>(n)); }
} // namespace

std::string score_or_dash(const std::optional<double>& v) { return v ? format_decimal(*v, kScoreDecimals) : "–"; }

namespace {

std::vector<ScoreRow> item_rows(const Factsheet& f, const std::vector<ItemScore>& items) {
    std::vector<ScoreRow> rows;
    for (const ItemScore& s : items)
        rows.push_back({item_label(s.id), s.mean, score_or_hidden(s.mean, s.n),
                        f.previous ? f.previous->item(s.id) : std::nullopt, f.benchmark.item(s.id), s.n});
    return rows;
}

} // namespace

std::vector<ScoreRow> hostmanship_rows(const Factsheet& f) {
    if (!f.hostmanship) return {};
    // Short enough for the page's score column; the items below say which are hidden.
    std::vector<ScoreRow> rows{{"Samen (de zes onderdelen)", f.hostmanship->mean, "onvoldoende respons (niet alle zes)",
                                f.previous ? f.previous->hostmanship : std::nullopt, f.benchmark.hostmanship, std::nullopt}};
    std::vector<ScoreRow> items = item_rows(f, f.hostmanship->items);
    rows.insert(rows.end(), items.begin(), items.end());
    return rows;
}

std::vector<ScoreRow> aspect_rows(const Factsheet& f) { return item_rows(f, f.aspects); }

std::string comparison_line(const Factsheet& f, std::optional<double> ComparedScores::*score) {
    std::string s = "vorig kwartaal (" + to_string(previous(f.period)) + "): " +
                    (f.previous ? score_or_dash((*f.previous).*score) : std::string("niet gepubliceerd"));
    return s + " · benchmark (" + municipalities_label(f.benchmark.municipalities) + "): " + score_or_dash(f.benchmark.*score);
}

std::string score_or_hidden(const std::optional<double>& v, std::size_t n) {
    if (v) return format_decimal(*v, kScoreDecimals);
    return "onvoldoende respons (n = " + count(n) + ")";
}

std::string municipalities_label(std::size_t n) { return count(n) + (n == 1 ? " gemeente" : " gemeenten"); }

std::optional<BelowAspectsNote> below_aspects_note(const Factsheet& f) {
    if (!f.totaaloordeel_below_aspects.value_or(false)) return std::nullopt;
    return BelowAspectsNote{"Let op: het totaaloordeel (" + score_or_dash(f.totaaloordeel.mean) +
                                ") is lager dan het gemiddelde van de aspecten (" + score_or_dash(f.aspects_mean) + ").",
                            "Het totaaloordeel is een eigen vraag naar de hele ervaring, geen gemiddelde van de aspecten."};
}

std::array<CountTile, 5> count_tiles(const Factsheet& f) {
    return {{{"Uitnodigingen", format_count(f.invitations)},
             {"Reacties", count(f.responses)},
             {"Respons", f.response_rate ? format_percent(*f.response_rate * 100, 0) : "geen uitnodigingen"},
             {"Toelichtingen", count(f.reviews)},
             {"Tips", count(f.tips)}}};
}

std::string channel_label(Channel c) {
    switch (c) {
    case Channel::balie: return "Balie";
    case Channel::telefoon: return "Telefoon";
    case Channel::digitaal: return "Digitaal";
    }
    return "";
}

std::string escape_xml(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        switch (ch) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\n': case '\r': case '\t': out += ' '; break;
        default:
            // Other control characters are not allowed in XML 1.0 at all.
            if (static_cast<unsigned char>(ch) >= 0x20) out += ch;
        }
    }
    return out;
}

namespace {

const char* const kHidden = "onvoldoende respons";


// A coordinate with at most one decimal, without locale: "12.5", "40".
std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    std::string s = buf;
    if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
    return s;
}

// A long text cut at a word boundary to `max` bytes (UTF-8 safe), with an ellipsis.
std::string clip(const std::string& s, std::size_t max) {
    if (s.size() <= max) return s;
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    std::size_t space = s.rfind(' ', cut);
    if (space != std::string::npos && space > max / 2) cut = space;
    return s.substr(0, cut) + "…";
}

// A character's width in DejaVu Sans, in em, taken at the widest of its kind, so that text
// cut to a width stays inside it in any viewer. Counted per byte: a UTF-8 character's lead
// byte carries it all.
double em_width(char ch) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0xC0) return 1.0;                    // accented letters, symbols, emoji
    if (c >= 0x80) return 0;                      // the rest of that character
    if (std::strchr("WMmw@%", ch)) return 1.0;
    if (std::strchr(" .,:;'!|ilIjft()[]", ch)) return 0.4;
    if (c >= 'A' && c <= 'Z') return 0.8;
    return 0.65;
}

// How many bytes of `s` fit in `ems` em.
std::size_t bytes_fitting(const std::string& s, double ems) {
    double used = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
        if ((used += em_width(s[i])) > ems) return i;
    return s.size();
}

//-----------------------------------------------------------------------------
// [SECTION] Page writer
//-----------------------------------------------------------------------------

constexpr double kWidth = 595, kHeight = 842, kMargin = 40;
constexpr double kContent = kWidth - 2 * kMargin;
const char* const kInk = "#1a1a1a";
const char* const kMuted = "#555555";
const char* const kBar = "#1f5f8b";

class SvgPage {
public:
    double y = 0;

    void text(double x, double at_y, const std::string& s, int size = 10, const char* weight = nullptr,
              const char* fill = kInk, const char* anchor = nullptr) {
        out_ += "<text x=\"" + num(x) + "\" y=\"" + num(at_y) + "\" font-size=\"" + std::to_string(size) + "\"";
        if (weight) out_ += std::string(" font-weight=\"") + weight + "\"";
        if (fill != kInk) out_ += std::string(" fill=\"") + fill + "\"";
        if (anchor) out_ += std::string(" text-anchor=\"") + anchor + "\"";
        out_ += ">" + escape_xml(s) + "</text>\n";
    }
    // A bar that a screen reader skips: its figure is always written as text beside it.
    void bar(double x, double at_y, double w, double h, const char* fill = kBar) {
        out_ += "<rect class=\"bar\" x=\"" + num(x) + "\" y=\"" + num(at_y) + "\" width=\"" + num(w) +
                "\" height=\"" + num(h) + "\" fill=\"" + fill + "\" aria-hidden=\"true\"/>\n";
    }
    void rule(double at_y) {
        out_ += "<line x1=\"" + num(kMargin) + "\" y1=\"" + num(at_y) + "\" x2=\"" + num(kWidth - kMargin) +
                "\" y2=\"" + num(at_y) + "\" stroke=\"#cccccc\" stroke-width=\"0.5\" aria-hidden=\"true\"/>\n";
    }
    void open_group(const std::string& label) { out_ += "<g role=\"group\" aria-label=\"" + escape_xml(label) + "\">\n"; }
    void close_group() { out_ += "</g>\n"; }
    // A section heading, and the cursor below it.
    void heading(const std::string& s) {
        y += 22;
        text(kMargin, y, s, 13, "bold");
        y += 6;
    }
    std::string& body() { return out_; }

private:
    std::string out_;
};

//-----------------------------------------------------------------------------
// [SECTION] Blocks
//-----------------------------------------------------------------------------

void header_block(SvgPage& p, const Factsheet& f) {
    p.y = 58;
    p.text(kMargin, p.y, "Klanttevredenheid gemeente " + f.municipality, 20, "bold");
    p.y += 20;
    p.text(kMargin, p.y, channel_label(f.channel) + " · " + to_string(f.period), 12, nullptr, kMuted);
    p.y += 10;
    p.rule(p.y);
}

void tiles_block(SvgPage& p, const Factsheet& f) {
    const auto tiles = count_tiles(f);
    p.open_group("Aantallen");
    const double w = kContent / tiles.size();
    for (std::size_t i = 0; i < tiles.size(); ++i) {
        double x = kMargin + w * static_cast<double>(i);
        p.text(x, p.y + 20, tiles[i].label, 9, nullptr, kMuted);
        // A word instead of a count ("geen uitnodigingen") in small plain text: it fits its tile.
        const bool word = tiles[i].value.size() > 8;
        p.text(x, p.y + 40, tiles[i].value, word ? 9 : 16, word ? nullptr : "bold");
    }
    p.close_group();
    p.y += 50;
    if (!f.published) {
        p.y += 16;
        p.text(kMargin, p.y, "Niet gepubliceerd: " + std::string(kHidden) + " (n = " + count(f.responses) +
                                 "); scores verschijnen vanaf " + std::to_string(kMinimumResponse) + " reacties.",
               10, "bold", "#8a1c1c");
    }
}

// Bars 1-10 with the count above each bar and the grade below it; only for a published score.
void distribution(SvgPage& p, const std::array<std::size_t, 10>& d) {
    const std::size_t max = std::max<std::size_t>(1, *std::max_element(d.begin(), d.end()));
    const double bar_w = 26, gap = 8, top = p.y + 14, height = 70;
    for (std::size_t g = 0; g < d.size(); ++g) {
        double x = kMargin + static_cast<double>(g) * (bar_w + gap);
        double h = height * static_cast<double>(d[g]) / static_cast<double>(max);
        p.bar(x, top + height - h, bar_w, h);
        p.text(x + bar_w / 2, top + height - h - 3, count(d[g]), 8, nullptr, kMuted, "middle");
        p.text(x + bar_w / 2, top + height + 12, std::to_string(g + 1), 9, nullptr, kInk, "middle");
    }
    p.y = top + height + 14;
}

// A headline score's line: the score large with its n beside it, or the hidden text (which
// holds the n); then its comparison_line below.
void headline(SvgPage& p, const Factsheet& f, const std::optional<double>& score, std::size_t n, int size,
              std::optional<double> ComparedScores::*compared) {
    p.text(kMargin, p.y, score_or_hidden(score, n), score ? size : 11, "bold");
    if (score) p.text(kMargin + 150, p.y, "n = " + count(n), 10, nullptr, kMuted);
    p.y += 14;
    p.text(kMargin, p.y, comparison_line(f, compared), 9, nullptr, kMuted);
}

void totaaloordeel_block(SvgPage& p, const Factsheet& f) {
    p.open_group("Totaaloordeel");
    p.heading("Totaaloordeel");
    p.y += 18;
    headline(p, f, f.totaaloordeel.mean, f.totaaloordeel.n, 22, &ComparedScores::totaaloordeel);
    if (f.totaaloordeel.distribution) {
        p.text(kMargin, p.y + 16, "Verdeling van de rapportcijfers (aantal per cijfer):", 9, nullptr, kMuted);
        p.y += 16;
        distribution(p, *f.totaaloordeel.distribution);
    }
    p.close_group();
}

void ces_block(SvgPage& p, const Factsheet& f) {
    const Ces& c = f.ces;
    p.open_group("Klantinspanning (CES)");
    p.heading("Klantinspanning (CES)");
    p.y += 16;
    headline(p, f, c.score, c.n, 16, &ComparedScores::ces);
    if (c.score) {
        p.y += 16;
        p.text(kMargin, p.y, "Weinig of geen moeite: " + format_percent(*c.low_effort_pct, kScoreDecimals) +
                                 " · veel moeite: " + format_percent(*c.high_effort_pct, kScoreDecimals) +
                                 " (schaal −100 tot +100, hoger is makkelijker)", 9, nullptr, kMuted);
        p.y += 6;
        const double low = kContent * *c.low_effort_pct / 100, high = kContent * *c.high_effort_pct / 100;
        p.bar(kMargin, p.y, low, 8, "#2e7d32");
        p.bar(kMargin + low, p.y, kContent - low - high, 8, "#bdbdbd");
        p.bar(kWidth - kMargin - high, p.y, high, 8, "#c62828");
        p.y += 8;
    }
    p.close_group();
}

// The score tables (hostmanship, aspects). Columns: label, a bar on a 0-10 scale with the
// score after it (or the hidden text where the bar would be), the previous quarter's and the
// benchmark's score, n.
constexpr double kBarX = kMargin + 170, kBarWidth = 140;
constexpr double kPreviousX = kMargin + 405, kBenchmarkX = kMargin + 455;  // right edges

// The table's heading, with the comparison columns' labels on its line.
void table_heading(SvgPage& p, const std::string& title) {
    p.heading(title);
    p.text(kPreviousX, p.y - 6, "vorig kwartaal", 8, nullptr, kMuted, "end");
    p.text(kBenchmarkX, p.y - 6, "benchmark", 8, nullptr, kMuted, "end");
}

void score_rows(SvgPage& p, const std::vector<ScoreRow>& rows) {
    for (const ScoreRow& r : rows) {
        p.y += 15;
        p.text(kMargin, p.y, r.label, 10);
        if (r.mean) p.bar(kBarX, p.y - 8, kBarWidth * *r.mean / 10, 9);
        p.text(r.mean ? kBarX + kBarWidth + 8 : kBarX, p.y, r.mean ? score_or_dash(r.mean) : r.hidden, 10,
               r.mean ? "bold" : nullptr);
        p.text(kPreviousX, p.y, score_or_dash(r.previous), 10, nullptr, kMuted, "end");
        p.text(kBenchmarkX, p.y, score_or_dash(r.benchmark), 10, nullptr, kMuted, "end");
        if (r.n) p.text(kWidth - kMargin, p.y, "n = " + count(*r.n), 9, nullptr, kMuted, "end");
    }
}

void hostmanship_block(SvgPage& p, const Factsheet& f) {
    if (!f.hostmanship) return;
    p.open_group("Gastvrijheid");
    table_heading(p, "Gastvrijheid");
    score_rows(p, hostmanship_rows(f));
    p.close_group();
}

void aspects_block(SvgPage& p, const Factsheet& f) {
    if (f.aspects.empty()) return;
    p.open_group("Aspecten van de dienstverlening");
    table_heading(p, "Aspecten van de dienstverlening");
    score_rows(p, aspect_rows(f));
    if (auto note = below_aspects_note(f)) {
        p.y += 17;
        p.text(kMargin, p.y, note->finding, 9, "bold");
        p.y += 12;
        p.text(kMargin, p.y, note->explanation, 9);
    }
    p.close_group();
}

void tips_block(SvgPage& p, const Factsheet& f) {
    if (f.tips_sample.empty()) return;
    p.open_group("Recente tips");
    p.heading("Recente tips");
    constexpr int kSize = 9;
    for (const std::string& tip : f.tips_sample) {
        p.y += 14;
        // Cut to the width of the page, not to a number of letters: a tip in capitals ran off it.
        // Two em: the bullet and the ellipsis.
        p.text(kMargin, p.y, "• " + clip(tip, bytes_fitting(tip, kContent / kSize - 2)), kSize);
    }
    p.close_group();
}

//-----------------------------------------------------------------------------
// [SECTION] Document
//-----------------------------------------------------------------------------

// The figures in one sentence for <desc>: what a screen reader announces first.
std::string description(const Factsheet& f) {
    std::string d = count(f.responses) + " reacties. Totaaloordeel " +
                    score_or_hidden(f.totaaloordeel.mean, f.totaaloordeel.n) + ". Klantinspanning (CES) " +
                    score_or_hidden(f.ces.score, f.ces.n) + ".";
    if (f.hostmanship)
        d += " Gastvrijheid " + (f.hostmanship->mean ? format_decimal(*f.hostmanship->mean, kScoreDecimals) : std::string(kHidden)) + ".";
    if (!f.published)
        d += " Niet gepubliceerd: minder dan " + std::to_string(kMinimumResponse) + " reacties.";
    return d;
}

} // namespace

std::string to_svg(const Factsheet& f) {
    SvgPage p;
    header_block(p, f);
    tiles_block(p, f);
    totaaloordeel_block(p, f);
    ces_block(p, f);
    hostmanship_block(p, f);
    aspects_block(p, f);
    tips_block(p, f);

    const std::string title = "Factsheet klanttevredenheid gemeente " + f.municipality + ", " +
                              channel_label(f.channel) + ", " + to_string(f.period);
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"210mm\" height=\"297mm\" viewBox=\"0 0 " + num(kWidth) +
           " " + num(kHeight) + "\" role=\"document\" aria-labelledby=\"title desc\" lang=\"nl\"" +
           " font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\">\n";
    out += "<title id=\"title\">" + escape_xml(title) + "</title>\n";
    out += "<desc id=\"desc\">" + escape_xml(description(f)) + "</desc>\n";
    out += "<rect width=\"" + num(kWidth) + "\" height=\"" + num(kHeight) + "\" fill=\"#ffffff\" aria-hidden=\"true\"/>\n";
    out += p.body();
    out += "<text x=\"" + num(kMargin) + "\" y=\"" + num(kHeight - 24) + "\" font-size=\"8\" fill=\"" + kMuted +
           "\">Scores van minder dan " + std::to_string(kMinimumResponse) +
           " respondenten worden niet getoond (onvoldoende respons). Bron: Klantpeil.</text>\n";
    out += "</svg>\n";
    return out;
}

} // namespace klantpeil
