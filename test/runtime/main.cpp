// The test binary is also the workers' program: spawned workers re-execute
// it, so ppx::init must come first, before GoogleTest parses anything.
#include <ppx/ppx.hpp>

#include <gtest/gtest.h>

#include "rerun_log.hpp"
#include "start_methods.hpp"

int main(int argc, char** argv) {
  rerun_log::note("main-before-init");
  ppx::init(argc, argv);
  testing::InitGoogleTest(&argc, argv);
#ifdef PPX_TEST_MPI
  // MPI's dynamic mode spawns its ranks (and opens MPI's descriptors) at the
  // first executor: done before the tests, so that each finds the process as
  // it will stay.
  if (start_methods::mpi_dynamic()) {
    ppx::ProcessPoolExecutor warm({.max_workers = 3, .start_method = ppx::StartMethod::Mpi});
    warm.submit(+[](int x) { return x; }, 1).get();
  }
#endif
  return RUN_ALL_TESTS();
}
