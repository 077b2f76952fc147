// RUN: %check_picklint %s picklint-missing-worker-guard %t
#include <ppx/ppx.hpp>

int square(int x) { return x * x; }

void run_all() {
  ppx::ProcessPoolExecutor ex;
  ex.submit(square, 2);
}

int main() {
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: main creates a ppx::ProcessPoolExecutor without calling ppx::init(argc, argv) first
  // CHECK-FIXES: {{^}}int main(int argc, char **argv) {{{$}}
  // CHECK-FIXES-NEXT: {{^}}  ppx::init(argc, argv);{{$}}
  run_all();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: this call leads to creating an executor
  // CHECK-NOTES: :7:28: note: the executor is created here
  return 0;
}
