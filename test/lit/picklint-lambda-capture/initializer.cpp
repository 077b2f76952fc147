// An initializer with captures cannot be pickled for the workers either; the
// fix moves the captures into the initializer's arguments.
// RUN: %check_picklint %s picklint-lambda-capture %t
#include <ppx/ppx.hpp>

#include <string>

ppx::Options options(std::string path) {
  ppx::Options o;
  o.initializer = ppx::initializer([path](int level) { (void)path.size(); (void)level; }, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: task callable is a lambda with captures, which cannot be pickled for a worker process
  // CHECK-MESSAGES: :[[@LINE-2]]:37: note: 'path' captured by value here
  // CHECK-FIXES: o.initializer = ppx::initializer([](std::string path, int level) { (void)path.size(); (void)level; }, path, 2);
  o.initializer = ppx::initializer([](int level) { (void)level; }, 2);
  return o;
}
