#include "server/smtp.hpp"

#include <cstring>
#include <mutex>
#include <stdexcept>

#include <curl/curl.h>

namespace klantpeil::server {

namespace {

struct Upload {
    const std::string& text;
    std::size_t sent = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* up = static_cast<Upload*>(user);
    std::size_t n = std::min(size * count, up->text.size() - up->sent);
    std::memcpy(buffer, up->text.data() + up->sent, n);
    up->sent += n;
    return n;
}

// curl_global_init is not thread-safe; every client goes through here first.
void init_curl_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

} // namespace

SmtpClient::SmtpClient(SmtpConfig config) : config_(std::move(config)) {
    init_curl_once();
    curl_ = curl_easy_init();
    if (!curl_) throw std::runtime_error("libcurl could not start");
    if (config_.timeout_seconds == 0) config_.timeout_seconds = 30;
}

SmtpClient::~SmtpClient() { curl_easy_cleanup(curl_); }

SmtpOutcome SmtpClient::send(const std::string& from, const std::string& to, const std::string& message) {
    Upload upload{message};
    curl_slist* recipients = curl_slist_append(nullptr, ("<" + to + ">").c_str());
    curl_easy_reset(curl_);  // keeps the open connection, forgets the last mail's options
    curl_easy_setopt(curl_, CURLOPT_URL, config_.url.c_str());
    curl_easy_setopt(curl_, CURLOPT_USE_SSL, config_.starttls ? CURLUSESSL_ALL : CURLUSESSL_NONE);
    if (!config_.user.empty()) {
        curl_easy_setopt(curl_, CURLOPT_USERNAME, config_.user.c_str());
        curl_easy_setopt(curl_, CURLOPT_PASSWORD, config_.password.c_str());
    }
    curl_easy_setopt(curl_, CURLOPT_MAIL_FROM, ("<" + from + ">").c_str());
    curl_easy_setopt(curl_, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl_, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl_, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(curl_, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl_, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT, config_.timeout_seconds);
    curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    CURLcode code = curl_easy_perform(curl_);
    curl_slist_free_all(recipients);

    SmtpOutcome outcome;
    outcome.accepted = code == CURLE_OK;
    if (outcome.accepted) return outcome;
    long reply = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &reply);
    outcome.permanent = reply >= 500 && reply < 600;
    // curl_easy_strerror is a fixed text per code: it never holds the recipient.
    outcome.error = std::string(curl_easy_strerror(code)) + (reply ? " (SMTP " + std::to_string(reply) + ")" : "");
    return outcome;
}

} // namespace klantpeil::server
