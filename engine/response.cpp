// Response: reading, writing and validating response records.
// Index: [SECTION] Names  [SECTION] Form checks  [SECTION] Record fields  [SECTION] Answers
#include "engine/response.hpp"

#include "engine/answer_issue.hpp"
#include "engine/ascii.hpp"
#include "engine/json_keys.hpp"
#include "engine/json_write.hpp"

#include <algorithm>
#include <type_traits>

namespace klantpeil {

using nlohmann::json;

//-----------------------------------------------------------------------------
// [SECTION] Names
//-----------------------------------------------------------------------------

namespace {
const char* const kSources[] = {"inviter", "app", "card", "kiosk", "digital", "link"};
constexpr std::size_t kMaxInvitationLength = 128;
} // namespace

const char* to_string(Source s) { return kSources[static_cast<int>(s)]; }

std::optional<Source> parse_source(std::string_view s) {
    for (int i = 0; i < 6; ++i)
        if (s == kSources[i]) return static_cast<Source>(i);
    return std::nullopt;
}

//-----------------------------------------------------------------------------
// [SECTION] Form checks
//-----------------------------------------------------------------------------

bool is_uuid(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        const char lower = static_cast<char>(s[i] | 0x20);  // ASCII letters only; no locale call per byte
        const bool hex = (s[i] >= '0' && s[i] <= '9') || (lower >= 'a' && lower <= 'f');
        if (dash ? s[i] != '-' : !hex) return false;
    }
    return true;
}

bool is_municipality_code(std::string_view s) {
    return s.size() == 4 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
long long days_from_civil(long long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

// Reads `n` digits at `pos`; false when any is not a digit.
bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

// Parses the zone suffix ("Z" or "+hh:mm"/"-hh:mm") into seconds east of UTC.
std::optional<int> zone_offset(std::string_view z) {
    if (z == "Z") return 0;
    int h, m;
    if (z.size() != 6 || (z[0] != '+' && z[0] != '-') || z[3] != ':' || !digits(z, 1, 2, h) || !digits(z, 4, 2, m) || h > 14 || m > 59)
        return std::nullopt;
    return (z[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
}

} // namespace

std::optional<long long> parse_timestamp(std::string_view s) {
    int y, mo, d, h, mi, se;
    if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
        return std::nullopt;
    if (!digits(s, 0, 4, y) || !digits(s, 5, 2, mo) || !digits(s, 8, 2, d) || !digits(s, 11, 2, h) ||
        !digits(s, 14, 2, mi) || !digits(s, 17, 2, se))
        return std::nullopt;
    if (y < 2000 || y > 2199 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 59)
        return std::nullopt;
    std::size_t pos = 19;
    if (s[pos] == '.') {
        std::size_t start = ++pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
        if (pos == start || pos - start > 9) return std::nullopt;
    }
    auto offset = zone_offset(s.substr(pos));
    if (!offset) return std::nullopt;
    return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + se - *offset;
}

//-----------------------------------------------------------------------------
// [SECTION] Record fields
//-----------------------------------------------------------------------------

json to_json(const ResponseRecord& r) {
    return json{{"id", r.id},
                {"questionnaire", r.questionnaire},
                {"version", r.version},
                {"municipality", r.municipality},
                {"channel", to_string(r.channel)},
                {"source", to_string(r.source)},
                {"invitation", r.invitation ? json(*r.invitation) : json(nullptr)},
                {"submitted_at", r.submitted_at},
                {"language", r.language},
                {"answers", r.answers}};
}

namespace {

// The record fields, sorted by name as JSON objects keep their keys.
enum Field { kAnswers, kChannel, kId, kInvitation, kLanguage, kMunicipality, kQuestionnaire, kSource,
             kSubmittedAt, kVersion, kFieldCount };
constexpr std::string_view kFieldNames[kFieldCount] = {"answers", "channel", "id", "invitation", "language",
                                                       "municipality", "questionnaire", "source", "submitted_at",
                                                       "version"};

// A record's field values, found in one merge of its sorted keys with kFieldNames (a
// million records are read at a time); keys that are no field are problems, in key order.
struct Fields {
    const json* value[kFieldCount] = {};

    template <class Members>
    Fields(const Members& members, std::vector<Problem>& problems) {
        merge_sorted_keys(
            members, std::begin(kFieldNames), std::end(kFieldNames), [](std::string_view name) { return name; },
            [&](const std::string_view& name, const json& v) { value[&name - kFieldNames] = &v; },
            [&](const auto& key) { problems.push_back({std::string(key), "unknown field"}); });
    }
};

// The text of a string field whose form `check` accepts, or nullptr and a problem.
template <class Check>
const std::string* field_text(const Fields& fields, Field f, const char* what, Check check, std::vector<Problem>& problems) {
    const json* v = fields.value[f];
    if (v && v->is_string() && check(v->get_ref<const std::string&>())) return &v->get_ref<const std::string&>();
    if (!v) problems.push_back({std::string(kFieldNames[f]), "is missing"});
    else problems.push_back({std::string(kFieldNames[f]), std::string("must be ") + what});
    return nullptr;
}

// A string field into `out`, its storage reused; empty with a problem.
template <class Check>
void read_string(const Fields& fields, Field f, const char* what, Check check, std::string& out,
                 std::vector<Problem>& problems) {
    const std::string* text = field_text(fields, f, what, check, problems);
    if (text) out.assign(*text);
    else out.clear();
}

void read_invitation(const Fields& fields, ResponseRecord& r, std::vector<Problem>& problems) {
    const json* v = fields.value[kInvitation];
    if (!v || v->is_null()) return r.invitation.reset();
    if (!v->is_string() || v->get_ref<const std::string&>().empty() || v->get_ref<const std::string&>().size() > kMaxInvitationLength)
        problems.push_back({"invitation", "must be null or a token of at most 128 characters"});
    else
        r.invitation = v->get_ref<const std::string&>();
}

void read_version(const Fields& fields, ResponseRecord& r, std::vector<Problem>& problems) {
    const json* v = fields.value[kVersion];
    if (!v) problems.push_back({"version", "is missing"});
    else if (!v->is_number_integer() || v->get<long long>() < 1 || v->get<long long>() > 999999)
        problems.push_back({"version", "must be a whole number from 1"});
    else r.version = v->get<int>();
}

void read_enums(const Fields& fields, ResponseRecord& r, std::vector<Problem>& problems) {
    std::optional<Channel> channel;
    std::optional<Source> source;
    if (field_text(fields, kChannel, "balie, telefoon or digitaal",
                   [&](const std::string& s) { return (channel = parse_channel(s)).has_value(); }, problems))
        r.channel = *channel;
    if (field_text(fields, kSource, "one of inviter, app, card, kiosk, digital, link",
                   [&](const std::string& s) { return (source = parse_source(s)).has_value(); }, problems))
        r.source = *source;
}

// read_record_fields of a record's members: a JSON object's, or a scanner's list.
template <class Members>
std::vector<Problem> read_fields(const Members& members, ResponseRecord& r) {
    std::vector<Problem> problems;
    const Fields fields(members, problems);
    auto any = [](const std::string& s) { return !s.empty() && s.size() <= 64; };
    read_string(fields, kId, "a UUID", [](const std::string& s) { return is_uuid(s); }, r.id, problems);
    // A UUID's hex digits carry no case: "6F1C…" and "6f1c…" are one id, for the backend's
    // idempotency as for the import's duplicate check, so every record carries the lower form.
    r.id = ascii_lower(std::move(r.id));
    read_string(fields, kQuestionnaire, "a questionnaire id", any, r.questionnaire, problems);
    read_version(fields, r, problems);
    read_string(fields, kMunicipality, "a four-digit CBS municipality code",
                [](const std::string& s) { return is_municipality_code(s); }, r.municipality, problems);
    read_enums(fields, r, problems);
    read_invitation(fields, r, problems);
    read_string(fields, kSubmittedAt, "a UTC time like 2026-08-14T10:22:00Z",
                [](const std::string& s) { return parse_timestamp(s).has_value(); }, r.submitted_at, problems);
    read_string(fields, kLanguage, "a two-letter language code", [](const std::string& s) { return s.size() == 2; },
                r.language, problems);
    const json* answers = fields.value[kAnswers];
    if (!answers) problems.push_back({"answers", "is missing"});
    else if (!answers->is_object()) problems.push_back({"answers", "must be an object"});
    return problems;
}

} // namespace

std::vector<Problem> read_record_fields(const json& j, ResponseRecord& r) {
    if (!j.is_object()) return {Problem{"$", "a response record must be a JSON object"}};
    return read_fields(j.get_ref<const json::object_t&>(), r);
}

std::vector<Problem> read_record_fields(const ScannedMembers& fields, ResponseRecord& r) { return read_fields(fields, r); }

namespace {

// parse_record, taking the answers from `j` by copy or by move.
template <class Json>
Result<ResponseRecord> parse_record_from(Json&& j) {
    ResponseRecord r;
    std::vector<Problem> problems = read_record_fields(j, r);
    if (!problems.empty()) return Result<ResponseRecord>::fail(std::move(problems));
    if constexpr (std::is_const_v<std::remove_reference_t<Json>>) r.answers = j["answers"];
    else r.answers = std::move(j["answers"]);
    return Result<ResponseRecord>::ok(std::move(r));
}

} // namespace

Result<ResponseRecord> parse_record(const json& j) { return parse_record_from(j); }

std::string dump_record(const ResponseRecord& r) {
    std::string out;
    out.reserve(1024);
    auto key = [&out](Field f) {
        out += f == kAnswers ? "{\"" : ",\"";
        out += kFieldNames[f];
        out += "\":";
    };
    auto text = [&](Field f, std::string_view value) {
        key(f);
        append_json_string(out, value);
    };
    key(kAnswers);
    append_json(out, r.answers);
    text(kChannel, to_string(r.channel));
    text(kId, r.id);
    key(kInvitation);
    if (r.invitation) append_json_string(out, *r.invitation);
    else out += "null";
    text(kLanguage, r.language);
    text(kMunicipality, r.municipality);
    text(kQuestionnaire, r.questionnaire);
    text(kSource, to_string(r.source));
    text(kSubmittedAt, r.submitted_at);
    key(kVersion);
    out += std::to_string(r.version);
    out += '}';
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Answers
//-----------------------------------------------------------------------------

namespace {

// Checks one answer id of a visible question (`answer`: its answer, or nullptr): presence
// for required ones, then the value. The field path is built only for a problem: this runs
// for every answer of every record.
void check_answer(const Question& q, const std::string& id, const json* answer, std::vector<Problem>& problems) {
    std::optional<AnswerIssue> issue;
    if (answer && !answer->is_null()) {
        issue = check_value(q, *answer);
        if (!issue && q.required && is_blank(*answer)) issue = AnswerIssue::required;
    } else if (q.required && !(answer && q.type == QuestionType::grid && q.allow_na)) {
        issue = AnswerIssue::required;
    }
    if (issue) problems.push_back({"answers." + id, issue_field_text(*issue, q)});
}

void check_hidden(const Question& q, const std::string& id, const json* answer, std::vector<Problem>& problems) {
    if (answer && !answer->is_null()) problems.push_back({"answers." + id, issue_field_text(AnswerIssue::hidden, q)});
}

void check_record_against(const ResponseRecord& r, const Questionnaire& q, std::vector<Problem>& problems) {
    if (r.channel != q.channel)
        problems.push_back({"channel", std::string("must be ") + to_string(q.channel) + " for questionnaire " + q.id});
    if (std::find(q.languages.begin(), q.languages.end(), r.language) == q.languages.end())
        problems.push_back({"language", "is not a language of questionnaire " + q.id});
}

void check_matched(const Questionnaire& q, const std::vector<const json*>& answers, const json& scope,
                   std::vector<Problem>& problems) {
    std::size_t k = 0;
    for (const Page& page : q.pages)
        for (const Question& question : page.questions) {
            bool visible = !question.visible_if || question.visible_if->evaluate(scope);
            for_each_answer_id(question, [&](const std::string& id) {
                if (visible) check_answer(question, id, answers[k], problems);
                else check_hidden(question, id, answers[k], problems);
                ++k;
            });
        }
}

} // namespace

std::vector<Problem> validate_answers(const ResponseRecord& r, const Questionnaire& q) {
    std::vector<Problem> problems;
    check_record_against(r, q, problems);
    std::vector<const json*> answers;  // per answer id of `q`, in document order
    std::vector<const std::string*> unknown;
    q.match_answers(r.answers, answers, unknown);
    for (const std::string* id : unknown) problems.push_back({"answers." + *id, "is not a question of " + q.id});
    check_matched(q, answers, r.answers, problems);
    return problems;
}

std::vector<Problem> validate_matched_answers(const ResponseRecord& r, const Questionnaire& q,
                                              const std::vector<const json*>& answers, const json& scope) {
    std::vector<Problem> problems;
    check_record_against(r, q, problems);
    check_matched(q, answers, scope, problems);
    return problems;
}

namespace {

template <class Json>
Result<ResponseRecord> validate_record_from(Json&& j, const QuestionnaireSet& set) {
    auto record = parse_record_from(std::forward<Json>(j));
    if (!record) return record;
    const Questionnaire* q = set.find(record->questionnaire, record->version);
    if (!q) {
        return Result<ResponseRecord>::fail(set.latest(record->questionnaire) ? "version" : "questionnaire",
                                            "unknown questionnaire " + record->questionnaire + " version " +
                                                std::to_string(record->version));
    }
    auto problems = validate_answers(*record, *q);
    if (!problems.empty()) return Result<ResponseRecord>::fail(std::move(problems));
    return record;
}

} // namespace

Result<ResponseRecord> validate_record(const json& j, const QuestionnaireSet& set) { return validate_record_from(j, set); }
Result<ResponseRecord> validate_record(json&& j, const QuestionnaireSet& set) { return validate_record_from(std::move(j), set); }
} // namespace klantpeil
