#include "server/http_connection.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>

namespace klantpeil::server {

namespace {

constexpr std::size_t kReadAhead = 16 * 1024;

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

void numeric_address(const sockaddr_storage& addr, socklen_t len, std::string& ip, int& port) {
    char host[NI_MAXHOST], service[NI_MAXSERV];
    if (::getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host, sizeof host, service, sizeof service,
                      NI_NUMERICHOST | NI_NUMERICSERV) != 0)
        return;
    ip = host;
    port = std::atoi(service);
}

} // namespace

BoundedSocketStream::BoundedSocketStream(socket_t sock, Limits limits)
    : sock_(sock), limits_(limits), buffer_(kReadAhead) {}

bool BoundedSocketStream::wait_readable(std::chrono::milliseconds timeout) const {
    return begin_ < end_ || ready(sock_, POLLIN, timeout);
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

bool BoundedSocketStream::is_readable() const { return begin_ < end_ || (!spent() && ready(sock_, POLLIN, read_wait())); }

bool BoundedSocketStream::is_writable() const { return ready(sock_, POLLOUT, limits_.write_timeout); }

bool BoundedSocketStream::fill() {
    ssize_t n = attempt(sock_, POLLIN, read_wait(),
                        [&](int flags) { return ::recv(sock_, buffer_.data(), buffer_.size(), flags); });
    if (n <= 0) return false;
    begin_ = 0;
    end_ = static_cast<std::size_t>(n);
    return true;
}

ssize_t BoundedSocketStream::read(char* ptr, std::size_t size) {
    // Over budget: the library sees a failed read, answers 400 or closes the connection.
    if (spent()) return -1;
    size = std::min(size, limits_.request_bytes - delivered_);
    if (begin_ == end_ && !fill()) return -1;
    std::size_t n = std::min(size, end_ - begin_);
    std::memcpy(ptr, buffer_.data() + begin_, n);
    begin_ += n;
    delivered_ += n;
    return static_cast<ssize_t>(n);
}

ssize_t BoundedSocketStream::write(const char* ptr, std::size_t size) {
    return attempt(sock_, POLLOUT, limits_.write_timeout,
                   [&](int flags) { return ::send(sock_, ptr, size, flags | MSG_NOSIGNAL); });
}

void BoundedSocketStream::get_remote_ip_and_port(std::string& ip, int& port) const {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getpeername(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) numeric_address(addr, len, ip, port);
}

void BoundedSocketStream::get_local_ip_and_port(std::string& ip, int& port) const {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) numeric_address(addr, len, ip, port);
}

} // namespace klantpeil::server
