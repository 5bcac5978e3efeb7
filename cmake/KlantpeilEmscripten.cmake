# Quirks of Debian's Emscripten 3.1.6, handled once for every wasm target
# (shared/TOOLCHAIN.md has the details).

# 1. Every emcc link at -O1 and above runs the JS optimizer, which needs acorn. The node on
#    PATH may not be Debian's and then does not see Debian's acorn: point NODE_PATH at it.
find_path(KP_NODE_MODULES acorn/package.json
    PATHS /usr/share/nodejs /usr/lib/nodejs /usr/local/lib/node_modules
    NO_CMAKE_FIND_ROOT_PATH NO_DEFAULT_PATH)
if(NOT KP_NODE_MODULES)
    message(FATAL_ERROR "acorn not found: run `./klantpeil setup` (Debian package node-acorn)")
endif()
set(CMAKE_CXX_LINKER_LAUNCHER env "NODE_PATH=${KP_NODE_MODULES}")

# 2. The engine lib and everything linking it are compiled with C++ exceptions: nlohmann/json
#    and the standard library report some errors by throwing, and the engine catches them
#    at its boundary. Without -fexceptions emcc turns every throw into an abort.
#    WebAssembly's own exception handling, not Emscripten's JS emulation: that one routes
#    every call that may unwind through a JS trampoline, which made loading a questionnaire
#    in the browser ~5x slower and the module bigger. Chrome 95+, Firefox 100+, Safari 15.2+
#    and node 17+ have it.
add_compile_options(-fwasm-exceptions)
add_link_options(-fwasm-exceptions)

# 3. -flto everywhere (about 5 % smaller). The preset builds for speed (-O3): the staff
#    previewer ingests a million responses. Only the resident's survey module is built for
#    size (engine/CMakeLists.txt, engine/wasm/CMakeLists.txt). Never put -Os on a link line
#    meant to be fast: emcc then limits inlining (INLINING_LIMIT) whatever -O follows it.
add_compile_options(-flto)
add_link_options(-flto)

# Link options of a Catch2 (or other) test binary that ctest runs under node:
# synchronous compilation (node 20 + emscripten 3.1.6 fail on async fetch of the .wasm),
# the exit code of main() passed to node, the host file system for test data (NODERAWFS).
function(kp_wasm_test_options target)
    target_link_options(${target} PRIVATE
        -sWASM_ASYNC_COMPILATION=0
        -sEXIT_RUNTIME=1
        -sNODERAWFS=1
        -sENVIRONMENT=node
        -sINITIAL_MEMORY=64MB
        -sALLOW_MEMORY_GROWTH=1)
endfunction()
