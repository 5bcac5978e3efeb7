// Record-shaped JSON text: objects, arrays, whole numbers, booleans, null and strings that
// need no escape are written here byte by byte as dump() would (checked against dump() in
// tests/engine/unit-json-write.cpp); every other value is written by dump() itself.
#include "engine/json_write.hpp"

#include <charconv>

#include "engine/json_scan.hpp"

namespace klantpeil {

using nlohmann::json;

void append_json_string(std::string& out, std::string_view s) {
    if (!plain_json_text(s)) {
        out += json(s).dump();
        return;
    }
    out += '"';
    out += s;
    out += '"';
}

namespace {

template <class Number>
void append_number(std::string& out, Number n) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    out.append(digits, end);
}

void append_object(std::string& out, const json::object_t& members) {
    out += '{';
    bool first = true;
    for (const auto& [key, value] : members) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, key);
        out += ':';
        append_json(out, value);
    }
    out += '}';
}

void append_array(std::string& out, const json::array_t& items) {
    out += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ',';
        append_json(out, items[i]);
    }
    out += ']';
}

} // namespace

void append_json(std::string& out, const json& v) {
    switch (v.type()) {
        case json::value_t::null: out += "null"; return;
        case json::value_t::boolean: out += v.get<bool>() ? "true" : "false"; return;
        case json::value_t::number_integer: return append_number(out, v.get<json::number_integer_t>());
        case json::value_t::number_unsigned: return append_number(out, v.get<json::number_unsigned_t>());
        case json::value_t::string: return append_json_string(out, v.get_ref<const std::string&>());
        case json::value_t::object: return append_object(out, v.get_ref<const json::object_t&>());
        case json::value_t::array: return append_array(out, v.get_ref<const json::array_t&>());
        default: out += v.dump();  // fractions (dump's own shortest form), binary, discarded
    }
}

} // namespace klantpeil
