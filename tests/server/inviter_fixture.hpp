// What the Inviter's tests share (invitations, hooks, cards): a real SMTP sink, and a test
// server with an Inviter, a staff token for 0363 and a stand-in survey page.
#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <sys/types.h>
#include <vector>

#include <memory>

#include "harness.hpp"

namespace klantpeil::server::test {

// tests/server/smtp_sink.py (Debian's python3-aiosmtpd) as a child process on 127.0.0.1,
// writing each mail to a temporary folder; stopped (SIGTERM, then waited for) when it goes.
class SmtpSink {
public:
    // On `port`, or on one the OS picks (0). Throws when it does not start within 10 s.
    explicit SmtpSink(int port = 0);
    ~SmtpSink();
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    int port() const { return port_; }
    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
    // The mails received so far, whole (headers and body), in arrival order.
    std::vector<std::string> mails() const;
    // Waits until at least `n` mails arrived or `timeout` passed; returns the mails.
    std::vector<std::string> wait_for(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(15)) const;

private:
    TempDir dir_;
    pid_t pid_ = 0;
    int port_ = 0;
};

inline const char* const kPublicUrl = "http://klantpeil.test";
inline const char* const kStaffToken = "kp_test_staff_0363";

// A server with an Inviter pointed at `smtp_url` (retrying every second), links under
// kPublicUrl, a staff token kStaffToken for 0363, and a site root holding a stand-in
// survey.html (the real one is built by the wasm preset).
class InviteServer {
public:
    explicit InviteServer(const std::string& smtp_url, ServerConfig config = test_config());

    TestServer& server() { return *server_; }
    Storage& storage() { return *storage_; }
    const TestDatabase& db() const { return db_; }

    httplib::Result staff_get(const std::string& path);
    httplib::Result invite(const std::string& body, const std::string& type = "application/json",
                           const std::string& query = "");
    // Polls the batch until `done` holds or 15 s pass; returns its last status.
    nlohmann::json wait_batch(const std::string& id, const std::function<bool(const nlohmann::json&)>& done);

private:
    TestDatabase db_;
    std::unique_ptr<Storage> storage_;
    TempDir site_;
    std::unique_ptr<TestServer> server_;
};

// A port that was free a moment ago (for a relay that comes up later).
int free_port();

// The output of a shell command (stderr discarded), or "" when it failed to run.
std::string run_capture(const std::string& command);

} // namespace klantpeil::server::test
