// The one main() of the server tests: Catch2 v2's own (as tests/engine/main.cpp).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
