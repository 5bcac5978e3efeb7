#include "server/http_loop.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <utility>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace klantpeil::server {

namespace {

constexpr int kEventsPerWait = 32;
constexpr int kSweepMs = 1000;  // how often idle connections are looked for

} // namespace

void close_connection(std::unique_ptr<Connection> c) {
    c->stream.set_waiting(true);
    c->stream.flush();  // what the client was not reading yet, and a held answer
    c->stream.settle();
    ::shutdown(c->sock, SHUT_RDWR);
    ::close(c->sock);
}

// [SECTION] One loop: a thread, its epoll set and the connections parked in it

class ConnectionLoops::Loop {
public:
    Loop(std::chrono::seconds keep_alive, const Callbacks& callbacks)
        : keep_alive_(keep_alive), callbacks_(callbacks), epoll_(::epoll_create1(EPOLL_CLOEXEC)),
          wake_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
        epoll_event stop{};
        stop.events = EPOLLIN;
        stop.data.ptr = nullptr;  // the one entry that is not a connection
        if (epoll_ < 0 || wake_ < 0 || ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &stop) != 0) {
            release_fds();
            throw std::runtime_error(std::string("cannot set up a connection loop: ") + std::strerror(errno));
        }
        thread_ = std::thread([this] { run(); });
    }
    ~Loop() {
        stop();
        release_fds();
    }
    Loop(const Loop&) = delete;
    Loop& operator=(const Loop&) = delete;

    std::unique_ptr<Connection> park(std::unique_ptr<Connection> c) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_) return c;
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLRDHUP;  // level-triggered: bytes left unread wake it again
        ev.data.ptr = c.get();
        if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, c->sock, &ev) != 0) return c;
        c->quiet_since = std::chrono::steady_clock::now();
        Connection* key = c.get();
        parked_.emplace(key, std::move(c));
        return nullptr;
    }

    void stop() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (stopping_) return;
            stopping_ = true;
        }
        std::uint64_t one = 1;
        if (::write(wake_, &one, sizeof one) < 0) std::perror("klantpeil-server: waking a connection loop");
        thread_.join();
        std::unordered_map<Connection*, std::unique_ptr<Connection>> left;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            left.swap(parked_);
        }
        for (auto& [key, c] : left) close_connection(std::move(c));
    }

private:
    void run() {
        epoll_event events[kEventsPerWait];
        auto next_sweep = std::chrono::steady_clock::now() + std::chrono::milliseconds(kSweepMs);
        for (;;) {
            int n = ::epoll_wait(epoll_, events, kEventsPerWait, kSweepMs);
            for (int i = 0; i < n; ++i) {
                if (!events[i].data.ptr) return;  // stop()
                readable(static_cast<Connection*>(events[i].data.ptr));
            }
            if (std::chrono::steady_clock::now() >= next_sweep) {
                close_idle();
                next_sweep = std::chrono::steady_clock::now() + std::chrono::milliseconds(kSweepMs);
            }
        }
    }

    void readable(Connection* c) {
        Verdict verdict = callbacks_.serve(*c);
        if (verdict == Verdict::park) {
            c->quiet_since = std::chrono::steady_clock::now();
            return;
        }
        std::unique_ptr<Connection> owned = take(c);
        if (verdict == Verdict::close) owned->closing = true;
        end(std::move(owned));
    }

    // Closes a connection that has nothing left to wait for here; the rest go to a worker.
    void end(std::unique_ptr<Connection> c) {
        if (c->closing && c->stream.settled_now() && !c->stream.has_unsent()) return close_connection(std::move(c));
        callbacks_.hand_off(std::move(c));
    }

    void close_idle() {
        auto oldest = std::chrono::steady_clock::now() - keep_alive_;
        std::vector<Connection*> idle;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            for (const auto& [key, c] : parked_)
                if (c->quiet_since <= oldest) idle.push_back(key);
        }
        for (Connection* c : idle) {
            std::unique_ptr<Connection> owned = take(c);
            owned->closing = true;
            end(std::move(owned));
        }
    }

    std::unique_ptr<Connection> take(Connection* c) {
        std::lock_guard<std::mutex> lock(mutex_);
        ::epoll_ctl(epoll_, EPOLL_CTL_DEL, c->sock, nullptr);
        auto it = parked_.find(c);
        std::unique_ptr<Connection> owned = std::move(it->second);
        parked_.erase(it);
        return owned;
    }

    void release_fds() {
        if (epoll_ >= 0) ::close(epoll_);
        if (wake_ >= 0) ::close(wake_);
    }

    std::chrono::seconds keep_alive_;
    const Callbacks& callbacks_;
    int epoll_;
    int wake_;  // an eventfd: written by stop()
    std::mutex mutex_;
    // Guarded by mutex_ (the loop's own thread alone serves and takes them):
    std::unordered_map<Connection*, std::unique_ptr<Connection>> parked_;
    bool stopping_ = false;
    std::thread thread_;  // last: starts when the rest is ready
};

// [SECTION] The loops

ConnectionLoops::ConnectionLoops(std::size_t threads, std::chrono::seconds keep_alive, Callbacks callbacks)
    : callbacks_(std::move(callbacks)) {
    for (std::size_t i = 0; i < std::max<std::size_t>(threads, 1); ++i)
        loops_.push_back(std::make_unique<Loop>(keep_alive, callbacks_));
}

ConnectionLoops::~ConnectionLoops() { stop(); }

std::unique_ptr<Connection> ConnectionLoops::park(std::unique_ptr<Connection> c) {
    return loops_[next_.fetch_add(1, std::memory_order_relaxed) % loops_.size()]->park(std::move(c));
}

void ConnectionLoops::stop() {
    for (auto& loop : loops_) loop->stop();
}

} // namespace klantpeil::server
