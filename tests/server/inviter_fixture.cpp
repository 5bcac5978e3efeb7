#include "inviter_fixture.hpp"

#include "server/crypto.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace klantpeil::server::test {

namespace fs = std::filesystem;

namespace {

// "listening on PORT" from the sink's stdout, or 0 after 10 s or when it exits.
int read_port(int fd) {
    std::string text;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (text.find('\n') == std::string::npos) {
        pollfd p{fd, POLLIN, 0};
        if (std::chrono::steady_clock::now() > deadline || poll(&p, 1, 100) < 0) return 0;
        char buffer[128];
        ssize_t n = p.revents ? read(fd, buffer, sizeof buffer) : 0;
        if (p.revents && n <= 0) return 0;
        text.append(buffer, static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
    }
    const std::string marker = "listening on ";
    return text.rfind(marker, 0) == 0 ? std::atoi(text.c_str() + marker.size()) : 0;
}

} // namespace

SmtpSink::SmtpSink(int port) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    std::string script = std::string(KLANTPEIL_SOURCE_DIR) + "/tests/server/smtp_sink.py";
    std::string port_text = std::to_string(port);
    pid_ = fork();
    if (pid_ == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        execl(KLANTPEIL_PYTHON, KLANTPEIL_PYTHON, script.c_str(), "--port", port_text.c_str(), "--dir",
              dir_.path().c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(out[1]);
    port_ = read_port(out[0]);
    close(out[0]);
    if (port_ == 0) {
        kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
        throw std::runtime_error("the SMTP sink did not start (Debian package python3-aiosmtpd)");
    }
}

SmtpSink::~SmtpSink() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
}

std::vector<std::string> SmtpSink::mails() const {
    std::vector<std::pair<int, std::string>> numbered;
    for (const auto& entry : fs::directory_iterator(dir_.path())) {
        if (entry.path().extension() != ".eml") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        numbered.emplace_back(std::stoi(entry.path().stem().string()), text.str());
    }
    std::sort(numbered.begin(), numbered.end());
    std::vector<std::string> out;
    for (auto& [n, text] : numbered) out.push_back(std::move(text));
    return out;
}

std::vector<std::string> SmtpSink::wait_for(std::size_t n, std::chrono::milliseconds timeout) const {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::vector<std::string> got = mails();
    while (got.size() < n && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        got = mails();
    }
    return got;
}

InviteServer::InviteServer(const std::string& smtp_url, ServerConfig config) : storage_(db_.open()) {
    register_test_municipalities(*storage_);
    storage_->add_staff_token("0363", sha256_hex(kStaffToken));
    std::ofstream(site_.file("survey.html")) << "<!doctype html><title>survey</title>";
    config.web.push_back({"/", site_.path()});
    config.inviter.smtp_url = smtp_url;
    config.inviter.public_url = kPublicUrl;
    config.inviter.poll_milliseconds = 20;
    config.inviter.retry_seconds = 1;
    config.inviter.max_retry_seconds = 1;
    server_ = std::make_unique<TestServer>(*storage_, config);
}

httplib::Result InviteServer::staff_get(const std::string& path) {
    return server_->client().Get(path.c_str(), {{"Authorization", std::string("Bearer ") + kStaffToken}});
}

httplib::Result InviteServer::invite(const std::string& body, const std::string& type, const std::string& query) {
    return server_->client().Post(("/api/v1/invitations" + query).c_str(),
                                  {{"Authorization", std::string("Bearer ") + kStaffToken}}, body, type.c_str());
}

nlohmann::json InviteServer::wait_batch(const std::string& id, const std::function<bool(const nlohmann::json&)>& done) {
    nlohmann::json status;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    do {
        auto r = staff_get("/api/v1/invitations/" + id);
        if (r && r->status == 200) status = nlohmann::json::parse(r->body);
        if (!status.is_null() && done(status)) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } while (std::chrono::steady_clock::now() < deadline);
    return status;
}

int free_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    close(fd);
    return ntohs(address.sin_port);
}

std::string run_capture(const std::string& command) {
    FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
    if (!pipe) return "";
    std::string out;
    char buffer[4096];
    while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    pclose(pipe);
    return out;
}

} // namespace klantpeil::server::test
