// Sending one mail through an SMTP relay, with libcurl (Debian's libcurl4-openssl-dev).
// Chosen over a hand-written SMTP client because libcurl is kept up to date by Debian's
// security team and already does what a relay needs: STARTTLS (CURLOPT_USE_SSL), smtps://,
// AUTH PLAIN/LOGIN, dot-stuffing, timeouts; and one easy handle keeps its connection to the
// relay open between mails.
#pragma once
#include <string>

typedef void CURL;

namespace klantpeil::server {

struct SmtpConfig {
    std::string url;            // "smtp://relay.example.nl:587" or "smtps://...:465"
    bool starttls = false;      // require STARTTLS before anything is sent (refuse without it)
    std::string user;           // "" = no AUTH
    std::string password;
    long timeout_seconds = 0;   // per mail; 0 = 30
};

struct SmtpOutcome {
    bool accepted = false;
    bool permanent = false;     // the relay refused for good (5xx): retrying will not help
    std::string error;          // curl's and the relay's words, never the address
};

class SmtpClient {
public:
    explicit SmtpClient(SmtpConfig config);
    ~SmtpClient();
    SmtpClient(const SmtpClient&) = delete;
    SmtpClient& operator=(const SmtpClient&) = delete;

    // `message`: the whole RFC 5322 text (headers, blank line, body) with CRLF line ends.
    SmtpOutcome send(const std::string& from, const std::string& to, const std::string& message);

private:
    SmtpConfig config_;
    CURL* curl_;
};

} // namespace klantpeil::server
