#include "engine/period.hpp"

#include <cstdio>

namespace klantpeil {

namespace {

constexpr long long kSecondsPerDay = 86400;
constexpr long long kHour = 3600;

long long floor_div(long long a, long long b) {
    long long q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

long long floor_mod(long long a, long long b) { return a - floor_div(a, b) * b; }

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's civil algorithms).
long long days_from_civil(long long y, int m, int d) {
    y -= m <= 2;
    long long era = floor_div(y, 400);
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

LocalDate civil_from_days(long long z) {
    z += 719468;
    long long era = floor_div(z, 146097);
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return LocalDate{static_cast<int>(yoe + era * 400 + (month <= 2)), month, day};
}

// Days since 1970-01-01 of the last Sunday of `month` (March or October: 31 days).
long long last_sunday(long long year, int month) {
    long long last = days_from_civil(year, month, 31);
    long long weekday = floor_mod(last + 4, 7);  // 0 = Sunday; 1970-01-01 was a Thursday
    return last - weekday;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `count` digits at `pos`; -1 when one is missing.
int read_digits(std::string_view s, std::size_t pos, std::size_t count) {
    if (pos + count > s.size()) return -1;
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (s[i] < '0' || s[i] > '9') return -1;
        value = value * 10 + (s[i] - '0');
    }
    return value;
}

} // namespace

Quarter quarter_from_index(int index) {
    int year = static_cast<int>(floor_div(index, 4));
    return Quarter{year, index - year * 4 + 1};
}

Quarter previous(Quarter q) { return quarter_from_index(q.index() - 1); }

std::string to_string(Quarter q) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-Q%d", q.year, q.q);
    return buf;
}

std::optional<Quarter> parse_quarter(std::string_view s) {
    int year = read_digits(s, 0, 4);
    if (s.size() != 7 || year < 1 || s[4] != '-' || s[5] != 'Q') return std::nullopt;
    int q = read_digits(s, 6, 1);
    if (q < 1 || q > 4) return std::nullopt;
    return Quarter{year, q};
}

std::string to_string(LocalDate d) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

std::optional<LocalDate> parse_local_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    int year = read_digits(s, 0, 4), month = read_digits(s, 5, 2), day = read_digits(s, 8, 2);
    if (year < 1 || month < 1 || month > 12 || day < 1) return std::nullopt;
    if (day > days_in_month(year, month)) return std::nullopt;
    return LocalDate{year, month, day};
}

Quarter quarter_of(LocalDate d) { return Quarter{d.year, (d.month - 1) / 3 + 1}; }

long long day_number(LocalDate d) { return days_from_civil(d.year, d.month, d.day); }

int amsterdam_offset_seconds(long long utc_seconds) {
    long long year = civil_from_days(floor_div(utc_seconds, kSecondsPerDay)).year;
    long long summer_from = last_sunday(year, 3) * kSecondsPerDay + kHour;
    long long summer_until = last_sunday(year, 10) * kSecondsPerDay + kHour;
    bool summer = utc_seconds >= summer_from && utc_seconds < summer_until;
    return static_cast<int>(summer ? 2 * kHour : kHour);
}

LocalDate local_date_of(long long utc_seconds) {
    // Day and time of day apart, so adding the offset cannot overflow at the range's end.
    long long day = floor_div(utc_seconds, kSecondsPerDay);
    long long local_time = utc_seconds - day * kSecondsPerDay + amsterdam_offset_seconds(utc_seconds);
    return civil_from_days(day + (local_time >= kSecondsPerDay ? 1 : 0));
}

Quarter quarter_of(long long utc_seconds) { return quarter_of(local_date_of(utc_seconds)); }

} // namespace klantpeil
