#include "server/retention.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

#include "engine/response.hpp"

namespace klantpeil::server {

using nlohmann::json;

namespace {

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

// `now` moved back `months` calendar months, through the engine's timestamp parser.
std::optional<long long> months_before(long long now, long long months) {
    std::time_t t = static_cast<std::time_t>(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    long long total = (tm.tm_year + 1900LL) * 12 + tm.tm_mon - months;
    if (total < 1970 * 12) return std::nullopt;
    int year = static_cast<int>(total / 12), month = static_cast<int>(total % 12) + 1;
    int day = std::min(tm.tm_mday, days_in_month(year, month));
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
    return parse_timestamp(text);
}

bool blank_text(const json& v) {
    if (!v.is_string()) return true;
    const std::string& s = v.get_ref<const std::string&>();
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

bool is_open_answer(const Questionnaire* q, const std::string& id) {
    if (!q) return id == "toelichting" || id == "tip";
    const Question* owner = q->find_answer_owner(id);
    return owner && owner->type == QuestionType::text;
}

} // namespace

std::optional<long long> retention_cutoff(std::string_view age, long long now) {
    if (age.size() < 2 || age.size() > 6) return std::nullopt;
    std::string_view digits = age.substr(0, age.size() - 1);
    if (digits.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    long long n = std::stoll(std::string(digits));
    if (n <= 0) return std::nullopt;
    switch (age.back()) {
        case 'd': return now - n * 86400;
        case 'w': return now - n * 7 * 86400;
        case 'm': return months_before(now, n);
        case 'y': return months_before(now, n * 12);
        default: return std::nullopt;
    }
}

std::string strip_open_answers(const std::string& body, const QuestionnaireSet& set) {
    json record = json::parse(body, nullptr, false);
    if (!record.is_object() || !record.contains("answers") || !record["answers"].is_object()) return body;
    const Questionnaire* q = nullptr;
    if (record.value("questionnaire", json()).is_string() && record.value("version", json()).is_number_integer())
        q = set.find(record["questionnaire"].get<std::string>(), record["version"].get<int>());
    for (auto& [id, value] : record["answers"].items())
        if (is_open_answer(q, id) && !blank_text(value)) value = kPurgedText;
    return record.dump();
}

PurgeResult purge(Storage& storage, const QuestionnaireSet& set, long long cutoff, bool whole_records) {
    if (whole_records) return {storage.delete_older_than(cutoff), true};
    auto strip = [&set](const std::string& body) { return strip_open_answers(body, set); };
    return {storage.purge_texts_older_than(cutoff, strip), false};
}

} // namespace klantpeil::server
