// The fix-it: captures that are copies of picklable locals become leading
// parameters, and their values leading task arguments.
// RUN: %check_picklint %s picklint-lambda-capture %t
#include <ppx/ppx.hpp>

#include <string>

void fixed(ppx::ProcessPoolExecutor &ex, int k, std::string name) {
  ex.submit([k](int x) { return x * k; }, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: task callable is a lambda with captures
  // CHECK-FIXES: {{^}}  ex.submit([](int k, int x) { return x * k; }, k, 2);{{$}}

  ex.submit([k, name]() { return k + (int)name.size(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: task callable is a lambda with captures
  // CHECK-FIXES: {{^}}  ex.submit([](int k, std::string name) { return k + (int)name.size(); }, k, name);{{$}}

  ex.submit([k] { return k; });
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: task callable is a lambda with captures
  // CHECK-FIXES: {{^}}  ex.submit([](int k) { return k; }, k);{{$}}

  // No certain fix: a reference capture, a default capture, an init-capture.
  ex.submit([&k](int x) { return x * k; }, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: task callable is a lambda with captures
  // CHECK-FIXES: {{^}}  ex.submit([&k](int x) { return x * k; }, 2);{{$}}
  ex.submit([=](int x) { return x * k; }, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: task callable is a lambda with captures
  // CHECK-FIXES: {{^}}  ex.submit([=](int x) { return x * k; }, 2);{{$}}
  ex.submit([n = k + 1](int x) { return x * n; }, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: task callable is a lambda with captures
  // CHECK-FIXES: {{^}}  ex.submit([n = k + 1](int x) { return x * n; }, 2);{{$}}
}

struct Job {
  int factor = 2;
  void go(ppx::ProcessPoolExecutor &ex) {
    ex.submit([this](int x) { return x * factor; }, 1);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: task callable is a lambda with captures
    // CHECK-FIXES: {{^}}    ex.submit([this](int x) { return x * factor; }, 1);{{$}}
  }
};
