#include "engine/number_format.hpp"

#include <cmath>
#include <cstdint>

namespace klantpeil {

namespace {

constexpr int kMaxDecimals = 6;

double scale_of(int decimals) {
    double scale = 1;
    for (int i = 0; i < decimals; ++i) scale *= 10;
    return scale;
}

int clamp_decimals(int decimals) {
    return decimals < 0 ? 0 : (decimals > kMaxDecimals ? kMaxDecimals : decimals);
}

// Digits of a non-negative whole number with a point every three digits.
std::string grouped(std::uint64_t whole) {
    std::string digits = std::to_string(whole);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
        out += digits[i];
    }
    return out;
}

} // namespace

double round_to(double value, int decimals) {
    if (!std::isfinite(value)) return value;
    double scale = scale_of(clamp_decimals(decimals));
    // A mean such as 7.65 is stored a hair below the half in binary; the nudge (far below
    // any real difference between means of whole grades) rounds it up as a person would.
    double nudge = value >= 0 ? 1e-9 : -1e-9;
    return std::round(value * scale + nudge) / scale;
}

std::string format_decimal(double value, int decimals) {
    if (!std::isfinite(value)) return "-";
    decimals = clamp_decimals(decimals);
    double scale = scale_of(decimals);
    double scaled = std::fabs(std::round(round_to(value, decimals) * scale));
    if (scaled >= 1e18) return "-";  // beyond any figure; keeps the cast below defined
    auto units = static_cast<std::uint64_t>(scaled);
    auto factor = static_cast<std::uint64_t>(scale);
    std::string out = (value < 0 && units != 0) ? "-" : "";
    out += grouped(units / factor);
    if (decimals == 0) return out;
    std::string fraction = std::to_string(units % factor);
    out += ',' + std::string(decimals - fraction.size(), '0') + fraction;
    return out;
}

std::string format_count(long long value) {
    if (value < 0) return "-" + grouped(0ULL - static_cast<std::uint64_t>(value));
    return grouped(static_cast<std::uint64_t>(value));
}

std::string format_percent(double value, int decimals) {
    return format_decimal(value, decimals) + "%";
}

} // namespace klantpeil
