// Number formatting: the one rounding rule of every factsheet output, and Dutch number text.
// JSON and the readable text round through `round_to`, so no view can show a figure the
// other rounds differently.
#pragma once
#include <string>

namespace klantpeil {

// The published precision of means, CES and percentages, in every view and export.
constexpr int kScoreDecimals = 1;

// Rounds half away from zero to `decimals` places (0-6), as a report rounds by hand.
double round_to(double value, int decimals);

// Dutch notation after round_to: decimal comma, a point between thousands.
// format_decimal(7.63, 1) == "7,6"; format_decimal(-1234.5, 1) == "-1.234,5".
std::string format_decimal(double value, int decimals);

// A count with thousands points: 12345 -> "12.345".
std::string format_count(long long value);

// A percentage: format_percent(55.26, 1) == "55,3%".
std::string format_percent(double value, int decimals);

} // namespace klantpeil
