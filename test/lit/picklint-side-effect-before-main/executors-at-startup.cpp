// RUN: %check_picklint %s picklint-side-effect-before-main %t
// Creating an executor, or submitting to one, during start-up starts
// processes: under spawn each worker does it again while it starts.
#include <ppx/ppx.hpp>

int id(int x) { return x; }

ppx::ProcessPoolExecutor pool;
// CHECK-MESSAGES: :[[@LINE-1]]:26: warning: initializer of 'pool' runs again in every spawned worker and creates a ppx::ProcessPoolExecutor, which starts worker processes; {{.*}} [picklint-side-effect-before-main]
static ppx::ProcessPoolExecutor *pool_ptr = new ppx::ProcessPoolExecutor();
// CHECK-MESSAGES: :[[@LINE-1]]:34: warning: initializer of 'pool_ptr' runs again in every spawned worker and creates a ppx::ProcessPoolExecutor, which starts worker processes; {{.*}} [picklint-side-effect-before-main]
static auto first = pool_ptr->submit(id, 1);
// CHECK-MESSAGES: :[[@LINE-1]]:13: warning: initializer of 'first' runs again in every spawned worker and submits a task to a ppx::ProcessPoolExecutor, which starts worker processes; {{.*}} [picklint-side-effect-before-main]

ppx::ProcessPoolExecutor make_pool() { return ppx::ProcessPoolExecutor(); }

int main(int argc, char **argv) {
  // An executor made before the guard is picklint-missing-worker-guard's
  // finding, not this check's.
  if (argc > 5)
    make_pool();
  ppx::init(argc, argv);
  return first.get();
}
