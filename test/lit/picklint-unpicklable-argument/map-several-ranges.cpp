// map over several ranges (Python's map(fn, *iterables)): every range's
// elements cross, each is judged; a trailing chunksize or MapOptions is not
// an input.
// RUN: %check_picklint %s picklint-unpicklable-argument %t
#include <ppx/ppx.hpp>

#include <cstdio>
#include <list>
#include <string>
#include <vector>

struct Opaque { int x; };
int add(int a, int b) { return a + b; }
int add_opaque(int a, Opaque o) { return a + o.x; }
int add_pointed(int a, const int *p) { return a + (p ? *p : 0); }
int count_in(std::string s, FILE *f) { return f ? (int)s.size() : 0; }

void zipped(ppx::ProcessPoolExecutor &ex, const std::vector<int> &ints,
            const std::list<std::string> &names, FILE *log) {
  ex.map(add, ints, std::list<int>{1, 2});
  ex.map(add, ints, ints, 4);
  ex.map(add, ints, ints, ppx::MapOptions{.chunksize = 2, .buffersize = 3});
  ex.map(add_opaque, ints, std::vector<Opaque>{{1}, {2}});
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: map input of type 'Opaque' cannot be pickled: 'Opaque' has no cereal serialization that ppx can use
  int value = 1;
  ex.map(add_pointed, ints, std::vector<const int *>{&value}, 8);
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: map input of type 'const int *' is a raw pointer
  ex.map(count_in, names, std::vector<FILE *>{log});
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: map input of type '{{(FILE|_IO_FILE|struct _IO_FILE)}} *'{{.*}} is a handle, which cannot cross to a worker process
}
