# picklint_add_checks(<target> [PLUGIN] [CHECKS <glob list>] [ARGS <arg>...])
#
# Runs picklint's checks on every C++ source of <target> as it compiles
# (CMake's CXX_CLANG_TIDY), and fails the build on a finding.
#   default  the standalone program: picklint --checks=<glob> <source> -- <flags>
#            (exit status 1 on a finding fails the compile step)
#   PLUGIN   clang-tidy with the plugin, findings turned into errors:
#            clang-tidy -load=libpicklint.so --checks=-*,<glob>
#                       --warnings-as-errors=<glob> <source> -- <flags>
#   CHECKS   the checks to run (default picklint-*)
#   ARGS     more arguments for the program (--extra-arg=..., --config-file=...)
#
# The same function comes with each way of getting picklint:
#   find_package(picklint CONFIG)   an installed prefix or a build tree
#   add_subdirectory / FetchContent of the project: the checker is built with
#                                   the project, and targets that use it wait
#                                   for it
# Where the checker is not built (a subproject compiled by GCC), the function
# looks for an installed picklint on PATH (or PICKLINT_EXECUTABLE).
#
# This file is included by the project and installed with its package; it
# must not depend on anything else of the project.

include_guard(GLOBAL)

# Records where the checker's programs are. Called by the project (build
# targets) and by picklintConfig.cmake (installed files).
function(_picklint_set_tools executable plugin clang_tidy)
  set_property(GLOBAL PROPERTY PICKLINT_EXECUTABLE "${executable}")
  set_property(GLOBAL PROPERTY PICKLINT_PLUGIN "${plugin}")
  set_property(GLOBAL PROPERTY PICKLINT_CLANG_TIDY "${clang_tidy}")
  set_property(GLOBAL PROPERTY PICKLINT_BUILD_TARGETS "${ARGN}")
endfunction()

function(picklint_add_checks target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "PLUGIN" "CHECKS" "ARGS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "picklint_add_checks(${target}): unknown arguments "
      "'${arg_UNPARSED_ARGUMENTS}' (expected PLUGIN, CHECKS <globs>, ARGS <args>...)")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "picklint_add_checks: '${target}' is not a target")
  endif()
  if(NOT arg_CHECKS)
    set(arg_CHECKS "picklint-*")
  endif()

  get_property(executable GLOBAL PROPERTY PICKLINT_EXECUTABLE)
  get_property(plugin GLOBAL PROPERTY PICKLINT_PLUGIN)
  get_property(clang_tidy GLOBAL PROPERTY PICKLINT_CLANG_TIDY)
  get_property(build_targets GLOBAL PROPERTY PICKLINT_BUILD_TARGETS)

  if(arg_PLUGIN)
    if(NOT plugin OR NOT clang_tidy)
      message(FATAL_ERROR "picklint_add_checks(${target} PLUGIN): picklint's "
        "clang-tidy plugin is not available here: use find_package(picklint) "
        "or build the checker with the project (PICKLINT_BUILD_CHECKER=ON)")
    endif()
    set(command "${clang_tidy}" "-load=${plugin}" "--checks=-*,${arg_CHECKS}"
                "--warnings-as-errors=${arg_CHECKS}" ${arg_ARGS})
  else()
    if(NOT executable)
      find_program(PICKLINT_EXECUTABLE picklint)
      if(NOT PICKLINT_EXECUTABLE)
        message(FATAL_ERROR "picklint_add_checks(${target}): no picklint "
          "program: install it (docs/cmake.md), use find_package(picklint), or "
          "set PICKLINT_EXECUTABLE to its path")
      endif()
      set(executable "${PICKLINT_EXECUTABLE}")
    endif()
    set(command "${executable}" "--checks=${arg_CHECKS}" ${arg_ARGS})
  endif()

  get_property(previous TARGET ${target} PROPERTY CXX_CLANG_TIDY)
  if(previous AND NOT previous STREQUAL command)
    message(AUTHOR_WARNING "picklint_add_checks(${target}): replaces the target's "
      "CXX_CLANG_TIDY ('${previous}'); CMake runs one clang-tidy per target")
  endif()
  set_property(TARGET ${target} PROPERTY CXX_CLANG_TIDY "${command}")
  if(build_targets)
    add_dependencies(${target} ${build_targets})
  endif()
endfunction()
