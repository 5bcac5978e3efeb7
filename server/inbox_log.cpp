#include "server/inbox_log.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "server/storage.hpp"

namespace klantpeil::server {

namespace {

constexpr char kMagic[4] = {'K', 'P', 'I', '1'};
constexpr std::size_t kHeader = 20;  // magic, length, seq, crc
constexpr std::uint32_t kMaxPayload = 1u << 20;

[[noreturn]] void fail(const std::string& what, const std::string& path) {
    throw StorageError(what + " " + path + ": " + std::strerror(errno));
}

void put_u32(char* at, std::uint32_t v) { std::memcpy(at, &v, 4); }
void put_u64(char* at, std::uint64_t v) { std::memcpy(at, &v, 8); }
std::uint32_t get_u32(const char* at) { std::uint32_t v; std::memcpy(&v, at, 4); return v; }
std::uint64_t get_u64(const char* at) { std::uint64_t v; std::memcpy(&v, at, 8); return v; }

// The checksum covers the header's magic, length and seq, then the payload.
std::uint32_t checksum(const char* header, std::string_view payload) {
    uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(header), 16);
    return static_cast<std::uint32_t>(
        crc32(crc, reinterpret_cast<const Bytef*>(payload.data()), static_cast<uInt>(payload.size())));
}

std::string encode(std::uint64_t seq, std::string_view payload) {
    std::string e(kHeader + payload.size(), '\0');
    std::memcpy(e.data(), kMagic, 4);
    put_u32(e.data() + 4, static_cast<std::uint32_t>(payload.size()));
    put_u64(e.data() + 8, seq);
    std::memcpy(e.data() + kHeader, payload.data(), payload.size());
    put_u32(e.data() + 16, checksum(e.data(), payload));
    return e;
}

void write_all(int fd, const char* data, std::size_t size, std::uint64_t offset, const std::string& path) {
    while (size > 0) {
        ssize_t n = ::pwrite(fd, data, size, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail("cannot write", path);
        data += n;
        size -= static_cast<std::size_t>(n);
        offset += static_cast<std::uint64_t>(n);
    }
}

bool read_all(int fd, char* data, std::size_t size, std::uint64_t offset) {
    while (size > 0) {
        ssize_t n = ::pread(fd, data, size, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
        offset += static_cast<std::uint64_t>(n);
    }
    return true;
}

// Creates the file zero-filled and flushed, with its directory entry, under a temporary name
// renamed into place: a crash never leaves a short inbox file behind.
void create_zeroed(const std::string& path, std::uint64_t size) {
    std::string temp = path + ".new";
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) fail("cannot create", temp);
    std::string zeros(1 << 20, '\0');
    for (std::uint64_t at = 0; at < size; at += zeros.size())
        write_all(fd, zeros.data(), std::min<std::uint64_t>(zeros.size(), size - at), at, temp);
    if (::fsync(fd) != 0) fail("cannot flush", temp);
    ::close(fd);
    if (::rename(temp.c_str(), path.c_str()) != 0) fail("cannot rename", temp);
    std::string dir = path.substr(0, path.find_last_of('/') + 1);
    int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

} // namespace

std::unique_ptr<InboxLog> InboxLog::open(const std::string& path, std::uint64_t size) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (size == 0) return nullptr;
        create_zeroed(path, size);
    }
    int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) fail("cannot open", path);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int held = errno == EWOULDBLOCK;
        ::close(fd);
        if (held) return nullptr;
        fail("cannot lock", path);
    }
    if (::fstat(fd, &st) != 0 || st.st_size < static_cast<off_t>(kHeader + 1)) {
        ::close(fd);
        throw StorageError("the inbox " + path + " is too short: remove it only after a clean stop");
    }
    return std::unique_ptr<InboxLog>(new InboxLog(fd, path, static_cast<std::uint64_t>(st.st_size)));
}

InboxLog::InboxLog(int fd, std::string path, std::uint64_t size) : fd_(fd), path_(std::move(path)), size_(size) {}

InboxLog::~InboxLog() {
    try {
        wait_durable(last_seq_);
    } catch (const StorageError&) {
        // What reached the disk is read back at the next open.
    }
    ::close(fd_);  // closing drops the lock
}

//-----------------------------------------------------------------------------
// Reading back
//-----------------------------------------------------------------------------

std::vector<InboxEntry> InboxLog::read_after(InboxPosition from) {
    std::vector<InboxEntry> out;
    std::uint64_t offset = from.offset;
    // An entry that did not fit before the end of the file was written at its start.
    auto read_at = [&](std::uint64_t at) -> std::optional<InboxEntry> {
        char header[kHeader];
        if (at + kHeader > size_ || !read_all(fd_, header, kHeader, at)) return std::nullopt;
        std::uint32_t length = get_u32(header + 4);
        if (std::memcmp(header, kMagic, 4) != 0 || get_u64(header + 8) != from.seq + 1 ||
            length > kMaxPayload || at + kHeader + length > size_)
            return std::nullopt;
        std::string payload(length, '\0');
        if (!read_all(fd_, payload.data(), length, at + kHeader) || checksum(header, payload) != get_u32(header + 16))
            return std::nullopt;
        return InboxEntry{from.seq + 1, at + kHeader + length, std::move(payload)};
    };
    for (;;) {
        auto entry = read_at(offset);
        if (!entry && offset != 0) entry = read_at(0);
        if (!entry) return out;
        from = {entry->seq, entry->end};
        offset = entry->end;
        out.push_back(std::move(*entry));
    }
}

//-----------------------------------------------------------------------------
// Appending and flushing
//-----------------------------------------------------------------------------

void InboxLog::start(InboxPosition at) {
    std::lock_guard<std::mutex> lock(mutex_);
    last_seq_ = durable_seq_ = at.seq;
    head_ = tail_ = at.offset;
}

// The free part of the ring is [head_, tail_) when entries wrapped past the end, else
// [head_, size_) and then [0, tail_).
std::optional<std::uint64_t> InboxLog::place(std::size_t length) const {
    bool empty = unreleased_.empty();
    if (empty || head_ > tail_) {
        if (head_ + length <= size_) return head_;
        if (length <= (empty ? size_ : tail_)) return 0;
        return std::nullopt;
    }
    if (head_ + length <= tail_) return head_;
    return std::nullopt;
}

std::optional<std::uint64_t> InboxLog::try_append(std::string_view payload) {
    if (payload.size() > kMaxPayload) throw StorageError("a response over 1 MiB does not fit the inbox");
    std::lock_guard<std::mutex> lock(mutex_);
    check_failed();
    auto at = place(kHeader + payload.size());
    if (!at) return std::nullopt;
    std::uint64_t seq = ++last_seq_;
    std::string entry = encode(seq, payload);
    head_ = *at + entry.size();
    if (!unwritten_.empty() && unwritten_.back().offset + unwritten_.back().bytes.size() == *at)
        unwritten_.back().bytes += entry;
    else
        unwritten_.push_back({*at, entry});
    unreleased_.push_back({seq, head_, std::string(payload)});
    return seq;
}

void InboxLog::wait_for_room(std::size_t payload_size) {
    std::unique_lock<std::mutex> lock(mutex_);
    released_.wait(lock, [&] { return !failure_.empty() || place(kHeader + payload_size); });
    check_failed();
}

// The caller that finds no flush running leads one for everything appended so far, its own
// entry included, and wakes the others when it is done; entries appended meanwhile wait for
// the next lead. No flush thread: each round costs one wake-up less.
void InboxLog::wait_durable(std::uint64_t seq) {
    std::unique_lock<std::mutex> lock(mutex_);
    while (durable_seq_ < seq) {
        check_failed();
        if (flushing_) flushed_.wait(lock);
        else flush(lock);
    }
}

void InboxLog::check_failed() const {
    if (!failure_.empty()) throw StorageError(failure_);
}

void InboxLog::flush(std::unique_lock<std::mutex>& lock) {
    flushing_ = true;
    std::vector<Chunk> chunks;
    chunks.swap(unwritten_);
    std::uint64_t upto = last_seq_;
    lock.unlock();
    std::string error;
    try {
        for (const Chunk& c : chunks) write_all(fd_, c.bytes.data(), c.bytes.size(), c.offset, path_);
        if (::fdatasync(fd_) != 0) fail("cannot flush", path_);
    } catch (const StorageError& e) {
        error = e.what();
    }
    lock.lock();
    flushing_ = false;
    // After a failed flush the page cache may have dropped the data: nothing more is
    // acknowledged, and the next start reads back what did reach the disk.
    if (!error.empty()) failure_ = error;
    else durable_seq_ = std::max(durable_seq_, upto);
    flushed_.notify_all();
    released_.notify_all();  // a failure ends waiting for room as well
}

//-----------------------------------------------------------------------------
// Handing entries to the database
//-----------------------------------------------------------------------------

std::vector<InboxEntry> InboxLog::durable_entries(std::size_t limit) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<InboxEntry> out;
    for (const InboxEntry& e : unreleased_) {
        if (e.seq > durable_seq_ || out.size() == limit) break;
        out.push_back(e);
    }
    return out;
}

void InboxLog::release(const InboxEntry& upto) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        while (!unreleased_.empty() && unreleased_.front().seq <= upto.seq) unreleased_.pop_front();
        tail_ = upto.end;
    }
    released_.notify_all();
}

} // namespace klantpeil::server
