// Scores: totaaloordeel with its distribution, CES with its split, hostmanship and the
// aspects, each with n, and the previous quarter and the benchmark beside the headline
// figures. A hidden score is drawn as "onvoldoende respons (n = ...)" only: no bar.
#include <algorithm>

#include <imgui.h>

#include "engine/factsheet_svg.hpp"
#include "engine/number_format.hpp"
#include "ui/panels.hpp"

namespace klantpeil::ui {

namespace {

std::string count(std::size_t n) { return format_count(static_cast<long long>(n)); }

// "vorig kwartaal (2026-Q2): 7,4  |  benchmark (12 gemeenten): 7,5"
void comparison(const Factsheet& f, const std::optional<double>& prev, const std::optional<double>& bench) {
    ImGui::TextDisabled("vorig kwartaal (%s): %s  |  benchmark (%s): %s", to_string(previous(f.period)).c_str(),
                        f.previous ? score_or_dash(prev).c_str() : "niet gepubliceerd",
                        municipalities_label(f.benchmark.municipalities).c_str(), score_or_dash(bench).c_str());
}

void distribution(const std::array<std::size_t, 10>& d) {
    const std::size_t max = std::max<std::size_t>(1, *std::max_element(d.begin(), d.end()));
    const float bar_h = ImGui::GetTextLineHeight() * 4, bar_w = ImGui::GetFontSize() * 2;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float label_h = ImGui::GetTextLineHeight();
    for (std::size_t g = 0; g < d.size(); ++g) {
        const float x = origin.x + static_cast<float>(g) * bar_w * 1.3f;
        const float h = bar_h * static_cast<float>(d[g]) / static_cast<float>(max);
        const float base = origin.y + label_h + bar_h;
        dl->AddRectFilled(ImVec2(x, base - h), ImVec2(x + bar_w, base), IM_COL32(31, 95, 139, 255));
        const std::string n = count(d[g]), grade = std::to_string(g + 1);
        dl->AddText(ImVec2(x, base - h - label_h), IM_COL32(90, 90, 90, 255), n.c_str());
        dl->AddText(ImVec2(x, base + 2), ImGui::GetColorU32(ImGuiCol_Text), grade.c_str());
    }
    ImGui::Dummy(ImVec2(bar_w * 13, bar_h + label_h * 2 + 4));
}

// The widest item label of the factsheet: the hostmanship and aspect tables share their
// label column, so their bars line up.
float label_width(const Factsheet& f) {
    float widest = 0;
    auto measure = [&](const std::vector<ItemScore>& items) {
        for (const ItemScore& s : items) widest = std::max(widest, ImGui::CalcTextSize(item_label(s.id).c_str()).x);
    };
    if (f.hostmanship) measure(f.hostmanship->items);
    measure(f.aspects);
    return widest + ImGui::GetStyle().ItemSpacing.x * 2;
}

void items_table(const char* id, const std::vector<ItemScore>& items, float label_w) {
    if (!ImGui::BeginTable(id, 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("onderdeel", ImGuiTableColumnFlags_WidthFixed, label_w);
    ImGui::TableSetupColumn("score", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("n", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("n = 00.000").x);
    for (const ItemScore& s : items) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(item_label(s.id).c_str());
        ImGui::TableNextColumn();
        if (s.mean) {
            score_bar(*s.mean, 10, ImGui::GetFontSize() * 10);
            ImGui::SameLine();
        }
        ImGui::TextUnformatted(score_text(s.mean, s.n).c_str());
        ImGui::TableNextColumn();
        ImGui::TextDisabled("n = %s", count(s.n).c_str());
    }
    ImGui::EndTable();
}

void totaaloordeel(const Factsheet& f) {
    section_heading("Totaaloordeel (rapportcijfer 1-10)");
    ImGui::SetWindowFontScale(f.totaaloordeel.mean ? 1.8f : 1.0f);
    ImGui::TextUnformatted(score_text(f.totaaloordeel.mean, f.totaaloordeel.n).c_str());
    ImGui::SetWindowFontScale(1.0f);
    ImGui::SameLine();
    ImGui::TextDisabled("n = %s", count(f.totaaloordeel.n).c_str());
    comparison(f, f.previous ? f.previous->totaaloordeel : std::nullopt, f.benchmark.totaaloordeel);
    if (f.totaaloordeel.distribution) distribution(*f.totaaloordeel.distribution);
}

void ces(const Factsheet& f) {
    section_heading("Klantinspanning (CES, -100 tot +100, hoger is makkelijker)");
    ImGui::TextUnformatted(score_text(f.ces.score, f.ces.n).c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("n = %s", count(f.ces.n).c_str());
    if (f.ces.score)
        ImGui::Text("weinig of geen moeite %s  |  veel moeite %s", format_percent(*f.ces.low_effort_pct, kScoreDecimals).c_str(),
                    format_percent(*f.ces.high_effort_pct, kScoreDecimals).c_str());
    comparison(f, f.previous ? f.previous->ces : std::nullopt, f.benchmark.ces);
}

void hostmanship(const Factsheet& f) {
    if (!f.hostmanship) return;
    section_heading("Gastvrijheid");
    ImGui::Text("Samen: %s", f.hostmanship->mean ? score_or_dash(f.hostmanship->mean).c_str()
                                                  : "onvoldoende respons (niet alle zes onderdelen gepubliceerd)");
    items_table("gastvrijheid", f.hostmanship->items, label_width(f));
}

void aspects(const Factsheet& f) {
    if (f.aspects.empty()) return;
    section_heading("Aspecten van de dienstverlening");
    items_table("aspecten", f.aspects, label_width(f));
    if (auto note = below_aspects_note(f)) ImGui::TextWrapped("%s %s", note->finding.c_str(), note->explanation.c_str());
}

} // namespace

void panel_scores(const Factsheet& f) {
    totaaloordeel(f);
    ces(f);
    hostmanship(f);
    aspects(f);
}

} // namespace klantpeil::ui
