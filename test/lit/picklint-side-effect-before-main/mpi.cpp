// An executor on MPI ranks: under mpiexec every rank runs the program, its
// start-up code too, as every spawned worker does. Flagged, and the message
// names the ranks.
// RUN: %check_picklint %s picklint-side-effect-before-main %t
#include <ppx/ppx.hpp>

#include <cstdio>

static const bool banner = [] { std::puts("I am running!"); return true; }();
// CHECK-MESSAGES: :[[@LINE-1]]:19: warning: initializer of 'banner' runs again in every MPI rank and writes to standard output; move it into main after ppx::init, or into a function called when it is needed [picklint-side-effect-before-main]

int square(int x) { return x * x; }

int main(int argc, char **argv) {
  std::printf("starting\n");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: statement before ppx::init runs again in every MPI rank and writes to standard output; move it after ppx::init [picklint-side-effect-before-main]
  ppx::init(argc, argv);
  ppx::Options o;
  o.start_method = ppx::StartMethod::Mpi;
  ppx::ProcessPoolExecutor ex(o);
  return ex.submit(square, 2).get() == 4 ? 0 : 1;
}
