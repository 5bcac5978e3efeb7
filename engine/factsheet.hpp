// Factsheet: the quarterly figures of one municipality and channel, as DESIGN.md defines
// them ("Definitions of the figures"), computed from a ResponseStore in one pass over its
// columns. The ImGui previewer and the SVG export draw this model; to_json and to_text are
// its two serialisations and round the same way (engine/number_format.hpp).
//
// Minimum response: a factsheet with fewer than 10 responses publishes no score, and an item
// answered by fewer than 10 publishes none either; its n stays. A hidden score is an empty
// optional here and `null` in JSON: no mean, no distribution, no share in a composite, a
// benchmark or a comparison, and to_text says "onvoldoende respons (n = 7)" instead.
#pragma once
#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/period.hpp"
#include "engine/questionnaire.hpp"
#include "engine/store.hpp"

namespace klantpeil {

inline constexpr std::size_t kMinimumResponse = 10;  // responses, and respondents per item
inline constexpr std::size_t kTipsSampleSize = 3;

// The mean of one grade item over those who answered it; empty when hidden.
struct ItemScore {
    std::string id;  // "host_bereidheid", "aspect_wachttijd"
    std::size_t n = 0;
    std::optional<double> mean;
};

struct TotaalOordeel {
    std::size_t n = 0;
    std::optional<double> mean;
    std::optional<std::array<std::size_t, 10>> distribution;  // [0] = grade 1 ... [9] = grade 10
};

// Customer Effort Score over those who answered `moeite`: % low effort (4, 5) minus % high
// effort (1, 2), from -100 to +100, higher is easier.
struct Ces {
    std::size_t n = 0;
    std::optional<double> score;
    std::optional<double> low_effort_pct;
    std::optional<double> high_effort_pct;
};

struct Hostmanship {
    std::optional<double> mean;  // mean of the six item means, only when all six are published
    std::vector<ItemScore> items;  // the six host items, in kHostItems order
};

// The scores a factsheet sets beside its own: those of its previous quarter, or the
// benchmark's. `items` holds the host_* and aspect_* scores by id; an id whose score is hidden
// (in the benchmark: published by none) maps to an empty optional, an id not asked there is
// absent.
struct ComparedScores {
    std::optional<double> totaaloordeel;
    std::optional<double> ces;
    std::optional<double> hostmanship;  // the composite
    std::map<std::string, std::optional<double>> items;

    std::optional<double> item(const std::string& id) const;  // empty when hidden or absent
};

// The same municipality and channel one quarter earlier; only set when that one was published.
struct PreviousQuarter : ComparedScores {
    Quarter period;
};

// Over the municipalities with a published factsheet for the same channel and quarter (this
// one included when published): for each score, the unweighted mean over those of them that
// publish it.
struct Benchmark : ComparedScores {
    std::size_t municipalities = 0;
};

struct Factsheet {
    std::string municipality;  // CBS code
    Channel channel = Channel::balie;
    Quarter period;
    long long invitations = 0;          // sent through the Inviter
    std::size_t responses = 0;          // all sources
    std::optional<double> response_rate;  // inviter responses / invitations; empty when none sent
    std::size_t reviews = 0;            // toelichting not blank
    std::size_t tips = 0;               // suggesties == "ja"
    bool published = false;             // responses >= kMinimumResponse
    TotaalOordeel totaaloordeel;
    Ces ces;
    std::optional<Hostmanship> hostmanship;  // empty for digitaal: no employee to rate
    std::vector<ItemScore> aspects;     // the aspect_* ids seen for this channel, by id
    std::optional<double> aspects_mean;  // mean of the published aspect means; not in the JSON
    // Published totaaloordeel mean < aspects_mean, both rounded as published; empty when
    // either side is unpublished.
    // Staff are told when the overall grade is the lower one.
    std::optional<bool> totaaloordeel_below_aspects;
    std::optional<PreviousQuarter> previous;
    Benchmark benchmark;
    std::vector<std::string> tips_sample;  // the most recent tips, newest first; only when published
};

// Selects factsheets; an empty field selects all.
struct FactsheetFilter {
    std::optional<std::string> municipality;
    std::optional<Channel> channel;
    std::optional<Quarter> period;
};

// One factsheet per (municipality, channel, quarter) with responses that passes `filter`,
// sorted by municipality code, channel (balie, telefoon, digitaal) and period. Previous
// quarters and benchmarks always use the whole store, whatever the filter.
std::vector<Factsheet> compute_factsheets(const ResponseStore& store, const InvitationCounts& invitations,
                                          const FactsheetFilter& filter = {});

// The DESIGN.md factsheet JSON; means and percentages to 1 decimal, response_rate to 2
// decimals, hidden scores null. `previous` and `benchmark` hold, beside DESIGN.md's
// totaaloordeel and ces, the previous quarter's and the benchmark's "hostmanship" composite and
// "items" (each host_* and aspect_* score by id): DESIGN.md defines both over all figures.
nlohmann::json to_json(const Factsheet& f);
nlohmann::json to_json(const std::vector<Factsheet>& fs);  // a JSON array

// A readable Dutch text in Dutch number format ("7,6"); hidden scores read
// "onvoldoende respons (n = 7)".
std::string to_text(const Factsheet& f);

} // namespace klantpeil
