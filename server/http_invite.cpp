// The Inviter's endpoints for staff, the printable card, and the check of one-time links.
//   POST /api/v1/invitations      {"channel", "language", "addresses": [...]} as JSON, or
//                                 text/csv with ?channel=&language= -> 202 {"batch", ...}
//   GET  /api/v1/invitations      the municipality's latest batches with their counts
//   GET  /api/v1/invitations/{id} one batch: total, sent, pending, failed, last_error
//   GET  /api/v1/cards?channel=   the A6 card (SVG) of the token's municipality
// and, for GET /s/{id}?t=TOKEN, invitation_usable (http_context.hpp).
#include <algorithm>
#include <cctype>
#include <ctime>

#include "server/address_list.hpp"
#include "server/card.hpp"
#include "server/crypto.hpp"
#include "server/http_context.hpp"

namespace klantpeil::server {

using nlohmann::json;

namespace {

constexpr std::size_t kBatchesShown = 50;

// [SECTION] Inviting

struct InviteRequest {
    Channel channel = Channel::balie;
    std::string language = "nl";
    AddressList list;
};

// Reads channel and language from `get` (a JSON field or a query parameter); false after a 400.
template <class Get>
bool read_batch_settings(Get get, httplib::Response& res, InviteRequest& out) {
    auto channel = parse_channel(get("channel"));
    if (!channel) {
        send_error(res, 400, "channel must be balie, telefoon or digitaal", "channel");
        return false;
    }
    out.channel = *channel;
    std::string language = get("language");
    if (!language.empty() && language != "nl" && language != "en") {
        send_error(res, 400, "language must be nl or en", "language");
        return false;
    }
    if (!language.empty()) out.language = language;
    return true;
}

bool read_addresses(Result<AddressList> parsed, httplib::Response& res, InviteRequest& out) {
    if (!parsed) {
        send_problems(res, 400, parsed.problems);
        return false;
    }
    out.list = std::move(*parsed.value);
    return true;
}

bool read_json_invite(Context& ctx, const httplib::Request& req, httplib::Response& res, InviteRequest& out) {
    auto parsed = parse_json(req.body, ctx.json_limits);
    if (!parsed) {
        send_problems(res, 400, parsed.problems);
        return false;
    }
    const json& doc = *parsed;
    if (!doc.is_object()) {
        send_error(res, 400, "send {\"channel\", \"language\", \"addresses\": [...]}");
        return false;
    }
    // Not a string: its JSON text, which the checks then refuse by name.
    auto field = [&doc](const char* name) {
        auto it = doc.find(name);
        return it == doc.end() ? std::string() : it->is_string() ? it->get<std::string>() : it->dump();
    };
    std::vector<std::string> keys;
    for (auto it = doc.begin(); it != doc.end(); ++it) keys.push_back(it.key());
    return only_known(keys, {"channel", "language", "addresses"}, "field", res) &&
           read_batch_settings(field, res, out) &&
           read_addresses(addresses_from_json(doc.value("addresses", json())), res, out);
}

bool read_csv_invite(const httplib::Request& req, httplib::Response& res, InviteRequest& out) {
    auto param = [&req](const char* name) { return req.get_param_value(name); };
    return only_known_params(req, {"channel", "language"}, res) &&
           read_batch_settings(param, res, out) && read_addresses(addresses_from_csv(req.body), res, out);
}

void invite(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    auto municipality = authorise(ctx, req, res);
    if (!municipality) return;
    if (!ctx.inviter.enabled())
        return send_error(res, 503, "no mail relay is configured for this server (serve --smtp-url)");
    std::string type = media_type(req);
    InviteRequest in;
    bool ok = type == "application/json" ? read_json_invite(ctx, req, res, in)
              : type == "text/csv"       ? read_csv_invite(req, res, in)
                                         : (send_error(res, 415, "send JSON or text/csv"), false);
    if (!ok) return;
    auto batch = ctx.inviter.invite(*municipality, in.channel, in.language, in.list.addresses, "staff");
    send_json(res, 202,
              {{"batch", *batch},
               {"queued", in.list.addresses.size()},
               {"duplicates", in.list.duplicates},
               {"status", "/api/v1/invitations/" + *batch}});
}

// [SECTION] Batches

json batch_json(const BatchStatus& b) {
    return {{"batch", b.id},         {"channel", to_string(b.channel)}, {"origin", b.origin},
            {"created_at", b.created_at}, {"total", b.total},          {"sent", b.sent},
            {"pending", b.pending},  {"failed", b.failed},
            {"last_error", b.last_error.empty() ? json(nullptr) : json(b.last_error)}};
}

void list_batches(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    auto municipality = authorise(ctx, req, res);
    if (!municipality) return;
    json all = json::array();
    for (const BatchStatus& b : ctx.storage.batches(*municipality, "", kBatchesShown)) all.push_back(batch_json(b));
    send_json(res, 200, {{"municipality", *municipality}, {"relay", ctx.inviter.enabled()}, {"batches", all}});
}

void one_batch(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    auto municipality = authorise(ctx, req, res);
    if (!municipality) return;
    auto found = ctx.storage.batches(*municipality, req.matches[1], 1);
    if (found.empty()) return send_error(res, 404, "no such batch for municipality " + *municipality, "batch");
    send_json(res, 200, batch_json(found.front()));
}

// [SECTION] Cards

void card(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    auto municipality = authorise(ctx, req, res);
    if (!municipality) return;
    std::optional<Channel> channel;
    if (!read_channel(req, res, channel)) return;
    if (!channel) return send_error(res, 400, "channel must be balie, telefoon or digitaal", "channel");
    std::string name;
    for (const Municipality& m : ctx.storage.municipalities())
        if (m.code == *municipality) name = m.name;
    res.set_content(card_for(ctx.inviter.config().public_url, *municipality, name, *channel), "image/svg+xml");
    res.set_header("Content-Disposition",
                   "attachment; filename=\"klantpeil-kaart-" + *municipality + "-" + to_string(*channel) + ".svg\"");
}

// [SECTION] One-time links

const char* const kPageCsp = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'";

// A page for a resident, not an API error: what happened, in Dutch and English, and no way
// to tell an unknown token from a mistyped one.
void polite_page(httplib::Response& res, int status, const std::string& nl, const std::string& en) {
    res.status = status;
    res.set_header("Content-Security-Policy", kPageCsp);
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content("<!doctype html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>Klantpeil: deze link werkt niet meer</title>\n<link rel=\"stylesheet\" href=\"/page.css\">\n"
                    "</head>\n<body>\n<main>\n<h1>Deze link werkt niet (meer)</h1>\n<p>" + nl +
                        "</p>\n<p>Bedankt voor uw moeite. U kunt dit venster sluiten.</p>\n"
                        "<section lang=\"en\">\n<h2>This link no longer works</h2>\n<p>" + en +
                        "</p>\n<p>Thank you. You may close this window.</p>\n</section>\n</main>\n</body>\n</html>\n",
                    "text/html; charset=utf-8");
}

} // namespace

bool invitation_usable(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    std::string client = client_address(req, ctx.config);
    if (auto wait = ctx.guesses.blocked(client)) {
        res.set_header("Retry-After", std::to_string(*wait));
        polite_page(res, 429, "U heeft te vaak een onbekende link geprobeerd. Probeer het later opnieuw.",
                    "Too many unknown links were tried. Please try again later.");
        return false;
    }
    TokenState state = ctx.storage.token_state(sha256_hex(req.get_param_value("t")), static_cast<long long>(std::time(nullptr)));
    switch (state) {
        case TokenState::usable: return true;
        case TokenState::used:
            polite_page(res, 410, "Met deze uitnodiging is de vragenlijst al ingevuld. Elke link werkt één keer.",
                        "The questionnaire was already completed with this invitation. Each link works once.");
            return false;
        case TokenState::expired:
            polite_page(res, 410, "Deze uitnodiging is verlopen.", "This invitation has expired.");
            return false;
        case TokenState::unknown: break;
    }
    ctx.guesses.take(client);
    polite_page(res, 404, "Deze uitnodiging kennen we niet. Controleer of u de hele link uit de e-mail heeft gebruikt.",
                "We do not know this invitation. Please check that you used the whole link from the e-mail.");
    return false;
}

void add_invite_routes(Listener& http, Context& ctx) {
    http.Post("/api/v1/invitations", [&ctx](const httplib::Request& req, httplib::Response& res) { invite(ctx, req, res); });
    http.Get("/api/v1/invitations", [&ctx](const httplib::Request& req, httplib::Response& res) { list_batches(ctx, req, res); });
    http.Get(R"(/api/v1/invitations/([0-9a-f]{1,32}))",
             [&ctx](const httplib::Request& req, httplib::Response& res) { one_batch(ctx, req, res); });
    http.Get("/api/v1/cards", [&ctx](const httplib::Request& req, httplib::Response& res) { card(ctx, req, res); });
}

} // namespace klantpeil::server
