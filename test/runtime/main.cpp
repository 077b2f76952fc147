// The test binary is also the workers' program: spawned workers re-execute
// it, so ppx::init must come first, before GoogleTest parses anything.
#include <ppx/ppx.hpp>

#include <gtest/gtest.h>

#include "rerun_log.hpp"

int main(int argc, char** argv) {
  rerun_log::note("main-before-init");
  ppx::init(argc, argv);
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
