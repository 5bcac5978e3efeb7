#include "server/http_listener.hpp"

#include <chrono>
#include <sys/socket.h>
#include <unistd.h>

#include "server/http_connection.hpp"

namespace klantpeil::server {

namespace {

// Request line and headers: browsers send 1-2 KiB, with large cookies some 16 KiB.
constexpr std::size_t kHeaderBytes = 64 * 1024;

} // namespace

// [SECTION] Routes

Listener& Listener::Get(const std::string& pattern, Handler handler) {
    httplib::Server::Get(pattern, std::move(handler));
    return remember(pattern, "GET");
}

Listener& Listener::Post(const std::string& pattern, Handler handler) {
    httplib::Server::Post(pattern, std::move(handler));
    return remember(pattern, "POST");
}

Listener& Listener::Options(const std::string& pattern, Handler handler) {
    httplib::Server::Options(pattern, std::move(handler));
    return remember(pattern, "OPTIONS");
}

Listener& Listener::remember(const std::string& pattern, const char* method) {
    methods_.emplace_back(std::regex(pattern), method);
    return *this;
}

std::string Listener::allowed_methods(const std::string& path) const {
    std::string allow;
    auto add = [&](const std::string& method) {
        if ((", " + allow + ",").find(" " + method + ",") != std::string::npos) return;
        allow += (allow.empty() ? "" : ", ") + method;
    };
    for (const auto& [pattern, method] : methods_) {
        if (!std::regex_match(path, pattern)) continue;
        add(method);
        if (method == "GET") add("HEAD");  // cpp-httplib answers HEAD with the GET route
    }
    return allow;
}

// [SECTION] Connections

void Listener::raise_backlog() { ::listen(svr_sock_, SOMAXCONN); }

bool Listener::process_and_close_socket(socket_t sock) {
    using std::chrono::milliseconds;
    BoundedSocketStream strm(sock, {milliseconds(read_timeout_sec_ * 1000 + read_timeout_usec_ / 1000),
                                    milliseconds(write_timeout_sec_ * 1000 + write_timeout_usec_ / 1000),
                                    kHeaderBytes + payload_max_length_, request_time_});
    bool ok = false;
    for (std::size_t left = keep_alive_max_count_; left > 0 && next_request_arrives(strm); --left) {
        strm.next_request();
        bool closed = false;
        ok = process_request(strm, left == 1, closed, nullptr);
        ok = strm.end_answer() && ok;  // the answer goes out, also when the request failed
        if (!ok || closed || strm.spent()) break;
    }
    strm.settle();
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return ok;
}

// Up to the keep-alive timeout, in short waits, so that stop() is not held up by idle clients.
bool Listener::next_request_arrives(const BoundedSocketStream& strm) const {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(keep_alive_timeout_sec_);
    while (svr_sock_ != INVALID_SOCKET) {
        if (strm.wait_readable(std::chrono::milliseconds(50))) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
    }
    return false;
}

} // namespace klantpeil::server
