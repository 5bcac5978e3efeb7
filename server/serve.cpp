// `klantpeil-server serve`: loads the questionnaires, opens the storage, optionally seeds the
// demo data, and serves HTTP until SIGINT or SIGTERM. The first line on stdout is
// "klantpeil-server: listening on http://HOST:PORT" (scripts and the crash test wait for it).
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pthread.h>
#include <thread>

#include "server/catalog.hpp"
#include "server/commands.hpp"
#include "server/demo_seed.hpp"
#include "server/http_server.hpp"

namespace klantpeil::server {

namespace {

struct Listen {
    std::string host;
    int port = 0;
};

// "127.0.0.1:8080", "[::1]:8080" or ":8080" (loopback).
std::optional<Listen> parse_listen(const std::string& s) {
    std::size_t colon = s.rfind(':');
    if (colon == std::string::npos || colon + 1 == s.size() || s.size() - colon > 6) return std::nullopt;
    std::string port = s.substr(colon + 1);
    if (port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535) return std::nullopt;
    std::string host = s.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    return Listen{host.empty() ? "127.0.0.1" : host, std::stoi(port)};
}

// "/=DIR" or "/engine=DIR" or just "DIR" (the site root).
WebMount parse_web(const std::string& s) {
    std::size_t eq = s.find('=');
    if (eq != std::string::npos && eq > 0 && s[0] == '/') return {s.substr(0, eq), s.substr(eq + 1)};
    return {"/", s};
}

// A numeric option and the values it takes: strtod also reads "nan", "inf" and "1e30",
// which would reach integer casts and the rate limiter's arithmetic.
struct NumberOption {
    const char* name;
    double min, max;
    bool whole;
    const char* range;  // for the error: "a whole number from 1 to 1024"
};

// The option's value, 0 (its default) when absent; none after an error naming it.
std::optional<double> read_number(const Args& args, const NumberOption& o, std::string& error) {
    auto text = args.get(o.name);
    if (!text) return 0.0;
    char* end = nullptr;
    double v = std::strtod(text->c_str(), &end);
    if (end != text->c_str() && !*end && std::isfinite(v) && v >= o.min && v <= o.max && (!o.whole || v == std::floor(v)))
        return v;
    error = std::string(o.name) + " takes " + o.range + ", not " + *text;
    return std::nullopt;
}

const NumberOption kThreads{"--threads", 1, 1024, true, "a whole number from 1 to 1024"};
const NumberOption kRate{"--rate", 0.001, 1e6, false, "submissions per second from 0.001 to 1000000"};
const NumberOption kBurst{"--burst", 1, 1e6, true, "a whole number from 1 to 1000000"};
const NumberOption kInvitationDays{"--invitation-days", 1, 3650, true, "a whole number of days from 1 to 3650"};

// [SECTION] Configuration from the command line

// The Inviter's relay and links; the SMTP password only from the environment, so it never
// shows in `ps` or a shell history.
bool read_inviter(const Args& args, InviterConfig& c, std::string& error) {
    c.smtp_url = args.get("--smtp-url").value_or(from_env("KLANTPEIL_SMTP_URL", ""));
    c.starttls = args.has("--smtp-starttls");
    c.smtp_user = args.get("--smtp-user").value_or(from_env("KLANTPEIL_SMTP_USER", ""));
    c.smtp_password = from_env("KLANTPEIL_SMTP_PASSWORD", "");
    c.mail_from = args.get("--mail-from").value_or(from_env("KLANTPEIL_MAIL_FROM", ""));
    c.public_url = args.get("--public-url").value_or(from_env("KLANTPEIL_PUBLIC_URL", ""));
    bool smtp_ok = c.smtp_url.empty() || c.smtp_url.rfind("smtp://", 0) == 0 || c.smtp_url.rfind("smtps://", 0) == 0;
    if (!smtp_ok) {
        error = "--smtp-url must be smtp://HOST:PORT or smtps://HOST:PORT";
        return false;
    }
    if (!c.public_url.empty() && !is_public_url(c.public_url)) {
        error = public_url_error(c.public_url);
        return false;
    }
    auto days = read_number(args, kInvitationDays, error);
    if (!days) return false;
    c.invitation_days = static_cast<int>(*days);
    return true;
}

std::optional<ServerConfig> server_config(const Args& args, std::string& error) {
    ServerConfig c;
    std::vector<std::string> web = args.all("--web");
    if (web.empty() && std::getenv("KLANTPEIL_WEB")) web.push_back(std::getenv("KLANTPEIL_WEB"));
    for (const std::string& w : web) c.web.push_back(parse_web(w));
    auto threads = read_number(args, kThreads, error);
    auto rate = threads ? read_number(args, kRate, error) : std::nullopt;
    auto burst = rate ? read_number(args, kBurst, error) : std::nullopt;
    if (!burst) return std::nullopt;
    c.threads = static_cast<std::size_t>(*threads);
    c.rate_limit.per_second = *rate;
    c.rate_limit.burst = *burst;
    c.rate_limit.enabled = !args.has("--no-rate-limit");
    c.client_address_header = args.get("--forwarded-header").value_or("");
    c.access_log = args.has("--access-log");
    if (!read_inviter(args, c.inviter, error)) return std::nullopt;
    return c;
}

// [SECTION] Signals

// SIGINT/SIGTERM are blocked in every thread (set before any thread starts) and taken by
// this one, which stops the server so run() returns and everything shuts down in order.
class SignalStopper {
public:
    // The signals must already be blocked (before any thread started).
    explicit SignalStopper(HttpServer& server) {
        sigset_t set = signals();
        thread_ = std::thread([&server, set] {
            int sig = 0;
            sigwait(&set, &sig);
            server.stop();
        });
    }
    ~SignalStopper() {
        // When run() ended for another reason, wake the waiting thread ourselves.
        pthread_kill(thread_.native_handle(), SIGTERM);
        thread_.join();
    }

    static sigset_t signals() {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGTERM);
        return set;
    }

private:
    std::thread thread_;
};

int serve(const Args& args, std::ostream& out, std::ostream& err) {
    std::string error;
    auto config = server_config(args, error);
    auto listen = parse_listen(args.get("--listen").value_or(std::getenv("KLANTPEIL_LISTEN") ? std::getenv("KLANTPEIL_LISTEN") : "127.0.0.1:8080"));
    if (!config || !listen) {
        err << "klantpeil-server: " << (config ? "--listen must be HOST:PORT" : error) << '\n';
        return kExitUsage;
    }
    Settings settings = settings_from(args);
    auto catalog = load_catalog(settings.assets);
    if (!catalog) {
        err << "klantpeil-server: questionnaires: " << describe(catalog.problems) << '\n';
        return kExitFailed;
    }
    // Before any thread exists (the storage's writer, the HTTP pool), so all inherit the mask.
    sigset_t set = SignalStopper::signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    auto storage = open_settings_storage(settings);
    HttpServer server(*storage, *catalog, *config);
    int port = server.bind(listen->host, listen->port);
    std::string base = "http://" + listen->host + ":" + std::to_string(port);
    if (args.has("--demo")) {
        std::filesystem::create_directories(settings.data_dir);  // throws when it cannot
        DemoOptions demo;
        demo.origins = {base, "http://localhost:" + std::to_string(port)};
        demo.token_file = settings.data_dir + "/demo-token.txt";
        DemoResult seeded = seed_demo(*storage, catalog->set, demo);
        if (seeded.responses_loaded) err << "klantpeil-server: loaded " << seeded.responses_loaded << " demo responses\n";
        out << "klantpeil-server: staff token for " << seeded.municipality << " (demo): " << seeded.token << '\n';
    }
    out << "klantpeil-server: listening on " << base << " (" << storage->backend() << ", "
        << catalog->set.all().size() << " questionnaires)" << std::endl;
    SignalStopper stopper(server);
    bool ok = server.run();
    err << "klantpeil-server: stopped\n";
    return ok ? kExitOk : kExitFailed;
}

} // namespace

int cmd_serve(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
    Args args(words, {"--listen", "--db", "--data-dir", "--assets", "--web", "--threads", "--rate", "--burst",
                      "--forwarded-header", "--smtp-url", "--smtp-user", "--mail-from", "--public-url",
                      "--invitation-days"},
              {"--demo", "--no-rate-limit", "--access-log", "--smtp-starttls"});
    if (!args.error().empty() || !args.positional().empty()) {
        err << "klantpeil-server: " << (args.error().empty() ? "serve takes no words, only options" : args.error())
            << "\n(see klantpeil-server --help)\n";
        return kExitUsage;
    }
    try {
        return serve(args, out, err);
    } catch (const std::exception& e) {
        err << "klantpeil-server: " << e.what() << '\n';
        return kExitFailed;
    }
}

} // namespace klantpeil::server
