// JSON helpers for the paths that run for every record of an import (a million at a time):
// looking keys up by merging sorted lists, and comparing a string value without building a
// JSON value for the other side.
#pragma once
#include <string_view>

#include <nlohmann/json.hpp>

namespace klantpeil {

// Walks the keys of `object` (sorted: nlohmann::json keeps them in a std::map; or any range
// of sorted (key, value) pairs) together with the names of [first, last) (sorted by the same
// order, `name_of` gives each one's name) in one merge, instead of a search per key. Calls
// on_match(item, value) for every item named by a key, and on_unknown(key) for a key no
// item names, both in key order.
template <class Object, class It, class NameOf, class OnMatch, class OnUnknown>
void merge_sorted_keys(const Object& object, It first, It last, NameOf name_of, OnMatch on_match,
                       OnUnknown on_unknown) {
    for (const auto& [key, value] : object) {
        int order = 1;  // one compare per step: names share prefixes ("aspect_")
        while (first != last && (order = std::string_view(name_of(*first)).compare(key)) < 0) ++first;
        if (first == last || order != 0) {
            on_unknown(key);
            continue;
        }
        for (; first != last && std::string_view(name_of(*first)) == key; ++first) on_match(*first, value);
    }
}

// `v` is the string `s`. (`v == "ja"` would build a JSON value, an allocation, per call.)
inline bool is_string(const nlohmann::json& v, std::string_view s) {
    return v.is_string() && v.get_ref<const std::string&>() == s;
}

} // namespace klantpeil
