#include "server/hook_adapters.hpp"

#include <map>

namespace klantpeil::server {

using nlohmann::json;

namespace {

// Where a vendor's payload keeps each field (JSON pointers); "" = the vendor has none.
struct Layout {
    const char* type;
    const char* finished;   // the type value of a finished appointment
    const char* event_id;
    const char* email;
    const char* language;
    const char* channel;
};

const std::map<std::string, Layout>& layouts() {
    static const std::map<std::string, Layout> all = {
        {"generic", {"/type", "appointment.finished", "/event_id", "/email", "/language", "/channel"}},
        {"qmatic", {"/eventName", "VISIT_END", "/eventId", "/parameters/customerEmail", "/parameters/language", ""}},
        {"jcc", {"/type", "afspraak.afgerond", "/id", "/afspraak/email", "/afspraak/taal", "/afspraak/kanaal"}},
        {"timeblockr", {"/event", "appointment.completed", "/id", "/data/email", "/data/locale", ""}},
    };
    return all;
}

// The string at `pointer`, "" when absent; false when present but not a string.
bool text_at(const json& payload, const char* pointer, std::string& out) {
    out.clear();
    if (!*pointer) return true;
    json::json_pointer p(pointer);
    if (!payload.contains(p) || payload.at(p).is_null()) return true;
    if (!payload.at(p).is_string()) return false;
    out = payload.at(p).get<std::string>();
    return true;
}

} // namespace

bool known_vendor(const std::string& vendor) { return layouts().count(vendor) > 0; }

Result<std::optional<HookInvitation>> read_hook(const std::string& vendor, const json& payload) {
    using R = Result<std::optional<HookInvitation>>;
    const Layout& l = layouts().at(vendor);
    if (!payload.is_object()) return R::fail("$", "the delivery must be a JSON object");
    std::string type, channel, language;
    HookInvitation in;
    for (auto [pointer, out] : {std::pair{l.type, &type}, {l.event_id, &in.event_id}, {l.email, &in.email},
                                {l.language, &language}, {l.channel, &channel}})
        if (!text_at(payload, pointer, *out)) return R::fail(pointer + 1, "must be a string");
    if (type != l.finished) return R::ok(std::nullopt);
    if (in.event_id.empty() || in.event_id.size() > 200)
        return R::fail(l.event_id + 1, "an event id of 1 to 200 characters is needed");
    if (!channel.empty()) {
        auto c = parse_channel(channel);
        if (!c) return R::fail(l.channel + 1, "must be balie, telefoon or digitaal");
        in.channel = *c;
    }
    // "en", "en-GB", "EN": English; anything else Dutch.
    if (language.size() >= 2 && (language[0] | 0x20) == 'e' && (language[1] | 0x20) == 'n') in.language = "en";
    return R::ok(in);
}

} // namespace klantpeil::server
