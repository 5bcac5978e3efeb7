// Factsheet SVG: one factsheet as an A4 page (portrait, 595 x 842 pt) with real text, for
// printing and for screen readers. It opens with <title> and <desc> (the figures in one
// Dutch sentence) and draws in reading order: heading, counts, totaaloordeel with its
// distribution, CES, hostmanship, aspects, tips; each score with the previous quarter's and
// the benchmark's beside it.
//
// The suppression rules of engine/factsheet.hpp hold here too: a hidden score is drawn as
// "onvoldoende respons (n = 7)" and nothing else — no value, no bar, no distribution.
// Every number goes through engine/number_format.hpp, so the page shows exactly what the
// JSON and the text show ("7,6"). Open text (tips) is XML-escaped.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "engine/factsheet.hpp"

namespace klantpeil {

// The whole SVG document, UTF-8, ending in a newline. Deterministic: the same factsheet
// always gives the same bytes (the golden-file tests rely on it).
std::string to_svg(const Factsheet& f);

// A readable Dutch label of an item id: "host_bereidheid" -> "Bereidheid",
// "aspect_duidelijke_informatie" -> "Duidelijke informatie". Shared with the previewer.
std::string item_label(const std::string& id);

// The channel as staff read it: "Balie", "Telefoon", "Digitaal".
std::string channel_label(Channel c);

// "7,6" or "onvoldoende respons (n = 7)": the only two ways a score is ever written. Shared
// with the previewer.
std::string score_or_hidden(const std::optional<double>& v, std::size_t n);

// "7,6", or "–" where there is no score to compare with.
std::string score_or_dash(const std::optional<double>& v);

// "vorig kwartaal (2026-Q2): 7,4 · benchmark (12 gemeenten): 7,5": what the page and the
// previewer say beside a headline score (`score`: &ComparedScores::totaaloordeel or ::ces).
std::string comparison_line(const Factsheet& f, std::optional<double> ComparedScores::*score);

// One row of a score table (hostmanship, aspects), as the page and the previewer draw it:
// label, bar and score (or the hidden text), the previous quarter's and the benchmark's
// score, n.
struct ScoreRow {
    std::string label;       // "Bereidheid"; the composite's "Samen (de zes onderdelen)"
    std::optional<double> mean;
    std::string hidden;      // shown instead of a hidden mean
    std::optional<double> previous, benchmark;
    std::optional<std::size_t> n;  // none for the composite
};
// The composite, then the six items; none for digitaal.
std::vector<ScoreRow> hostmanship_rows(const Factsheet& f);
std::vector<ScoreRow> aspect_rows(const Factsheet& f);

// "1 gemeente", "12 gemeenten": how many municipalities a benchmark holds.
std::string municipalities_label(std::size_t n);

// The five counts at the top of a factsheet (invitations, responses, response rate, reviews,
// tips), labelled and formatted as the page and the previewer's tiles show them.
struct CountTile {
    const char* label;
    std::string value;
};
std::array<CountTile, 5> count_tiles(const Factsheet& f);

// The note beside the aspects when the totaaloordeel is below their mean, as the page, the text
// and the previewer say it: the finding with both scores, and why that can be. None without it.
struct BelowAspectsNote {
    std::string finding;      // "Let op: het totaaloordeel (7,6) is lager dan het gemiddelde van de aspecten (7,8)."
    std::string explanation;  // the totaaloordeel is a question of its own, not an average
};
std::optional<BelowAspectsNote> below_aspects_note(const Factsheet& f);

// Text for an SVG/XML text node or attribute value: & < > " escaped, line breaks and tabs as
// spaces, other control characters left out (XML 1.0 forbids them). Shared with the card.
std::string escape_xml(const std::string& s);

} // namespace klantpeil
