# kp_discover_tests(TARGET [EXTRA_ARGS args...] [PROPERTIES name value...])
#
# Registers one ctest test per Catch2 TEST_CASE of TARGET, like Catch2's catch_discover_tests,
# but safe for any test name: Catch2 v2's own script reads the names as a CMake list, so one
# name with an unmatched `[` swallows all names after it into one test. Here the names are
# read line by line (cmake/KlantpeilCatchAddTests.cmake) and written as bracket arguments.
# The list is made after each build of TARGET, through the test emulator in the wasm build.
set(_KP_CATCH_ADD_TESTS "${CMAKE_CURRENT_LIST_DIR}/KlantpeilCatchAddTests.cmake")

function(kp_discover_tests target)
    cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "EXTRA_ARGS;PROPERTIES")
    set(tests_file "${CMAKE_CURRENT_BINARY_DIR}/${target}_tests.cmake")
    set(include_file "${CMAKE_CURRENT_BINARY_DIR}/${target}_include.cmake")
    add_custom_command(TARGET ${target} POST_BUILD
        BYPRODUCTS "${tests_file}"
        COMMAND "${CMAKE_COMMAND}"
            -D "TEST_EXECUTABLE=$<TARGET_FILE:${target}>"
            -D "TEST_EXECUTOR=${CMAKE_CROSSCOMPILING_EMULATOR}"
            -D "TEST_WORKING_DIR=${CMAKE_CURRENT_BINARY_DIR}"
            -D "TEST_EXTRA_ARGS=${arg_EXTRA_ARGS}"
            -D "TEST_PROPERTIES=${arg_PROPERTIES}"
            -D "CTEST_FILE=${tests_file}"
            -P "${_KP_CATCH_ADD_TESTS}"
        COMMENT "Listing the test cases of ${target}"
        VERBATIM)
    # Before the first build there is no list yet: ctest then reports one test that fails.
    file(WRITE "${include_file}"
        "if(EXISTS \"${tests_file}\")\n"
        "  include(\"${tests_file}\")\n"
        "else()\n"
        "  add_test(${target}_NOT_BUILT ${target}_NOT_BUILT)\n"
        "endif()\n")
    set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${include_file}")
    # A change of the script relinks, and so lists the tests again.
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${_KP_CATCH_ADD_TESTS}")
endfunction()
