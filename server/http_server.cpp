// The HTTP server's set-up: cpp-httplib's settings, the JSON shape of every error, and the
// helpers the route files share (server/http_context.hpp).
#include "server/http_server.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <sys/socket.h>

#include "engine/ascii.hpp"
#include "server/http_connection.hpp"
#include "server/http_context.hpp"

namespace klantpeil::server {

using nlohmann::json;

// [SECTION] Context and answers

ServerConfig with_defaults(ServerConfig c) {
    if (c.threads == 0) c.threads = 64;
    if (c.max_body_bytes == 0) c.max_body_bytes = 64 * 1024;
    if (c.max_json_depth == 0) c.max_json_depth = 16;
    if (c.registry_refresh_seconds == 0) c.registry_refresh_seconds = 10;
    if (c.request_seconds == 0) c.request_seconds = 30;
    if (c.guess_limit.burst == 0) c.guess_limit.burst = 20;
    if (c.guess_limit.per_second == 0) c.guess_limit.per_second = 0.05;
    return c;
}

Context::Context(Storage& s, const Catalog& c, const ServerConfig& resolved)
    : storage(s),
      catalog(c),
      config(resolved),
      json_limits{resolved.max_body_bytes, resolved.max_json_depth},
      registry(s, std::chrono::seconds(resolved.registry_refresh_seconds)),
      limiter(resolved.rate_limit),
      guesses(resolved.guess_limit),
      inviter(s, resolved.inviter, std::cerr) {}

void send_json(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& message, const std::string& field) {
    send_json(res, status, {{"error", message}, {"field", field.empty() ? json(nullptr) : json(field)}});
}

void send_problems(httplib::Response& res, int status, const std::vector<Problem>& problems) {
    json all = json::array();
    for (const Problem& p : problems) all.push_back({{"field", p.path}, {"error", p.message}});
    const Problem& first = problems.front();
    send_json(res, status, {{"error", describe(first)}, {"field", first.path}, {"problems", all}});
}

std::string client_address(const httplib::Request& req, const ServerConfig& config) {
    if (config.client_address_header.empty() || !req.has_header(config.client_address_header.c_str()))
        return req.remote_addr;
    // The last entry is the one our own proxy added; earlier ones the client can forge.
    std::string forwarded = req.get_header_value(config.client_address_header.c_str());
    std::size_t comma = forwarded.rfind(',');
    std::string last = comma == std::string::npos ? forwarded : forwarded.substr(comma + 1);
    std::size_t begin = last.find_first_not_of(' ');
    return begin == std::string::npos ? req.remote_addr : last.substr(begin);
}

namespace {

// Calls `f(name, coding)` for each coding of an Accept-Encoding value, trimmed ("gzip;q=0.8"
// and its name "gzip").
template <class F>
void each_coding(std::string_view header, F f) {
    while (!header.empty()) {
        const std::size_t comma = std::min(header.find(','), header.size());
        std::string_view coding = header.substr(0, comma);
        header.remove_prefix(std::min(comma + 1, header.size()));
        const std::size_t start = coding.find_first_not_of(' ');
        if (start == std::string_view::npos) continue;
        coding.remove_prefix(start);
        f(coding.substr(0, coding.find_first_of(" ;")), coding);
    }
}

} // namespace

std::string media_type(const httplib::Request& req) {
    std::string type = req.get_header_value("Content-Type");
    type = ascii_lower(type.substr(0, type.find(';')));
    type.erase(std::remove(type.begin(), type.end(), ' '), type.end());
    return type;
}

bool accepts_gzip(const httplib::Request& req) {
    bool gzip = false;
    each_coding(req.get_header_value("Accept-Encoding"), [&](std::string_view name, std::string_view coding) {
        const std::size_t q = coding.find("q=");
        bool refused = q != std::string_view::npos && std::strtod(std::string(coding.substr(q + 2)).c_str(), nullptr) <= 0;
        if (iequals_ascii(name, "gzip")) gzip = !refused;
    });
    return gzip;
}


namespace {

// [SECTION] Errors cpp-httplib produces itself (no route, body too large, bad request)

const char* reason(int status) {
    switch (status) {
        case 400: return "the request could not be read";
        case 404: return "not found";
        case 405: return "method not allowed";
        case 413: return "the body is larger than the server accepts";
        case 414: return "the URL is too long";
        default: return "the request failed";
    }
}

void install_error_handlers(Listener& http) {
    http.set_error_handler([&http](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        if (res.status == 404) {
            std::string allow = http.allowed_methods(req.path);
            if (!allow.empty()) {
                res.status = 405;
                res.set_header("Allow", allow);
            }
        }
        send_error(res, res.status, reason(res.status));
    });
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
        try {
            std::rethrow_exception(error);
        } catch (const StorageError& e) {
            // The database is away or failing: nothing was stored, the client may retry.
            std::fprintf(stderr, "klantpeil-server: storage error: %s\n", e.what());
            res.set_header("Retry-After", "5");
            send_error(res, 503, kStoreUnavailable);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "klantpeil-server: internal error: %s\n", e.what());
            send_error(res, 500, "internal error");
        }
    });
}

// cpp-httplib answers "Accept-Encoding: br" with Brotli at quality 11, which compresses under
// 1 MB/s (an 18 MB CSV export: 30 s of a core; gzip: 0.6 s), and offers no setting for it.
// Taking "br" out of the header before routing sends text gzip'ed to every browser. The
// Request is the library's own non-const object: only the handler's view of it is const.
void hide_brotli(const httplib::Request& req) {
    auto header = req.headers.find("Accept-Encoding");
    if (header == req.headers.end()) return;
    std::string kept;
    each_coding(header->second, [&](std::string_view name, std::string_view coding) {
        if (name == "br") return;
        kept += kept.empty() ? "" : ", ";
        kept += coding;
    });
    const_cast<std::string&>(header->second) = kept;
}

// cpp-httplib 0.11 enforces the body limit (413) only from Content-Length: a chunked body, or
// one without a length that lasts until the connection closes, it reads whole into memory,
// whatever its size, before any route can refuse it. Such requests are refused unread with
// 411, as RFC 9110 allows (whatever of the body still comes is then read as a malformed next
// request). Browsers (fetch, sendBeacon) send a Content-Length with every body.
bool refuse_unsized_body(const httplib::Request& req, httplib::Response& res) {
    bool body_expected = req.method == "POST" || req.method == "PUT" || req.method == "PATCH" || req.method == "DELETE";
    if (!body_expected || (req.has_header("Content-Length") && !req.has_header("Transfer-Encoding"))) return false;
    send_error(res, 411, "send the body with a Content-Length header; chunked bodies are not accepted");
    return true;
}

// Before routing, and before any body is read.
void install_request_guards(httplib::Server& http) {
    http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        hide_brotli(req);
        return refuse_unsized_body(req, res) ? httplib::Server::HandlerResponse::Handled
                                             : httplib::Server::HandlerResponse::Unhandled;
    });
}

// Only method, path and status: no address, no User-Agent, no Referer, no query string
// (a search term in ?q= could hold a name).
void install_access_log(httplib::Server& http) {
    http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
        std::fprintf(stderr, "%s %s %d\n", req.method.c_str(), req.path.c_str(), res.status);
    });
}

} // namespace

// [SECTION] Server

HttpServer::HttpServer(Storage& storage, const Catalog& catalog, ServerConfig config)
    : context_(std::make_unique<Context>(storage, catalog, with_defaults(std::move(config)))),
      http_(std::make_unique<Listener>()) {
    const ServerConfig& c = context_->config;
    http_->set_threads(c.threads);
    // Without it every small answer waits ~40 ms for Nagle's algorithm.
    http_->set_tcp_nodelay(true);
    http_->set_keep_alive_max_count(10000);
    http_->set_keep_alive_timeout(5);
    http_->set_read_timeout(10);
    http_->set_write_timeout(10);
    http_->set_request_time(std::chrono::seconds(c.request_seconds));
    // cpp-httplib answers 413 from the Content-Length header, before reading the body.
    http_->set_payload_max_length(c.max_body_bytes);
    // cpp-httplib 0.11 binds with SO_REUSEPORT, so a second server on a port in use (an old
    // one still running, one on another database) started without complaint and the kernel
    // split the connections between them. SO_REUSEADDR alone still allows a quick restart.
    http_->set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    install_error_handlers(*http_);
    install_request_guards(*http_);
    if (c.access_log) install_access_log(*http_);
    add_submit_routes(*http_, *context_);
    add_staff_routes(*http_, *context_);
    add_invite_routes(*http_, *context_);
    add_hook_routes(*http_, *context_);
    add_public_routes(*http_, *context_);
}

HttpServer::~HttpServer() { stop(); }

int HttpServer::bind(const std::string& host, int port) {
    int bound = port == 0 ? http_->bind_to_any_port(host) : (http_->bind_to_port(host, port) ? port : -1);
    if (bound <= 0)
        throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) +
                                 " (another process listens there, or the address is not this machine's)");
    http_->start();
    listening_on_ = "http://" + host + ":" + std::to_string(bound);
    return bound;
}

bool HttpServer::run() {
    context_->inviter.start(listening_on_);  // links default to this address
    return http_->listen_after_bind();
}

void HttpServer::stop() {
    if (http_->is_running()) http_->stop();
}

bool HttpServer::running() const { return http_->is_running(); }

} // namespace klantpeil::server
