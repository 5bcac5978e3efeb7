#include "server/catalog.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace klantpeil::server {

namespace fs = std::filesystem;

const std::string* Catalog::document(const std::string& id, std::optional<int> version) const {
    const Questionnaire* q = version ? set.find(id, *version) : set.latest(id);
    if (!q) return nullptr;
    auto it = documents.find({q->id, q->version});
    return it == documents.end() ? nullptr : &it->second;
}

Result<Catalog> load_catalog(const std::string& dir) {
    std::error_code ec;
    std::vector<fs::path> files;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".json") files.push_back(it->path());
    if (ec) return Result<Catalog>::fail(dir, "cannot read the questionnaire folder: " + ec.message());
    if (files.empty()) return Result<Catalog>::fail(dir, "holds no questionnaire (*.json)");
    std::sort(files.begin(), files.end());

    Catalog catalog;
    std::vector<Problem> problems;
    for (const fs::path& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        auto q = load_questionnaire(text.str());
        if (!q) {
            for (const Problem& p : q.problems) problems.push_back({file.string() + ": " + p.path, p.message});
            continue;
        }
        auto key = std::make_pair(q->id, q->version);
        if (catalog.documents.count(key)) {
            problems.push_back({file.string(), "a second " + q->id + " version " + std::to_string(q->version)});
            continue;
        }
        catalog.documents[key] = text.str();
        catalog.set.add(std::move(*q.value));
    }
    if (!problems.empty()) return Result<Catalog>::fail(std::move(problems));
    return Result<Catalog>::ok(std::move(catalog));
}

} // namespace klantpeil::server
