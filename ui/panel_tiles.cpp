// Tiles: the counts of the factsheet, and the notice when it is not published.
#include <imgui.h>

#include <algorithm>

#include "engine/factsheet_svg.hpp"
#include "engine/number_format.hpp"
#include "ui/panels.hpp"

namespace klantpeil::ui {

namespace {

// A tile's value in large type, smaller when it would run into the next tile
// ("geen uitnodigingen" in a narrow window).
void tile(const CountTile& t, float width) {
    ImGui::BeginGroup();
    ImGui::TextDisabled("%s", t.label);
    const float room = width - ImGui::GetStyle().ItemSpacing.x;
    const float wide = ImGui::CalcTextSize(t.value.c_str()).x;
    ImGui::SetWindowFontScale(wide > 0 ? std::clamp(room / wide, 1.0f, 1.6f) : 1.6f);
    ImGui::TextUnformatted(t.value.c_str());
    ImGui::SetWindowFontScale(1.0f);
    ImGui::EndGroup();
}

std::string count(std::size_t n) { return format_count(static_cast<long long>(n)); }

// Tiles in a row, or in as many rows as it takes for each label to fit its tile
// ("Uitnodigingen" ran into "Reacties" in a narrow window).
template <class Tiles>
std::size_t tiles_per_row(const Tiles& tiles, float avail) {
    float widest = 0;
    for (const CountTile& t : tiles) widest = std::max(widest, ImGui::CalcTextSize(t.label).x);
    const float need = widest + 2 * ImGui::GetStyle().ItemSpacing.x;
    return std::clamp<std::size_t>(static_cast<std::size_t>(avail / need), 1, tiles.size());
}

} // namespace

void panel_tiles(const Factsheet& f) {
    ImGui::Text("Gemeente %s  |  %s  |  %s", f.municipality.c_str(), channel_label(f.channel).c_str(), to_string(f.period).c_str());
    const auto tiles = count_tiles(f);
    const float avail = ImGui::GetContentRegionAvail().x;
    const std::size_t per_row = tiles_per_row(tiles, avail);
    const float w = avail / static_cast<float>(per_row);
    for (std::size_t i = 0; i < tiles.size(); ++i) {
        if (i % per_row) ImGui::SameLine(w * static_cast<float>(i % per_row));
        tile(tiles[i], w);
    }
    if (!f.published) {
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(138, 28, 28, 255));
        ImGui::TextWrapped("Niet gepubliceerd: onvoldoende respons (n = %s); scores verschijnen vanaf %zu reacties.",
                           count(f.responses).c_str(), kMinimumResponse);
        ImGui::PopStyleColor();
    }
}

} // namespace klantpeil::ui
