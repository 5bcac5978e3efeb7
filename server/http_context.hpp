// What the route files of the HTTP server share: the server's state and the helpers that
// give every answer the same shape. Internal to server/http_*.cpp.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "engine/json_guard.hpp"
#include "engine/result.hpp"
#include "server/catalog.hpp"
#include "server/http_listener.hpp"
#include "server/http_server.hpp"
#include "server/inviter.hpp"
#include "server/rate_limit.hpp"
#include "server/registry.hpp"
#include "server/storage.hpp"

namespace klantpeil::server {

struct Context {
    Context(Storage& s, const Catalog& c, const ServerConfig& resolved);

    Storage& storage;
    const Catalog& catalog;
    ServerConfig config;      // defaults filled in
    JsonLimits json_limits;
    MunicipalityRegistry registry;
    RateLimiter limiter;
    RateLimiter guesses;      // failed one-time token lookups
    Inviter inviter;          // last: its sender stops first
};

// The config with every zero replaced by its default.
ServerConfig with_defaults(ServerConfig config);

// [SECTION] Answers
void send_json(httplib::Response& res, int status, const nlohmann::json& body);
// {"error": message, "field": field or null}
void send_error(httplib::Response& res, int status, const std::string& message,
                const std::string& field = std::string());
// The first problem as the error (its path as the field), all of them under "problems".
void send_problems(httplib::Response& res, int status, const std::vector<Problem>& problems);

// [SECTION] Requests
// The client's address for rate limiting: the socket peer, or the last address of the
// configured forwarding header. Never stored or logged.
std::string client_address(const httplib::Request& req, const ServerConfig& config);
// The Content-Type without parameters, in lower case: "application/json".
std::string media_type(const httplib::Request& req);
// True when Accept-Encoding names gzip (without q=0).
bool accepts_gzip(const httplib::Request& req);

// [SECTION] Staff (http_staff.cpp)
// The bearer token's municipality; otherwise answers 401 (or 403) and returns none.
std::optional<std::string> authorise(Context& ctx, const httplib::Request& req, httplib::Response& res);
// False after a 400 naming the first of `names` not in `known` ("unknown parameter chanel;
// use channel, from, to, format"): a misspelt one would be ignored and the answer silently
// wrong (all channels exported). `what` is "parameter" or "field".
bool only_known(const std::vector<std::string>& names, const std::vector<std::string>& known, const std::string& what,
                httplib::Response& res);
// only_known for the query parameters of `req`; `municipality` is always known.
bool only_known_params(const httplib::Request& req, std::vector<std::string> known, httplib::Response& res);
// ?channel=: none when absent; false (after a 400) when it is not a channel.
bool read_channel(const httplib::Request& req, httplib::Response& res, std::optional<Channel>& out);

// [SECTION] One-time links (http_invite.cpp)
// For /s/{id}?t=TOKEN: true when the token may open the survey; otherwise answers the polite
// page (404 unknown, 410 used or expired) or 429 for a client that guessed too often.
bool invitation_usable(Context& ctx, const httplib::Request& req, httplib::Response& res);

// [SECTION] Routes, one file each
void add_public_routes(Listener& http, Context& ctx);  // http_public.cpp
void add_submit_routes(Listener& http, Context& ctx);  // http_submit.cpp
void add_staff_routes(Listener& http, Context& ctx);   // http_staff.cpp
void add_invite_routes(Listener& http, Context& ctx);  // http_invite.cpp
void add_hook_routes(Listener& http, Context& ctx);    // http_hooks.cpp

} // namespace klantpeil::server
