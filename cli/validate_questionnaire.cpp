// klantpeil validate-questionnaire FILE
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/files.hpp"
#include "engine/questionnaire.hpp"

namespace klantpeil::cli {

namespace {

std::size_t question_count(const Questionnaire& q) {
    std::size_t n = 0;
    for (const Page& p : q.pages) n += p.questions.size();
    return n;
}

int run(const Args& args) {
    std::string error;
    auto file = InputFile::open(args.positional(), error);
    if (!file) return failure(kValidateQuestionnaire, error);
    Result<Questionnaire> q = load_questionnaire(file->text());
    const char* path = args.positional().c_str();
    if (!q) {
        for (const Problem& p : q.problems) std::printf("%s: %s\n", path, describe(p).c_str());
        return kExitProblems;
    }
    std::printf("%s: OK (%s version %d, %s, %zu pages, %zu questions)\n", path, q->id.c_str(), q->version,
                to_string(q->channel), q->pages.size(), question_count(*q));
    return kExitOk;
}

} // namespace

const Command kValidateQuestionnaire{
    "validate-questionnaire", "FILE", "check a questionnaire document",
    "Loads the questionnaire JSON in FILE and prints OK, or every problem with the JSON path\n"
    "of the offending field (exit 1).",
    {},
    run};

} // namespace klantpeil::cli
