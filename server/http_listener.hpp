// cpp-httplib's server (Debian's 0.11, linked) with what Klantpeil changes in it:
// - the listen backlog: the library listens with 5, so a burst of new connections (wrk's 8,
//   a page of residents at once) overflows it and connections stall for a second or fail;
// - connections are read through BoundedSocketStream (server/http_connection.hpp), which
//   bounds the bytes and the time of one request, headers included; the keep-alive loop is
//   the library's;
// - routes remember their methods: the library answers 404 to a known path asked with
//   another method, the error handler makes that 405 with Allow (server/http_server.cpp).
#pragma once
#include <chrono>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include <httplib.h>

namespace klantpeil::server {

class BoundedSocketStream;

class Listener : public httplib::Server {
public:
    // As httplib::Server's, and the method is remembered for allowed_methods().
    Listener& Get(const std::string& pattern, Handler handler);
    Listener& Post(const std::string& pattern, Handler handler);
    Listener& Options(const std::string& pattern, Handler handler);

    // The methods of the routes whose pattern matches `path` ("GET, HEAD, POST"); "" when none.
    std::string allowed_methods(const std::string& path) const;

    // Raises the backlog of the bound socket (Linux updates it in place).
    void raise_backlog();
    // The time a request may take to arrive whole, from its first byte.
    void set_request_time(std::chrono::seconds time) { request_time_ = time; }

protected:
    bool process_and_close_socket(socket_t sock) override;

private:
    Listener& remember(const std::string& pattern, const char* method);
    bool next_request_arrives(const BoundedSocketStream& strm) const;

    std::vector<std::pair<std::regex, std::string>> methods_;  // pattern, "GET" ...
    std::chrono::seconds request_time_{30};
};

} // namespace klantpeil::server
