#include "server/sqlite_group_commit.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <utility>

namespace klantpeil::server {

namespace {

const char* const kInsert =
    "INSERT INTO responses (id, municipality, channel, questionnaire, version, submitted_at, stored_at,"
    " content_hash, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO NOTHING";
const char* const kExisting = "SELECT content_hash, stored_at FROM responses WHERE id = ?1";
const char* const kInvitation =
    "SELECT municipality, channel, expires_at, coalesce(used_by, '') FROM invitations WHERE token_hash = ?1";
const char* const kSpend = "UPDATE invitations SET used_by = ?1, used_at = ?2 WHERE token_hash = ?3";

} // namespace

SqliteGroupCommit::SqliteGroupCommit(std::unique_ptr<SqliteDb> db, std::size_t max_batch)
    : db_(std::move(db)), insert_(*db_, kInsert), existing_(*db_, kExisting),
      invitation_(*db_, kInvitation), spend_(*db_, kSpend), max_batch_(max_batch) {}

InsertOutcome SqliteGroupCommit::insert(const StoredResponse& r) {
    auto job = std::make_shared<Job>(r);
    bool leads;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        queue_.push_back(job);
        if (gathering_ && queue_.size() >= expected_) gathered_.notify_one();
        leads = !std::exchange(committing_, true);
    }
    // A lead may end with this caller's record still queued (max_batch_ were ahead of it):
    // then it leads again, or waits for its batch.
    for (;;) {
        if (leads) lead();
        leads = job->wait();
        if (!leads) break;
    }
    if (job->error) std::rethrow_exception(job->error);
    return job->outcome;
}

bool SqliteGroupCommit::Job::wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    woken_.wait(lock, [&] { return done_ || lead_; });
    return !done_ && std::exchange(lead_, false);
}

// The notify comes after the unlock, so the woken caller does not wait for this mutex; the
// Job outlives the notify because the leader holds it too.
void SqliteGroupCommit::Job::signal(bool& flag) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        flag = true;
    }
    woken_.notify_one();
}

// Called by the one caller that holds the lead (committing_). Commits the oldest queued
// inserts (the lead's own among them unless max_batch_ are ahead of it), wakes their callers,
// and hands the lead to the oldest caller still queued: inserts that arrived during this
// commit; with none, the next caller to come leads.
//
// Gathering: a batch that starts the moment the previous commit ends holds only the callers
// that arrived during it, while the callers just answered come back a moment later and must
// wait a whole commit for the next batch: concurrent clients split into two groups taking
// turns. So the lead first waits briefly (at most half the last commit's time, and never
// more than 1 ms) until as many inserts are queued as the last batch plus its latecomers.
void SqliteGroupCommit::lead() {
    using Clock = std::chrono::steady_clock;
    std::unique_lock<std::mutex> lock(mutex_);
    auto gather = std::min<Clock::duration>(last_commit_ / 2, std::chrono::milliseconds(1));
    if (queue_.size() < expected_ && gather > Clock::duration::zero()) {
        gathering_ = true;
        gathered_.wait_for(lock, gather, [&] { return queue_.size() >= expected_; });
        gathering_ = false;
    }
    std::vector<std::shared_ptr<Job>> batch;
    while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
    }
    lock.unlock();
    auto started = Clock::now();
    commit_batch(batch);
    last_commit_ = Clock::now() - started;
    for (const auto& job : batch) job->finish();
    lock.lock();
    expected_ = std::min(max_batch_, batch.size() + queue_.size());
    if (queue_.empty()) {
        committing_ = false;
        return;
    }
    std::shared_ptr<Job> next = queue_.front();
    lock.unlock();
    next->hand_lead();
}

void SqliteGroupCommit::commit_batch(const std::vector<std::shared_ptr<Job>>& batch) {
    try {
        std::string now = utc_now();
        SqliteTransaction tx(*db_);
        for (const auto& job : batch) job->outcome = insert_one(job->record, now);
        tx.commit();
    } catch (...) {
        // Nothing of the batch is stored (the transaction rolled back): every caller hears so.
        for (const auto& job : batch) job->error = std::current_exception();
    }
}

// Inside the batch's transaction: a second record with the same id in one batch sees the
// first as stored, so concurrent submissions of one id still give exactly one row; and a
// second record with the same invitation sees it spent.
InsertOutcome SqliteGroupCommit::insert_one(const StoredResponse& r, const std::string& now) {
    std::optional<InvitationHold> hold;
    if (!r.invitation_hash.empty()) {
        hold = invitation(r.invitation_hash);
        if (auto refusal = invitation_refusal(r, hold, static_cast<long long>(std::time(nullptr))))
            return {*refusal, ""};
    }
    insert_.reset();
    insert_.bind(1, r.id).bind(2, r.municipality).bind(3, to_string(r.channel)).bind(4, r.questionnaire);
    insert_.bind(5, static_cast<long long>(r.version)).bind(6, r.submitted_at).bind(7, now);
    insert_.bind(8, r.content_hash).bind(9, r.body);
    insert_.step();
    if (db_->changes() == 1) {
        if (hold && hold->used_by.empty()) spend_invitation(r, now);
        return {InsertStatus::stored, now};
    }

    existing_.reset();
    existing_.bind(1, r.id);
    if (!existing_.step()) throw StorageError("response " + r.id + " vanished during its insert");
    InsertStatus status = existing_.text(0) == r.content_hash ? InsertStatus::replay : InsertStatus::conflict;
    InsertOutcome outcome{status, existing_.text(1)};
    existing_.reset();  // ends the read, so the statement holds no snapshot between batches
    return outcome;
}

std::optional<InvitationHold> SqliteGroupCommit::invitation(const std::string& token_hash) {
    invitation_.reset();
    invitation_.bind(1, token_hash);
    if (!invitation_.step()) return std::nullopt;
    InvitationHold hold{invitation_.text(0), invitation_.text(1), invitation_.integer(2), invitation_.text(3)};
    invitation_.reset();
    return hold;
}

void SqliteGroupCommit::spend_invitation(const StoredResponse& r, const std::string& now) {
    spend_.reset();
    spend_.bind(1, r.id).bind(2, now).bind(3, r.invitation_hash);
    spend_.step();
}

} // namespace klantpeil::server
