// What the server tests share: a temporary folder, the database under test, valid records,
// and a real server on 127.0.0.1 at a port the OS picks, serving on its own thread (as
// cpp-httplib's own test.cc does) and stopped and joined when the test ends.
//
// The database under test: an SQLite file in a temporary folder, or, when the environment
// names a PostgreSQL server (KLANTPEIL_TEST_POSTGRES=postgresql://user@127.0.0.1:PORT/postgres,
// set by the `server-postgres` tier of ./klantpeil test), a fresh database created there for
// each test and dropped after it. So one suite runs against both implementations.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <sys/socket.h>

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

// A POST of `body` to /api/v1/responses as its bytes, with extra header lines.
std::string post_request(const std::string& body, const std::string& extra_headers = "");

// True when `answer` begins with a whole HTTP response with a Content-Length body.
bool answer_complete(const std::string& answer);

// What arrives on `fd` until `done(text)`, or the end, or the socket's receive timeout.
template <class Done>
std::string read_until(int fd, Done done) {
    std::string text;
    char buffer[4096];
    while (!done(text)) {
        ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
}

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
    // A plain TCP connection to the server, with `seconds` as its send and receive timeouts;
    // -1 when it fails. The caller closes it.
    int connect_raw(int seconds = 3) const;

private:
    void start(ServerConfig config);

    std::unique_ptr<TestDatabase> db_;
    std::unique_ptr<Storage> own_storage_;
    Storage* storage_ = nullptr;
    std::unique_ptr<HttpServer> server_;
    std::thread thread_;
    int port_ = 0;
};

// Delegates to a real storage but fails as a database that went away: inserts and pings
// always, listings of responses after `rows_before_failure` rows when that is set.
class FailingStorage : public Storage {
public:
    explicit FailingStorage(Storage& real) : real_(real) {}
    const char* backend() const override { return "failing"; }
    int schema_version() override { return real_.schema_version(); }
    void ping() override { throw StorageError("database unreachable"); }
    InsertOutcome insert(const StoredResponse&) override { throw StorageError("database unreachable"); }
    std::size_t insert_many(const std::vector<StoredResponse>& rs) override { return real_.insert_many(rs); }
    void list_responses(const ResponseQuery& q, const std::function<void(const ResponseRow&)>& f) override {
        std::size_t rows = 0;
        real_.list_responses(q, [&](const ResponseRow& row) {
            if (rows_before_failure && rows++ == *rows_before_failure) throw StorageError("database unreachable");
            f(row);
        });
    }
    std::size_t count_responses(const ResponseQuery& q) override { return real_.count_responses(q); }
    std::size_t body_bytes(const ResponseQuery& q) override { return real_.body_bytes(q); }
    void add_municipality(const Municipality& m) override { real_.add_municipality(m); }
    bool remove_origin(const std::string& code, const std::string& origin) override { return real_.remove_origin(code, origin); }
    std::vector<Municipality> municipalities() override { return real_.municipalities(); }
    void add_staff_token(const std::string& m, const std::string& h) override { real_.add_staff_token(m, h); }
    std::optional<std::string> token_municipality(const std::string& h) override { return real_.token_municipality(h); }
    std::optional<std::string> remove_staff_token(const std::string& h) override { return real_.remove_staff_token(h); }
    std::size_t remove_staff_tokens(const std::string& m) override { return real_.remove_staff_tokens(m); }
    void add_invitations(const std::vector<InvitationRow>& rows) override { real_.add_invitations(rows); }
    std::vector<InvitationRow> invitations(const std::optional<Channel>& c) override { return real_.invitations(c); }
    bool add_invitation_batch(const InvitationBatch& b) override { return real_.add_invitation_batch(b); }
    std::vector<OutboxMail> claim_mails(long long now, long long lease, std::size_t limit) override {
        return real_.claim_mails(now, lease, limit);
    }
    void mail_sent(const OutboxMail& m, const std::string& day) override { real_.mail_sent(m, day); }
    void mail_retry(const OutboxMail& m, long long at, const std::string& e) override { real_.mail_retry(m, at, e); }
    void mail_failed(const OutboxMail& m, const std::string& e) override { real_.mail_failed(m, e); }
    std::vector<BatchStatus> batches(const std::string& m, const std::string& id, std::size_t limit) override {
        return real_.batches(m, id, limit);
    }
    TokenState token_state(const std::string& h, long long now) override { return real_.token_state(h, now); }
    void set_hook_secret(const std::string& m, const std::string& s) override { real_.set_hook_secret(m, s); }
    std::optional<std::string> hook_secret(const std::string& m) override { return real_.hook_secret(m); }
    void forget_hook_events(long long before) override { real_.forget_hook_events(before); }
    std::size_t delete_older_than(long long c) override { return real_.delete_older_than(c); }
    std::size_t purge_texts_older_than(long long c, const std::function<std::string(const std::string&)>& f) override {
        return real_.purge_texts_older_than(c, f);
    }
    void backup(const std::string& path) override { real_.backup(path); }

    std::optional<std::size_t> rows_before_failure;

private:
    Storage& real_;
};

// Registers the two test municipalities in `storage`.
void register_test_municipalities(Storage& storage);

} // namespace klantpeil::server::test
