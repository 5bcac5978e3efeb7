#include "server/sqlite_inbox.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace klantpeil::server {

namespace {

constexpr std::uint64_t kInboxBytes = 4u << 20;  // some thousands of responses
constexpr std::size_t kCommitMax = 1024;  // entries per database transaction at most
constexpr auto kCommitInterval = std::chrono::milliseconds(5);
constexpr auto kRetryInterval = std::chrono::seconds(1);

const char* const kExisting = "SELECT content_hash, stored_at FROM responses WHERE id = ?1";
const char* const kInvitation =
    "SELECT municipality, channel, expires_at, coalesce(used_by, '') FROM invitations WHERE token_hash = ?1";
const char* const kSpend =
    "UPDATE invitations SET used_by = ?1, used_at = ?2 WHERE token_hash = ?3 AND used_by IS NULL";
const char* const kPosition = "UPDATE inbox_position SET seq = ?1, byte_offset = ?2";

// [SECTION] An inbox entry: the stored record and when it was accepted, length-prefixed fields

void put(std::string& out, std::string_view field) {
    auto n = static_cast<std::uint32_t>(field.size());
    out.append(reinterpret_cast<const char*>(&n), 4);
    out.append(field);
}

std::string encode(const StoredResponse& r, const std::string& stored_at) {
    std::string out;
    out.reserve(r.body.size() + 256);
    const std::string_view fields[] = {r.id, r.municipality, to_string(r.channel), r.questionnaire,
                                       r.content_hash, r.invitation_hash, stored_at, r.body};
    for (std::string_view f : fields)
        put(out, f);
    put(out, std::to_string(r.version));
    put(out, std::to_string(r.submitted_at));
    return out;
}

// The checksum vouches for the bytes; a field that does not fit means a bug, not a disk.
InboxRecord decode(const std::string& payload) {
    std::size_t at = 0;
    auto next = [&]() -> std::string {
        std::uint32_t n = 0;
        if (at + 4 > payload.size()) throw StorageError("inbox entry too short");
        std::memcpy(&n, payload.data() + at, 4);
        if (at + 4 + n > payload.size()) throw StorageError("inbox entry field too long");
        at += 4 + n;
        return payload.substr(at - n, n);
    };
    InboxRecord d;
    StoredResponse& r = d.record;
    r.id = next();
    r.municipality = next();
    auto channel = parse_channel(next());
    if (!channel) throw StorageError("inbox entry of " + r.id + " has no known channel");
    r.channel = *channel;
    r.questionnaire = next();
    r.content_hash = next();
    r.invitation_hash = next();
    d.stored_at = next();
    r.body = next();
    r.version = std::stoi(next());
    r.submitted_at = std::stoll(next());
    return d;
}

InsertStatus same_content(const std::string& stored_hash, const StoredResponse& r) {
    return stored_hash == r.content_hash ? InsertStatus::replay : InsertStatus::conflict;
}

} // namespace

const char* const kInsertResponse =
    "INSERT INTO responses (id, municipality, channel, questionnaire, version, submitted_at, stored_at,"
    " content_hash, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO NOTHING";

void bind_response(SqliteStmt& insert, const StoredResponse& r, const std::string& stored_at) {
    insert.reset();
    insert.bind(1, r.id).bind(2, r.municipality).bind(3, to_string(r.channel)).bind(4, r.questionnaire);
    insert.bind(5, static_cast<long long>(r.version)).bind(6, r.submitted_at).bind(7, stored_at);
    insert.bind(8, r.content_hash).bind(9, r.body);
}

//-----------------------------------------------------------------------------
// [SECTION] Opening and recovery
//-----------------------------------------------------------------------------

std::unique_ptr<SqliteInbox> SqliteInbox::open(const std::string& db_path, SqliteDb& writer, int busy_timeout_ms,
                                               bool create) {
    auto log = InboxLog::open(db_path + "-inbox", create ? kInboxBytes : 0);
    if (!log) return nullptr;
    auto reader = std::make_unique<SqliteDb>(db_path, busy_timeout_ms);
    std::unique_ptr<SqliteInbox> inbox(new SqliteInbox(std::move(log), writer, std::move(reader)));
    InboxPosition at = inbox->recover();
    inbox->committed_seq_ = inbox->last_seq_ = at.seq;
    inbox->log_->start(at);
    inbox->committer_ = std::thread([p = inbox.get()] { p->commit_loop(); });
    return inbox;
}

SqliteInbox::SqliteInbox(std::unique_ptr<InboxLog> log, SqliteDb& writer, std::unique_ptr<SqliteDb> reader)
    : log_(std::move(log)), writer_(writer), reader_(std::move(reader)), existing_(*reader_, kExisting),
      invitation_(*reader_, kInvitation), insert_(writer_, kInsertResponse), spend_(writer_, kSpend),
      position_(writer_, kPosition) {}

// Commits what the inbox holds after the position the database recorded, then moves the
// seqs on to a new range: entries a crashed process wrote but never flushed whole, left
// further on in the file, can then never pass for the entries that follow.
InboxPosition SqliteInbox::recover() {
    SqliteStmt select(writer_, "SELECT seq, byte_offset FROM inbox_position");
    if (!select.step()) throw StorageError("the inbox position is missing from the database");
    InboxPosition at{static_cast<std::uint64_t>(select.integer(0)), static_cast<std::uint64_t>(select.integer(1))};
    select.reset();
    auto entries = log_->read_after(at);
    std::vector<InboxRecord> records;
    for (const InboxEntry& e : entries) records.push_back(decode(e.payload));
    if (!entries.empty()) {
        std::fprintf(stderr, "klantpeil-server: %zu responses from the inbox committed to the database\n",
                     entries.size());
        at = {entries.back().seq, entries.back().end};
    }
    at.seq = ((at.seq >> 32) + 1) << 32;
    commit(records, at);
    return at;
}

// A clean stop leaves the inbox empty: everything acknowledged is committed first.
SqliteInbox::~SqliteInbox() {
    try {
        settle();
    } catch (const StorageError&) {
        // What is durable stays in the inbox; the next open commits it.
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    committer_.join();
}

//-----------------------------------------------------------------------------
// [SECTION] Insert
//-----------------------------------------------------------------------------

InsertOutcome SqliteInbox::insert(const StoredResponse& r) {
    const std::string stored_at = utc_now();
    const std::string payload = encode(r, stored_at);
    for (;;) {
        std::unique_lock<std::mutex> lock(mutex_);
        if (auto k = known(r)) {
            lock.unlock();
            if (k->seq) log_->wait_durable(k->seq);  // a replay is answered once the first is on disk
            return k->outcome;
        }
        auto seq = log_->try_append(payload);
        if (!seq) {  // the inbox is full until the commit thread frees some of it
            lock.unlock();
            log_->wait_for_room(payload.size());
            continue;
        }
        pending_[r.id] = {r.content_hash, stored_at, *seq};
        if (!r.invitation_hash.empty()) spent_[r.invitation_hash] = r.id;
        last_seq_ = *seq;
        lock.unlock();
        log_->wait_durable(*seq);
        return {InsertStatus::stored, stored_at};
    }
}

// What the record's invitation and id already decide, from the inbox and the database. An
// entry stays in pending_ until after its commit, so every record is in one of the two.
std::optional<SqliteInbox::Known> SqliteInbox::known(const StoredResponse& r) {
    if (!r.invitation_hash.empty()) {
        auto hold = invitation(r.invitation_hash);
        if (auto spent = spent_.find(r.invitation_hash); hold && spent != spent_.end()) hold->used_by = spent->second;
        if (auto refusal = invitation_refusal(r, hold, static_cast<long long>(std::time(nullptr))))
            return Known{{*refusal, ""}, 0};
    }
    if (auto p = pending_.find(r.id); p != pending_.end())
        return Known{{same_content(p->second.content_hash, r), p->second.stored_at}, p->second.seq};
    return stored(r);
}

std::optional<InvitationHold> SqliteInbox::invitation(const std::string& token_hash) {
    invitation_.reset();
    invitation_.bind(1, token_hash);
    if (!invitation_.step()) return std::nullopt;
    InvitationHold hold{invitation_.text(0), invitation_.text(1), invitation_.integer(2), invitation_.text(3)};
    invitation_.reset();  // ends the read: a held snapshot would keep the WAL from folding back
    return hold;
}

std::optional<SqliteInbox::Known> SqliteInbox::stored(const StoredResponse& r) {
    existing_.reset();
    existing_.bind(1, r.id);
    if (!existing_.step()) return std::nullopt;
    Known k{{same_content(existing_.text(0), r), existing_.text(1)}, 0};
    existing_.reset();
    return k;
}

//-----------------------------------------------------------------------------
// [SECTION] Commit to the database
//-----------------------------------------------------------------------------

void SqliteInbox::commit(const std::vector<InboxRecord>& records, InboxPosition position) {
    SqliteTransaction tx(writer_);
    for (const InboxRecord& d : records) {
        bind_response(insert_, d.record, d.stored_at);
        insert_.step();
        if (writer_.changes() == 1 && !d.record.invitation_hash.empty()) {
            spend_.reset();
            spend_.bind(1, d.record.id).bind(2, d.stored_at).bind(3, d.record.invitation_hash);
            spend_.step();
        }
    }
    position_.reset();
    position_.bind(1, static_cast<long long>(position.seq)).bind(2, static_cast<long long>(position.offset));
    position_.step();
    tx.commit();
}

void SqliteInbox::commit_loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        bool stop = stopping_;
        settle_wanted_ = false;
        lock.unlock();
        bool full = commit_durable();
        lock.lock();
        if (stop) return;
        if (!full) wake_.wait_for(lock, commit_error_.empty() ? kCommitInterval : kRetryInterval,
                                  [&] { return stopping_ || settle_wanted_; });
    }
}

// Commits the durable entries (up to kCommitMax); true when there may be more.
bool SqliteInbox::commit_durable() {
    auto entries = log_->durable_entries(kCommitMax);
    if (entries.empty()) return false;
    std::vector<InboxRecord> records;
    std::string error;
    try {
        for (const InboxEntry& e : entries) records.push_back(decode(e.payload));
        commit(records, {entries.back().seq, entries.back().end});
        log_->release(entries.back());
    } catch (const StorageError& e) {
        error = e.what();
        std::fprintf(stderr, "klantpeil-server: committing the inbox failed, retrying: %s\n", e.what());
    }
    std::lock_guard<std::mutex> lock(mutex_);
    ++attempts_;
    commit_error_ = error;
    if (error.empty()) {
        for (const InboxRecord& d : records) {
            pending_.erase(d.record.id);
            spent_.erase(d.record.invitation_hash);
        }
        committed_seq_ = entries.back().seq;
    }
    committed_.notify_all();
    return error.empty() && entries.size() == kCommitMax;
}

void SqliteInbox::settle() {
    std::unique_lock<std::mutex> lock(mutex_);
    const std::uint64_t target = last_seq_, tried = attempts_;
    if (committed_seq_ >= target) return;
    lock.unlock();
    log_->wait_durable(target);  // throws when the inbox failed: then nothing more commits
    lock.lock();
    while (committed_seq_ < target) {
        if (!commit_error_.empty() && attempts_ > tried)
            throw StorageError("responses wait in the inbox: " + commit_error_);
        settle_wanted_ = true;
        wake_.notify_all();
        committed_.wait(lock);
    }
}

} // namespace klantpeil::server
