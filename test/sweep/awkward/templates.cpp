// Templates never instantiated, partially specialized, recursive.
#include <ppx/ppx.hpp>
#include <cstdio>
template <class T> struct Never { static inline const int reg = (std::puts("never"), 0); };
template <class T, class U> struct Pair { T t; U u; };
template <class T> struct Pair<T, int> { static inline const int v = 1; };
template <int N> struct Fib { static constexpr int value = Fib<N - 1>::value + Fib<N - 2>::value; };
template <> struct Fib<1> { static constexpr int value = 1; };
template <> struct Fib<0> { static constexpr int value = 0; };
template <class E, class F> auto later(E& e, F f) { return e.submit(f, Fib<20>::value); }
int plain(int x) { return x; }
int run(ppx::ProcessPoolExecutor& pool) { return later(pool, plain).get(); }
