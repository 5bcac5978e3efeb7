// klantpeil-server: the backend's executable. Everything lives in the server library
// (server/commands.hpp) so the tests can run the same commands in-process.
#include <iostream>
#include <string>
#include <vector>

#include "server/commands.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> words(argv + 1, argv + argc);
    return klantpeil::server::run_command(words, std::cout, std::cerr);
}
