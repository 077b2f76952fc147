# The checker's CMake package (picklint_add_checks and the two programs), for
# an installed prefix and for this build tree (PICKLINT_INSTALL).
include(CMakePackageConfigHelpers)


set(PICKLINT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/picklint)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/picklintConfigVersion.cmake
  VERSION ${PICKLINT_VERSION} COMPATIBILITY SameMinorVersion)

# Installed: paths relative to the prefix.
set(PICKLINT_CONFIG_BINDIR ${CMAKE_INSTALL_BINDIR})
set(PICKLINT_CONFIG_LIBDIR ${CMAKE_INSTALL_LIBDIR})
configure_package_config_file(cmake/picklintConfig.cmake.in
  ${PROJECT_BINARY_DIR}/picklintConfig.install.cmake
  INSTALL_DESTINATION ${PICKLINT_CMAKE_DIR}
  PATH_VARS PICKLINT_CONFIG_BINDIR PICKLINT_CONFIG_LIBDIR)
install(FILES ${PROJECT_BINARY_DIR}/picklintConfig.install.cmake
  DESTINATION ${PICKLINT_CMAKE_DIR} RENAME picklintConfig.cmake)
install(FILES ${PROJECT_BINARY_DIR}/picklintConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/PicklintChecks.cmake
  DESTINATION ${PICKLINT_CMAKE_DIR})

# The build tree: picklint_DIR=<build>/lib/cmake/picklint.
set(PICKLINT_CONFIG_BINDIR bin)
set(PICKLINT_CONFIG_LIBDIR lib)
set(_picklint_build_cmake_dir ${PROJECT_BINARY_DIR}/lib/cmake/picklint)
configure_package_config_file(cmake/picklintConfig.cmake.in
  ${_picklint_build_cmake_dir}/picklintConfig.cmake
  INSTALL_DESTINATION ${_picklint_build_cmake_dir}
  INSTALL_PREFIX ${PROJECT_BINARY_DIR}
  PATH_VARS PICKLINT_CONFIG_BINDIR PICKLINT_CONFIG_LIBDIR)
configure_file(${PROJECT_BINARY_DIR}/picklintConfigVersion.cmake
  ${_picklint_build_cmake_dir}/picklintConfigVersion.cmake COPYONLY)
configure_file(cmake/PicklintChecks.cmake
  ${_picklint_build_cmake_dir}/PicklintChecks.cmake COPYONLY)
