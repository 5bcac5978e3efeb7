// POST /api/v1/hooks/{qmatic|jcc|timeblockr|generic}: an appointment system tells that an
// appointment finished; the resident gets an Inviter invitation (same counting, same erasure).
//
// Authentication: X-Klantpeil-Municipality names the municipality, X-Klantpeil-Timestamp the
// unix time of sending, and X-Klantpeil-Signature is "sha256=" + hex HMAC-SHA-256 under the
// municipality's hook secret (`klantpeil-server hook-secret create`) of timestamp + "." +
// body. A wrong or missing signature, or a timestamp more than 5 minutes off, is 401. Event
// ids are remembered for a day per municipality: a delivery retried with the same id (even
// re-signed) gives one invitation and answers 200 "duplicate".
#include <atomic>
#include <cstdlib>
#include <ctime>

#include "server/address_list.hpp"
#include "server/crypto.hpp"
#include "server/hook_adapters.hpp"
#include "server/http_context.hpp"

namespace klantpeil::server {

using nlohmann::json;

namespace {

constexpr long long kWindow = 300;          // seconds a signed delivery stays valid, either way
constexpr long long kEventMemory = 86400;   // seconds an event id is remembered

// [SECTION] Signature

bool digits_only(const std::string& s) {
    return !s.empty() && s.size() <= 12 && s.find_first_not_of("0123456789") == std::string::npos;
}

// The municipality whose secret signed this delivery; otherwise answers 401. One message for
// every failure but the clock, so a caller learns nothing about codes or secrets.
std::optional<std::string> verify(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    std::string municipality = req.get_header_value("X-Klantpeil-Municipality");
    std::string timestamp = req.get_header_value("X-Klantpeil-Timestamp");
    std::string signature = req.get_header_value("X-Klantpeil-Signature");
    long long now = static_cast<long long>(std::time(nullptr));
    if (!digits_only(timestamp) || std::llabs(now - std::stoll(timestamp)) > kWindow) {
        send_error(res, 401, "X-Klantpeil-Timestamp must be the unix time of sending, within 5 minutes of ours",
                   "X-Klantpeil-Timestamp");
        return std::nullopt;
    }
    auto secret = ctx.storage.hook_secret(municipality);
    std::string expected = "sha256=" + hmac_sha256_hex(secret.value_or(""), timestamp + "." + req.body);
    if (!secret || !constant_time_equal(signature, expected)) {
        send_error(res, 401, "the signature does not match this municipality's hook secret", "X-Klantpeil-Signature");
        return std::nullopt;
    }
    return municipality;
}

// [SECTION] Delivery

void forget_old_events(Context& ctx, long long now) {
    static std::atomic<long long> last{0};
    long long previous = last.load();
    if (now - previous < 60 || !last.compare_exchange_strong(previous, now)) return;
    ctx.storage.forget_hook_events(now - kEventMemory);
}

void deliver(Context& ctx, const std::string& vendor, const httplib::Request& req, httplib::Response& res) {
    auto municipality = verify(ctx, req, res);
    if (!municipality) return;
    if (!ctx.inviter.enabled())
        return send_error(res, 503, "no mail relay is configured for this server; deliver again later");
    auto parsed = parse_json(req.body, ctx.json_limits);
    if (!parsed) return send_problems(res, 400, parsed.problems);
    auto event = read_hook(vendor, *parsed);
    if (!event) return send_problems(res, 400, event.problems);
    if (!*event || (*event)->email.empty())
        return send_json(res, 200, {{"status", "ignored"}, {"reason", "not a finished appointment with an e-mail address"}});
    const HookInvitation& in = **event;
    if (!is_mail_address(in.email)) return send_error(res, 400, "the e-mail address is not valid", "email");
    forget_old_events(ctx, static_cast<long long>(std::time(nullptr)));
    auto batch = ctx.inviter.invite(*municipality, in.channel, in.language, {in.email}, "hook:" + vendor, in.event_id);
    if (!batch) return send_json(res, 200, {{"status", "duplicate"}, {"event_id", in.event_id}});
    send_json(res, 202, {{"status", "queued"}, {"event_id", in.event_id}, {"batch", *batch}});
}

} // namespace

void add_hook_routes(Listener& http, Context& ctx) {
    http.Post(R"(/api/v1/hooks/([a-z]{1,20}))", [&ctx](const httplib::Request& req, httplib::Response& res) {
        std::string vendor = req.matches[1];
        if (!known_vendor(vendor)) return send_error(res, 404, "unknown hook " + vendor + "; use qmatic, jcc, timeblockr or generic");
        deliver(ctx, vendor, req, res);
    });
}

} // namespace klantpeil::server
