// Scores: totaaloordeel with its distribution, CES with its split, hostmanship and the
// aspects, each with n and with the previous quarter's and the benchmark's score beside it.
// A hidden score is drawn as "onvoldoende respons (n = ...)" only: no bar.
#include <algorithm>

#include <imgui.h>

#include "engine/factsheet_svg.hpp"
#include "engine/number_format.hpp"
#include "ui/panels.hpp"

namespace klantpeil::ui {

namespace {

std::string count(std::size_t n) { return format_count(static_cast<long long>(n)); }

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

// The widest label of both tables: they share their label column, so their bars line up.
float label_width(const std::vector<ScoreRow>& host, const std::vector<ScoreRow>& aspects) {
    float widest = 0;
    for (const auto* rows : {&host, &aspects})
        for (const ScoreRow& r : *rows) widest = std::max(widest, ImGui::CalcTextSize(r.label.c_str()).x);
    return widest + ImGui::GetStyle().ItemSpacing.x * 2;
}

void score_row(const ScoreRow& r) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(r.label.c_str());
    ImGui::TableNextColumn();
    if (r.mean) {
        score_bar(*r.mean, 10, ImGui::GetFontSize() * 10);
        ImGui::SameLine();
    }
    ImGui::TextUnformatted(r.mean ? score_or_dash(r.mean).c_str() : r.hidden.c_str());
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", score_or_dash(r.previous).c_str());
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", score_or_dash(r.benchmark).c_str());
    ImGui::TableNextColumn();
    if (r.n) ImGui::TextDisabled("n = %s", count(*r.n).c_str());
}

// A score table with its column headers.
void score_table(const char* id, float label_w, const std::vector<ScoreRow>& rows) {
    if (!ImGui::BeginTable(id, 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return;
    const float number_w = ImGui::CalcTextSize("vorig kwartaal").x;
    ImGui::TableSetupColumn("onderdeel", ImGuiTableColumnFlags_WidthFixed, label_w);
    ImGui::TableSetupColumn("score", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("vorig kwartaal", ImGuiTableColumnFlags_WidthFixed, number_w);
    ImGui::TableSetupColumn("benchmark", ImGuiTableColumnFlags_WidthFixed, number_w);
    ImGui::TableSetupColumn("n", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("n = 00.000").x);
    ImGui::TableHeadersRow();
    for (const ScoreRow& r : rows) score_row(r);
    ImGui::EndTable();
}

void totaaloordeel(const Factsheet& f) {
    section_heading("Totaaloordeel (rapportcijfer 1-10)");
    ImGui::SetWindowFontScale(f.totaaloordeel.mean ? 1.8f : 1.0f);
    ImGui::TextUnformatted(score_or_hidden(f.totaaloordeel.mean, f.totaaloordeel.n).c_str());
    ImGui::SetWindowFontScale(1.0f);
    ImGui::SameLine();
    ImGui::TextDisabled("n = %s", count(f.totaaloordeel.n).c_str());
    ImGui::TextDisabled("%s", comparison_line(f, &ComparedScores::totaaloordeel).c_str());
    if (f.totaaloordeel.distribution) distribution(*f.totaaloordeel.distribution);
}

void ces(const Factsheet& f) {
    section_heading("Klantinspanning (CES, -100 tot +100, hoger is makkelijker)");
    ImGui::TextUnformatted(score_or_hidden(f.ces.score, f.ces.n).c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("n = %s", count(f.ces.n).c_str());
    if (f.ces.score)
        ImGui::Text("weinig of geen moeite %s  |  veel moeite %s", format_percent(*f.ces.low_effort_pct, kScoreDecimals).c_str(),
                    format_percent(*f.ces.high_effort_pct, kScoreDecimals).c_str());
    ImGui::TextDisabled("%s", comparison_line(f, &ComparedScores::ces).c_str());
}

// The hostmanship and aspect tables.
void score_tables(const Factsheet& f) {
    const std::vector<ScoreRow> host = hostmanship_rows(f), aspects = aspect_rows(f);
    const float label_w = label_width(host, aspects);
    if (!host.empty()) {
        section_heading("Gastvrijheid");
        score_table("gastvrijheid", label_w, host);
    }
    if (aspects.empty()) return;
    section_heading("Aspecten van de dienstverlening");
    score_table("aspecten", label_w, aspects);
    if (auto note = below_aspects_note(f)) ImGui::TextWrapped("%s %s", note->finding.c_str(), note->explanation.c_str());
}

} // namespace

void panel_scores(const Factsheet& f) {
    totaaloordeel(f);
    ces(f);
    score_tables(f);
}

} // namespace klantpeil::ui
