#include "server/http_listener.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <utility>

#include <sys/socket.h>
#include <unistd.h>

#include "engine/ascii.hpp"
#include "server/http_connection.hpp"

namespace klantpeil::server {

namespace {

// Request line and headers: browsers send 1-2 KiB, with large cookies some 16 KiB.
constexpr std::size_t kHeaderBytes = 64 * 1024;
// Loop threads: one per core serves best (measured on 2 cores with 1 to 4 loops).
constexpr unsigned kMaxLoops = 8;

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

// A chunked body, an Expect, a second Content-Length or a line without a colon reads as not
// whole: a worker, with cpp-httplib's full rules, serves it.
bool whole_post(std::string_view bytes, std::string_view path) {
    const std::string_view method = "POST ";
    if (path.empty() || bytes.substr(0, method.size()) != method || bytes.substr(method.size(), path.size()) != path)
        return false;
    std::size_t after = method.size() + path.size();
    if (after >= bytes.size() || (bytes[after] != ' ' && bytes[after] != '?')) return false;
    std::size_t head_end = bytes.find("\r\n\r\n");
    if (head_end == std::string_view::npos) return false;
    std::optional<std::size_t> length;
    for (std::size_t line = bytes.find("\r\n") + 2; line < head_end + 2;) {
        std::size_t end = bytes.find("\r\n", line);
        std::string_view header = bytes.substr(line, end - line);
        line = end + 2;
        std::size_t colon = header.find(':');
        if (colon == std::string_view::npos) return false;
        std::string_view name = header.substr(0, colon), value = header.substr(colon + 1);
        if (iequals_ascii(name, "transfer-encoding") || iequals_ascii(name, "expect")) return false;
        if (!iequals_ascii(name, "content-length")) continue;
        value = trim(value);
        std::size_t n = 0;
        auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (length || value.empty() || ec != std::errc() || ptr != value.data() + value.size()) return false;
        length = n;
    }
    return length && bytes.size() - (head_end + 4) >= *length;
}

Listener::Listener() {
    // The accept loop's queue: a new connection is only parked, which does not wait.
    struct AtOnce : httplib::TaskQueue {
        void enqueue(std::function<void()> fn) override { fn(); }
        void shutdown() override {}
    };
    new_task_queue = [] { return new AtOnce; };
}

Listener::~Listener() { stop(); }

void Listener::start() {
    ::listen(svr_sock_, SOMAXCONN);
    workers_ = std::make_unique<httplib::ThreadPool>(threads_);
    ConnectionLoops::Callbacks callbacks{[this](Connection& c) { return serve_ready(c); },
                                         [this](std::unique_ptr<Connection> c) {
                                             // std::function wants a copyable job: it owns the raw pointer
                                             Connection* raw = c.release();
                                             workers_->enqueue([this, raw] { serve_on_worker(std::unique_ptr<Connection>(raw)); });
                                         }};
    loops_ = std::make_unique<ConnectionLoops>(std::min(std::thread::hardware_concurrency(), kMaxLoops),
                                               std::chrono::seconds(keep_alive_timeout_sec_), std::move(callbacks));
}

// The loops and workers stay (stopped) until the Listener goes: the accept loop may still be
// handing over a last connection, which a stopped loop gives back to be closed.
void Listener::stop() {
    std::lock_guard<std::mutex> lock(stop_mutex_);  // a signal's thread and a destructor may meet
    if (loops_) loops_->stop();  // from now on workers close connections instead of parking them
    httplib::Server::stop();
    if (workers_ && !std::exchange(workers_stopped_, true)) workers_->shutdown();
}

bool Listener::process_and_close_socket(socket_t sock) {
    using std::chrono::milliseconds;
    BoundedSocketStream::Limits limits{milliseconds(read_timeout_sec_ * 1000 + read_timeout_usec_ / 1000),
                                       milliseconds(write_timeout_sec_ * 1000 + write_timeout_usec_ / 1000),
                                       kHeaderBytes + payload_max_length_, request_time_};
    park_or_close(std::make_unique<Connection>(sock, limits, keep_alive_max_count_));
    return true;
}

void Listener::park_or_close(std::unique_ptr<Connection> c) {
    if (loops_) c = loops_->park(std::move(c));
    if (c) close_connection(std::move(c));
}

// On a loop's thread: the submissions whose every byte is there, one after another.
ConnectionLoops::Verdict Listener::serve_ready(Connection& c) {
    using Verdict = ConnectionLoops::Verdict;
    c.stream.set_waiting(false);
    for (bool first = true;; first = false) {
        // Nothing buffered after an answer: park without asking the socket (a system call);
        // the loop's epoll says when more comes.
        if (!first && c.stream.buffered().empty()) return Verdict::park;
        switch (c.stream.read_now()) {
        case BoundedSocketStream::Arrival::none: return Verdict::park;
        case BoundedSocketStream::Arrival::gone: return Verdict::close;
        case BoundedSocketStream::Arrival::bytes: break;
        }
        if (!c.stream.settled_now() || !whole_post(c.stream.buffered(), loop_path_)) return Verdict::hand_off;
        bool more = serve_one(c);
        if (!more) return Verdict::close;
        if (c.stream.has_unsent()) return Verdict::hand_off;
    }
}

// On a worker: requests that may wait for their client, until it is quiet; then back to a loop.
void Listener::serve_on_worker(std::unique_ptr<Connection> c) {
    c->stream.set_waiting(true);
    while (!c->closing) {
        auto arrival = c->stream.read_now();
        // Parked only with nothing left to send: a loop sends nothing itself.
        if (arrival == BoundedSocketStream::Arrival::none && c->stream.flush() && c->stream.settle())
            return park_or_close(std::move(c));
        if (arrival != BoundedSocketStream::Arrival::bytes || !serve_one(*c)) break;
    }
    close_connection(std::move(c));
}

bool Listener::serve_one(Connection& c) {
    c.stream.next_request();
    bool closed = false;
    bool ok = process_request(c.stream, c.requests_left == 1, closed, nullptr);
    ok = c.stream.end_answer() && ok;  // the answer goes out, also when the request failed
    return ok && !closed && !c.stream.spent() && --c.requests_left > 0;
}

} // namespace klantpeil::server
