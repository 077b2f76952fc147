// ppx::initializer(fn, args...) is Python's initializer and initargs: each
// worker runs fn(args...) once, pickled as a task is. Its arguments are
// judged as a task's; its result stays in the worker and is not judged.
// RUN: %check_picklint %s picklint-unpicklable-argument %t
#include <ppx/ppx.hpp>

#include <cstdio>
#include <fcntl.h>
#include <string>

struct Opaque { int x; };
void open_db(std::string path, int *counter) { *counter += (int)path.size(); }
void use_file(FILE *f) { (void)f; }
void use_fd(int fd) { (void)fd; }
void use_opaque(Opaque o) { (void)o; }
FILE *open_log(std::string path) { return std::fopen(path.c_str(), "a"); }
void configure(std::string path, int level) { (void)path; (void)level; }

ppx::Options options(int *counter, FILE *file) {
  ppx::Options o;
  o.initializer = ppx::initializer(open_db, std::string("db"), counter);
  // CHECK-MESSAGES: :[[@LINE-1]]:64: warning: initializer argument of type 'int *' is a raw pointer, which means nothing in a worker process; pass the value it points to [picklint-unpicklable-argument]
  o.initializer = ppx::initializer(use_file, file);
  // CHECK-MESSAGES: :[[@LINE-1]]:46: warning: initializer argument of type 'FILE *' (aka '{{(struct )?}}_IO_FILE *') is a handle, which cannot cross to a worker process
  int fd = ::open("/etc/hostname", O_RDONLY);
  o.initializer = ppx::initializer(use_fd, fd);
  // CHECK-MESSAGES: :[[@LINE-1]]:44: warning: initializer argument is a file descriptor, which means nothing in a worker process (there the number names another file, or none); pass what is needed to open the file (a path) and open it inside the initializer [picklint-unpicklable-argument]
  o.initializer = ppx::initializer(use_opaque, Opaque{1});
  // CHECK-MESSAGES: :[[@LINE-1]]:48: warning: initializer argument of type 'Opaque' cannot be pickled: 'Opaque' has no cereal serialization that ppx can use
  // What the initializer returns stays in the worker: not judged.
  o.initializer = ppx::initializer(open_log, std::string("run.log"));
  o.initializer = ppx::initializer(configure, "path", 3);
  return o;
}
