// RUN: %check_picklint %s picklint-unpicklable-argument %t
// A task's result crosses back to the parent by the same rule as its
// arguments.
#include <ppx/ppx.hpp>

#include <cstdio>
#include <fcntl.h>
#include <string>
#include <vector>

struct Opaque { int x; };
struct Conn { std::FILE *log = nullptr; template <class A> void serialize(A &) {} };

std::FILE *open_log(int) { return std::fopen("log.txt", "a"); }
int *make_counter(int x) { return new int(x); }
Opaque make_opaque(int x) { return {x}; }
Conn make_conn(int) { return {}; }
int open_data(int) { return ::open("data.txt", O_RDONLY); }
int open_indirect(int x) {
  int fd = open_data(x);
  return fd;
}
int twice(int x) { return 2 * x; }
std::string name(int x) { return std::to_string(x); }
void nothing(int) {}
std::vector<int> range(int n) { return std::vector<int>(n, 1); }

void submit_results(ppx::ProcessPoolExecutor &ex) {
  ex.submit(open_log, 1);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: task result of type 'std::FILE *' (aka '{{(struct )?}}_IO_FILE *') is a handle, which cannot cross back to the parent process; return what is needed to open the resource (a path, a URL), or the data itself [picklint-unpicklable-argument]
  ex.submit(&make_counter, 1);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: task result of type 'int *' is a raw pointer, which means nothing in the parent process; return the value it points to [picklint-unpicklable-argument]
  ex.submit(make_opaque, 1);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: task result of type 'Opaque' cannot be pickled: 'Opaque' has no cereal serialization that ppx can use (a serialize, save or load function and a default constructor); add one, or return the data the parent needs [picklint-unpicklable-argument]
  ex.submit(make_conn, 1);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: task result of type 'Conn' holds a handle ('std::FILE *' (aka '{{(struct )?}}_IO_FILE *')), which cannot cross back to the parent process; return what is needed to open the resource (a path, a URL), or the data itself [picklint-unpicklable-argument]
  // CHECK-NOTES: :12:26: note: 'Conn' holds 'log' ('std::FILE *' (aka '{{(struct )?}}_IO_FILE *')) declared here
  ex.submit(open_data, 1);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: task result is a file descriptor, which means nothing in the parent process (there the number names another file, or none); return what is needed to open the file (a path), or the data itself [picklint-unpicklable-argument]
  // CHECK-NOTES: :18:29: note: 'open_data' returns the descriptor that 'open' returns here
  ex.submit(open_indirect, 1);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: task result is a file descriptor, which means nothing in the parent process (there the number names another file, or none); return what is needed to open the file (a path), or the data itself [picklint-unpicklable-argument]
  // CHECK-NOTES: :20:12: note: 'fd' was returned by 'open_data', which returns a file descriptor, and 'open_indirect' returns it here
  ex.map(open_log, std::vector<int>{1, 2});
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: task result of type 'std::FILE *' (aka '{{(struct )?}}_IO_FILE *') is a handle, which cannot cross back to the parent process; return what is needed to open the resource (a path, a URL), or the data itself [picklint-unpicklable-argument]
  ex.submit([](int x) { return std::fopen(name(x).c_str(), "r"); }, 1);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: task result of type 'FILE *' (aka '{{(struct )?}}_IO_FILE *') is a handle, which cannot cross back to the parent process; return what is needed to open the resource (a path, a URL), or the data itself [picklint-unpicklable-argument]

  // Results that cross.
  ex.submit(twice, 1);
  ex.submit(name, 1);
  ex.submit(nothing, 1);
  ex.submit(range, 3);
  ex.submit([](int x) { return x + 1; }, 1);
  ex.map(twice, std::vector<int>{1, 2});
}
