// HandleTypes and HandleFunctions name a program's own handles.
// RUN: %check_picklint %s picklint-unpicklable-argument %t -- \
// RUN:   -config="{CheckOptions: {HandleTypes: '::db::Conn', HandleFunctions: '::db::raw_fd'}}"
#include <ppx/ppx.hpp>

namespace db {
struct Conn { int id = 0; template <class A> void serialize(A &a) { a(id); } };
int raw_fd(const char *name);
} // namespace db
int use(db::Conn c) { return c.id; }
int use_fd(int fd) { return fd; }

void submit(ppx::ProcessPoolExecutor &ex) {
  ex.submit(use, db::Conn{});
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: task argument of type 'db::Conn' is a handle
  int fd = db::raw_fd("x");
  ex.submit(use_fd, fd);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: task argument is a file descriptor
}
