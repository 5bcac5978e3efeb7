// klantpeil-cli: the command-line tool (`./klantpeil SUBCOMMAND` forwards here).
#include <cstdio>
#include <string>

#include "cli/commands.hpp"

using namespace klantpeil::cli;

namespace {

const Command* const kCommands[] = {&kValidateQuestionnaire, &kValidateResponses, &kFactsheet, &kDemoData};

void print_overview(std::FILE* to) {
    std::fprintf(to, "usage: klantpeil-cli COMMAND [options]   (klantpeil COMMAND --help for its options)\n\ncommands:\n");
    for (const Command* c : kCommands) std::fprintf(to, "  %-24s%s\n", c->name, c->summary);
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) { print_overview(stderr); return kExitUsage; }
    std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") { print_overview(stdout); return kExitOk; }
    for (const Command* c : kCommands) {
        if (name != c->name) continue;
        std::string error;
        auto args = Args::parse(*c, argc, argv, 2, error);
        if (!args) return usage_error(*c, error);
        if (args->help()) { std::fputs(usage(*c).c_str(), stdout); return kExitOk; }
        return c->run(*args);
    }
    std::fprintf(stderr, "klantpeil: unknown command \"%s\" (see klantpeil --help)\n", name.c_str());
    return kExitUsage;
}
