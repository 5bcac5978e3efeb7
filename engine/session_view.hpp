// SessionView: the current page of a session as plain JSON in the session's language, so
// a renderer (the browser's DOM renderer, a test) draws questions without knowing any
// survey rule. Shape:
//   {"questionnaire", "version", "language", "languages", "title",
//    "page": {"index", "id", "title", "is_first", "is_last"},
//    "progress": {"answered", "visible", "first_number"},
//    "questions": [{"id", "type", "number", "required", "text", "help"?,
//                   grade:  "min", "max", "labels"?: [low, high]
//                   effort/yesno/choice: "options": [{"value", "label"}], "multiple"?
//                   text:   "max_length"
//                   grid:   "allow_na", "min", "max", "rows": [{"id", "text", "answered", "answer"}]
//                   "answered": bool, "answer": value or null}]}
#pragma once
#include <nlohmann/json.hpp>

#include "engine/session.hpp"

namespace klantpeil {

nlohmann::json page_view(const Session& s);

} // namespace klantpeil
