#include "ui/app.hpp"

#include <algorithm>
#include <set>

#include <imgui.h>

#include "engine/factsheet_svg.hpp"
#include "ui/panels.hpp"

namespace klantpeil::ui {

StaffApp::StaffApp(QuestionnaireSet set, PlatformHooks hooks) : set_(std::move(set)), hooks_(std::move(hooks)) {}

// [SECTION] Loading

void StaffApp::open(std::string name, std::uint64_t size) {
    loader_ = std::make_unique<Loader>(std::move(name), size, set_, store_, invitations_, ids_);
    reports_.push_back({loader_->name(), loader_->kind(), {}, 0});
}

char* StaffApp::room(std::size_t bytes) { return loader_ ? loader_->room(bytes) : nullptr; }

bool StaffApp::wrote(std::size_t bytes) {
    if (!loader_) return false;
    const bool go_on = loader_->wrote(bytes);
    report_progress();
    return go_on;
}

void StaffApp::close(bool last) {
    if (!loader_) return;
    loader_->finish();
    report_progress();
    loader_.reset();
    more_files_ = !last;
    if (more_files_) return;
    store_.shrink_to_fit();  // the columns grew by doubling while the size was unknown
    recompute();             // factsheets once all files of the pick are in
}

void StaffApp::report_progress() {
    LoadReport& r = reports_.back();
    r.kind = loader_->kind();
    r.summary = loader_->summary();
    r.refused_by_store = loader_->refused_by_store();
}

void StaffApp::clear() {
    loader_.reset();
    more_files_ = false;
    store_ = ResponseStore{};
    ids_ = ImportedIds{};
    invitations_ = InvitationCounts{};
    reports_.clear();
    recompute();
}

DemoSpec StaffApp::demo_spec() {
    DemoSpec spec;
    spec.responses = 4000;
    spec.municipalities = 6;
    spec.seed = 20260814;
    return spec;
}

void StaffApp::load_demo(DemoSpec spec) {
    clear();
    LoadReport report{"demodata", FileKind::responses, {}, 0};
    auto on_record = [&](ResponseRecord&& r) {
        ids_.insert(r.id);  // the server's demo has the same records: its export is not counted twice
        if (store_.add(r).empty()) ++report.summary.accepted;
        else ++report.refused_by_store;
    };
    auto on_invitation = [&](const InvitationRow& row) {
        if (auto date = parse_local_date(row.date)) invitations_.add(row.municipality, row.channel, quarter_of(*date), row.count);
    };
    auto made = generate_demo(spec, set_, on_record, on_invitation);
    if (!made) status_ = "Demodata niet gemaakt: " + describe(made.problems);
    reports_.push_back(std::move(report));
    recompute();
}

// [SECTION] Factsheets and selection

void StaffApp::recompute() {
    factsheets_ = compute_factsheets(store_, invitations_);
    Selection s = selection;
    const bool valid = std::any_of(factsheets_.begin(), factsheets_.end(), [&](const Factsheet& f) {
        return f.municipality == s.municipality && f.channel == s.channel;
    });
    if (!valid && !factsheets_.empty()) s = {factsheets_.front().municipality, factsheets_.front().channel, std::nullopt};
    if (!s.period || !valid) {
        std::vector<Quarter> qs;
        for (const Factsheet& f : factsheets_)
            if (f.municipality == s.municipality && f.channel == s.channel) qs.push_back(f.period);
        if (!qs.empty()) s.period = *std::max_element(qs.begin(), qs.end());
    }
    select(s);
}

void StaffApp::select(Selection s) {
    selection = std::move(s);
    ++selections_;
    const Factsheet* f = current();
    cases_ = f ? collect_cases(store_, *f) : std::vector<Case>{};
}

const Factsheet* StaffApp::current() const {
    for (const Factsheet& f : factsheets_)
        if (f.municipality == selection.municipality && f.channel == selection.channel && selection.period &&
            f.period == *selection.period)
            return &f;
    return nullptr;
}

std::string StaffApp::current_json() const {
    const Factsheet* f = current();
    return f ? to_json(*f).dump() : "null";
}

std::string StaffApp::current_svg() const {
    const Factsheet* f = current();
    return f ? to_svg(*f) : "";
}

std::string StaffApp::current_text() const {
    const Factsheet* f = current();
    return f ? to_text(*f) : "";
}

void StaffApp::download_svg() {
    const Factsheet* f = current();
    if (!f || !hooks_.download) return;
    const std::string name = "factsheet-" + f->municipality + "-" + to_string(f->channel) + "-" + to_string(f->period) + ".svg";
    hooks_.download(name, "image/svg+xml", to_svg(*f));
}

std::vector<std::string> StaffApp::municipalities() const {
    std::set<std::string> out;
    for (const Factsheet& f : factsheets_) out.insert(f.municipality);
    return {out.begin(), out.end()};
}

std::vector<Channel> StaffApp::channels() const {
    std::set<int> seen;
    for (const Factsheet& f : factsheets_)
        if (f.municipality == selection.municipality) seen.insert(static_cast<int>(f.channel));
    std::vector<Channel> out;
    for (int c : seen) out.push_back(static_cast<Channel>(c));
    return out;
}

std::vector<Quarter> StaffApp::quarters() const {
    std::vector<Quarter> out;
    for (const Factsheet& f : factsheets_)
        if (f.municipality == selection.municipality && f.channel == selection.channel) out.push_back(f.period);
    return out;  // compute_factsheets sorts by period within a municipality and channel
}

// [SECTION] Frame

void StaffApp::draw(float width, float height) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(width, height));
    ImGui::Begin("Klantpeil", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::BeginChild("links", ImVec2(ImGui::GetFontSize() * 20, 0), true);
    panel_load(*this);
    ImGui::Separator();
    panel_selectors(*this);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("rechts", ImVec2(0, 0), false);
    if (ImGui::BeginTabBar("weergave")) {
        if (ImGui::BeginTabItem("Factsheet")) {
            view_ = "factsheet";
            if (const Factsheet* f = current()) {
                panel_tiles(*f);
                panel_scores(*f);
            } else {
                ImGui::TextUnformatted(factsheets_.empty() ? "Nog geen reacties geladen." : "Geen reacties voor deze keuze.");
            }
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Trend")) {
            view_ = "trend";
            panel_trend(*this);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Reacties (cases)")) {
            view_ = "cases";
            panel_cases(*this);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
    ImGui::End();
}

} // namespace klantpeil::ui
