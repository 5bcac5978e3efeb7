#include "server/args.hpp"

namespace klantpeil::server {

Args::Args(const std::vector<std::string>& words, const std::set<std::string>& options,
           const std::set<std::string>& flags) {
    for (std::size_t i = 0; i < words.size() && error_.empty(); ++i) {
        const std::string& word = words[i];
        if (word.size() < 3 || word.compare(0, 2, "--") != 0) {
            positional_.push_back(word);
            continue;
        }
        std::size_t eq = word.find('=');
        std::string name = word.substr(0, eq);
        if (flags.count(name) && eq == std::string::npos) {
            flags_.insert(name);
        } else if (!options.count(name)) {
            error_ = "unknown option " + name;
        } else if (eq != std::string::npos) {
            values_[name].push_back(word.substr(eq + 1));
        } else if (i + 1 < words.size() && words[i + 1].compare(0, 2, "--") != 0) {
            values_[name].push_back(words[++i]);
        } else {
            // Also when the next word is an option: `--municipality --db x` lacks the code.
            error_ = name + " needs a value";
        }
    }
}

std::optional<std::string> Args::get(const std::string& option) const {
    auto it = values_.find(option);
    if (it == values_.end()) return std::nullopt;
    return it->second.back();
}

std::vector<std::string> Args::all(const std::string& option) const {
    auto it = values_.find(option);
    return it == values_.end() ? std::vector<std::string>{} : it->second;
}

} // namespace klantpeil::server
