// Demo data: realistic, reproducible KTO responses and Inviter invitation counts for the
// demo municipality page, the staff previewer, the tests and the benchmarks.
//
// The same spec and questionnaires give the same data on every platform (native and wasm):
// a self-written PRNG (splitmix64 + xoshiro256**) and only +, *, / on doubles, no std
// distributions and no clock. The data set covers `quarters` calendar quarters ending with
// the last full quarter before `reference_date`, three channels, and municipalities of very
// unequal sizes, so that some (municipality, channel, quarter) cells stay under the minimum
// response of 10. Answers hang together: a respondent's satisfaction drives the overall
// grade, the effort and the hostmanship and aspect grades. Every record passes
// validate_record against the questionnaires it was made from.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/import.hpp"
#include "engine/period.hpp"
#include "engine/questionnaire.hpp"
#include "engine/response.hpp"
#include "engine/result.hpp"

namespace klantpeil {

inline constexpr int kMaxDemoMunicipalities = 400;

struct DemoMunicipality {
    std::string code;   // CBS code
    std::string name;
    double population;  // in thousands; sets the municipality's share of the responses
};

// The first `count` demo municipalities: real ones first (Amsterdam, Utrecht, Rotterdam,
// 's-Gravenhage, Groningen, then large and very small ones mixed), then made-up ones with
// codes from 9001. `count` is clamped to 1..kMaxDemoMunicipalities.
std::vector<DemoMunicipality> demo_municipalities(int count);

struct DemoSpec {
    std::size_t responses = 0;     // records in all; 0 = 5000
    int municipalities = 0;        // 0 = 12; at most kMaxDemoMunicipalities
    std::uint64_t seed = 0;        // any value; the same seed gives the same data
    std::string reference_date;    // "YYYY-MM-DD"; "" = "2026-10-01" (data up to 2026-Q3)
    int quarters = 0;              // 0 = 8
};

struct DemoSummary {
    std::size_t responses = 0;
    std::size_t invitation_rows = 0;
    long long invitations = 0;
    int municipalities = 0;
    Quarter first, last;           // the quarters covered
};

using InvitationSink = std::function<void(const InvitationRow&)>;

// Generates the data set, handing records and invitation rows to the sinks as it goes
// (quarter by quarter, each cell's records in time order), so a million records need no
// more memory than a thousand. Fails without output when the spec is out of range or a
// channel's questionnaire (kto-balie, kto-telefoon, kto-digitaal; latest version) is missing.
Result<DemoSummary> generate_demo(const DemoSpec& spec, const QuestionnaireSet& set,
                                  const RecordSink& records, const InvitationSink& invitations);

} // namespace klantpeil
