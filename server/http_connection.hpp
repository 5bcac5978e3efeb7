// One client connection of the HTTP server: its socket as cpp-httplib's Stream, with a budget
// of bytes and of time per request.
//
// cpp-httplib 0.11 (Debian's) bounds each header line (8 KiB) but not their number: a client
// that kept sending header lines grew the server by 460 MB in 6 s on one connection, and
// nothing in the library's settings stops it. Its read timeout is per read, so a client that
// sends a byte every few seconds holds a server thread for as long as it likes, and a few
// dozen such clients hold them all. So the server reads its connections through this stream,
// which delivers no more than the request line, headers and largest body the server accepts,
// and nothing after the request's time is up; the library then fails that request (400) and
// the connection is closed.
//
// The stream also saves system calls that cpp-httplib makes for every request: it reads and
// writes without asking poll() first when the socket is ready anyway, sends an answer's
// headers and small body in one send() (writes are held until the answer is complete, 16 KiB
// gather, or the stream waits for the client), and asks for the addresses once.
//
// Held answers: the answer to a stored response may only go out once the record is on disk.
// Rather than have the serving thread sleep until then (and be woken: in a VM each task
// switch is a trip through the hypervisor), the submit handler holds the answer (hold_answer)
// and the thread that ends the commit sends it; the serving thread goes on with other
// connections (server/http_loop.hpp). Anything else written on the connection, and its
// closing, waits for the held answer first (settle()).
//
// A stream either waits (a worker thread: for the client's bytes, for room in the socket) or
// does not (a connection loop's thread): then a read finds only what is buffered, and what the
// socket does not take at once stays for a worker (has_unsent()).
#pragma once
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <httplib.h>

namespace klantpeil::server {

class PendingCommit;  // server/storage.hpp

// What the server says when the response store fails (503; also for a held answer whose
// commit failed).
inline constexpr const char* kStoreUnavailable = "the response store is unavailable; try again later";

// The answer being written on this thread goes out once `commit` is on disk.
void hold_answer(std::shared_ptr<PendingCommit> commit);

class BoundedSocketStream : public httplib::Stream {
public:
    struct Limits {
        std::chrono::milliseconds read_timeout;
        std::chrono::milliseconds write_timeout;
        std::size_t request_bytes;  // request line, headers and body of one request together
        std::chrono::milliseconds request_time;  // from its first byte until it is read whole
    };

    BoundedSocketStream(socket_t sock, Limits limits);

    // What arrived, without waiting: bytes (buffered before, or read now), none yet, or the
    // client is gone.
    enum class Arrival { bytes, none, gone };
    Arrival read_now();
    // The bytes read and not yet delivered to cpp-httplib.
    std::string_view buffered() const { return {buffer_.data() + begin_, end_ - begin_}; }
    // Whether reads and writes may wait (the default) or take only what is there.
    void set_waiting(bool waiting) { waiting_ = waiting; }
    // Written and not sent: only a stream that does not wait keeps them.
    bool has_unsent() const { return !pending_.empty(); }
    // True when no held answer is still waiting for its commit or for room in the socket.
    bool settled_now() const;

    // The next request starts (its first byte is there): its budgets are whole again.
    void next_request();
    // The current request used up its bytes or its time: the connection is not worth keeping.
    bool spent() const;
    // Sends what write() holds; false when the client is gone. Before every wait for the
    // client (it may be waiting for these bytes: a 100 Continue, an answer), and after each answer.
    bool flush() const;
    // The answer is complete: sends it, or hands it to the commit it is held for (see the top).
    // False when the client is gone.
    bool end_answer();
    // Until a held answer is out (sending what its commit's thread could not). False when the
    // client is gone.
    bool settle() const;

    bool is_readable() const override;
    bool is_writable() const override;
    ssize_t read(char* ptr, std::size_t size) override;
    ssize_t write(const char* ptr, std::size_t size) override;
    void get_remote_ip_and_port(std::string& ip, int& port) const override;
    void get_local_ip_and_port(std::string& ip, int& port) const override;
    socket_t socket() const override { return sock_; }

private:
    bool fill();
    ssize_t send_now(const char* ptr, std::size_t size) const;
    bool send_all(std::string_view bytes) const;  // false when the client is gone
    bool send_available() const;  // of pending_, what the socket takes now; false: client gone
    // The read timeout, or less when the request's time ends sooner.
    std::chrono::milliseconds read_wait() const;

    socket_t sock_;
    Limits limits_;
    std::vector<char> buffer_;
    std::size_t begin_ = 0, end_ = 0;  // unread bytes of buffer_
    std::size_t delivered_ = 0;        // to cpp-httplib, for the current request
    std::chrono::steady_clock::time_point deadline_;  // of the current request
    std::pair<std::string, int> remote_, local_;      // address and port
    bool waiting_ = true;
    mutable std::string pending_;  // written, not sent yet (const waits flush it first)
    class HeldAnswer;
    mutable std::shared_ptr<HeldAnswer> held_;  // the answer last held, until settled
};

} // namespace klantpeil::server
