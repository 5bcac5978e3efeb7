// Trend: every quarter of the selected municipality and channel, as the engine computed
// them; hidden quarters say so instead of showing a value.
#include <imgui.h>

#include "engine/factsheet_svg.hpp"
#include "engine/number_format.hpp"
#include "ui/panels.hpp"

namespace klantpeil::ui {

void panel_trend(StaffApp& app) {
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("trend", 4, flags)) return;
    ImGui::TableSetupColumn("Kwartaal");
    ImGui::TableSetupColumn("Reacties");
    ImGui::TableSetupColumn("Totaaloordeel");
    ImGui::TableSetupColumn("CES");
    ImGui::TableHeadersRow();
    for (const Factsheet& f : app.factsheets()) {
        if (f.municipality != app.selection.municipality || f.channel != app.selection.channel) continue;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const bool on_screen = app.selection.period && f.period == *app.selection.period;
        if (ImGui::Selectable(to_string(f.period).c_str(), on_screen, ImGuiSelectableFlags_SpanAllColumns)) {
            Selection s = app.selection;
            s.period = f.period;
            app.select(s);
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_count(static_cast<long long>(f.responses)).c_str());
        ImGui::TableNextColumn();
        if (f.totaaloordeel.mean) {
            score_bar(*f.totaaloordeel.mean, 10, ImGui::GetFontSize() * 6);
            ImGui::SameLine();
        }
        ImGui::TextUnformatted(score_or_hidden(f.totaaloordeel.mean, f.totaaloordeel.n).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(score_or_hidden(f.ces.score, f.ces.n).c_str());
    }
    ImGui::EndTable();
}

} // namespace klantpeil::ui
