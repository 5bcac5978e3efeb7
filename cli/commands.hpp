// The subcommands of klantpeil-cli, one file each.
#pragma once
#include "cli/args.hpp"

namespace klantpeil::cli {

extern const Command kValidateQuestionnaire;  // validate_questionnaire.cpp
extern const Command kValidateResponses;      // validate_responses.cpp
extern const Command kFactsheet;              // factsheet.cpp
extern const Command kDemoData;               // demo_data.cpp

} // namespace klantpeil::cli
