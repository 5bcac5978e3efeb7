#include "harness.hpp"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace klantpeil::server::test {

namespace fs = std::filesystem;

// [SECTION] Temporary folders and databases

TempDir::TempDir() {
    std::string pattern = (fs::temp_directory_path() / "klantpeil-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot make a temporary folder");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

namespace {

void pg_admin(const std::string& admin_url, const std::string& sql) {
    PGconn* c = PQconnectdb(admin_url.c_str());
    std::string error;
    if (PQstatus(c) != CONNECTION_OK) {
        error = PQerrorMessage(c);
    } else {
        PGresult* r = PQexec(c, sql.c_str());
        if (PQresultStatus(r) != PGRES_COMMAND_OK) error = PQerrorMessage(c);
        PQclear(r);
    }
    PQfinish(c);
    if (!error.empty()) throw std::runtime_error("PostgreSQL test cluster: " + error + " (" + sql + ")");
}

// `url` with its database name replaced by `name`.
std::string with_database(const std::string& url, const std::string& name) {
    std::size_t scheme = url.find("://");
    std::size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    std::size_t query = url.find('?');
    std::string base = url.substr(0, slash == std::string::npos ? query : slash);
    return base + "/" + name + (query == std::string::npos ? "" : url.substr(query));
}

} // namespace

TestDatabase::TestDatabase() {
    const char* admin = std::getenv("KLANTPEIL_TEST_POSTGRES");
    if (!admin || !*admin) {
        url_ = "sqlite:" + dir_.file("klantpeil.db");
        return;
    }
    static std::atomic<int> counter{0};
    admin_url_ = admin;
    pg_name_ = "kp_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
    pg_admin(admin_url_, "CREATE DATABASE " + pg_name_);
    url_ = with_database(admin_url_, pg_name_);
}

TestDatabase::~TestDatabase() {
    if (pg_name_.empty()) return;
    try {
        pg_admin(admin_url_, "DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
        // The throw-away cluster goes away after the tier anyway.
    }
}

// [SECTION] Questionnaires and records

std::string assets_dir() { return std::string(KLANTPEIL_SOURCE_DIR) + "/assets/questionnaires"; }

const Catalog& assets_catalog() {
    static const Catalog catalog = [] {
        auto loaded = load_catalog(assets_dir());
        if (!loaded) throw std::runtime_error("assets: " + describe(loaded.problems));
        return std::move(*loaded.value);
    }();
    return catalog;
}

std::string new_uuid() {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    std::uint64_t a = random(), b = random();
    char text[40];
    std::snprintf(text, sizeof text, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>(a >> 16 & 0xffff), static_cast<unsigned>(a & 0xfff),
                  static_cast<unsigned>(0x8000 | (b >> 48 & 0x3fff)),
                  static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return text;
}

nlohmann::json balie_record(const std::string& id, const std::string& code) {
    nlohmann::json answers = {{"totaaloordeel", 8}, {"toelichting", "Snel geholpen"}, {"moeite", 4},
                              {"suggesties", "nee"}};
    for (const char* host : {"host_bereidheid", "host_deskundigheid", "host_inleving", "host_verantwoordelijkheid",
                             "host_oplossingen", "host_gemeente"})
        answers[host] = 8;
    for (const char* aspect : {"aspect_openingstijden", "aspect_afspraak", "aspect_wachttijd", "aspect_vriendelijkheid",
                               "aspect_informatie", "aspect_wachtruimte", "aspect_overzichtelijkheid", "aspect_privacy",
                               "aspect_prijs"})
        answers[aspect] = 7;
    answers["aspect_prijs"] = nullptr;  // n.v.t.
    return {{"id", id},         {"questionnaire", "kto-balie"},
            {"version", 1},     {"municipality", code},
            {"channel", "balie"}, {"source", "kiosk"},
            {"invitation", nullptr}, {"submitted_at", "2026-08-14T10:22:00Z"},
            {"language", "nl"}, {"answers", answers}};
}

ServerConfig test_config() {
    ServerConfig c;
    c.rate_limit.enabled = false;
    c.threads = 32;
    return c;
}

void register_test_municipalities(Storage& storage) {
    storage.add_municipality({"0363", "Amsterdam", {"https://www.amsterdam.nl"}});
    storage.add_municipality({"0599", "Rotterdam", {"https://www.rotterdam.nl"}});
}

// [SECTION] The server on a thread

bool answer_complete(const std::string& answer) {
    std::size_t end = answer.find("\r\n\r\n");
    std::size_t length = answer.find("Content-Length: ");
    if (end == std::string::npos || length == std::string::npos || length > end) return false;
    return answer.size() - (end + 4) >= std::stoul(answer.substr(length + 16));
}

std::string post_request(const std::string& body, const std::string& extra_headers) {
    return "POST /api/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + extra_headers +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

TestServer::TestServer(ServerConfig config)
    : db_(std::make_unique<TestDatabase>()), own_storage_(db_->open()), storage_(own_storage_.get()) {
    register_test_municipalities(*storage_);
    start(std::move(config));
}

TestServer::TestServer(Storage& storage, ServerConfig config) : storage_(&storage) { start(std::move(config)); }

void TestServer::start(ServerConfig config) {
    server_ = std::make_unique<HttpServer>(*storage_, assets_catalog(), std::move(config));
    port_ = server_->bind("127.0.0.1", 0);
    thread_ = std::thread([this] { server_->run(); });
    // Ready once it is listening (the socket already queues connections, but stop() only
    // works on a running server, so the destructor must not race the start).
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!server_->running() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (!server_->running()) throw std::runtime_error("the test server did not start");
}

TestServer::~TestServer() {
    server_->stop();
    thread_.join();
    server_.reset();
}

httplib::Client TestServer::client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(5);
    c.set_read_timeout(30);
    return c;
}

httplib::Result TestServer::post(const std::string& body, const httplib::Headers& headers) const {
    return client().Post("/api/v1/responses", headers, body, "application/json");
}

int TestServer::connect_raw(int seconds) const {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port_));
    timeval timeout{seconds, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) return fd;
    close(fd);
    return -1;
}

std::string TestServer::raw(const std::string& request, int seconds) const {
    int fd = connect_raw(seconds);
    std::string answer;
    if (fd >= 0 && send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
        char buffer[4096];
        while (!answer_complete(answer)) {
            ssize_t n = recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            answer.append(buffer, static_cast<std::size_t>(n));
        }
    }
    if (fd >= 0) close(fd);
    return answer;
}

} // namespace klantpeil::server::test
