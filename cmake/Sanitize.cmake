# PICKLINT_SANITIZE=address,undefined (or thread): everything built here is
# instrumented, and so is every program the tests compile and every
# clang-tidy that loads the plugin. `make sanitize` builds and runs both
# configurations (docs/reliability.md).
#
# Sets PICKLINT_TEST_CXX (the compiler the tests use: a wrapper that adds the
# flags) and defines picklint_test_tool(<out-var> <tool>): a wrapper that
# runs an uninstrumented tool with the sanitizer's runtime preloaded, so that
# it can load the instrumented plugin.
set(PICKLINT_SANITIZE "" CACHE STRING
    "Sanitizers to build and test with: address,undefined or thread (empty: none)")

set(PICKLINT_TEST_CXX "${CMAKE_CXX_COMPILER}")
set(_picklint_preload "")

function(_picklint_wrapper path body)
  file(CONFIGURE OUTPUT "${path}" CONTENT "#!/bin/sh\n${body}\n" @ONLY)
  file(CHMOD "${path}" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
       GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endfunction()

if(PICKLINT_SANITIZE)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PICKLINT_SANITIZE needs clang (install libclang-rt-${PICKLINT_LLVM_VERSION}-dev)")
  endif()
  set(PICKLINT_SANITIZE_FLAGS -fsanitize=${PICKLINT_SANITIZE} -fno-sanitize-recover=all
      -fno-omit-frame-pointer)
  add_compile_options(${PICKLINT_SANITIZE_FLAGS})
  add_link_options(${PICKLINT_SANITIZE_FLAGS})
  string(REPLACE ";" " " _flags "${PICKLINT_SANITIZE_FLAGS}")
  set(PICKLINT_TEST_CXX "${PROJECT_BINARY_DIR}/sanitize/c++")
  _picklint_wrapper("${PICKLINT_TEST_CXX}"
    "exec \"${CMAKE_CXX_COMPILER}\" ${_flags} \"$@\"")
  if(PICKLINT_SANITIZE MATCHES "address")
    execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libclang_rt.asan-x86_64.so
      OUTPUT_VARIABLE _picklint_preload OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT EXISTS "${_picklint_preload}")
      message(FATAL_ERROR "AddressSanitizer's shared runtime was not found "
        "(${_picklint_preload}); install libclang-rt-${PICKLINT_LLVM_VERSION}-dev")
    endif()
  endif()
  message(STATUS "picklint: built with -fsanitize=${PICKLINT_SANITIZE}")
endif()

function(picklint_test_tool out tool)
  if(NOT _picklint_preload OR NOT tool)
    set(${out} "${tool}" PARENT_SCOPE)
    return()
  endif()
  get_filename_component(name "${tool}" NAME)
  set(wrapper "${PROJECT_BINARY_DIR}/sanitize/${name}")
  # clang-tidy itself is not instrumented: its own leaks are not ours.
  _picklint_wrapper("${wrapper}"
    "LD_PRELOAD=\"${_picklint_preload}\${LD_PRELOAD:+:\$LD_PRELOAD}\" ASAN_OPTIONS=\"detect_leaks=0:\${ASAN_OPTIONS}\" exec \"${tool}\" \"$@\"")
  set(${out} "${wrapper}" PARENT_SCOPE)
endfunction()
