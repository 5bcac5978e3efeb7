// Staff endpoints: a bearer token per municipality (stored as its SHA-256 hash) opens that
// municipality's responses, factsheets and cases, and nothing of another municipality.
//   GET /api/v1/responses?channel=&from=&to=&format=ndjson|csv
//   GET /api/v1/factsheets?channel=&period=
//   GET /api/v1/cases?channel=&period=&q=&limit=
// `municipality=` may be given; it must be the token's own (else 403).
#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>

#include "engine/ascii.hpp"
#include "server/crypto.hpp"
#include "server/http_context.hpp"
#include "server/staff_data.hpp"

namespace klantpeil::server {

using nlohmann::json;

// [SECTION] Authentication

std::optional<std::string> authorise(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    std::string auth = req.get_header_value("Authorization");
    const std::string scheme = "bearer ";  // schemes ignore case (RFC 7235)
    if (auth.size() <= scheme.size() || !iequals_ascii(std::string_view(auth).substr(0, scheme.size()), scheme)) {
        res.set_header("WWW-Authenticate", "Bearer realm=\"klantpeil\"");
        send_error(res, 401, "a staff token is needed: Authorization: Bearer <token>");
        return std::nullopt;
    }
    auto municipality = ctx.storage.token_municipality(sha256_hex(auth.substr(scheme.size())));
    if (!municipality) {
        res.set_header("WWW-Authenticate", "Bearer realm=\"klantpeil\", error=\"invalid_token\"");
        send_error(res, 401, "the staff token is not valid");
        return std::nullopt;
    }
    // Every value: with ?municipality=own&municipality=other the request still names another.
    for (std::size_t i = 0; i < req.get_param_value_count("municipality"); ++i)
        if (req.get_param_value("municipality", i) != *municipality) {
            send_error(res, 403, "this token may only read municipality " + *municipality, "municipality");
            return std::nullopt;
        }
    // ?channel=balie&channel=telefoon would silently mean balie alone.
    for (auto it = req.params.begin(); it != req.params.end(); it = req.params.upper_bound(it->first))
        if (req.params.count(it->first) > 1) {
            send_error(res, 400, it->first + " may be given only once", it->first);
            return std::nullopt;
        }
    return municipality;
}

// [SECTION] Parameters

bool only_known(const std::vector<std::string>& names, const std::vector<std::string>& known, const std::string& what,
                httplib::Response& res) {
    for (const std::string& name : names) {
        if (std::find(known.begin(), known.end(), name) != known.end()) continue;
        std::string use;
        for (const std::string& k : known) use += (use.empty() ? "" : ", ") + k;
        send_error(res, 400, "unknown " + what + " " + name + "; use " + use, name);
        return false;
    }
    return true;
}

bool only_known_params(const httplib::Request& req, std::vector<std::string> known, httplib::Response& res) {
    std::vector<std::string> names;
    for (const auto& param : req.params) names.push_back(param.first);
    known.push_back("municipality");
    return only_known(names, known, "parameter", res);
}

namespace {

// A query parameter read by `parse`: none when absent or empty; a 400 when malformed.
template <class T, class Parse>
bool read_param(const httplib::Request& req, httplib::Response& res, const char* name, const char* expected,
                Parse parse, std::optional<T>& out) {
    std::string value = req.get_param_value(name);
    if (value.empty()) return true;
    out = parse(value);
    if (!out) send_error(res, 400, std::string(name) + " must be " + expected, name);
    return out.has_value();
}

} // namespace

bool read_channel(const httplib::Request& req, httplib::Response& res, std::optional<Channel>& out) {
    return read_param<Channel>(req, res, "channel", "balie, telefoon or digitaal",
                               [](const std::string& s) { return parse_channel(s); }, out);
}

namespace {

bool read_period(const httplib::Request& req, httplib::Response& res, std::optional<Quarter>& out) {
    return read_param<Quarter>(req, res, "period", "a quarter like 2026-Q3",
                               [](const std::string& s) { return parse_quarter(s); }, out);
}

bool read_bound(const httplib::Request& req, httplib::Response& res, const char* name, bool is_to,
                std::optional<long long>& out) {
    std::string value = req.get_param_value(name);
    if (value.empty()) return true;
    auto bound = parse_bound(name, value, is_to);
    if (!bound) {
        send_problems(res, 400, bound.problems);
        return false;
    }
    out = *bound;
    return true;
}

// [SECTION] Handlers

// The export's writer ran into a client that stopped reading.
struct ClientGone {};

// Streams the export as the storage reads it (chunked). A failure halfway can no longer
// change the status: the connection is closed instead, so the client sees a broken download,
// never a short one that looks whole. cpp-httplib gzips text/csv by itself but not NDJSON's
// type, so with `gzip` the export is compressed here, with the library's own gzip.
void stream_export(httplib::Response& res, const char* type, bool gzip, std::function<void(const ExportSink&)> write) {
    if (gzip) {
        res.set_header("Content-Encoding", "gzip");
        res.set_header("Vary", "Accept-Encoding");
    }
    res.set_chunked_content_provider(type, [gzip, write = std::move(write)](std::size_t, httplib::DataSink& sink) {
        auto send = [&sink](const char* data, std::size_t size) {
            if (!sink.write(data, size)) throw ClientGone{};
            return true;
        };
        try {
            std::unique_ptr<httplib::detail::compressor> packer;
            if (gzip) packer = std::make_unique<httplib::detail::gzip_compressor>();
            write([&](std::string_view piece) {
                if (packer) packer->compress(piece.data(), piece.size(), false, send);
                else send(piece.data(), piece.size());
            });
            if (packer) packer->compress(nullptr, 0, true, send);
        } catch (const ClientGone&) {
            return false;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "klantpeil-server: export broken off: %s\n", e.what());
            return false;
        }
        sink.done();
        return true;
    });
}

void export_responses(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    auto municipality = authorise(ctx, req, res);
    if (!municipality) return;
    ResponseQuery q;
    q.municipality = municipality;
    if (!only_known_params(req, {"channel", "from", "to", "format"}, res) || !read_channel(req, res, q.channel) ||
        !read_bound(req, res, "from", false, q.from) || !read_bound(req, res, "to", true, q.to))
        return;
    // An empty range is a mistake in the request, not a period without responses.
    if (q.from && q.to && *q.from >= *q.to) return send_error(res, 400, "to must be later than from", "to");
    std::string format = req.has_param("format") ? req.get_param_value("format") : "ndjson";
    std::string name = "klantpeil-" + *municipality + (q.channel ? std::string("-") + to_string(*q.channel) : "");
    Storage& storage = ctx.storage;
    if (format == "ndjson") {
        // For a progress bar: a chunked (and gzip'ed) body has no Content-Length. Counted
        // before the rows are read; responses stored meanwhile may make the export longer.
        res.set_header("X-Klantpeil-Export-Bytes",
                       std::to_string(storage.body_bytes(q) + storage.count_responses(q)));
        res.set_header("Content-Disposition", "attachment; filename=\"" + name + ".ndjson\"");
        stream_export(res, "application/x-ndjson", accepts_gzip(req),
                      [&storage, q](const ExportSink& emit) { export_ndjson(storage, q, emit); });
    } else if (format == "csv") {
        res.set_header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
        const QuestionnaireSet& set = ctx.catalog.set;
        stream_export(res, "text/csv; charset=utf-8", false,
                      [&storage, &set, q](const ExportSink& emit) { export_csv(storage, q, set, emit); });
    } else {
        send_error(res, 400, "format must be ndjson or csv", "format");
    }
}

void factsheets(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    auto municipality = authorise(ctx, req, res);
    if (!municipality) return;
    FactsheetFilter filter;
    filter.municipality = municipality;
    if (!only_known_params(req, {"channel", "period"}, res) || !read_channel(req, res, filter.channel) ||
        !read_period(req, res, filter.period))
        return;
    send_json(res, 200, factsheets_json(ctx.storage, ctx.catalog.set, filter));
}

void cases(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    auto municipality = authorise(ctx, req, res);
    if (!municipality) return;
    CasesQuery q;
    q.municipality = *municipality;
    std::optional<long long> limit;
    auto parse_limit = [](const std::string& s) -> std::optional<long long> {
        if (s.empty() || s.size() > 5 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
        long long n = std::stoll(s);
        return n >= 1 && n <= 5000 ? std::optional<long long>(n) : std::nullopt;
    };
    if (!only_known_params(req, {"channel", "period", "q", "limit"}, res) || !read_channel(req, res, q.channel) ||
        !read_period(req, res, q.period) || !read_param<long long>(req, res, "limit", "a number from 1 to 5000", parse_limit, limit))
        return;
    q.search = req.get_param_value("q");
    q.limit = limit ? static_cast<std::size_t>(*limit) : 0;
    send_json(res, 200, cases_json(ctx.storage, ctx.catalog.set, q));
}

} // namespace

void add_staff_routes(Listener& http, Context& ctx) {
    http.Get("/api/v1/responses",
             [&ctx](const httplib::Request& req, httplib::Response& res) { export_responses(ctx, req, res); });
    http.Get("/api/v1/factsheets", [&ctx](const httplib::Request& req, httplib::Response& res) { factsheets(ctx, req, res); });
    http.Get("/api/v1/cases", [&ctx](const httplib::Request& req, httplib::Response& res) { cases(ctx, req, res); });
}

} // namespace klantpeil::server
