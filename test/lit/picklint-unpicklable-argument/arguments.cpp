// RUN: %check_picklint %s picklint-unpicklable-argument %t
#include <ppx/ppx.hpp>

#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

int deref(const int *p) { return p ? *p : 0; }
int length(std::string s) { return (int)s.size(); }
int count(std::vector<int> v) { return (int)v.size(); }
int apply(int (*f)(int), int x) { return f(x); }
int twice(int x) { return 2 * x; }
int read_file(FILE *f) { return f ? 1 : 0; }
struct Opaque { int x; };
int use_opaque(Opaque o) { return o.x; }
int use_callback(std::function<int(int)> f) { return f(1); }

void submit_args(ppx::ProcessPoolExecutor &ex, int value, FILE *file) {
  ex.submit(deref, &value);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: task argument of type 'int *' is a raw pointer, which means nothing in a worker process; pass the value it points to [picklint-unpicklable-argument]
  ex.submit(read_file, file);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: task argument of type 'FILE *' (aka '{{(struct )?}}_IO_FILE *') is a handle, which cannot cross to a worker process; pass what is needed to open the resource (a path, a URL) and open it inside the task [picklint-unpicklable-argument]
  ex.submit(read_file, stdout); // a macro from a system header: reported here
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: task argument of type 'FILE *' (aka '{{(struct )?}}_IO_FILE *') is a handle
  ex.submit(use_opaque, Opaque{1});
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: task argument of type 'Opaque' cannot be pickled: 'Opaque' has no cereal serialization that ppx can use (a serialize, save or load function and a default constructor); add one, or pass the data the task needs [picklint-unpicklable-argument]
  ex.submit(use_callback, std::function<int(int)>(twice));
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: task argument of type 'std::function<int (int)>' is a lambda or another callable object, which cannot be pickled; pass a plain function (a function pointer is pickled by reference) [picklint-unpicklable-argument]

  // map: each element of the input range crosses.
  ex.map(use_opaque, std::vector<Opaque>{{1}, {2}});
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: map input of type 'Opaque' cannot be pickled
  ex.map(deref, std::vector<const int *>{&value});
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: map input of type 'const int *' is a raw pointer
  ex.map(length, std::vector<std::string>{"a", "b"});
  ex.map(length, std::map<std::string, int>{{"a", 1}}.size() ? std::vector<std::string>{} : std::vector<std::string>{});

  // Fine: values, string literals, containers, function pointers.
  ex.submit(length, "a string literal travels as std::string");
  ex.submit(length, std::string("text"));
  ex.submit(count, std::vector<int>{1, 2});
  ex.submit(apply, twice, value);
  ex.submit(apply, &twice, value);
}
