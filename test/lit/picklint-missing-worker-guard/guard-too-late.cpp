// RUN: %check_picklint %s picklint-missing-worker-guard %t
#include <ppx/ppx.hpp>

int main(int argc, char **argv) {
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: main creates a ppx::ProcessPoolExecutor without calling ppx::init(argc, argv) first
  ppx::ProcessPoolExecutor ex;
  // CHECK-NOTES: :[[@LINE-1]]:28: note: the executor is created here
  ppx::init(argc, argv);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: ppx::init is only called here
}
