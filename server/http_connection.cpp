#include "server/http_connection.hpp"

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <tuple>

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>

#include "server/storage.hpp"

namespace klantpeil::server {

namespace {

constexpr std::size_t kReadAhead = 16 * 1024;
constexpr std::size_t kWriteBuffer = 16 * 1024;

// True when `events` came on `sock` within `timeout`.
bool ready(socket_t sock, short events, std::chrono::milliseconds timeout) {
    pollfd p{sock, events, 0};
    int n;
    do n = ::poll(&p, 1, static_cast<int>(timeout.count()));
    while (n < 0 && errno == EINTR);
    return n > 0 && (p.revents & (events | POLLHUP | POLLERR)) != 0;
}

// One attempt that does not block; on EAGAIN, waits for the socket up to `timeout` and tries
// again once. As recv() and send(): the bytes moved, 0 for a closed peer, -1 on failure.
template <class Io>
ssize_t attempt(socket_t sock, short events, std::chrono::milliseconds timeout, Io io) {
    ssize_t n;
    do n = io(MSG_DONTWAIT);
    while (n < 0 && errno == EINTR);
    if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) return n;
    if (!ready(sock, events, timeout)) return -1;
    do n = io(MSG_DONTWAIT);
    while (n < 0 && errno == EINTR);
    return n;
}

// The numeric address and port of the socket's peer (getpeername) or own end (getsockname).
template <class Name>
std::pair<std::string, int> address_of(socket_t sock, Name name) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    char host[NI_MAXHOST], service[NI_MAXSERV];
    if (name(sock, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
        ::getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host, sizeof host, service, sizeof service,
                      NI_NUMERICHOST | NI_NUMERICSERV) != 0)
        return {"", 0};
    return {host, std::atoi(service)};
}

thread_local std::shared_ptr<PendingCommit> t_held_commit;

// Instead of a held answer whose commit failed: nothing was stored, the client may retry. A
// cross-origin page cannot read it (no CORS header): the survey's queue takes it as offline and
// sends again later, as for a 503.
std::string unavailable_answer() {
    const std::string body = std::string("{\"error\":\"") + kStoreUnavailable + "\"}";
    return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\nRetry-After: 5\r\nConnection: close\r\n\r\n" + body;
}

} // namespace

void hold_answer(std::shared_ptr<PendingCommit> commit) { t_held_commit = std::move(commit); }

// An answer waiting for its commit. The commit's thread sends it without waiting for the
// client (MSG_DONTWAIT): what the socket does not take stays for the connection's thread.
class BoundedSocketStream::HeldAnswer {
public:
    HeldAnswer(socket_t sock, std::string bytes) : sock_(sock), bytes_(std::move(bytes)) {}

    void release(bool durable) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!durable) bytes_ = unavailable_answer();
            ssize_t n;
            do n = ::send(sock_, bytes_.data(), bytes_.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
            while (n < 0 && errno == EINTR);
            if (n > 0) bytes_.erase(0, static_cast<std::size_t>(n));
            if (!durable) ::shutdown(sock_, SHUT_RD);  // the connection ends after the 503
            released_ = true;
        }
        released_cv_.notify_one();
    }

    // Released, and all of it sent.
    bool done() {
        std::lock_guard<std::mutex> lock(mutex_);
        return released_ && bytes_.empty();
    }

    // Until released; then the bytes still to send.
    std::string wait() {
        std::unique_lock<std::mutex> lock(mutex_);
        released_cv_.wait(lock, [&] { return released_; });
        return std::move(bytes_);
    }

private:
    socket_t sock_;
    std::mutex mutex_;
    std::condition_variable released_cv_;
    std::string bytes_;
    bool released_ = false;
};

// Both addresses once per connection: cpp-httplib asks for them with every request.
BoundedSocketStream::BoundedSocketStream(socket_t sock, Limits limits)
    : sock_(sock), limits_(limits), buffer_(kReadAhead), remote_(address_of(sock, ::getpeername)),
      local_(address_of(sock, ::getsockname)) {}

BoundedSocketStream::Arrival BoundedSocketStream::read_now() {
    if (begin_ < end_) return Arrival::bytes;
    ssize_t n;
    do n = ::recv(sock_, buffer_.data(), buffer_.size(), MSG_DONTWAIT);
    while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Arrival::none;
    if (n <= 0) return Arrival::gone;
    begin_ = 0;
    end_ = static_cast<std::size_t>(n);
    return Arrival::bytes;
}

bool BoundedSocketStream::settled_now() const {
    if (held_ && held_->done()) held_ = nullptr;
    return !held_;
}

void BoundedSocketStream::next_request() {
    delivered_ = 0;
    deadline_ = std::chrono::steady_clock::now() + limits_.request_time;
}

bool BoundedSocketStream::spent() const {
    return delivered_ >= limits_.request_bytes || std::chrono::steady_clock::now() >= deadline_;
}

std::chrono::milliseconds BoundedSocketStream::read_wait() const {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - std::chrono::steady_clock::now());
    return std::clamp(left, std::chrono::milliseconds(0), limits_.read_timeout);
}

bool BoundedSocketStream::is_readable() const {
    return begin_ < end_ || (waiting_ && !spent() && flush() && ready(sock_, POLLIN, read_wait()));
}

bool BoundedSocketStream::is_writable() const { return !waiting_ || ready(sock_, POLLOUT, limits_.write_timeout); }

bool BoundedSocketStream::fill() {
    if (!flush()) return false;
    ssize_t n = attempt(sock_, POLLIN, waiting_ ? read_wait() : std::chrono::milliseconds(0),
                        [&](int flags) { return ::recv(sock_, buffer_.data(), buffer_.size(), flags); });
    if (n <= 0) return false;
    begin_ = 0;
    end_ = static_cast<std::size_t>(n);
    return true;
}

ssize_t BoundedSocketStream::read(char* ptr, std::size_t size) {
    // Over budget: the library sees a failed read, answers 400 or closes the connection. The
    // clock is read only before going to the socket: cpp-httplib reads headers a byte a call.
    if (delivered_ >= limits_.request_bytes) return -1;
    size = std::min(size, limits_.request_bytes - delivered_);
    if (begin_ == end_ && (spent() || !fill())) return -1;
    std::size_t n = std::min(size, end_ - begin_);
    std::memcpy(ptr, buffer_.data() + begin_, n);
    begin_ += n;
    delivered_ += n;
    return static_cast<ssize_t>(n);
}

ssize_t BoundedSocketStream::send_now(const char* ptr, std::size_t size) const {
    return attempt(sock_, POLLOUT, limits_.write_timeout,
                   [&](int flags) { return ::send(sock_, ptr, size, flags | MSG_NOSIGNAL); });
}

ssize_t BoundedSocketStream::write(const char* ptr, std::size_t size) {
    if (pending_.size() + size <= kWriteBuffer || !waiting_) {
        pending_.append(ptr, size);
        return static_cast<ssize_t>(size);
    }
    if (!flush()) return -1;
    if (size <= kWriteBuffer) return write(ptr, size);
    return send_now(ptr, size);
}

bool BoundedSocketStream::end_answer() {
    std::shared_ptr<PendingCommit> commit = std::exchange(t_held_commit, nullptr);
    if (!commit) return flush();
    if (!settle()) return false;  // a client that sent its next request before this answer
    auto held = std::make_shared<HeldAnswer>(sock_, std::exchange(pending_, {}));
    held_ = held;
    commit->then([held](bool durable) { held->release(durable); });
    return true;
}

bool BoundedSocketStream::settle() const {
    return !held_ || send_all(std::exchange(held_, nullptr)->wait());
}

bool BoundedSocketStream::flush() const {
    if (pending_.empty()) return true;
    if (!settle()) return false;
    if (!waiting_) return send_available();
    if (!send_all(pending_)) return false;
    pending_.clear();
    return true;
}

bool BoundedSocketStream::send_available() const {
    ssize_t n;
    do n = ::send(sock_, pending_.data(), pending_.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
    pending_.erase(0, static_cast<std::size_t>(n));
    return true;
}

bool BoundedSocketStream::send_all(std::string_view bytes) const {
    for (std::size_t sent = 0; sent < bytes.size();) {
        ssize_t n = send_now(bytes.data() + sent, bytes.size() - sent);
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

void BoundedSocketStream::get_remote_ip_and_port(std::string& ip, int& port) const { std::tie(ip, port) = remote_; }

void BoundedSocketStream::get_local_ip_and_port(std::string& ip, int& port) const { std::tie(ip, port) = local_; }

} // namespace klantpeil::server
