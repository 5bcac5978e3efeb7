// cpp-httplib's server (Debian's 0.11, linked) with what Klantpeil changes in it:
// - the listen backlog: the library listens with 5, so a burst of new connections (wrk's 8,
//   a page of residents at once) overflows it and connections stall for a second or fail;
// - connections are read through BoundedSocketStream (server/http_connection.hpp), which
//   bounds the bytes and the time of one request, headers included;
// - between requests a connection waits in a connection loop (server/http_loop.hpp), not on
//   a thread of its own; the loop's threads serve the submissions that arrive whole, the
//   Listener's workers everything else; the library's accept loop only parks new connections;
// - routes remember their methods: the library answers 404 to a known path asked with
//   another method, the error handler makes that 405 with Allow (server/http_server.cpp).
#pragma once
#include <chrono>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <httplib.h>

#include "server/http_loop.hpp"

namespace klantpeil::server {

// True when `bytes` begin with a whole "POST `path`" request: request line, headers, and the
// body its Content-Length announces (what a connection loop may serve without waiting).
bool whole_post(std::string_view bytes, std::string_view path);

class Listener : public httplib::Server {
public:
    Listener();
    ~Listener() override;  // stop()

    // As httplib::Server's, and the method is remembered for allowed_methods().
    Listener& Get(const std::string& pattern, Handler handler);
    Listener& Post(const std::string& pattern, Handler handler);
    Listener& Options(const std::string& pattern, Handler handler);

    // The methods of the routes whose pattern matches `path` ("GET, HEAD, POST"); "" when none.
    std::string allowed_methods(const std::string& path) const;

    // The time a request may take to arrive whole, from its first byte.
    void set_request_time(std::chrono::seconds time) { request_time_ = time; }
    // Worker threads: the requests that may wait for a client or take long (default 64).
    void set_threads(std::size_t threads) { threads_ = threads; }
    // POSTs to this path are served on the connection loops' threads when they arrive whole:
    // the handler must not wait long (the submission: its answer is held for the commit).
    void serve_in_loop(std::string path) { loop_path_ = std::move(path); }
    // After binding: raises the backlog of the bound socket (Linux updates it in place) and
    // starts the loops and the workers.
    void start();
    // Stops accepting, the loops (closing their idle connections) and the workers (after the
    // requests they serve). Hides httplib::Server::stop, which stops accepting only.
    void stop();

protected:
    bool process_and_close_socket(socket_t sock) override;

private:
    Listener& remember(const std::string& pattern, const char* method);
    ConnectionLoops::Verdict serve_ready(Connection& c);
    void serve_on_worker(std::unique_ptr<Connection> c);
    bool serve_one(Connection& c);                     // false: the connection ends
    void park_or_close(std::unique_ptr<Connection> c);

    std::vector<std::pair<std::regex, std::string>> methods_;  // pattern, "GET" ...
    std::chrono::seconds request_time_{30};
    std::size_t threads_ = 64;
    std::string loop_path_;
    std::unique_ptr<httplib::ThreadPool> workers_;
    std::unique_ptr<ConnectionLoops> loops_;
    std::mutex stop_mutex_;
    bool workers_stopped_ = false;  // under stop_mutex_
};

} // namespace klantpeil::server
