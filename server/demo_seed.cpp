#include "server/demo_seed.hpp"

#include <fstream>
#include <stdexcept>
#include <utility>
#include <sys/stat.h>

#include "engine/demo.hpp"
#include "server/crypto.hpp"

namespace klantpeil::server {

namespace {

constexpr const char* kDemoMunicipality = "0363";
constexpr std::size_t kBatch = 2000;

std::size_t load_data(Storage& storage, const QuestionnaireSet& set, const DemoOptions& o) {
    DemoSpec spec;
    spec.responses = o.responses ? o.responses : 4000;
    spec.municipalities = o.municipalities ? o.municipalities : 6;
    spec.seed = 20260814;
    for (const DemoMunicipality& m : demo_municipalities(spec.municipalities))
        storage.add_municipality({m.code, m.name, o.origins});

    std::vector<StoredResponse> batch;
    std::vector<InvitationRow> invitations;
    std::size_t loaded = 0;
    auto on_record = [&](ResponseRecord&& r) {
        batch.push_back(to_stored(std::move(r)));
        if (batch.size() < kBatch) return;
        loaded += storage.insert_many(batch);
        batch.clear();
    };
    auto on_invitation = [&](const InvitationRow& row) { invitations.push_back(row); };
    auto summary = generate_demo(spec, set, on_record, on_invitation);
    if (!summary) throw std::runtime_error("cannot make the demo data: " + describe(summary.problems));
    loaded += storage.insert_many(batch);
    storage.add_invitations(invitations);
    return loaded;
}

// The token in `file` when the storage knows it; otherwise a new one, written to `file`
// readable by its owner only.
std::string demo_token(Storage& storage, const std::string& file) {
    std::string token;
    if (std::ifstream in(file); in && std::getline(in, token) &&
        storage.token_municipality(sha256_hex(token)) == std::optional<std::string>(kDemoMunicipality))
        return token;
    token = "kp_" + random_hex(24);
    storage.add_staff_token(kDemoMunicipality, sha256_hex(token));
    std::ofstream out(file, std::ios::trunc);
    out << token << '\n';
    if (!out) throw std::runtime_error("cannot write the demo token to " + file);
    chmod(file.c_str(), 0600);
    return token;
}

} // namespace

DemoResult seed_demo(Storage& storage, const QuestionnaireSet& set, const DemoOptions& options) {
    DemoResult result;
    if (storage.count_responses({}) == 0) result.responses_loaded = load_data(storage, set, options);
    result.municipality = kDemoMunicipality;
    result.token = demo_token(storage, options.token_file);
    return result;
}

} // namespace klantpeil::server
