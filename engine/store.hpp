// Store: validated response records held column by column, for aggregation over a million
// responses natively and in wasm; and the Inviter invitation counts beside them.
//
// One compact array per field: the factsheet cell of the row (uint32: its municipality,
// channel and quarter, so aggregation is one pass into flat per-cell arrays), the source
// (uint8), flags (review, tip) and one uint8 column per numeric answer id (totaaloordeel,
// moeite, host_*, aspect_*; 0 = not answered or n.v.t.). Open texts (toelichting, tip) are
// kept apart with their row index. 6 bytes per response plus one per numeric answer id in
// the data set (about 33 bytes for the three standard questionnaires).
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "engine/period.hpp"
#include "engine/questionnaire.hpp"
#include "engine/response.hpp"
#include "engine/result.hpp"

namespace klantpeil {

// Answer ids the store keeps as numeric columns and the scores read.
inline constexpr const char* kTotaaloordeel = "totaaloordeel";
inline constexpr const char* kMoeite = "moeite";
inline constexpr const char* kHostItems[] = {"host_bereidheid",           "host_deskundigheid",
                                             "host_inleving",             "host_verantwoordelijkheid",
                                             "host_oplossingen",          "host_gemeente"};
inline constexpr std::string_view kAspectPrefix = "aspect_";

// An open answer kept apart from the columns, with the row (and so the grade) it belongs to.
struct OpenText {
    std::uint32_t row = 0;
    long long submitted_at = 0;  // seconds since 1970-01-01T00:00:00Z
    std::string text;
};

// One numeric answer id: its value per row, 0 = not answered or n.v.t.
struct AnswerColumn {
    std::string id;
    std::uint8_t channels_seen = 0;  // bit (1 << Channel): a record of that channel carried the id
    std::vector<std::uint8_t> values;

    bool seen_in(Channel c) const { return channels_seen & (1u << static_cast<unsigned>(c)); }
};

// A factsheet's group of rows: one (municipality, channel, quarter).
struct Cell {
    std::uint16_t municipality = 0;  // index into the store's string table
    Channel channel = Channel::balie;
    Quarter quarter;
};

// Bits of the flags column.
enum RowFlag : std::uint8_t {
    kFlagReview = 1,  // toelichting is not blank
    kFlagTip = 2,     // suggesties == "ja"
};

// One answer of a record as the store reads it: the answer id and its value.
struct NamedAnswer {
    const std::string* id;
    const nlohmann::json* value;
};

class ResponseStore {
public:
    // Appends a record that engine/response.hpp has validated. A record the columns cannot
    // hold (bad timestamp, a grade outside 1-10, moeite outside 1-5, a full string table)
    // is refused whole: the problems say which field, and nothing is stored.
    std::vector<Problem> add(const ResponseRecord& r);
    // The same for a record whose answers were read apart from `r.answers` (which is not
    // read): `answers` in key order, as a JSON object holds them (engine/ingest_lane.hpp).
    std::vector<Problem> add(const ResponseRecord& r, const std::vector<NamedAnswer>& answers);

    // Room for `rows` responses in every column, so a known-size import does not over-allocate.
    void reserve(std::size_t rows);
    // Gives back the columns' spare room once an import of unknown size is done.
    void shrink_to_fit();

    std::size_t size() const { return cell_.size(); }
    // Bytes allocated by the columns (capacity), open texts and small tables apart.
    std::size_t column_bytes() const;

    // The municipality string table.
    const std::vector<std::string>& municipalities() const { return municipalities_; }
    std::optional<std::uint16_t> find_municipality(std::string_view code) const;

    // Columns, one entry per row. A row's municipality, channel and quarter are its cell's.
    const std::vector<std::uint8_t>& source_column() const { return source_; }
    const std::vector<std::uint32_t>& cell_column() const { return cell_; }
    const std::vector<std::uint8_t>& flag_column() const { return flags_; }
    const std::vector<AnswerColumn>& answer_columns() const { return columns_; }
    const AnswerColumn* answer_column(std::string_view id) const;

    // The distinct (municipality, channel, quarter) groups, in order of first appearance.
    const std::vector<Cell>& cells() const { return cells_; }
    std::optional<std::uint32_t> find_cell(std::uint16_t municipality, Channel c, Quarter q) const;

    // Non-blank toelichting and tip texts, in row order.
    const std::vector<OpenText>& toelichtingen() const { return toelichtingen_; }
    const std::vector<OpenText>& tip_texts() const { return tips_; }

private:
    struct PendingAnswer {
        std::size_t column;  // index into columns_, or columns_.size() + i for new_ids_[i]
        std::uint8_t value;
    };

    std::vector<Problem> read_answers(const std::vector<NamedAnswer>& answers);
    std::optional<Problem> read_number(const std::string& id, int max, const nlohmann::json& value);
    std::optional<Problem> read_text(const std::string& id, const nlohmann::json& value);
    std::size_t column_of(const std::string& id);
    std::optional<std::uint16_t> known_municipality(const std::string& code);
    std::uint16_t new_municipality(const std::string& code);
    std::uint32_t cell_for(std::uint16_t municipality, Channel c, Quarter q);
    void append_answers(Channel c);
    void append_text(std::vector<OpenText>& to, const std::string* text, std::uint32_t row, long long at);

    std::vector<std::string> municipalities_;
    std::map<std::string, std::uint16_t, std::less<>> municipality_index_;
    std::vector<std::uint8_t> source_;
    std::vector<std::uint32_t> cell_;
    std::vector<std::uint8_t> flags_;
    std::vector<AnswerColumn> columns_;
    std::map<std::string, std::size_t, std::less<>> column_index_;
    std::vector<Cell> cells_;
    std::unordered_map<std::uint64_t, std::uint32_t> cell_index_;
    std::vector<OpenText> toelichtingen_;
    std::vector<OpenText> tips_;
    std::size_t reserved_ = 0;
    std::uint16_t last_municipality_ = 0;
    std::uint64_t last_cell_key_ = 0;
    std::uint32_t last_cell_ = 0;

    // Scratch of one add(), kept to spare an allocation per record.
    // Every numeric answer id in the record is pending, n.v.t. too (value 0), so the column
    // learns that the channel asks it.
    std::vector<PendingAnswer> pending_;
    std::vector<PendingAnswer> previous_;  // the previous record's, as a lookup hint
    std::vector<std::string> new_ids_;
    std::vector<NamedAnswer> named_;  // add(r)'s view of r.answers
    std::uint8_t pending_flags_ = 0;
    const std::string* pending_toelichting_ = nullptr;
    const std::string* pending_tip_ = nullptr;
};

// Invitations sent through the Inviter (e-mail), per (municipality, channel, quarter).
// Cards, kiosk, app and digital invitations are not counted, as the NVVB factsheet does.
class InvitationCounts {
public:
    // Adds `count` (>= 0) invitations; a negative count is refused with a problem.
    std::vector<Problem> add(std::string_view municipality, Channel c, Quarter q, long long count);
    long long get(std::string_view municipality, Channel c, Quarter q) const;  // 0 when none

private:
    std::map<std::tuple<std::string, int, int>, long long> counts_;  // (code, channel, quarter index)
};

} // namespace klantpeil
