# Toolchain file of the `wasm` preset: finds Debian's Emscripten (no hard-coded install path)
# and hands over to its own Emscripten.cmake.
#
# Order of search: EMSCRIPTEN_ROOT_PATH (cache/-D), $EMSCRIPTEN, the folder of the real emcc
# (Debian's /usr/bin/emcc is a symlink into the Emscripten root), then `em-config EMSCRIPTEN_ROOT`.

function(_kp_find_emscripten_root out)
    set(candidates "${EMSCRIPTEN_ROOT_PATH}" "$ENV{EMSCRIPTEN}")
    find_program(_kp_emcc emcc)
    if(_kp_emcc)
        file(REAL_PATH "${_kp_emcc}" _kp_emcc_real)
        get_filename_component(_kp_emcc_dir "${_kp_emcc_real}" DIRECTORY)
        list(APPEND candidates "${_kp_emcc_dir}")
    endif()
    foreach(dir IN LISTS candidates)
        if(dir AND EXISTS "${dir}/cmake/Modules/Platform/Emscripten.cmake")
            set(${out} "${dir}" PARENT_SCOPE)
            return()
        endif()
    endforeach()
    find_program(_kp_em_config em-config)
    if(_kp_em_config)
        execute_process(COMMAND "${_kp_em_config}" EMSCRIPTEN_ROOT
            OUTPUT_VARIABLE dir OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
        if(rc EQUAL 0 AND EXISTS "${dir}/cmake/Modules/Platform/Emscripten.cmake")
            set(${out} "${dir}" PARENT_SCOPE)
            return()
        endif()
    endif()
    message(FATAL_ERROR "Emscripten not found: run `./klantpeil setup` (Debian package emscripten)")
endfunction()

if(NOT KP_EMSCRIPTEN_ROOT)
    _kp_find_emscripten_root(KP_EMSCRIPTEN_ROOT)
    set(KP_EMSCRIPTEN_ROOT "${KP_EMSCRIPTEN_ROOT}" CACHE PATH "Emscripten root (found by the toolchain file)")
endif()

# emcmake would set the test emulator to `node;--experimental-wasm-threads`, which node 20
# rejects; plain node runs our single-threaded test binaries.
if(NOT DEFINED CMAKE_CROSSCOMPILING_EMULATOR)
    find_program(KP_NODE NAMES node nodejs REQUIRED)
    set(CMAKE_CROSSCOMPILING_EMULATOR "${KP_NODE}" CACHE FILEPATH "Runs wasm test binaries")
endif()

include("${KP_EMSCRIPTEN_ROOT}/cmake/Modules/Platform/Emscripten.cmake")
