// Shapes that are easy to get wrong: member pointers, overloaded call
// operators, operator() templates, unions, anonymous structs, bit-fields,
// variadic functions, function references.
#include <ppx/ppx.hpp>
#include <cstdarg>
struct Overloaded { int operator()(int x) const { return x; } int operator()(double) const { return 0; } };
struct Templated { template <class T> T operator()(T x) const { return x; } };
union U { int i; float f; };
struct Bits { unsigned a : 3; unsigned b : 5; template <class A> void serialize(A& ar) { unsigned x = a; ar(x); } };
int sum(int n, ...) { va_list ap; va_start(ap, n); int s = 0; for (int i = 0; i < n; ++i) s += va_arg(ap, int); va_end(ap); return s; }
int by_ref(int& x) { return x; }
struct S { int v = 1; int get() const { return v; } template <class A> void serialize(A& a) { a(v); } };
int run(ppx::ProcessPoolExecutor& pool) {
  int (&ref)(int&) = by_ref;
  auto a = pool.submit(Overloaded{}, 1);
  auto b = pool.submit(Templated{}, 2);
  auto c = pool.submit(&S::get, S{});
  auto d = pool.submit(ref, 3);
  return a.get() + b.get() + c.get() + d.get();
}
