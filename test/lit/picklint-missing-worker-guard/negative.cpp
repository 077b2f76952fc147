// RUN: %check_picklint %s picklint-missing-worker-guard %t
#include <ppx/ppx.hpp>

int square(int x) { return x * x; }

int main(int argc, char **argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor ex;
  return ex.submit(square, 2).get() == 4 ? 0 : 1;
}
