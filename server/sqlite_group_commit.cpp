#include "server/sqlite_group_commit.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>

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
    Job job;
    job.record = &r;
    std::unique_lock<std::mutex> lock(mutex_);
    queue_.push_back(&job);
    if (gathering_ && queue_.size() >= expected_) gathered_.notify_one();
    while (!job.done) {
        if (!committing_) lead(lock);
        else job.woken.wait(lock);
    }
    if (job.error) std::rethrow_exception(job.error);
    return job.outcome;
}

// Called with the lock held and no commit running. Commits the oldest queued inserts (the
// lead's own among them unless max_batch_ are ahead of it), wakes their callers, and hands
// the lead to the oldest caller still queued: inserts that arrived during this commit.
//
// Gathering: a batch that starts the moment the previous commit ends holds only the callers
// that arrived during it, while the callers just answered come back a moment later and must
// wait a whole commit for the next batch: concurrent clients split into two groups taking
// turns. So the lead first waits briefly (at most half the last commit's time, and never
// more than 1 ms) until as many inserts are queued as the last batch plus its latecomers.
void SqliteGroupCommit::lead(std::unique_lock<std::mutex>& lock) {
    using Clock = std::chrono::steady_clock;
    committing_ = true;
    auto gather = std::min<Clock::duration>(last_commit_ / 2, std::chrono::milliseconds(1));
    if (queue_.size() < expected_ && gather > Clock::duration::zero()) {
        gathering_ = true;
        gathered_.wait_for(lock, gather, [&] { return queue_.size() >= expected_; });
        gathering_ = false;
    }
    std::vector<Job*> batch;
    while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(queue_.front());
        queue_.pop_front();
    }
    lock.unlock();
    auto started = Clock::now();
    commit_batch(batch);
    last_commit_ = Clock::now() - started;
    lock.lock();
    committing_ = false;
    expected_ = std::min(max_batch_, batch.size() + queue_.size());
    for (Job* job : batch) {
        job->done = true;
        job->woken.notify_one();
    }
    if (!queue_.empty()) queue_.front()->woken.notify_one();
}

void SqliteGroupCommit::commit_batch(const std::vector<Job*>& batch) {
    try {
        std::string now = utc_now();
        SqliteTransaction tx(*db_);
        for (Job* job : batch) job->outcome = insert_one(*job->record, now);
        tx.commit();
    } catch (...) {
        // Nothing of the batch is stored (the transaction rolled back): every caller hears so.
        for (Job* job : batch) job->error = std::current_exception();
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
