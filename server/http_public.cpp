// Public endpoints: questionnaires, health, and the web-shell's static files.
// Questionnaires and static files are public and carry no cookies, so any site may fetch them
// (Access-Control-Allow-Origin: *): the embed script on a municipality's site loads the
// questionnaire and the wasm module from this server.
#include <cstdio>
#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>

#include "server/http_context.hpp"

namespace klantpeil::server {

using nlohmann::json;

namespace {

// [SECTION] Questionnaires

void questionnaire(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    res.set_header("Access-Control-Allow-Origin", "*");
    std::string id = req.matches[1];
    std::optional<int> version;
    if (req.has_param("version")) {
        std::string v = req.get_param_value("version");
        if (v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos)
            return send_error(res, 400, "version must be a whole number", "version");
        version = std::stoi(v);
    }
    const std::string* doc = ctx.catalog.document(id, version);
    if (!doc) return send_error(res, 404, "unknown questionnaire " + id + (version ? " version " + std::to_string(*version) : ""));
    res.set_header("Cache-Control", "public, max-age=300");
    res.set_content(*doc, "application/json");
}

// [SECTION] Health

// Ready: the database answers and questionnaires are loaded. A load balancer sends no
// submissions to a process that is not.
void readiness(Context& ctx, httplib::Response& res) {
    try {
        ctx.storage.ping();
        send_json(res, 200,
                  {{"status", "ready"},
                   {"storage", ctx.storage.backend()},
                   {"questionnaires", ctx.catalog.set.all().size()}});
    } catch (const StorageError& e) {
        // The driver's text (host names, users, paths) goes to the operator's log, not to
        // whoever asks: /readyz is public.
        std::fprintf(stderr, "klantpeil-server: not ready: %s\n", e.what());
        send_json(res, 503, {{"status", "not ready"}, {"error", "the database does not answer"}, {"field", nullptr}});
    }
}

// [SECTION] Static files

void mount_web(httplib::Server& http, const std::vector<WebMount>& mounts) {
    httplib::Headers headers = {{"Access-Control-Allow-Origin", "*"}, {"X-Content-Type-Options", "nosniff"}};
    for (const WebMount& m : mounts)
        if (!http.set_mount_point(m.prefix, m.dir, headers))
            throw std::runtime_error("cannot serve " + m.dir + ": not a folder");
    // cpp-httplib knows .wasm, .js, .css, .html, .svg...; these it does not.
    http.set_file_extension_and_mimetype_mapping("mjs", "text/javascript");
    http.set_file_extension_and_mimetype_mapping("map", "application/json");
    http.set_file_extension_and_mimetype_mapping("webmanifest", "application/manifest+json");
}

// The first of `names` found in a root mount, as HTML; false when none is there.
bool serve_page(const std::vector<WebMount>& mounts, std::initializer_list<std::string> names, httplib::Response& res) {
    for (const std::string& name : names)
        for (const WebMount& m : mounts) {
            if (m.prefix != "/") continue;
            std::ifstream in(std::filesystem::path(m.dir) / name, std::ios::binary);
            if (!in) continue;
            std::ostringstream text;
            text << in.rdbuf();
            res.set_header("X-Content-Type-Options", "nosniff");
            res.set_content(text.str(), "text/html");
            return true;
        }
    return false;
}

// Clean URLs of the web-shell's pages: /kiosk is kiosk.html, /s/kto-balie the standalone
// survey page (survey.html reads the questionnaire from its URL; with ?t= only while that
// one-time token is usable), /staff/invite staff-invite.html, / the demo page.
void add_page_routes(Listener& http, Context& ctx) {
    const std::vector<WebMount>& mounts = ctx.config.web;
    auto page = [&mounts](std::function<std::string(const httplib::Request&)> name) {
        return [&mounts, name](const httplib::Request& req, httplib::Response& res) {
            if (!serve_page(mounts, {name(req)}, res)) send_error(res, 404, "not found");
        };
    };
    http.Get("/", [&mounts](const httplib::Request&, httplib::Response& res) {
        if (!serve_page(mounts, {"index.html", "demo.html"}, res)) send_error(res, 404, "not found");
    });
    http.Get(R"(/s/([a-z0-9_-]{1,64}))", [&ctx, &mounts](const httplib::Request& req, httplib::Response& res) {
        if (req.has_param("t") && !invitation_usable(ctx, req, res)) return;
        if (!serve_page(mounts, {"survey.html"}, res)) send_error(res, 404, "not found");
    });
    http.Get(R"(/staff/([a-z0-9-]{1,64}))",
             page([](const httplib::Request& req) { return "staff-" + std::string(req.matches[1]) + ".html"; }));
    http.Get(R"(/([a-z0-9-]{1,64}))", page([](const httplib::Request& req) { return std::string(req.matches[1]) + ".html"; }));
}

} // namespace

void add_public_routes(Listener& http, Context& ctx) {
    http.Get(R"(/api/v1/questionnaires/([a-z0-9_-]{1,64}))",
             [&ctx](const httplib::Request& req, httplib::Response& res) { questionnaire(ctx, req, res); });
    http.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { send_json(res, 200, {{"status", "ok"}}); });
    http.Get("/readyz", [&ctx](const httplib::Request&, httplib::Response& res) { readiness(ctx, res); });
    mount_web(http, ctx.config.web);
    add_page_routes(http, ctx);
}

} // namespace klantpeil::server
