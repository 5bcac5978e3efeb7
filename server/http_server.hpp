// The HTTP server: cpp-httplib (Debian's, linked) with Klantpeil's routes.
//
//   POST    /api/v1/responses            a response record (server/http_submit.cpp)
//   OPTIONS /api/v1/responses            CORS preflight
//   GET     /api/v1/questionnaires/{id}  the questionnaire document, latest or ?version=
//   GET     /healthz, /readyz            liveness; readiness (database and questionnaires)
//   GET     /api/v1/responses            staff: export, ?channel=&from=&to=&format=ndjson|csv
//   GET     /api/v1/factsheets           staff: ?channel=&period=
//   GET     /api/v1/cases                staff: ?channel=&period=&q=
//   POST    /api/v1/invitations          staff: addresses to invite (server/http_invite.cpp)
//   GET     /api/v1/invitations[/{id}]   staff: batches with their sent/pending/failed counts
//   GET     /api/v1/cards?channel=       staff: the printable A6 card (SVG)
//   POST    /api/v1/hooks/{vendor}       appointment systems, HMAC-signed (server/http_hooks.cpp)
//   GET     /*                           the web-shell's static files; clean URLs for its
//                                        pages: /kiosk -> kiosk.html, /s/{id} -> survey.html,
//                                        / -> index.html or demo.html, /staff/invite ->
//                                        staff-invite.html; /s/{id}?t=TOKEN only while the
//                                        token is usable (else a polite 404/410 page)
// Errors are JSON: {"error": "what is wrong", "field": "answers.moeite" or null}. A known path
// asked with another method is 405 with Allow; an unknown path 404.
// Nothing about the client (address, User-Agent, Referer) is stored or logged.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "server/catalog.hpp"
#include "server/inviter.hpp"
#include "server/rate_limit.hpp"
#include "server/storage.hpp"

namespace klantpeil::server {

struct Context;   // server/http_context.hpp
class Listener;   // cpp-httplib's server (server/http_listener.hpp)

// A folder of static files served under a URL prefix ("/" for the site root).
struct WebMount {
    std::string prefix;
    std::string dir;
};

struct ServerConfig {
    std::size_t threads = 0;          // worker threads; 0 = 64. A request that may wait holds one;
                                      // idle connections and whole submissions hold none
                                      // (server/http_loop.hpp)
    std::size_t max_body_bytes = 0;   // 0 = 64 KiB; a larger body gets 413 before it is read
    int max_json_depth = 0;           // objects/arrays inside each other; 0 = 16
    RateLimitConfig rate_limit;       // submissions per client
    std::string client_address_header;  // "" = the socket's peer address. Behind a trusted
                                        // proxy: "X-Forwarded-For" (its last address is used)
    std::vector<WebMount> web;        // static files; the first mount holding a file wins
    int registry_refresh_seconds = 0; // re-read municipalities and origins; 0 = 10
    int request_seconds = 0;          // a request must arrive whole within this, from its first
                                      // byte, or the connection is closed; 0 = 30
    bool access_log = false;          // one line per request: method, path, status, time
    InviterConfig inviter;            // the mail relay and links of invitations (server/inviter.hpp)
    RateLimitConfig guess_limit;      // failed one-time token lookups per client; 0 = a burst of
                                      // 20, then one per 20 s
};

class HttpServer {
public:
    // `storage` and `catalog` must outlive the server.
    HttpServer(Storage& storage, const Catalog& catalog, ServerConfig config);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds `host`:`port` (0 = a free port the OS picks) and returns the port; throws
    // std::runtime_error when it cannot.
    int bind(const std::string& host, int port);
    // Starts the Inviter's sender, then serves until stop(); returns false when the
    // listening failed.
    bool run();
    void stop();  // from any thread; run() returns soon after
    bool running() const;

private:
    std::unique_ptr<Context> context_;
    std::unique_ptr<Listener> http_;
    std::string listening_on_;  // "http://host:port" once bound
};

} // namespace klantpeil::server
