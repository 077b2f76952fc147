# Locates Debian's Clang/LLVM ${PICKLINT_LLVM_VERSION} packages and the tools the
# tests use (clang-tidy, lit, FileCheck). Sets PICKLINT_LLVM_ROOT,
# PICKLINT_CLANG_TIDY, PICKLINT_LIT, PICKLINT_LLVM_TOOLS_DIR and
# PICKLINT_CLANG_RESOURCE_DIR.

set(PICKLINT_LLVM_ROOT "/usr/lib/llvm-${PICKLINT_LLVM_VERSION}" CACHE PATH
    "Installation prefix of the Clang/LLVM packages")

find_package(LLVM REQUIRED CONFIG
  HINTS "${PICKLINT_LLVM_ROOT}/lib/cmake/llvm" NO_DEFAULT_PATH)
if(NOT LLVM_VERSION_MAJOR EQUAL PICKLINT_LLVM_VERSION)
  message(FATAL_ERROR "PICKLINT_LLVM_VERSION is ${PICKLINT_LLVM_VERSION} but "
    "the LLVM found in ${PICKLINT_LLVM_ROOT} is ${LLVM_PACKAGE_VERSION}")
endif()
# Debian's ClangConfig insists on MAJOR.MINOR, not MAJOR.
find_package(Clang "${LLVM_VERSION_MAJOR}.${LLVM_VERSION_MINOR}" REQUIRED CONFIG
  HINTS "${PICKLINT_LLVM_ROOT}/lib/cmake/clang" NO_DEFAULT_PATH)
message(STATUS "picklint: Clang/LLVM ${LLVM_PACKAGE_VERSION} from ${PICKLINT_LLVM_ROOT}")

set(PICKLINT_LLVM_TOOLS_DIR "${LLVM_TOOLS_BINARY_DIR}")
find_program(PICKLINT_CLANG_TIDY NAMES clang-tidy
  HINTS "${LLVM_TOOLS_BINARY_DIR}" NO_DEFAULT_PATH REQUIRED)
# lit: LLVM 19's packages ship build/utils/lit/lit.py; later lines a
# Python script bin/lit (over utils/lit). Either runs under Python.
# Only the tests need them (llvm-${PICKLINT_LLVM_VERSION}-tools).
if(PICKLINT_BUILD_TESTS)
  find_file(PICKLINT_LIT NAMES lit.py lit
    HINTS "${PICKLINT_LLVM_ROOT}/build/utils/lit" "${LLVM_TOOLS_BINARY_DIR}"
    NO_DEFAULT_PATH REQUIRED)
  find_program(PICKLINT_FILECHECK NAMES FileCheck
    HINTS "${LLVM_TOOLS_BINARY_DIR}" NO_DEFAULT_PATH REQUIRED)
endif()

# The builtin headers (stddef.h, ...) the standalone tool needs when it parses:
# clang looks for them next to its own binary, which ours is not.
set(PICKLINT_CLANG_RESOURCE_DIR
    "${PICKLINT_LLVM_ROOT}/lib/clang/${LLVM_VERSION_MAJOR}")
if(NOT EXISTS "${PICKLINT_CLANG_RESOURCE_DIR}/include/stddef.h")
  message(FATAL_ERROR "clang's builtin headers were not found in "
    "${PICKLINT_CLANG_RESOURCE_DIR}; install libclang-common-${PICKLINT_LLVM_VERSION}-dev")
endif()

# Compile flags shared by everything that includes Clang headers. Debian's
# LLVM is built without RTTI and exceptions; the plugin's classes must match.
add_library(picklint_llvm_flags INTERFACE)
target_include_directories(picklint_llvm_flags SYSTEM INTERFACE
  ${LLVM_INCLUDE_DIRS} ${CLANG_INCLUDE_DIRS})
separate_arguments(_picklint_llvm_defs NATIVE_COMMAND "${LLVM_DEFINITIONS}")
target_compile_options(picklint_llvm_flags INTERFACE ${_picklint_llvm_defs})
if(NOT LLVM_ENABLE_RTTI)
  target_compile_options(picklint_llvm_flags INTERFACE -fno-rtti)
endif()
target_compile_features(picklint_llvm_flags INTERFACE cxx_std_17)
target_compile_definitions(picklint_llvm_flags INTERFACE
  PICKLINT_LLVM_VERSION_MAJOR=${LLVM_VERSION_MAJOR})
