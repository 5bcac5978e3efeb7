// What both storage implementations share: choosing one by URL and the stored form of a record.
#include "server/storage.hpp"

#include <ctime>
#include <utility>

#include "server/crypto.hpp"

namespace klantpeil::server {

namespace {

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

} // namespace

std::unique_ptr<Storage> open_storage(const std::string& url, const StorageOptions& options) {
    if (starts_with(url, "postgresql://") || starts_with(url, "postgres://"))
        return open_postgres_storage(url, options);
    std::string path = starts_with(url, "sqlite:") ? url.substr(7) : url;
    if (path.empty()) throw StorageError("the database URL " + url + " names no file");
    return open_sqlite_storage(path, options);
}

StoredResponse to_stored(ResponseRecord r) {
    StoredResponse s;
    // The token is checked and spent by the storage through its hash; the body keeps only
    // the source ("inviter"), so no export can hand a token out. A replay of the same record
    // with the same token still gives the same body, hence the same hash.
    if (r.invitation) s.invitation_hash = sha256_hex(*r.invitation);
    r.invitation.reset();
    // Keys sorted (as nlohmann::json keeps them), so equal records give equal bodies whatever
    // the key order and spacing the client sent.
    s.body = dump_record(r);
    s.content_hash = sha256_hex(s.body);
    s.id = std::move(r.id);
    s.municipality = std::move(r.municipality);
    s.channel = r.channel;
    s.questionnaire = std::move(r.questionnaire);
    s.version = r.version;
    s.submitted_at = parse_timestamp(r.submitted_at).value_or(0);
    return s;
}

std::optional<InsertStatus> invitation_refusal(const StoredResponse& r, const std::optional<InvitationHold>& hold,
                                               long long now) {
    if (!hold) return InsertStatus::invitation_unknown;
    if (hold->municipality != r.municipality || hold->channel != to_string(r.channel))
        return InsertStatus::invitation_mismatch;
    if (hold->used_by == r.id) return std::nullopt;
    if (!hold->used_by.empty()) return InsertStatus::invitation_used;
    if (hold->expires_at <= now) return InsertStatus::invitation_expired;
    return std::nullopt;
}

SqlFilter sql_filter(const ResponseQuery& q, bool postgres) {
    SqlFilter f;
    // `number`: PostgreSQL compares a BIGINT column with a text parameter only when cast.
    auto add = [&](const char* condition, std::string value, bool number) {
        f.params.push_back(std::move(value));
        f.where += f.params.size() == 1 ? " WHERE " : " AND ";
        f.where += condition;
        f.where += (postgres ? "$" : "?") + std::to_string(f.params.size());
        if (postgres && number) f.where += "::bigint";
    };
    if (q.municipality) add("municipality = ", *q.municipality, false);
    if (q.channel) add("channel = ", to_string(*q.channel), false);
    if (q.from) add("submitted_at >= ", std::to_string(*q.from), true);
    if (q.to) add("submitted_at < ", std::to_string(*q.to), true);
    if (q.texts_kept) f.where += std::string(f.where.empty() ? " WHERE " : " AND ") + "NOT texts_purged";
    if (!q.any_order) f.order = " ORDER BY submitted_at, id";
    return f;
}

// Every stored response asks for it, and the text changes once a second: each thread keeps its
// last one (strftime was 1 % of the server's time).
std::string utc_now() {
    thread_local std::time_t last = -1;
    thread_local std::string text;
    std::time_t now = std::time(nullptr);
    if (now != last) {
        text = utc_text(now);
        last = now;
    }
    return text;
}

std::string utc_text(std::time_t at) {
    std::tm tm{};
    gmtime_r(&at, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

// PendingCommit

void PendingCommit::then(std::function<void(bool durable)> ended) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!done_) return waiting_.push_back(std::move(ended));
    lock.unlock();
    ended(durable_);
}

bool PendingCommit::wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    ended_.wait(lock, [&] { return done_; });
    return durable_;
}

void PendingCommit::finish(bool durable) {
    std::vector<std::function<void(bool)>> waiting;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        done_ = true;
        durable_ = durable;
        waiting.swap(waiting_);
    }
    ended_.notify_all();
    for (auto& ended : waiting) ended(durable);
}

} // namespace klantpeil::server
