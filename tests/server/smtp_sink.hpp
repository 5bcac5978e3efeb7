// A real SMTP sink for the Inviter's tests: tests/server/smtp_sink.py (Debian's
// python3-aiosmtpd) as a child process on 127.0.0.1, writing each mail to a temporary folder.
// Stopped (SIGTERM, then waited for) when the object goes.
#pragma once
#include <chrono>
#include <string>
#include <sys/types.h>
#include <vector>

#include "harness.hpp"

namespace klantpeil::server::test {

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

// A port that was free a moment ago (for a relay that comes up later).
int free_port();

// The output of a shell command (stderr discarded), or "" when it failed to run.
std::string run_capture(const std::string& command);

} // namespace klantpeil::server::test
