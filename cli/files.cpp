#include "cli/files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace klantpeil::cli {

namespace fs = std::filesystem;

namespace {

std::string system_error(const std::string& path) { return path + ": " + std::strerror(errno); }

bool read_all(int fd, std::string& out) {
    char block[1 << 16];
    for (;;) {
        ssize_t n = ::read(fd, block, sizeof block);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) return true;
        out.append(block, static_cast<std::size_t>(n));
    }
}

} // namespace

// [SECTION] Input

std::unique_ptr<InputFile> InputFile::open(const std::string& path, std::string& error) {
    std::unique_ptr<InputFile> file(new InputFile());
    int fd = path == "-" ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) { error = system_error(path); return nullptr; }
    struct stat st {};
    bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (regular && st.st_size > 0) {
        void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
            ::madvise(p, static_cast<std::size_t>(st.st_size), MADV_SEQUENTIAL);
            file->data_ = static_cast<const char*>(p);
            file->size_ = static_cast<std::size_t>(st.st_size);
            file->mapped_ = true;
        }
    }
    if (!file->mapped_) {
        if (S_ISDIR(st.st_mode)) { error = path + ": is a folder"; }
        else if (!read_all(fd, file->buffer_)) { error = system_error(path); }
        file->data_ = file->buffer_.data();
        file->size_ = file->buffer_.size();
    }
    if (fd != STDIN_FILENO) ::close(fd);
    if (!error.empty()) return nullptr;
    return file;
}

InputFile::~InputFile() {
    if (mapped_) ::munmap(const_cast<char*>(data_), size_);
}

void InputFile::done_before(std::size_t offset) {
    if (!mapped_) return;
    const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    std::size_t upto = offset / page * page;
    if (upto <= released_) return;
    ::madvise(const_cast<char*>(data_) + released_, upto - released_, MADV_DONTNEED);
    released_ = upto;
}

// [SECTION] Output

std::unique_ptr<OutputFile> OutputFile::create(const std::string& path, std::string& error) {
    std::unique_ptr<OutputFile> file(new OutputFile());
    file->file_ = std::fopen(path.c_str(), "wb");
    if (!file->file_) { error = system_error(path); return nullptr; }
    file->buffer_.reserve(kBlock + (1 << 16));
    return file;
}

OutputFile::~OutputFile() {
    if (file_) std::fclose(file_);
}

void OutputFile::flush() {
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) failed_ = true;
    buffer_.clear();
}

bool OutputFile::close(std::string& error) {
    flush();
    if (std::fclose(file_) != 0) failed_ = true;
    file_ = nullptr;
    if (failed_) error = std::string("writing failed: ") + std::strerror(errno);
    return !failed_;
}

// [SECTION] Questionnaires

std::optional<std::string> questionnaire_dir(const Args& args, std::string& error) {
    if (auto dir = args.get("--questionnaires")) {
        if (fs::is_directory(*dir)) return dir;
        error = *dir + ": no such folder";
        return std::nullopt;
    }
    if (const char* assets = std::getenv("KLANTPEIL_ASSETS"); assets && *assets) {
        fs::path dir = fs::path(assets) / "questionnaires";
        if (fs::is_directory(dir)) return dir.string();
        error = "KLANTPEIL_ASSETS=" + std::string(assets) + " has no questionnaires folder";
        return std::nullopt;
    }
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    for (fs::path dir = exe.parent_path(); !ec && !dir.empty(); dir = dir.parent_path()) {
        if (fs::is_directory(dir / "assets" / "questionnaires")) return (dir / "assets" / "questionnaires").string();
        if (dir == dir.root_path()) break;
    }
    error = "no assets/questionnaires folder found above the executable; use --questionnaires DIR or KLANTPEIL_ASSETS";
    return std::nullopt;
}

std::optional<QuestionnaireSet> load_questionnaires(const Args& args, std::string& error) {
    auto dir = questionnaire_dir(args, error);
    if (!dir) return std::nullopt;
    std::vector<fs::path> paths;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(*dir, ec))
        if (entry.path().extension() == ".json") paths.push_back(entry.path());
    if (ec) { error = *dir + ": " + ec.message(); return std::nullopt; }
    std::sort(paths.begin(), paths.end());  // the same set order on every machine
    QuestionnaireSet set;
    for (const fs::path& path : paths) {
        auto file = InputFile::open(path.string(), error);
        if (!file) return std::nullopt;
        auto q = load_questionnaire(file->text());
        if (!q) {
            error = path.string() + ": " + describe(q.problems.front()) +
                    (q.problems.size() > 1 ? " (and " + std::to_string(q.problems.size() - 1) + " more)" : "");
            return std::nullopt;
        }
        set.add(std::move(*q.value));
    }
    if (paths.empty()) { error = *dir + ": holds no questionnaire (*.json)"; return std::nullopt; }
    return set;
}

OptionSpec questionnaires_option() {
    return {"--questionnaires", "DIR", "the questionnaire folder (default: assets/questionnaires of this checkout)"};
}

// [SECTION] Import reporting

ImportOptions import_options(InputFile& file, const std::string& path) {
    ImportOptions options;
    bool terminal = ::isatty(STDERR_FILENO);
    options.progress = [&file, path, terminal](std::size_t done, std::size_t total) {
        file.done_before(done);
        if (!terminal || total == 0) return;
        std::fprintf(stderr, "\r%s: %3d%%", path.c_str(), static_cast<int>(done * 100 / total));
        if (done == total) std::fputc('\n', stderr);
    };
    return options;
}

void print_import_errors(std::FILE* to, const std::string& path, const ImportSummary& s, std::size_t limit) {
    std::size_t shown = std::min(limit, s.errors.size());
    for (std::size_t i = 0; i < shown; ++i)
        std::fprintf(to, "%s:%zu: %s\n", path.c_str(), s.errors[i].line, s.errors[i].reason.c_str());
    if (s.errors_total > shown) std::fprintf(to, "%s: ... and %zu more problems\n", path.c_str(), s.errors_total - shown);
}

} // namespace klantpeil::cli
