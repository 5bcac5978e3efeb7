// POST /api/v1/responses: receive a response record, validate it with the engine, store it
// durably and idempotently. And its CORS preflight.
//
// In order: rate limit (429) -> content type (415) -> JSON within size (413, by cpp-httplib)
// and depth (400) -> honeypot (a decoy 201) -> engine validation (400) -> not dated in the
// future (400) -> municipality known (400) -> origin allowed for it (403) -> source and
// invitation agree (400) -> insert with the
// one-time invitation spent in the same transaction: 201 stored, 200 replay of the same
// content with the original answer, 409 the id holds other content or the invitation was
// used by another response, 410 it expired, 400 it is unknown or of another municipality.
//
// GET /api/v1/municipalities/{code} tells a survey as it loads whether its page may submit
// for that municipality, so a misconfigured site shows so before a resident answers anything:
// a site whose origin is on no list has its preflight refused, which a browser reports as a
// network error, and its answers would wait in the queue for good.
#include <algorithm>
#include <ctime>

#include "engine/ascii.hpp"
#include "engine/json_write.hpp"
#include "engine/response.hpp"
#include "server/http_connection.hpp"
#include "server/http_context.hpp"

namespace klantpeil::server {

using nlohmann::json;

namespace {

// A field no person sees (hidden from view and from screen readers by the web-shell) but
// form-filling bots do. When it is filled the answer looks like success and nothing is kept.
constexpr const char* kHoneypot = "website";

// How far a record's submitted_at may run ahead of this server's clock: a device's clock that
// is a little fast is no reason to refuse an answer, but a record dated next quarter or next
// year would sit unseen in a factsheet nobody opens yet.
constexpr long long kClockSlack = 86400;

// [SECTION] Request checks

// application/json, and text/plain for navigator.sendBeacon (which cannot send JSON's type
// without a preflight); charset parameters are fine.
bool acceptable_type(const httplib::Request& req) {
    std::string type = media_type(req);
    return type == "application/json" || type == "text/plain";
}

// A page served by this server posting back to it (the kiosk, the demo page).
bool same_origin(const httplib::Request& req, const std::string& origin) {
    std::string host = req.get_header_value("Host");
    return !host.empty() && (origin == "http://" + host || origin == "https://" + host);
}

// No Origin: not a browser's cross-origin request (a browser sends none for same-origin GETs).
bool may_submit(Context& ctx, const httplib::Request& req, const std::string& origin, const std::string& municipality) {
    return origin.empty() || same_origin(req, origin) || ctx.registry.origin_allowed(municipality, origin);
}

// True when the honeypot holds anything; an empty honeypot is removed, since the engine
// refuses fields a record does not have.
bool honeypot_filled(json& doc) {
    auto it = doc.find(kHoneypot);
    if (it == doc.end()) return false;
    bool empty = it->is_null() || (it->is_string() && it->get<std::string>().empty());
    if (!empty) return true;
    doc.erase(it);
    return false;
}

// A queued record is legitimately old (sent when the kiosk came back online); one from
// beyond the slack comes from a wrong clock or a forger.
bool dated_in_future(const ResponseRecord& r) {
    auto at = parse_timestamp(r.submitted_at);
    return at && *at > static_cast<long long>(std::time(nullptr)) + kClockSlack;
}

// [SECTION] Answers

// Written as text: every stored response is answered with it (building and dumping a JSON
// value was 1 % of the server's time).
void answer_stored(httplib::Response& res, int status, const std::string& id, const std::string& stored_at) {
    std::string body = "{\"id\":";
    append_json_string(body, id);
    body += ",\"status\":\"stored\",\"stored_at\":";
    append_json_string(body, stored_at);
    body += '}';
    res.status = status;
    res.set_content(body, "application/json");
}

// Looks exactly like a first store, so a bot learns nothing.
void answer_decoy(httplib::Response& res, const json& doc) {
    auto id = doc.find("id");
    answer_stored(res, 201, id != doc.end() && id->is_string() ? id->get<std::string>() : "", utc_now());
}

void answer_insert(httplib::Response& res, const StoredResponse& s, const InsertOutcome& outcome) {
    switch (outcome.status) {
        case InsertStatus::stored: return answer_stored(res, 201, s.id, outcome.stored_at);
        case InsertStatus::replay: return answer_stored(res, 200, s.id, outcome.stored_at);
        case InsertStatus::conflict:
            return send_error(res, 409, "a different response with this id is already stored; it was not changed",
                              "id");
        case InsertStatus::invitation_unknown:
            return send_error(res, 400, "this invitation link is not known", "invitation");
        case InsertStatus::invitation_mismatch:
            return send_error(res, 400, "this invitation is for another municipality or channel", "invitation");
        case InsertStatus::invitation_used:
            return send_error(res, 409, "this invitation was used already; each link works once", "invitation");
        case InsertStatus::invitation_expired:
            return send_error(res, 410, "this invitation has expired", "invitation");
    }
}

// An Inviter response carries its one-time token and only an Inviter response does: the
// response rate counts them, so neither may be claimed without the other.
bool invitation_consistent(const ResponseRecord& r, httplib::Response& res) {
    if (r.invitation && r.source != Source::inviter) {
        send_error(res, 400, "a record with an invitation token must have source inviter", "source");
        return false;
    }
    if (!r.invitation && r.source == Source::inviter) {
        send_error(res, 400, "a record with source inviter needs its invitation token", "invitation");
        return false;
    }
    return true;
}

// Retry-After too: a browser hides every header from a cross-origin page but a safelisted few,
// and the embed's queue waits as long as a 429 (or 503) says.
void allow_origin(httplib::Response& res, const std::string& origin) {
    res.set_header("Access-Control-Allow-Origin", origin);
    res.set_header("Access-Control-Expose-Headers", "Retry-After");
    res.set_header("Vary", "Origin");
}

// [SECTION] Handlers

void submit(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    std::string origin = req.get_header_value("Origin");
    // Until the record names its municipality, an origin on any allowlist may read the
    // answer (so the web-shell can show a validation error); a foreign origin never.
    if (!origin.empty() && ctx.registry.origin_allowed_anywhere(origin)) allow_origin(res, origin);

    if (auto wait = ctx.limiter.take(client_address(req, ctx.config))) {
        res.set_header("Retry-After", std::to_string(*wait));
        return send_error(res, 429, "too many submissions from this client; try again in " + std::to_string(*wait) + " s");
    }
    if (!acceptable_type(req)) return send_error(res, 415, "send the record as application/json");
    auto parsed = parse_record_json(req.body, ctx.json_limits);
    if (!parsed) return send_problems(res, 400, parsed.problems);
    json& doc = *parsed;
    if (doc.is_object() && honeypot_filled(doc)) return answer_decoy(res, doc);

    auto record = validate_record(std::move(doc), ctx.catalog.set);
    if (!record) return send_problems(res, 400, record.problems);
    if (dated_in_future(*record))
        return send_error(res, 400, "submitted_at lies more than a day after this server's time (" + utc_now() +
                                        "); check the clock of the device that sent it", "submitted_at");
    if (!ctx.registry.known(record->municipality))
        return send_error(res, 400, "unknown municipality " + record->municipality, "municipality");
    if (!may_submit(ctx, req, origin, record->municipality)) {
        res.headers.erase("Access-Control-Allow-Origin");
        return send_error(res, 403, "this site may not submit responses for municipality " + record->municipality,
                          "municipality");
    }
    if (!invitation_consistent(*record, res)) return;
    StoredResponse s = to_stored(std::move(*record));
    InsertOutcome outcome = ctx.storage.insert_held(s);
    // A refused token counts as a guess (server/http_invite.cpp throttles the survey page).
    if (outcome.status == InsertStatus::invitation_unknown) ctx.guesses.take(client_address(req, ctx.config));
    answer_insert(res, s, outcome);
    if (outcome.commit) hold_answer(std::move(outcome.commit));
}

// Public like the questionnaires (any site may read it): that a code is served and which sites
// it allows is no secret, a refused POST says as much. The server's time lets a device with a
// wrong clock date its records right (a cross-origin page cannot read the Date header).
void access(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    res.set_header("Access-Control-Allow-Origin", "*");
    std::string code = req.matches[1];
    if (!ctx.registry.known(code)) return send_error(res, 404, "unknown municipality " + code, "municipality");
    std::string origin = req.get_header_value("Origin");
    send_json(res, 200, {{"municipality", code},
                         {"origin", origin.empty() ? json(nullptr) : json(origin)},
                         {"submissions_allowed", may_submit(ctx, req, origin, code)},
                         {"server_time", utc_now()}});
}

// Allows only POST with a Content-Type header, from an origin on some municipality's list.
void preflight(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    std::string origin = req.get_header_value("Origin");
    if (origin.empty() || !ctx.registry.origin_allowed_anywhere(origin))
        return send_error(res, 403, "this origin may not submit responses");
    if (req.get_header_value("Access-Control-Request-Method") != "POST")
        return send_error(res, 403, "only POST is allowed");
    std::string headers = ascii_lower(req.get_header_value("Access-Control-Request-Headers"));
    headers.erase(std::remove(headers.begin(), headers.end(), ' '), headers.end());
    if (!headers.empty() && headers != "content-type")
        return send_error(res, 403, "only the Content-Type header is allowed");
    allow_origin(res, origin);
    res.set_header("Access-Control-Allow-Methods", "POST");
    res.set_header("Access-Control-Allow-Headers", "Content-Type");
    res.set_header("Access-Control-Max-Age", "600");
    res.status = 204;
}

} // namespace

void add_submit_routes(Listener& http, Context& ctx) {
    http.Post("/api/v1/responses", [&ctx](const httplib::Request& req, httplib::Response& res) { submit(ctx, req, res); });
    // Where the answer is held for the commit (not awaited), a submission never waits long.
    if (ctx.storage.holds_answers()) http.serve_in_loop("/api/v1/responses");
    http.Options("/api/v1/responses",
                 [&ctx](const httplib::Request& req, httplib::Response& res) { preflight(ctx, req, res); });
    http.Get(R"(/api/v1/municipalities/([0-9]{4}))",
             [&ctx](const httplib::Request& req, httplib::Response& res) { access(ctx, req, res); });
}

} // namespace klantpeil::server
