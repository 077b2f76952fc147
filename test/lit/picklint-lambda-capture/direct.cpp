// RUN: %check_picklint %s picklint-lambda-capture %t
#include <ppx/ppx.hpp>

#include <string>

int scale(int x, int k) { return x * k; }

void submit_closures(ppx::ProcessPoolExecutor &ex, int k, std::string name) {
  ex.submit([k](int x) { return x * k; }, 2);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: task callable is a lambda with captures, which cannot be pickled for a worker process; pass the captured values as task arguments or use a function without captures [picklint-lambda-capture]
  // CHECK-NOTES: :[[@LINE-2]]:14: note: 'k' captured by value here

  ex.submit([&k](int x) { return x * k; }, 2);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: task callable is a lambda with captures
  // CHECK-NOTES: :[[@LINE-2]]:15: note: 'k' captured by reference here

  ex.submit([=](int x) { return x * k + (int)name.size(); }, 2);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: task callable is a lambda with captures
  // CHECK-NOTES: :[[@LINE-2]]:37: note: 'k' captured implicitly by value here
  // CHECK-NOTES: :[[@LINE-3]]:46: note: 'name' captured implicitly by value here

  ex.submit([n = name.size()](int x) { return x * (int)n; }, 2);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: task callable is a lambda with captures
  // CHECK-NOTES: :[[@LINE-2]]:14: note: 'n' captured by an init-capture by value here
}

struct Job {
  int factor = 3;
  void start(ppx::ProcessPoolExecutor &ex) {
    ex.submit([this](int x) { return x * factor; }, 1);
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: task callable is a lambda with captures
    // CHECK-NOTES: :[[@LINE-2]]:16: note: 'this' captured as a pointer here
    ex.submit([*this](int x) { return x * factor; }, 1);
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: task callable is a lambda with captures
    // CHECK-NOTES: :[[@LINE-2]]:16: note: '*this' captured by value here
  }
};

void through_a_variable(ppx::ProcessPoolExecutor &ex, int k) {
  auto times_k = [k](int x) { return x * k; };
  ex.submit(times_k, 4);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: task callable is a lambda with captures
  // CHECK-NOTES: :[[@LINE-3]]:8: note: the callable is stored in 'times_k' here
  // CHECK-NOTES: :[[@LINE-4]]:19: note: 'k' captured by value here
}

void through_map(ppx::ProcessPoolExecutor &ex, int k) {
  ex.map([k](int x) { return x * k; }, std::vector<int>{1, 2, 3});
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: task callable is a lambda with captures
  // CHECK-NOTES: :[[@LINE-2]]:11: note: 'k' captured by value here
}
