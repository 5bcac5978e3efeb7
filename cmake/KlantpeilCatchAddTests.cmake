# Script of kp_discover_tests (cmake/KlantpeilCatch.cmake), run after each build of a Catch2
# test binary: lists its test cases and writes a ctest file with one add_test per case.
# Inputs (-D): TEST_EXECUTABLE, TEST_EXECUTOR (empty natively, node for wasm),
# TEST_WORKING_DIR, TEST_EXTRA_ARGS, TEST_PROPERTIES, CTEST_FILE.

execute_process(
    COMMAND ${TEST_EXECUTOR} "${TEST_EXECUTABLE}" --list-test-names-only
    OUTPUT_VARIABLE output
    RESULT_VARIABLE result
    WORKING_DIRECTORY "${TEST_WORKING_DIR}")
# Catch2 v2 exits with the number of test cases listed: only a crash is an error.
if(NOT result MATCHES "^[0-9]+$")
    message(FATAL_ERROR "Listing the tests of ${TEST_EXECUTABLE} failed: ${result}\n${output}")
endif()

# Arguments as they are written into the ctest file: bracket arguments, taken literally.
set(fixed_args "")
foreach(arg IN LISTS TEST_EXECUTOR ITEMS "${TEST_EXECUTABLE}")
    string(APPEND fixed_args " [==[${arg}]==]")
endforeach()
# `-w NoTests`: a name that matches no test case fails instead of passing with nothing run.
set(extra_args " -w NoTests")
foreach(arg IN LISTS TEST_EXTRA_ARGS)
    string(APPEND extra_args " [==[${arg}]==]")
endforeach()
set(properties "WORKING_DIRECTORY [==[${TEST_WORKING_DIR}]==]")
foreach(arg IN LISTS TEST_PROPERTIES)
    string(APPEND properties " [==[${arg}]==]")
endforeach()

# One line per test case name. Read with string(FIND), never as a CMake list, so `;`, `[`
# and `]` in names stay as they are.
set(script "")
set(count 0)
string(REPLACE "\r" "" output "${output}")
while(NOT output STREQUAL "")
    string(FIND "${output}" "\n" end)
    if(end EQUAL -1)
        set(name "${output}")
        set(output "")
    else()
        string(SUBSTRING "${output}" 0 ${end} name)
        math(EXPR end "${end} + 1")
        string(SUBSTRING "${output}" ${end} -1 output)
    endif()
    if(name STREQUAL "")
        continue()
    endif()
    # Catch2 quotes names that start with `#`.
    if(name MATCHES "^\"(#.*)\"$")
        set(name "${CMAKE_MATCH_1}")
    endif()
    # The name as a Catch2 test spec: a backslash makes the next character literal.
    set(spec "${name}")
    foreach(char IN ITEMS "\\" "," "[" "]" "\"" "~")
        string(REPLACE "${char}" "\\${char}" spec "${spec}")
    endforeach()
    string(APPEND script
        "add_test([==[${name}]==]${fixed_args} [==[${spec}]==]${extra_args})\n"
        "set_tests_properties([==[${name}]==] PROPERTIES ${properties})\n")
    math(EXPR count "${count} + 1")
endwhile()

if(count EQUAL 0)
    message(FATAL_ERROR "${TEST_EXECUTABLE} lists no test cases")
endif()
file(WRITE "${CTEST_FILE}" "${script}")
