// The CLI's files: inputs read whole (mapped, not copied), outputs written in large
// blocks, and the questionnaires found next to the executable. The engine only ever sees
// the strings.
#pragma once
#include <cstddef>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cli/args.hpp"
#include "engine/import.hpp"
#include "engine/questionnaire.hpp"

namespace klantpeil::cli {

// A file's whole content: memory-mapped when it is a regular file, else read (a pipe).
class InputFile {
public:
    static std::unique_ptr<InputFile> open(const std::string& path, std::string& error);
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    std::string_view text() const { return {data_, size_}; }
    // The importers never look back: pages before `offset` can go back to the page cache,
    // so a large input does not stay in resident memory as a whole.
    void done_before(std::size_t offset);

private:
    InputFile() = default;
    const char* data_ = nullptr;
    std::size_t size_ = 0;
    bool mapped_ = false;
    std::size_t released_ = 0;
    std::string buffer_;  // when not mapped
};

// Writes to a file through a large buffer.
class OutputFile {
public:
    static std::unique_ptr<OutputFile> create(const std::string& path, std::string& error);
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    // Appends; flushed once the buffer passes a few MiB.
    std::string& buffer() { return buffer_; }
    void maybe_flush() { if (buffer_.size() >= kBlock) flush(); }
    // Writes what is buffered; false (with `error`) when the disk refused it.
    bool close(std::string& error);

private:
    static constexpr std::size_t kBlock = 4 << 20;
    OutputFile() = default;
    void flush();
    std::FILE* file_ = nullptr;
    bool failed_ = false;
    std::string buffer_;
};

// --questionnaires DIR, else $KLANTPEIL_ASSETS/questionnaires, else the first
// assets/questionnaires found walking up from the executable's folder.
std::optional<std::string> questionnaire_dir(const Args& args, std::string& error);

// Every *.json in the questionnaire folder, loaded and checked.
std::optional<QuestionnaireSet> load_questionnaires(const Args& args, std::string& error);

// The `--questionnaires` option that commands reading records share.
OptionSpec questionnaires_option();

// Import options that hand read pages back as the import moves on and, when stderr is a
// terminal, show how far it is ("responses.ndjson: 45%").
ImportOptions import_options(InputFile& file, const std::string& path);

// The kept import errors as "PATH:LINE: reason", at most `limit`, then how many more there were.
void print_import_errors(std::FILE* to, const std::string& path, const ImportSummary& s, std::size_t limit);

} // namespace klantpeil::cli
