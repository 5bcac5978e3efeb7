#include "cli/args.hpp"

#include <charconv>
#include <cstdio>

namespace klantpeil::cli {

namespace {

const OptionSpec* find_option(const Command& command, const std::string& name) {
    for (const OptionSpec& o : command.options)
        if (name == o.name) return &o;
    return nullptr;
}

} // namespace

std::optional<Args> Args::parse(const Command& command, int argc, char** argv, int first, std::string& error) {
    Args args;
    for (int i = first; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") { args.help_ = true; return args; }
        if (arg.rfind("--", 0) != 0 || arg == "--") {
            if (!command.positional) { error = "unexpected argument \"" + arg + "\""; return std::nullopt; }
            if (!args.positional_.empty()) { error = "only one " + std::string(command.positional) + " is taken"; return std::nullopt; }
            args.positional_ = arg;
            continue;
        }
        std::string name = arg, value;
        std::size_t eq = arg.find('=');
        bool inline_value = eq != std::string::npos;
        if (inline_value) { name = arg.substr(0, eq); value = arg.substr(eq + 1); }
        const OptionSpec* option = find_option(command, name);
        if (!option) { error = "unknown option " + name; return std::nullopt; }
        if (option->value && !inline_value) {
            if (i + 1 >= argc) { error = name + " needs a " + option->value; return std::nullopt; }
            value = argv[++i];
        } else if (!option->value && inline_value) {
            error = name + " takes no value"; return std::nullopt;
        }
        if (args.values_.count(name)) { error = name + " is given twice"; return std::nullopt; }
        args.values_[name] = value;
    }
    if (command.positional && args.positional_.empty()) {
        error = "a " + std::string(command.positional) + " is needed";
        return std::nullopt;
    }
    return args;
}

std::optional<std::string> Args::get(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::string usage(const Command& command) {
    std::string out = "usage: klantpeil " + std::string(command.name);
    if (command.positional) out += " " + std::string(command.positional);
    out += command.options.empty() ? "\n" : " [options]\n";
    out += "\n" + std::string(command.description) + "\n";
    if (!command.options.empty()) out += "\noptions:\n";
    for (const OptionSpec& o : command.options) {
        std::string left = "  " + std::string(o.name) + (o.value ? " " + std::string(o.value) : "");
        if (left.size() < 26) left.resize(26, ' ');
        else left += "\n" + std::string(26, ' ');
        out += left + o.help + "\n";
    }
    out += "  --help                  this text\n";
    return out;
}

int usage_error(const Command& command, const std::string& message) {
    std::fprintf(stderr, "klantpeil %s: %s (see klantpeil %s --help)\n", command.name, message.c_str(), command.name);
    return kExitUsage;
}

int failure(const Command& command, const std::string& message) {
    std::fprintf(stderr, "klantpeil %s: %s\n", command.name, message.c_str());
    return kExitProblems;
}

std::optional<unsigned long long> parse_count(const std::string& text) {
    unsigned long long v = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
    return v;
}

} // namespace klantpeil::cli
