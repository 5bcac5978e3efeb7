// Period: calendar quarters and local dates in Europe/Amsterdam time, computed without a
// time-zone database. A factsheet covers one quarter of local time, so a response at
// 2026-09-30T23:30Z (01:30 on 1 October in Amsterdam) belongs to 2026-Q4.
//
// Amsterdam keeps CET (UTC+1), and CEST (UTC+2) from the last Sunday of March 01:00 UTC to
// the last Sunday of October 01:00 UTC (the EU rule, in force since 1996). Instants before
// 1996 follow the same rule here; responses are never that old.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace klantpeil {

struct Quarter {
    int year = 1970;
    int q = 1;  // 1-4

    // Consecutive quarters have consecutive ordinals: 2026-Q4 + 1 == 2027-Q1.
    int index() const { return year * 4 + q - 1; }
};

inline bool operator==(Quarter a, Quarter b) { return a.index() == b.index(); }
inline bool operator!=(Quarter a, Quarter b) { return a.index() != b.index(); }
inline bool operator<(Quarter a, Quarter b) { return a.index() < b.index(); }
inline bool operator>(Quarter a, Quarter b) { return a.index() > b.index(); }
inline bool operator<=(Quarter a, Quarter b) { return a.index() <= b.index(); }
inline bool operator>=(Quarter a, Quarter b) { return a.index() >= b.index(); }

Quarter quarter_from_index(int index);
Quarter previous(Quarter q);
std::string to_string(Quarter q);                        // "2026-Q3"
std::optional<Quarter> parse_quarter(std::string_view s);  // "2026-Q3"; nullopt otherwise

// A calendar day in Amsterdam.
struct LocalDate {
    int year = 1970;
    int month = 1;  // 1-12
    int day = 1;    // 1-31
};

inline bool operator==(LocalDate a, LocalDate b) {
    return a.year == b.year && a.month == b.month && a.day == b.day;
}
inline bool operator!=(LocalDate a, LocalDate b) { return !(a == b); }

std::string to_string(LocalDate d);                          // "2026-08-14"
std::optional<LocalDate> parse_local_date(std::string_view s);  // "2026-08-14", a real day
Quarter quarter_of(LocalDate d);
// Days since 1970-01-01 (negative before), for any year: 1970-01-02 is 1.
long long day_number(LocalDate d);

// Seconds to add to UTC for Amsterdam local time at that instant: 3600 or 7200.
int amsterdam_offset_seconds(long long utc_seconds);

// The Amsterdam day and quarter of a UTC instant (seconds since 1970-01-01T00:00:00Z).
// Invitations are counted per local day, responses per quarter; both go through here.
LocalDate local_date_of(long long utc_seconds);
Quarter quarter_of(long long utc_seconds);

} // namespace klantpeil
