// Helpers shared by the panels: a score's bar, section headings, buttons that share a line.
#include <algorithm>

#include <imgui.h>

#include "ui/panels.hpp"

namespace klantpeil::ui {

void score_bar(double value, double max, float width) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight() * 0.8f;
    const float w = width * static_cast<float>(std::clamp(value / max, 0.0, 1.0));
    const float top = p.y + ImGui::GetTextLineHeight() * 0.1f;
    dl->AddRectFilled(ImVec2(p.x, top), ImVec2(p.x + width, top + h), IM_COL32(225, 230, 235, 255));
    dl->AddRectFilled(ImVec2(p.x, top), ImVec2(p.x + w, top + h), IM_COL32(31, 95, 139, 255));
    ImGui::Dummy(ImVec2(width, ImGui::GetTextLineHeight()));
}

void section_heading(const char* text) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(20, 60, 100, 255));
    ImGui::TextUnformatted(text);
    ImGui::PopStyleColor();
    ImGui::Separator();
}

void same_line_if_fits(const char* next_button) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float right = ImGui::GetItemRectMax().x + style.ItemSpacing.x +
                        ImGui::CalcTextSize(next_button, nullptr, true).x + style.FramePadding.x * 2;
    if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

} // namespace klantpeil::ui
