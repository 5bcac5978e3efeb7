// Tiles: the counts of the factsheet, and the notice when it is not published.
#include <imgui.h>

#include "engine/factsheet_svg.hpp"
#include "engine/number_format.hpp"
#include "ui/panels.hpp"

namespace klantpeil::ui {

namespace {

void tile(const char* label, const std::string& value) {
    ImGui::BeginGroup();
    ImGui::TextDisabled("%s", label);
    ImGui::SetWindowFontScale(1.6f);
    ImGui::TextUnformatted(value.c_str());
    ImGui::SetWindowFontScale(1.0f);
    ImGui::EndGroup();
}

std::string count(std::size_t n) { return format_count(static_cast<long long>(n)); }

} // namespace

void panel_tiles(const Factsheet& f) {
    ImGui::Text("Gemeente %s  |  %s  |  %s", f.municipality.c_str(), channel_label(f.channel).c_str(), to_string(f.period).c_str());
    const std::string rate = f.response_rate ? format_percent(*f.response_rate * 100, 0) : "geen uitnodigingen";
    const std::pair<const char*, std::string> tiles[] = {
        {"Uitnodigingen", format_count(f.invitations)}, {"Reacties", count(f.responses)},
        {"Respons", rate}, {"Toelichtingen", count(f.reviews)}, {"Tips", count(f.tips)}};
    const float w = ImGui::GetContentRegionAvail().x / 5;
    for (std::size_t i = 0; i < 5; ++i) {
        if (i) ImGui::SameLine(w * static_cast<float>(i));
        tile(tiles[i].first, tiles[i].second);
    }
    if (!f.published) {
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(138, 28, 28, 255));
        ImGui::TextWrapped("Niet gepubliceerd: onvoldoende respons (n = %s); scores verschijnen vanaf %zu reacties.",
                           count(f.responses).c_str(), kMinimumResponse);
        ImGui::PopStyleColor();
    }
}

} // namespace klantpeil::ui
