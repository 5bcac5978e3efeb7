// The Inviter: e-mail invitations with one-time links.
//
// invite() turns a list of addresses into a batch: per address a token of 128 random bits
// from the OS's CSPRNG, of which only the SHA-256 hash is kept with municipality, channel and
// expiry, and a mail in the outbox (address and token stay only until the relay accepts it).
// A sender thread takes due mails from the outbox and hands them to the SMTP relay: accepted
// -> the outbox row goes and the (municipality, channel, Amsterdam day) invitation count
// grows; refused for good (5xx) or still failing after the last attempt -> the row and its
// token go and the batch counts a failure; otherwise it is tried again after a doubling
// delay. Every outcome reaches the log and the batch's counts (GET /api/v1/invitations), so
// nothing is dropped silently. Outbox claims carry a lease, so several server processes on
// one PostgreSQL share the work without sending a mail twice.
#pragma once
#include <condition_variable>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "server/storage.hpp"

namespace klantpeil::server {

struct InviterConfig {
    std::string smtp_url;          // "smtp://host:port" or "smtps://host:port"; "" = no relay (invite() refuses)
    bool starttls = false;         // insist on STARTTLS
    std::string smtp_user;         // "" = no AUTH
    std::string smtp_password;     // from KLANTPEIL_SMTP_PASSWORD only, never an option
    std::string mail_from;         // "" = "klantpeil@localhost"
    std::string public_url;        // base of the links; "" = the address the server listens on
    int invitation_days = 0;       // a token's life; 0 = 30
    int retry_seconds = 0;         // first retry after a failure, then doubling; 0 = 30
    int max_retry_seconds = 0;     // longest wait between attempts; 0 = 3600
    int max_attempts = 0;          // then the mail counts as failed; 0 = 12 (about 6 hours)
    int poll_milliseconds = 0;     // how often the outbox is looked at; 0 = 1000
    long smtp_timeout_seconds = 0; // per mail; 0 = 30
};

InviterConfig with_defaults(InviterConfig c);

class Inviter {
public:
    // `log` gets one line per batch change and per failure (never an address); it must
    // outlive the Inviter.
    Inviter(Storage& storage, InviterConfig config, std::ostream& log);
    // Once the server listens: links default to `listening_on` ("http://host:port"), and the
    // sender thread starts when a relay is configured.
    void start(const std::string& listening_on);
    ~Inviter();  // stops the sender after the mail in hand
    Inviter(const Inviter&) = delete;
    Inviter& operator=(const Inviter&) = delete;

    bool enabled() const { return !config_.smtp_url.empty(); }
    const InviterConfig& config() const { return config_; }

    // Queues one mail per address; returns the batch id, or none when `event_id` (a hook
    // delivery) was seen before. Throws StorageError.
    std::optional<std::string> invite(const std::string& municipality, Channel channel, const std::string& language,
                                      const std::vector<std::string>& addresses, const std::string& origin,
                                      const std::string& event_id = "");

private:
    void run();
    bool send_due();  // true when it sent or tried something
    void report(const std::string& municipality, const std::string& batch);

    Storage& storage_;
    InviterConfig config_;
    std::ostream& log_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace klantpeil::server
