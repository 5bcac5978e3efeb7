// One client connection of the HTTP server: its socket as cpp-httplib's Stream, with a budget
// of bytes per request.
//
// cpp-httplib 0.11 (Debian's) bounds each header line (8 KiB) but not their number: a client
// that kept sending header lines grew the server by 460 MB in 6 s on one connection, and
// nothing in the library's settings stops it. So the server reads its connections through
// this stream, which refuses to deliver more than the request line, headers and largest body
// the server accepts; the library then fails that request (400) or closes the connection.
//
// The stream also reads and writes without asking poll() first when the socket is ready
// anyway, which saves cpp-httplib's two extra system calls per read and write.
#pragma once
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include <httplib.h>

namespace klantpeil::server {

class BoundedSocketStream : public httplib::Stream {
public:
    struct Limits {
        std::chrono::milliseconds read_timeout;
        std::chrono::milliseconds write_timeout;
        std::size_t request_bytes;  // request line, headers and body of one request together
    };

    BoundedSocketStream(socket_t sock, Limits limits);

    // The next request starts: its budget is whole again.
    void next_request() { delivered_ = 0; }
    // The current request used its whole budget: the connection is not worth keeping.
    bool exhausted() const { return delivered_ >= limits_.request_bytes; }
    // Waits up to `timeout` for the client's next request; false when it closed or stayed silent.
    bool wait_readable(std::chrono::milliseconds timeout) const;

    bool is_readable() const override;
    bool is_writable() const override;
    ssize_t read(char* ptr, std::size_t size) override;
    ssize_t write(const char* ptr, std::size_t size) override;
    void get_remote_ip_and_port(std::string& ip, int& port) const override;
    void get_local_ip_and_port(std::string& ip, int& port) const override;
    socket_t socket() const override { return sock_; }

private:
    bool fill();

    socket_t sock_;
    Limits limits_;
    std::vector<char> buffer_;
    std::size_t begin_ = 0, end_ = 0;  // unread bytes of buffer_
    std::size_t delivered_ = 0;        // to cpp-httplib, for the current request
};

} // namespace klantpeil::server
