#include "engine/result.hpp"

namespace klantpeil {

std::string describe(const Problem& p) {
    return p.path.empty() ? p.message : p.path + ": " + p.message;
}

std::string describe(const std::vector<Problem>& problems) {
    std::string out;
    for (const Problem& p : problems) {
        if (!out.empty()) out += '\n';
        out += describe(p);
    }
    return out;
}

} // namespace klantpeil
