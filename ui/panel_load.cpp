// Load panel: where responses come from (a file picked or dropped, or the backend's staff
// export), the progress of a running load, and the lines that were skipped.
#include <imgui.h>

#include "engine/number_format.hpp"
#include "ui/panels.hpp"

namespace klantpeil::ui {

namespace {

constexpr std::size_t kErrorsShown = 200;

std::string count(std::size_t n, const char* one, const char* more) {
    return format_count(static_cast<long long>(n)) + " " + (n == 1 ? one : more);
}

// "4.000 reacties ingelezen, 2 overgeslagen" (the engine's describe() is the CLI's English).
std::string summary(const LoadReport& r) {
    const bool responses = r.kind == FileKind::responses;
    std::string out = count(r.summary.accepted, responses ? "reactie" : "regel", responses ? "reacties" : "regels") +
                      " ingelezen, " + format_count(static_cast<long long>(r.summary.skipped)) + " overgeslagen";
    if (r.summary.aborted) out += "; de rest van het bestand is niet gelezen";
    return out;
}

void report(const LoadReport& r) {
    ImGui::TextWrapped("%s: %s", r.name.c_str(), summary(r).c_str());
    if (r.refused_by_store)
        ImGui::TextWrapped("Overgeslagen, want niet op te slaan: %s.", count(r.refused_by_store, "reactie", "reacties").c_str());
    if (r.summary.errors.empty()) return;
    const std::string label = "Overgeslagen regels (" + format_count(static_cast<long long>(r.summary.errors_total)) + ")##" + r.name;
    if (!ImGui::TreeNodeEx(label.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) return;
    std::size_t shown = 0;
    for (const ImportError& e : r.summary.errors) {
        if (shown++ == kErrorsShown) break;
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(("regel " + std::to_string(e.line) + ": " + e.reason).c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::TreePop();
}

} // namespace

void panel_load(StaffApp& app) {
    section_heading("Gegevens");
    if (ImGui::Button("Bestand kiezen (CSV of NDJSON)") && app.hooks().pick_file) app.hooks().pick_file();
    ImGui::TextWrapped("Of sleep een bestand op dit venster. Alles wordt in deze browser berekend; er wordt niets verstuurd.");
    ImGui::Spacing();
    ImGui::TextUnformatted("Medewerkerstoken voor de server:");
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s", app.token.c_str());
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputText("##token", buf, sizeof buf, ImGuiInputTextFlags_Password)) app.token = buf;
    if (ImGui::Button("Reacties ophalen van de server") && app.hooks().fetch_export && !app.token.empty())
        app.hooks().fetch_export(app.token);
    if (ImGui::Button("Demodata laden (4.000 reacties)")) app.load_demo();
    same_line_if_fits("Alles wissen");
    if (ImGui::Button("Alles wissen")) app.clear();

    if (app.loading()) {
        ImGui::TextWrapped("Laden: %s", app.load_name().c_str());
        ImGui::ProgressBar(static_cast<float>(app.load_fraction()), ImVec2(-1, 0));
    } else if (!app.status().empty()) {
        ImGui::TextWrapped("%s", app.status().c_str());
    }
    ImGui::TextUnformatted(("Reacties geladen: " + format_count(static_cast<long long>(app.store().size()))).c_str());
    for (const LoadReport& r : app.reports()) report(r);
}

} // namespace klantpeil::ui
