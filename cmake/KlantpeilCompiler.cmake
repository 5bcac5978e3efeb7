# Compiler settings shared by every Klantpeil target, native and wasm.

add_compile_options(-Wall -Wextra)

# KLANTPEIL_SANITIZE: a list for -fsanitize= (the native-debug preset sets "address;undefined").
set(KLANTPEIL_SANITIZE "" CACHE STRING "Sanitizers for native debug builds, e.g. address;undefined")
if(KLANTPEIL_SANITIZE)
    if(EMSCRIPTEN)
        message(FATAL_ERROR "KLANTPEIL_SANITIZE is for native builds only")
    endif()
    list(JOIN KLANTPEIL_SANITIZE "," _kp_sanitizers)
    add_compile_options(-fsanitize=${_kp_sanitizers} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    add_link_options(-fsanitize=${_kp_sanitizers})
endif()
