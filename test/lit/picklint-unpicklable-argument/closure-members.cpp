// RUN: %check_picklint %s picklint-unpicklable-argument %t
// A closure's members are its captures: notes name them, `this` included.
#include <ppx/ppx.hpp>
#include <cstdio>

template <class F> int call(F f) { return f(); }

struct Logger {
  std::FILE *file = nullptr;
  auto writer() {
    return [this] { return std::fputs("x", file); };
  }
};

void use(ppx::ProcessPoolExecutor &ex, std::FILE *log, Logger &logger) {
  auto by_value = [log] { return std::fputs("x", log); };
  ex.submit(call<decltype(by_value)>, by_value);
  // CHECK-NOTES: :[[@LINE-1]]:39: warning: task argument of type {{.*}} holds a handle ('std::FILE *' (aka '{{(struct )?}}_IO_FILE *')), which cannot cross to a worker process; {{.*}} [picklint-unpicklable-argument]
  // CHECK-NOTES: :[[@LINE-3]]:20: note: the lambda captures 'log' ('std::FILE *' (aka '{{(struct )?}}_IO_FILE *')) here
  auto by_reference = [&log] { return std::fputs("x", log); };
  ex.submit(call<decltype(by_reference)>, by_reference);
  // CHECK-NOTES: :[[@LINE-1]]:43: warning: task argument of type {{.*}} holds a handle ('std::FILE *' (aka '{{(struct )?}}_IO_FILE *')), which cannot cross to a worker process; {{.*}} [picklint-unpicklable-argument]
  // CHECK-NOTES: :[[@LINE-3]]:25: note: the lambda captures 'log' ('std::FILE *&' (aka '{{(struct )?}}_IO_FILE *&')) here
}
