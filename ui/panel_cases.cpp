// Cases: the open answers of the factsheet on screen with their grade (engine/cases.hpp),
// searchable and sortable, as inert text; downloadable as CSV for Dutch Excel.
#include <imgui.h>

#include "engine/period.hpp"
#include "ui/panels.hpp"

namespace klantpeil::ui {

namespace {

constexpr std::size_t kRowsShown = 2000;
const char* const kOrders[] = {"nieuwste eerst", "oudste eerst", "laagste cijfer eerst", "hoogste cijfer eerst"};

void controls(StaffApp& app, const std::vector<const Case*>& shown) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s", app.case_search.c_str());
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
    if (ImGui::InputTextWithHint("Zoeken", "woord in de tekst", buf, sizeof buf)) app.case_search = buf;
    ImGui::SameLine();
    int order = static_cast<int>(app.case_order);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    if (ImGui::Combo("Volgorde", &order, kOrders, 4)) app.case_order = static_cast<CaseOrder>(order);
    same_line_if_fits("CSV downloaden");
    const Factsheet* f = app.current();
    if (ImGui::Button("CSV downloaden") && f && app.hooks().download) {
        const std::string name = "cases-" + f->municipality + "-" + to_string(f->channel) + "-" + to_string(f->period) + ".csv";
        app.hooks().download(name, "text/csv;charset=utf-8", cases_csv(shown));
    }
}

} // namespace

void panel_cases(StaffApp& app) {
    std::vector<const Case*> shown = select_cases(app.cases(), app.case_search, app.case_order);
    controls(app, shown);
    const Factsheet* f = app.current();
    if (f && !f->published) ImGui::TextWrapped("Niet gepubliceerd: de cijfers bij de reacties worden niet getoond.");
    ImGui::Text("%zu van %zu reacties", shown.size(), app.cases().size());
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY |
                            ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("cases", 4, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Datum", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6);
    ImGui::TableSetupColumn("Soort", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6);
    ImGui::TableSetupColumn("Cijfer", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 3);
    ImGui::TableSetupColumn("Tekst");
    ImGui::TableHeadersRow();
    std::size_t rows = 0;
    for (const Case* c : shown) {
        if (rows++ == kRowsShown) break;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(to_string(local_date_of(c->submitted_at)).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(to_string(c->kind));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(c->totaaloordeel ? std::to_string(*c->totaaloordeel).c_str() : "-");
        ImGui::TableNextColumn();
        // TextUnformatted: the resident's text is shown as it is, never read as a format.
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(c->text.c_str(), c->text.c_str() + c->text.size());
        ImGui::PopTextWrapPos();
    }
    ImGui::EndTable();
}

} // namespace klantpeil::ui
