// The panels of the staff previewer, one file each (ui/panel_<name>.cpp). Each draws one
// part of the window from the StaffApp's state; none computes a figure.
#pragma once
#include "ui/app.hpp"

namespace klantpeil::ui {

void panel_load(StaffApp& app);        // file, staff export, progress, bad lines
void panel_selectors(StaffApp& app);   // municipality, channel, quarter; exports
void panel_tiles(const Factsheet& f);  // invitations, responses, response rate, reviews, tips
void panel_scores(const Factsheet& f); // totaaloordeel, CES, hostmanship, aspects with comparisons
void panel_trend(StaffApp& app);       // every quarter of the selected municipality and channel
void panel_cases(StaffApp& app);       // open answers: search, sort, CSV

// Shared drawing helpers (ui/widgets.cpp). Scores are written as on the printed page, by
// engine/factsheet_svg.hpp (score_or_hidden, score_or_dash, comparison_line).
// A horizontal bar of `value` on 0..`max`, `width` pixels wide, drawn only for a published score.
void score_bar(double value, double max, float width);
void section_heading(const char* text);
// Keeps the next button on the line of the last item when the button fits beside it.
void same_line_if_fits(const char* next_button);

} // namespace klantpeil::ui
