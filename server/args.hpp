// A small command-line reader for klantpeil-server: `--name value` and `--name=value`
// options (some repeatable), `--flag`s and positional words. Anything it was not told about
// is an error naming the word, so a typo never passes silently.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace klantpeil::server {

class Args {
public:
    // `options` take a value; `flags` do not.
    Args(const std::vector<std::string>& words, const std::set<std::string>& options,
         const std::set<std::string>& flags);

    const std::string& error() const { return error_; }  // "" when all words were understood
    std::optional<std::string> get(const std::string& option) const;  // the last value given
    std::vector<std::string> all(const std::string& option) const;    // every value, in order
    bool has(const std::string& flag) const { return flags_.count(flag) > 0; }
    const std::vector<std::string>& positional() const { return positional_; }

private:
    std::map<std::string, std::vector<std::string>> values_;
    std::set<std::string> flags_;
    std::vector<std::string> positional_;
    std::string error_;
};

} // namespace klantpeil::server
