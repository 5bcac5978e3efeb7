// The CLI's argument handling: every subcommand declares its options once, and gets
// parsing, `--help` and one-line errors for wrong use from here.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace klantpeil::cli {

// Exit codes of every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitProblems = 1;   // the input has problems, or a file cannot be read
inline constexpr int kExitUsage = 2;      // wrong use: unknown option, missing argument

struct OptionSpec {
    const char* name;      // "--input"
    const char* value;     // "FILE", or nullptr for a flag
    const char* help;
};

class Args;

struct Command {
    const char* name;              // "factsheet"
    const char* positional;        // "FILE", or nullptr when it takes none
    const char* summary;           // one line for `klantpeil --help`
    const char* description;       // a paragraph for `klantpeil NAME --help`
    std::vector<OptionSpec> options;
    int (*run)(const Args& args);
};

class Args {
public:
    // Parses argv[first..argc) for `command`; on wrong use returns nullopt with `error` set.
    static std::optional<Args> parse(const Command& command, int argc, char** argv, int first, std::string& error);

    bool help() const { return help_; }
    bool has(const std::string& name) const { return values_.count(name) > 0; }
    std::optional<std::string> get(const std::string& name) const;
    const std::string& positional() const { return positional_; }

private:
    bool help_ = false;
    std::map<std::string, std::string> values_;
    std::string positional_;
};

// The `--help` text of a command.
std::string usage(const Command& command);

// Prints "klantpeil NAME: MESSAGE" on stderr and returns kExitUsage.
int usage_error(const Command& command, const std::string& message);
// Prints "klantpeil NAME: MESSAGE" on stderr and returns kExitProblems.
int failure(const Command& command, const std::string& message);

// A whole number from an option value ("5000"); nullopt for anything else.
std::optional<unsigned long long> parse_count(const std::string& text);

} // namespace klantpeil::cli
