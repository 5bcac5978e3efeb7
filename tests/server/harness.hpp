// What the server tests share: a temporary folder, the database under test, valid records,
// and a real server on 127.0.0.1 at a port the OS picks, serving on its own thread (as
// cpp-httplib's own test.cc does) and stopped and joined when the test ends.
//
// The database under test: an SQLite file in a temporary folder, or, when the environment
// names a PostgreSQL server (KLANTPEIL_TEST_POSTGRES=postgresql://user@127.0.0.1:PORT/postgres,
// set by the `server-postgres` tier of ./klantpeil test), a fresh database created there for
// each test and dropped after it. So one suite runs against both implementations.
#pragma once
#include <memory>
#include <string>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server/catalog.hpp"
#include "server/http_server.hpp"
#include "server/storage.hpp"

namespace klantpeil::server::test {

// A fresh folder under the system's temporary folder, removed with everything in it.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

// The database of one test; see the top of this file.
class TestDatabase {
public:
    TestDatabase();
    ~TestDatabase();
    const std::string& url() const { return url_; }
    bool postgres() const { return !pg_name_.empty(); }
    std::unique_ptr<Storage> open(const StorageOptions& options = {}) const { return open_storage(url_, options); }

private:
    TempDir dir_;
    std::string url_;
    std::string admin_url_;
    std::string pg_name_;
};

// The repository's questionnaires (assets/questionnaires).
const Catalog& assets_catalog();
std::string assets_dir();

std::string new_uuid();
// A valid kto-balie record with a fresh id (or `id`), for municipality `code`.
nlohmann::json balie_record(const std::string& id = new_uuid(), const std::string& code = "0363");

// ServerConfig for tests: no rate limit (unless a test sets one), no access log.
ServerConfig test_config();

class TestServer {
public:
    // With its own database; 0363 (origin https://www.amsterdam.nl) and 0599 (origin
    // https://www.rotterdam.nl) are registered.
    explicit TestServer(ServerConfig config = test_config());
    // On a storage the test owns (e.g. one that fails on purpose).
    TestServer(Storage& storage, ServerConfig config);
    ~TestServer();

    Storage& storage() { return *storage_; }
    int port() const { return port_; }
    httplib::Client client() const;

    // POSTs `body` as JSON to /api/v1/responses, with extra headers.
    httplib::Result post(const std::string& body, const httplib::Headers& headers = {}) const;
    // Sends `request` as it is (for what an HTTP client library will not send) and returns
    // the server's answer: once its body (by Content-Length) is there, the connection closes,
    // or `seconds` pass in silence.
    std::string raw(const std::string& request, int seconds = 3) const;

private:
    void start(ServerConfig config);

    std::unique_ptr<TestDatabase> db_;
    std::unique_ptr<Storage> own_storage_;
    Storage* storage_ = nullptr;
    std::unique_ptr<HttpServer> server_;
    std::thread thread_;
    int port_ = 0;
};

// Registers the two test municipalities in `storage`.
void register_test_municipalities(Storage& storage);

} // namespace klantpeil::server::test
