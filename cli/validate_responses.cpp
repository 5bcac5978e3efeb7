// klantpeil validate-responses FILE
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/files.hpp"
#include "engine/import.hpp"

namespace klantpeil::cli {

namespace {

int run(const Args& args) {
    std::string error;
    auto set = load_questionnaires(args, error);
    if (!set) return failure(kValidateResponses, error);
    const std::string& path = args.positional();
    auto file = InputFile::open(path, error);
    if (!file) return failure(kValidateResponses, error);
    ImportSummary s = import_responses(file->text(), *set, [](ResponseRecord&&) {}, import_options(*file, path));
    print_import_errors(stdout, path, s, SIZE_MAX);
    std::printf("%s: %s (%s)\n", path.c_str(), describe(s).c_str(), s.format == ImportFormat::csv ? "CSV" : "NDJSON");
    return s.skipped > 0 || s.aborted ? kExitProblems : kExitOk;
}

} // namespace

const Command kValidateResponses{
    "validate-responses", "FILE", "check response records (NDJSON or CSV)",
    "Reads the response records in FILE (NDJSON, or CSV with a header row) and checks each\n"
    "against its questionnaire. Prints every problem as FILE:LINE: field: reason (the first\n"
    "1000 in detail), then a summary; exit 1 when any record was refused.",
    {questionnaires_option()},
    run};

} // namespace klantpeil::cli
