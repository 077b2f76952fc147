// Every executor of this program starts a fork server: the start-up code
// runs once more, in the server (once per executor), and what it does there
// is seen (its output, its files). Flagged, and the message says where.
// RUN: %check_picklint %s picklint-side-effect-before-main %t
#include <ppx/ppx.hpp>

#include <cstdio>

static const bool banner = [] { std::puts("I am running!"); return true; }();
// CHECK-MESSAGES: :[[@LINE-1]]:19: warning: initializer of 'banner' runs once more, in the fork server that starts the workers, and writes to standard output; move it into main after ppx::init, or into a function called when it is needed [picklint-side-effect-before-main]

__attribute__((constructor)) static void hello() { std::puts("hello"); }
// CHECK-MESSAGES: :[[@LINE-1]]:42: warning: constructor function 'hello' runs once more, in the fork server that starts the workers, and writes to standard output; call it from main after ppx::init instead [picklint-side-effect-before-main]

int square(int x) { return x * x; }

int main(int argc, char **argv) {
  std::printf("starting\n");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: statement before ppx::init runs once more, in the fork server that starts the workers, and writes to standard output; move it after ppx::init [picklint-side-effect-before-main]
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor a({.max_workers = 2, .start_method = ppx::StartMethod::Forkserver});
  ppx::Options o;
  o.start_method = ppx::StartMethod::Forkserver;
  ppx::ProcessPoolExecutor b(o);
  return a.submit(square, 2).get() + b.submit(square, 1).get() == 5 ? 0 : 1;
}
