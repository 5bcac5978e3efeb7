// What each appointment system's "appointment finished" delivery says, read into one
// invitation request. The field names per vendor are documented (with examples) in
// server/README.md; where a vendor's exact format is unknown they are our assumption, and
// the generic adapter's JSON is the contract:
//   {"event_id": "...", "type": "appointment.finished", "channel": "balie",
//    "email": "...", "language": "nl"}
#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/questionnaire.hpp"
#include "engine/result.hpp"

namespace klantpeil::server {

struct HookInvitation {
    std::string event_id;
    Channel channel = Channel::balie;   // the vendor's channel field, else balie (a counter appointment)
    std::string email;                  // "" when the event carries none: nothing to send
    std::string language = "nl";
};

// True for qmatic, jcc, timeblockr and generic.
bool known_vendor(const std::string& vendor);

// The invitation of an "appointment finished" event; none (not a problem) for any other
// event type, which the vendor may send too. Problems name the payload's field.
Result<std::optional<HookInvitation>> read_hook(const std::string& vendor, const nlohmann::json& payload);

} // namespace klantpeil::server
