#include "server/inviter.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <set>

#include "engine/period.hpp"
#include "server/crypto.hpp"
#include "server/invitation_mail.hpp"
#include "server/smtp.hpp"

namespace klantpeil::server {

namespace {

constexpr std::size_t kClaimAtOnce = 50;

long long now_seconds() { return static_cast<long long>(std::time(nullptr)); }

// The delay before attempt `attempts + 1`: retry_seconds doubling, capped.
long long backoff(const InviterConfig& c, int attempts) {
    long long delay = c.retry_seconds;
    for (int i = 1; i < attempts && delay < c.max_retry_seconds; ++i) delay *= 2;
    return std::min<long long>(delay, c.max_retry_seconds);
}

} // namespace

InviterConfig with_defaults(InviterConfig c) {
    if (c.mail_from.empty()) c.mail_from = "klantpeil@localhost";
    if (c.invitation_days == 0) c.invitation_days = 30;
    if (c.retry_seconds == 0) c.retry_seconds = 30;
    if (c.max_retry_seconds == 0) c.max_retry_seconds = 3600;
    if (c.max_attempts == 0) c.max_attempts = 12;
    if (c.poll_milliseconds == 0) c.poll_milliseconds = 1000;
    if (c.smtp_timeout_seconds == 0) c.smtp_timeout_seconds = 30;
    return c;
}

Inviter::Inviter(Storage& storage, InviterConfig config, std::ostream& log)
    : storage_(storage), config_(with_defaults(std::move(config))), log_(log) {}

void Inviter::start(const std::string& listening_on) {
    if (config_.public_url.empty()) config_.public_url = listening_on;
    if (enabled() && !thread_.joinable()) thread_ = std::thread([this] { run(); });
}

Inviter::~Inviter() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::optional<std::string> Inviter::invite(const std::string& municipality, Channel channel,
                                           const std::string& language, const std::vector<std::string>& addresses,
                                           const std::string& origin, const std::string& event_id) {
    InvitationBatch b;
    b.id = random_hex(8);
    b.municipality = municipality;
    b.channel = channel;
    b.origin = origin;
    b.language = language;
    b.created_at = now_seconds();
    b.expires_at = b.created_at + 86400LL * config_.invitation_days;
    b.event_id = event_id;
    for (const std::string& address : addresses) {
        std::string token = random_hex(16);  // 128 bits
        b.invitations.push_back({address, token, sha256_hex(token)});
    }
    if (!storage_.add_invitation_batch(b)) return std::nullopt;
    log_ << "klantpeil-server: invitations: batch " << b.id << " (" << municipality << ", " << to_string(channel)
         << ", " << origin << "): " << addresses.size() << " mails queued" << std::endl;
    wake_.notify_all();
    return b.id;
}

void Inviter::run() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        bool busy = false;
        try {
            busy = send_due();
        } catch (const StorageError& e) {
            log_ << "klantpeil-server: invitations: storage error: " << e.what() << std::endl;
        }
        lock.lock();
        if (!busy) wake_.wait_for(lock, std::chrono::milliseconds(config_.poll_milliseconds));
    }
}

// One round: claims due mails (a lease long enough for all of them to time out), sends
// them over one connection, and reports each touched batch once.
bool Inviter::send_due() {
    long long lease = static_cast<long long>(kClaimAtOnce) * config_.smtp_timeout_seconds + 60;
    std::vector<OutboxMail> mails = storage_.claim_mails(now_seconds(), lease, kClaimAtOnce);
    if (mails.empty()) return false;
    std::map<std::string, std::string> names;
    for (const Municipality& m : storage_.municipalities()) names[m.code] = m.name;
    SmtpClient smtp({config_.smtp_url, config_.starttls, config_.smtp_user, config_.smtp_password,
                     config_.smtp_timeout_seconds});
    std::set<std::pair<std::string, std::string>> touched;
    for (const OutboxMail& m : mails) {
        // The survey opens in the mail's language (Dutch when the link names none).
        std::string lang = m.language == "nl" ? "" : "&lang=" + m.language;
        std::string link = survey_link(config_.public_url, m.municipality, m.channel, "&t=" + m.token + lang);
        MailText text = invitation_text(m.language, names[m.municipality], link, config_.invitation_days);
        long long now = now_seconds();
        SmtpOutcome sent = smtp.send(config_.mail_from, m.address, compose_mail(config_.mail_from, m.address, text, now));
        touched.insert({m.municipality, m.batch});
        if (sent.accepted) {
            storage_.mail_sent(m, to_string(local_date_of(now)));
        } else if (sent.permanent || m.attempts >= config_.max_attempts) {
            storage_.mail_failed(m, sent.error);
            log_ << "klantpeil-server: invitations: a mail of batch " << m.batch << " failed for good after "
                 << m.attempts << " attempt(s): " << sent.error << std::endl;
        } else {
            long long delay = backoff(config_, m.attempts);
            storage_.mail_retry(m, now + delay, sent.error);
            log_ << "klantpeil-server: invitations: a mail of batch " << m.batch << " failed (attempt " << m.attempts
                 << "): " << sent.error << "; next try in " << delay << " s" << std::endl;
        }
    }
    for (const auto& [municipality, batch] : touched) report(municipality, batch);
    return true;
}

void Inviter::report(const std::string& municipality, const std::string& batch) {
    for (const BatchStatus& b : storage_.batches(municipality, batch, 1))
        log_ << "klantpeil-server: invitations: batch " << b.id << ": " << b.sent << " sent, " << b.pending
             << " pending, " << b.failed << " failed of " << b.total << std::endl;
}

} // namespace klantpeil::server
