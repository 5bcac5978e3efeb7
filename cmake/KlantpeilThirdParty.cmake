# Third-party code comes from Debian packages (installed by scripts/setup.sh), never from
# the repository. This file turns them into interface targets that work for both builds:
#   kp::json    nlohmann/json (header-only)
#   kp::catch2  Catch2 v2 (header-only; tests/engine/main.cpp holds its main)
# and kp_discover_tests() (cmake/KlantpeilCatch.cmake), which registers Catch2 test cases.
#
# emcc does not search the host's include directory, and adding that directory itself would
# pull glibc headers into the wasm build. So the wasm build gets a folder of its own,
# ${CMAKE_BINARY_DIR}/sysinc, holding symlinks to just the header trees it needs.

add_library(kp_json INTERFACE)
add_library(kp::json ALIAS kp_json)
add_library(kp_catch2 INTERFACE)
add_library(kp::catch2 ALIAS kp_catch2)

# Finds a header tree on the host, outside the Emscripten sysroot. Sets ${var} to the folder
# that holds `subdir` (e.g. the folder holding nlohmann/).
function(kp_find_host_headers var subdir probe)
    find_path(${var} "${subdir}/${probe}"
        PATHS /usr/include /usr/local/include
        NO_CMAKE_FIND_ROOT_PATH NO_DEFAULT_PATH)
    if(NOT ${var})
        message(FATAL_ERROR "${subdir}/${probe} not found: run `./klantpeil setup` to install the Debian packages")
    endif()
endfunction()

# Makes ${CMAKE_BINARY_DIR}/sysinc/<name> a symlink to <target_dir>.
set(KP_SYSINC_DIR "${CMAKE_BINARY_DIR}/sysinc")
function(kp_sysinc_link name target_dir)
    file(MAKE_DIRECTORY "${KP_SYSINC_DIR}")
    file(CREATE_LINK "${target_dir}" "${KP_SYSINC_DIR}/${name}" SYMBOLIC)
endfunction()

kp_find_host_headers(KP_NLOHMANN_ROOT nlohmann json.hpp)
kp_find_host_headers(KP_CATCH2_ROOT catch2 catch.hpp)

if(EMSCRIPTEN)
    kp_sysinc_link(nlohmann "${KP_NLOHMANN_ROOT}/nlohmann")
    kp_sysinc_link(catch2 "${KP_CATCH2_ROOT}/catch2")
    # SYSTEM: third-party headers do not take part in our -Wall -Wextra.
    target_include_directories(kp_json SYSTEM INTERFACE "${KP_SYSINC_DIR}")
    target_include_directories(kp_catch2 SYSTEM INTERFACE "${KP_SYSINC_DIR}")
else()
    find_package(nlohmann_json 3.11 REQUIRED)
    target_link_libraries(kp_json INTERFACE nlohmann_json::nlohmann_json)
    target_include_directories(kp_catch2 SYSTEM INTERFACE "${KP_CATCH2_ROOT}")
endif()

include(KlantpeilCatch)

# Catch2's own catch_discover_tests, for tests/server until it uses kp_discover_tests.
find_file(KP_CATCH_CMAKE Catch.cmake
    PATHS /usr/lib/cmake/Catch2 /usr/share/cmake/Catch2 /usr/local/lib/cmake/Catch2
    NO_CMAKE_FIND_ROOT_PATH NO_DEFAULT_PATH)
if(NOT KP_CATCH_CMAKE)
    message(FATAL_ERROR "Catch2's Catch.cmake not found: run `./klantpeil setup` (Debian package catch2)")
endif()
include("${KP_CATCH_CMAKE}")
