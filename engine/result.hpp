// Result and Problem: how the engine reports what is wrong with an input.
// Every loader and validator returns problems as values (a path to the offending field and a
// plain message); the engine never throws across its API and never aborts on bad input.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace klantpeil {

// One thing wrong with an input. `path` locates it: a JSON path for documents
// ("$.pages[0].questions[2].type"), an answer or field name for records ("answers.moeite").
struct Problem {
    std::string path;
    std::string message;
};

std::string describe(const Problem& p);                       // "path: message"
std::string describe(const std::vector<Problem>& problems);   // one per line

// A value or the problems that prevented it.
template <class T>
struct Result {
    std::optional<T> value;
    std::vector<Problem> problems;

    static Result ok(T v) { return Result{std::move(v), {}}; }
    static Result fail(std::vector<Problem> p) { return Result{std::nullopt, std::move(p)}; }
    static Result fail(std::string path, std::string message) {
        return fail({Problem{std::move(path), std::move(message)}});
    }
    explicit operator bool() const { return value.has_value(); }
    const T& operator*() const { return *value; }
    T& operator*() { return *value; }
    const T* operator->() const { return &*value; }
};

} // namespace klantpeil
