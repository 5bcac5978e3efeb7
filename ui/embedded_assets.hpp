// Files built into the previewer's binary, so the page needs no extra fetch: the standard
// questionnaires (assets/questionnaires/*.json) and DejaVu Sans cut to the letters staff
// read (ui/CMakeLists.txt). The definitions are generated at build time by
// ui/embed_files.cmake (never committed).
#pragma once
#include <string_view>
#include <vector>

namespace klantpeil::ui {

std::vector<std::string_view> embedded_questionnaires();
std::string_view embedded_font();  // TTF bytes

} // namespace klantpeil::ui
