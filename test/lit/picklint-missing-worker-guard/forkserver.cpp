// Under forkserver, the server runs main again (once): without the guard it
// reaches the executor and the pool breaks. The message names the server.
// RUN: %check_picklint %s picklint-missing-worker-guard %t
#include <ppx/ppx.hpp>

int square(int x) { return x * x; }

int main(int argc, char **argv) {
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: main creates a ppx::ProcessPoolExecutor without calling ppx::init(argc, argv) first; its fork server runs main again: call ppx::init(argc, argv) as main's first statement [picklint-missing-worker-guard]
  // CHECK-FIXES: {{^}}int main(int argc, char **argv) {{{$}}
  // CHECK-FIXES-NEXT: {{^}}  ppx::init(argc, argv);{{$}}
  ppx::ProcessPoolExecutor ex({.max_workers = 2, .start_method = ppx::StartMethod::Forkserver});
  // CHECK-NOTES: :[[@LINE-1]]:28: note: the executor is created here
  return ex.submit(square, 2).get() == 4 ? 0 : 1;
}
