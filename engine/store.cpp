// Store: appending validated records to the columns; the invitation counts.
// Index: [SECTION] Answer kinds  [SECTION] Reading a record  [SECTION] Appending
//        [SECTION] Lookup  [SECTION] InvitationCounts
#include "engine/store.hpp"

#include <cmath>
#include <limits>

#include "engine/json_keys.hpp"

namespace klantpeil {

using nlohmann::json;

//-----------------------------------------------------------------------------
// [SECTION] Answer kinds
//-----------------------------------------------------------------------------

namespace {

constexpr std::size_t kMaxMunicipalities = std::numeric_limits<std::uint16_t>::max();
constexpr std::size_t kMaxRows = std::numeric_limits<std::uint32_t>::max();
constexpr int kGradeMax = 10;
constexpr int kEffortMax = 5;

// The highest value a numeric answer id takes, or 0 when the id is not kept as a column.
// Runs for every answer of every record: the first letter rules most names out.
int numeric_max(std::string_view id) {
    switch (id.empty() ? '\0' : id[0]) {
    case 't': return id == kTotaaloordeel ? kGradeMax : 0;
    case 'm': return id == kMoeite ? kEffortMax : 0;
    case 'a': return id.substr(0, kAspectPrefix.size()) == kAspectPrefix ? kGradeMax : 0;
    case 'h':
        for (const char* host : kHostItems)
            if (id == host) return kGradeMax;
        return 0;
    default: return 0;
    }
}

// Byte length of the whitespace character that opens `s`, 0 when it opens with none.
// Besides ASCII blanks, the Unicode spaces a phone keyboard or a paste can produce.
std::size_t whitespace_length(std::string_view s) {
    static const std::string_view kWide[] = {
        u8"\u00a0", u8"\u1680", u8"\u2000", u8"\u2001", u8"\u2002", u8"\u2003", u8"\u2004",
        u8"\u2005", u8"\u2006", u8"\u2007", u8"\u2008", u8"\u2009", u8"\u200a", u8"\u200b",
        u8"\u2028", u8"\u2029", u8"\u202f", u8"\u205f", u8"\u3000", u8"\ufeff"};
    if (std::string_view(" \t\n\r\v\f").find(s[0]) != std::string_view::npos) return 1;
    if (static_cast<unsigned char>(s[0]) < 0x80) return 0;  // any other ASCII: most texts start so
    for (std::string_view w : kWide)
        if (s.substr(0, w.size()) == w) return w.size();
    return 0;
}

bool is_blank(std::string_view s) {
    while (!s.empty()) {
        std::size_t n = whitespace_length(s);
        if (n == 0) return false;
        s.remove_prefix(n);
    }
    return true;
}

std::uint8_t channel_bit(Channel c) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(c)); }

std::uint64_t cell_key(std::uint16_t municipality, Channel c, Quarter q) {
    auto quarter = static_cast<std::uint32_t>(q.index());
    return municipality | (std::uint64_t{static_cast<std::uint8_t>(c)} << 16) | (std::uint64_t{quarter} << 24);
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Reading a record
//-----------------------------------------------------------------------------

std::optional<Problem> ResponseStore::read_number(const std::string& id, int max, const json& value) {
    std::uint8_t stored = 0;
    const auto* whole = value.get_ptr<const json::number_unsigned_t*>();
    if (whole && *whole >= 1 && *whole <= static_cast<json::number_unsigned_t>(max)) {
        stored = static_cast<std::uint8_t>(*whole);  // what nearly every answer is: no double, no floor
    } else if (!value.is_null()) {
        double v = value.is_number() ? value.get<double>() : 0;
        if (!value.is_number() || v != std::floor(v) || v < 1 || v > max)
            return Problem{"answers." + id, "must be a whole number from 1 to " + std::to_string(max) + " or null"};
        stored = static_cast<std::uint8_t>(v);
    }
    pending_.push_back(PendingAnswer{column_of(id), stored});
    return std::nullopt;
}

// Records of one questionnaire carry the same ids in the same (sorted) order, so the
// previous record's i-th column is almost always this one's: one compare, not a map lookup.
std::size_t ResponseStore::column_of(const std::string& id) {
    std::size_t i = pending_.size();
    if (i < previous_.size() && previous_[i].column < columns_.size() && columns_[previous_[i].column].id == id)
        return previous_[i].column;
    auto found = column_index_.find(id);
    if (found != column_index_.end()) return found->second;
    new_ids_.push_back(id);
    return columns_.size() + new_ids_.size() - 1;
}

std::optional<Problem> ResponseStore::read_text(const std::string& id, const json& value) {
    if (value.is_null()) return std::nullopt;
    if (!value.is_string()) return Problem{"answers." + id, "must be text or null"};
    const std::string& text = value.get_ref<const std::string&>();
    if (is_blank(text)) return std::nullopt;
    if (id == "toelichting") {
        pending_flags_ |= kFlagReview;
        pending_toelichting_ = &text;
    } else {
        pending_tip_ = &text;
    }
    return std::nullopt;
}

std::vector<Problem> ResponseStore::read_answers(const std::vector<NamedAnswer>& answers) {
    std::swap(previous_, pending_);
    pending_.clear();
    new_ids_.clear();
    pending_flags_ = 0;
    pending_toelichting_ = pending_tip_ = nullptr;
    std::vector<Problem> problems;
    for (const auto& [id, value] : answers) {
        std::optional<Problem> problem;
        if (int max = numeric_max(*id); max > 0) problem = read_number(*id, max, *value);
        else if (*id == "toelichting" || *id == "tip") problem = read_text(*id, *value);
        else if (*id == "suggesties" && is_string(*value, "ja")) pending_flags_ |= kFlagTip;
        if (problem) problems.push_back(std::move(*problem));
    }
    return problems;
}

//-----------------------------------------------------------------------------
// [SECTION] Appending
//-----------------------------------------------------------------------------

std::vector<Problem> ResponseStore::add(const ResponseRecord& r) {
    if (!r.answers.is_object()) return {Problem{"answers", "must be an object"}};
    named_.clear();
    for (const auto& [id, value] : r.answers.get_ref<const json::object_t&>()) named_.push_back({&id, &value});
    return add(r, named_);
}

std::vector<Problem> ResponseStore::add(const ResponseRecord& r, const std::vector<NamedAnswer>& answers) {
    std::vector<Problem> problems = read_answers(answers);
    std::optional<long long> at = parse_timestamp(r.submitted_at);
    if (!at) problems.push_back({"submitted_at", "is not a timestamp like 2026-08-14T10:22:00Z: \"" + r.submitted_at + "\""});
    std::optional<std::uint16_t> known = known_municipality(r.municipality);
    if (!known && municipalities_.size() >= kMaxMunicipalities)
        problems.push_back({"municipality", "the store already holds the most municipalities it can (" +
                                                std::to_string(kMaxMunicipalities) + ")"});
    // Enums made by code rather than parse_record can hold any value; the columns index by them.
    if (static_cast<unsigned>(r.channel) > static_cast<unsigned>(Channel::digitaal))
        problems.push_back({"channel", "is not balie, telefoon or digitaal"});
    if (static_cast<unsigned>(r.source) > static_cast<unsigned>(Source::link))
        problems.push_back({"source", "is not one of inviter, app, card, kiosk, digital, link"});
    if (size() >= kMaxRows) problems.push_back({"", "the store is full (" + std::to_string(kMaxRows) + " responses)"});
    if (!problems.empty()) return problems;

    Quarter quarter = quarter_of(*at);
    std::uint16_t municipality = known ? *known : new_municipality(r.municipality);
    auto row = static_cast<std::uint32_t>(size());
    source_.push_back(static_cast<std::uint8_t>(r.source));
    flags_.push_back(pending_flags_);
    append_answers(r.channel);
    cell_.push_back(cell_for(municipality, r.channel, quarter));
    append_text(toelichtingen_, pending_toelichting_, row, *at);
    append_text(tips_, pending_tip_, row, *at);
    return {};
}

void ResponseStore::append_answers(Channel c) {
    for (const std::string& id : new_ids_) {
        column_index_.emplace(id, columns_.size());
        AnswerColumn& column = columns_.emplace_back();
        column.id = id;
        column.values.reserve(reserved_);
        column.values.assign(size(), 0);  // earlier rows did not carry the id
    }
    for (AnswerColumn& column : columns_) column.values.push_back(0);
    for (const PendingAnswer& a : pending_) {
        columns_[a.column].values.back() = a.value;
        columns_[a.column].channels_seen |= channel_bit(c);
    }
}

void ResponseStore::append_text(std::vector<OpenText>& to, const std::string* text, std::uint32_t row,
                                long long at) {
    if (text) to.push_back(OpenText{row, at, *text});
}

// Imports tend to come sorted or grouped, so the last municipality and cell are tried first.
std::optional<std::uint16_t> ResponseStore::known_municipality(const std::string& code) {
    if (last_municipality_ < municipalities_.size() && municipalities_[last_municipality_] == code)
        return last_municipality_;
    std::optional<std::uint16_t> found = find_municipality(code);
    if (found) last_municipality_ = *found;
    return found;
}

std::uint16_t ResponseStore::new_municipality(const std::string& code) {
    auto index = static_cast<std::uint16_t>(municipalities_.size());
    municipalities_.push_back(code);
    municipality_index_.emplace(code, index);
    return last_municipality_ = index;
}

std::uint32_t ResponseStore::cell_for(std::uint16_t municipality, Channel c, Quarter q) {
    std::uint64_t key = cell_key(municipality, c, q);
    if (!cells_.empty() && key == last_cell_key_) return last_cell_;
    auto [it, inserted] = cell_index_.emplace(key, static_cast<std::uint32_t>(cells_.size()));
    if (inserted) cells_.push_back(Cell{municipality, c, q});
    last_cell_key_ = key;
    return last_cell_ = it->second;
}

void ResponseStore::reserve(std::size_t rows) {
    reserved_ = rows;
    source_.reserve(rows);
    cell_.reserve(rows);
    flags_.reserve(rows);
    for (AnswerColumn& column : columns_) column.values.reserve(rows);
}

//-----------------------------------------------------------------------------
// [SECTION] Lookup
//-----------------------------------------------------------------------------

void ResponseStore::shrink_to_fit() {
    source_.shrink_to_fit();
    cell_.shrink_to_fit();
    flags_.shrink_to_fit();
    for (AnswerColumn& column : columns_) column.values.shrink_to_fit();
    reserved_ = 0;
}

std::size_t ResponseStore::column_bytes() const {
    std::size_t bytes = source_.capacity() + cell_.capacity() * sizeof(std::uint32_t) + flags_.capacity();
    for (const AnswerColumn& column : columns_) bytes += column.values.capacity();
    return bytes;
}

std::optional<std::uint16_t> ResponseStore::find_municipality(std::string_view code) const {
    auto found = municipality_index_.find(code);
    if (found == municipality_index_.end()) return std::nullopt;
    return found->second;
}

const AnswerColumn* ResponseStore::answer_column(std::string_view id) const {
    auto found = column_index_.find(id);
    return found == column_index_.end() ? nullptr : &columns_[found->second];
}

std::optional<std::uint32_t> ResponseStore::find_cell(std::uint16_t municipality, Channel c, Quarter q) const {
    auto found = cell_index_.find(cell_key(municipality, c, q));
    if (found == cell_index_.end()) return std::nullopt;
    return found->second;
}

//-----------------------------------------------------------------------------
// [SECTION] InvitationCounts
//-----------------------------------------------------------------------------

std::vector<Problem> InvitationCounts::add(std::string_view municipality, Channel c, Quarter q, long long count) {
    auto refuse = [&](const std::string& why) {
        std::string where = "invitations." + std::string(municipality) + "." + to_string(c) + "." + to_string(q);
        return std::vector<Problem>{Problem{where, why}};
    };
    if (count < 0) return refuse("count must not be negative (" + std::to_string(count) + ")");
    long long& total = counts_[{std::string(municipality), static_cast<int>(c), q.index()}];
    if (total > std::numeric_limits<long long>::max() - count) return refuse("the total count is too large");
    total += count;
    return {};
}

long long InvitationCounts::get(std::string_view municipality, Channel c, Quarter q) const {
    auto found = counts_.find({std::string(municipality), static_cast<int>(c), q.index()});
    return found == counts_.end() ? 0 : found->second;
}

} // namespace klantpeil
