// Generic, mutable, constexpr, immediately-invoked and nested lambdas, and
// lambdas in default arguments.
#include <ppx/ppx.hpp>
#include <string>
constexpr auto twice = [](int x) constexpr { return 2 * x; };
int apply(int x, int (*f)(int) = [](int y) { return y + 1; }) { return f(x); }
int run(ppx::ProcessPoolExecutor& pool, int k) {
  auto generic = [](auto x) { return x; };
  auto counter = [n = 0](int x) mutable { return x + ++n; };
  auto nested = [k] { return [k](int x) { return x * k; }; };
  auto a = pool.submit(twice, 1);
  auto b = pool.submit(generic, 2);
  auto c = pool.submit(counter, 3);
  auto d = pool.submit(nested(), 4);
  auto e = pool.submit(apply, 5, nullptr);
  auto g = pool.submit([](std::string s) { return s.size(); }, std::string("x"));
  return a.get() + b.get() + c.get() + d.get() + e.get() + static_cast<int>(g.get());
}
