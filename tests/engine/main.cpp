// The one main() of the engine tests: Catch2 v2's own. The unit-*.cpp files hold only
// TEST_CASEs; compiling Catch2's implementation once here keeps their rebuilds quick.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
