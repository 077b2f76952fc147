// RUN: %check_picklint %s picklint-side-effect-before-main %t
#include <ppx/ppx.hpp>

#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

// The seed's trap: a banner printed at start-up, once per spawned worker.
static const bool banner = [] { std::puts("I am running!"); return true; }();
// CHECK-NOTES: :[[@LINE-1]]:19: warning: initializer of 'banner' runs again in every spawned worker and writes to standard output; move it into main after ppx::init, or into a function called when it is needed [picklint-side-effect-before-main]
// CHECK-NOTES: :[[@LINE-2]]:28: note: 'banner' calls the lambda here
// CHECK-NOTES: :[[@LINE-3]]:33: note: the lambda writes to standard output here

void describe(const char *what) { std::cerr << "loading " << what << "\n"; }
int load_threads() {
  describe("threads");
  return 4;
}
int threads = load_threads();
// CHECK-NOTES: :[[@LINE-1]]:5: warning: initializer of 'threads' runs again in every spawned worker and writes to 'std::cerr'
// CHECK-NOTES: :[[@LINE-2]]:15: note: 'threads' calls 'load_threads' here
// CHECK-NOTES: :[[@LINE-6]]:3: note: 'load_threads' calls 'describe' here
// CHECK-NOTES: :[[@LINE-9]]:35: note: 'describe' writes to 'std::cerr' here

FILE *log_file = std::fopen("/tmp/picklint-test.log", "a");
// CHECK-NOTES: :[[@LINE-1]]:7: warning: initializer of 'log_file' runs again in every spawned worker and opens a file
// CHECK-NOTES: :[[@LINE-2]]:18: note: 'log_file' opens a file here

__attribute__((constructor)) static void hello() { std::printf("hello\n"); }
// CHECK-NOTES: :[[@LINE-1]]:42: warning: constructor function 'hello' runs again in every spawned worker and writes to standard output; call it from main after ppx::init instead
// CHECK-NOTES: :[[@LINE-2]]:52: note: 'hello' writes to standard output here

// In-process state is fine: workers need their tables and registries.
static std::map<std::string, int> registry = {{"a", 1}, {"b", 2}};
static std::vector<int> table(1024, 7);
static const std::string name = "picklint";
static int answer = 6 * 7;
constexpr int limit = 10;
static int registered = (registry["c"] = 3);

int square(int x) { return x * x; }

int main(int argc, char **argv) {
  ppx::init(argc, argv);
  std::puts("after the guard: runs once, in the parent");
  return 0;
}
