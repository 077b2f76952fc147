// A closure handed to map over several ranges is refused as for one range.
// RUN: %check_picklint %s picklint-lambda-capture %t
#include <ppx/ppx.hpp>

#include <vector>

void zipped(ppx::ProcessPoolExecutor &ex, const std::vector<int> &a, const std::vector<int> &b,
            int k) {
  ex.map([k](int x, int y) { return (x + y) * k; }, a, b, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: task callable is a lambda with captures, which cannot be pickled for a worker process
  // CHECK-MESSAGES: :[[@LINE-2]]:11: note: 'k' captured by value here
  ex.map([](int x, int y) { return x + y; }, a, b);
}
