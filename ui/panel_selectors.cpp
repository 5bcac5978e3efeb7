// Selectors: municipality, channel and quarter of the factsheet on screen, and its exports.
#include <imgui.h>

#include "engine/factsheet_svg.hpp"  // channel_label
#include "ui/panels.hpp"

namespace klantpeil::ui {

namespace {

void municipality_combo(StaffApp& app) {
    if (!ImGui::BeginCombo("Gemeente", app.selection.municipality.c_str())) return;
    for (const std::string& m : app.municipalities()) {
        if (ImGui::Selectable(m.c_str(), m == app.selection.municipality)) {
            Selection s = app.selection;
            s.municipality = m;
            app.select(s);
        }
    }
    ImGui::EndCombo();
}

void channel_combo(StaffApp& app) {
    if (!ImGui::BeginCombo("Kanaal", channel_label(app.selection.channel).c_str())) return;
    for (Channel c : app.channels()) {
        if (ImGui::Selectable(channel_label(c).c_str(), c == app.selection.channel)) {
            Selection s = app.selection;
            s.channel = c;
            app.select(s);
        }
    }
    ImGui::EndCombo();
}

void quarter_combo(StaffApp& app) {
    const std::string shown = app.selection.period ? to_string(*app.selection.period) : "";
    if (!ImGui::BeginCombo("Kwartaal", shown.c_str())) return;
    for (Quarter q : app.quarters()) {
        if (ImGui::Selectable(to_string(q).c_str(), app.selection.period && q == *app.selection.period)) {
            Selection s = app.selection;
            s.period = q;
            app.select(s);
        }
    }
    ImGui::EndCombo();
}

} // namespace

void panel_selectors(StaffApp& app) {
    section_heading("Factsheet");
    if (app.factsheets().empty()) {
        ImGui::TextUnformatted("Nog geen factsheets.");
        return;
    }
    municipality_combo(app);
    channel_combo(app);
    quarter_combo(app);
    if (app.current() && ImGui::Button("Factsheet als SVG downloaden")) app.download_svg();
}

} // namespace klantpeil::ui
