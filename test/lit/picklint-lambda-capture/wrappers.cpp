// RUN: %check_picklint %s picklint-lambda-capture %t
#include <ppx/ppx.hpp>

#include <functional>

int square(int x) { return x * x; }
int scale(int x, int k) { return x * k; }

struct Scaler {
  int k = 2;
  int operator()(int x) const { return x * k; }
};
struct Stateless {
  int operator()(int x) const { return x + 1; }
};

void wrapped(ppx::ProcessPoolExecutor &ex, int k) {
  std::function<int(int)> f = [k](int x) { return x * k; };
  ex.submit(f, 1);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: task callable is a 'function<int (int)>', which cannot be pickled for a worker process; submit the function itself, and pass captured values as task arguments [picklint-lambda-capture]
  // CHECK-NOTES: :[[@LINE-3]]:27: note: the callable is stored in 'f' here
  // CHECK-NOTES: :[[@LINE-4]]:31: note: it holds a lambda with captures, defined here
  // CHECK-NOTES: :[[@LINE-5]]:32: note: 'k' captured by value here

  // A std::function cannot be pickled even when it holds a plain function.
  std::function<int(int)> g = square;
  ex.submit(g, 1);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: task callable is a 'function<int (int)>'
  // CHECK-NOTES: :[[@LINE-3]]:27: note: the callable is stored in 'g' here

  ex.submit(std::bind(scale, std::placeholders::_1, k), 1);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: task callable is a std::bind expression, which cannot be pickled for a worker process; submit the function and pass the bound values as task arguments [picklint-lambda-capture]

  auto bound = std::bind([k](int x) { return x * k; }, std::placeholders::_1);
  ex.submit(bound, 1);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: task callable is a std::bind expression
  // CHECK-NOTES: :[[@LINE-3]]:8: note: the callable is stored in 'bound' here
  // CHECK-NOTES: :[[@LINE-4]]:26: note: it holds a lambda with captures, defined here
  // CHECK-NOTES: :[[@LINE-5]]:27: note: 'k' captured by value here

  ex.submit(Scaler{3}, 1);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: task callable is a 'Scaler' object with data members, which cannot be pickled for a worker process; submit a function and pass the data as task arguments [picklint-lambda-capture]
  // CHECK-NOTES: :10:7: note: 'Scaler' holds 'k' ('int') declared here

  ex.submit(Stateless{}, 1); // an empty function object is rebuilt from its type
}
