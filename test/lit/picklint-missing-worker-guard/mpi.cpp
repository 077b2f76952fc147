// Under mpiexec every rank runs main: without the guard, the worker ranks
// reach the executor too, and the job is aborted. The message names the ranks.
// RUN: %check_picklint %s picklint-missing-worker-guard %t
#include <ppx/ppx.hpp>

int square(int x) { return x * x; }

int main(int argc, char **argv) {
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: main creates a ppx::ProcessPoolExecutor without calling ppx::init(argc, argv) first; every MPI rank runs main again: call ppx::init(argc, argv) as main's first statement [picklint-missing-worker-guard]
  // CHECK-FIXES: {{^}}int main(int argc, char **argv) {{{$}}
  // CHECK-FIXES-NEXT: {{^}}  ppx::init(argc, argv);{{$}}
  ppx::ProcessPoolExecutor ex({.max_workers = 2, .start_method = ppx::StartMethod::Mpi});
  // CHECK-NOTES: :[[@LINE-1]]:28: note: the executor is created here
  return ex.submit(square, 2).get() == 4 ? 0 : 1;
}
