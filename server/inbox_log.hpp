// The inbox log: where the SQLite storage makes an accepted response durable before it is in
// the database, the way PostgreSQL's WAL does. A fixed-size file used as a ring of entries;
// a flush writes and syncs whatever was appended since the last one, while new entries gather
// for the next. A caller waits for the flush that covers its entry, so one fdatasync answers
// every request that arrived during the previous one, and the CPU work of the next requests
// overlaps the disk's flush instead of waiting for it.
//
// The file is zero-filled when created and then only overwritten: a flush never changes its
// size, so fdatasync writes data, not file-system metadata. An entry is
//   "KPI1" | u32 payload length | u64 seq | u32 crc32(header, payload) | payload
// and is read back only when its seq is the one expected and its checksum holds: a torn
// tail, or an older entry that a later one did not overwrite, ends the log there.
//
// Entries stay until release(): the storage releases them once they are committed to the
// database, and append() waits while the ring has no room.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace klantpeil::server {

struct InboxEntry {
    std::uint64_t seq = 0;
    std::uint64_t end = 0;  // the offset just past it in the file
    std::string payload;
};

// Where the log's unreleased part begins: after entry `seq`, which ends at `offset`.
struct InboxPosition {
    std::uint64_t seq = 0;
    std::uint64_t offset = 0;
};

class InboxLog {
public:
    // Opens `path` (created with `size` bytes when missing, unless `size` is 0) and takes its
    // lock. Returns nothing when another process holds the lock or the file is missing and not
    // to be created; throws StorageError when the file cannot be used.
    static std::unique_ptr<InboxLog> open(const std::string& path, std::uint64_t size);
    ~InboxLog();  // flushes what was appended
    InboxLog(const InboxLog&) = delete;
    InboxLog& operator=(const InboxLog&) = delete;

    // The entries after `from`, as far as they are whole. Call before the first append().
    std::vector<InboxEntry> read_after(InboxPosition from);
    // Starts appending after `at`, with seqs from at.seq + 1. Call once, before try_append().
    void start(InboxPosition at);

    // Appends `payload` unless the ring is full; returns its seq. Throws StorageError once a
    // write or flush has failed: what was not flushed may be lost, so nothing is accepted.
    std::optional<std::uint64_t> try_append(std::string_view payload);
    void wait_for_room(std::size_t payload_size);
    // Blocks until entry `seq` is on disk; throws StorageError when its flush failed.
    void wait_durable(std::uint64_t seq);

    // Durable entries not released yet, oldest first, at most `limit`.
    std::vector<InboxEntry> durable_entries(std::size_t limit);
    // Frees the ring up to and including `upto` (an entry returned by durable_entries()).
    void release(const InboxEntry& upto);

private:
    InboxLog(int fd, std::string path, std::uint64_t size);
    std::optional<std::uint64_t> place(std::size_t length) const;  // with mutex_ held
    void flush(std::unique_lock<std::mutex>& lock);  // leads one flush round
    void check_failed() const;  // with mutex_ held

    struct Chunk {
        std::uint64_t offset;
        std::string bytes;
    };

    int fd_;
    std::string path_;
    std::uint64_t size_;
    std::mutex mutex_;
    std::condition_variable flushed_, released_;
    // Guarded by mutex_:
    std::vector<Chunk> unwritten_;       // appended since the flush thread last took them
    std::deque<InboxEntry> unreleased_;  // on the ring, oldest first
    std::uint64_t head_ = 0;             // where the next entry goes
    std::uint64_t tail_ = 0;             // where the oldest unreleased entry may begin
    std::uint64_t last_seq_ = 0;
    std::uint64_t durable_seq_ = 0;
    std::string failure_;                // why the log stopped accepting; "" = it works
    bool flushing_ = false;              // a caller leads a flush
};

} // namespace klantpeil::server
