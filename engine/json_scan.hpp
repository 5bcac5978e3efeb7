// The fast path for the JSON that records nearly always are (json_scan.cpp): used by the
// importers for every line (a million at a time) and by parse_record_json for every document
// the server receives, each falling back to nlohmann's parser when the scanner gives up.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace klantpeil {

// A key twice in one object: the importers keep its last value, as nlohmann::json::parse
// does; parse_json refuses the document, so the scanner leaves it to the full parser, which
// words the problem.
enum class RepeatedKeys { last_wins, give_up };

// Writes into `into` (reusing the storage of the value it holds) what nlohmann::json::parse
// gives for `text` when that is one object of strings, whole numbers, null and booleans,
// holding at most objects of the same and arrays of scalars (at most 3 levels deep); false
// for anything else, with `into` left in some valid state.
bool scan_record(std::string_view text, nlohmann::json& into, RepeatedKeys repeated = RepeatedKeys::last_wins);

// An object's members as scan_record_split reads them: each key (a view into the text) and
// its value, in the text's order, iterable as (key, value) pairs. The values' storage is
// reused from line to line.
class ScannedMembers {
public:
    using Member = std::pair<std::string_view, nlohmann::json>;
    std::size_t size() const { return size_; }
    std::string_view key(std::size_t i) const { return members_[i].first; }
    const nlohmann::json& value(std::size_t i) const { return members_[i].second; }
    const Member* begin() const { return members_.data(); }
    const Member* end() const { return members_.data() + size_; }
    void clear() { size_ = 0; }
    nlohmann::json& add(std::string_view key) {
        if (size_ == members_.size()) members_.emplace_back();
        members_[size_].first = key;
        return members_[size_++].second;
    }

private:
    std::vector<Member> members_;
    std::size_t size_ = 0;
};

// scan_record into two flat lists instead of one JSON document: the record's members into
// `fields` (its "answers" as an empty object) and the members of its answers object into
// `answers`. No map is built (engine/ingest_lane.hpp). Keys are not checked for repeats.
bool scan_record_split(std::string_view text, ScannedMembers& fields, ScannedMembers& answers);

// True when `s` can stand between quotes in JSON as it is: valid UTF-8 without a quote, a
// backslash or a control character (what the scanner reads without nlohmann's parser, and
// what dump() writes unchanged).
bool plain_json_text(std::string_view s);

// The deepest nesting scan_record accepts: a record, its answers, a multiple-choice answer.
inline constexpr int kScanDepth = 3;

// Refills a JSON object (the previous record's, a million are imported at a time) with keys
// that mostly come in sorted order, as they do from our own writers and the CSV reader: the
// existing nodes are walked along; a key that is there is reused, nodes of keys the new
// value lacks are erased, and what is left after the last key goes too.
class ObjectRefill {
public:
    explicit ObjectRefill(nlohmann::json::object_t& members) : members_(members), next_(members.begin()) {}

    // The slot of `key`, to be overwritten. A repeated key gets its earlier slot: the last wins.
    nlohmann::json& slot(std::string_view key) {
        for (; next_ != members_.end(); next_ = members_.erase(next_)) {
            int order = std::string_view(next_->first).compare(key);  // one compare per node
            if (order == 0) return (next_++)->second;
            if (order > 0) break;
        }
        // Every node before next_ got its key in this refill, and none after it has `key`: a
        // key that is there already came before.
        std::size_t before = members_.size();
        nlohmann::json& slot = members_.emplace_hint(next_, std::string(key), nlohmann::json())->second;
        repeated_ = repeated_ || members_.size() == before;
        return slot;
    }
    void finish() { members_.erase(next_, members_.end()); }
    bool repeated() const { return repeated_; }  // some key came twice

private:
    nlohmann::json::object_t& members_;
    nlohmann::json::object_t::iterator next_;
    bool repeated_ = false;
};

// Sets `slot` to the string `s`, in place when it holds a string already.
inline void assign_text(nlohmann::json& slot, std::string_view s) {
    if (slot.is_string()) slot.get_ref<std::string&>().assign(s);
    else slot = std::string(s);
}

} // namespace klantpeil
