#include <ppx/ppx.hpp>

#include <gtest/gtest.h>

#include <cstdlib>

// In a process ppx did not start as a worker, the guard returns at once.
TEST(Init, ReturnsInTheParent) {
  ::unsetenv("PPX_WORKER_CHANNEL");
  char arg0[] = "ppx_tests";
  char* argv[] = {arg0, nullptr};
  EXPECT_FALSE(ppx::is_worker());
  ppx::init(1, argv);
  SUCCEED();
}
