// Function references in a stripped program: the symbol table is gone, the
// worker checks each reference against the unwind table index instead.
// Exits 0 only if every task came back right.
#include <ppx/ppx.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace {
int square(int x) { return x * x; }
std::string shout(std::string s) { return s + "!"; }
struct Account {
  int balance = 0;
  int with_interest(int percent) const { return balance + balance * percent / 100; }
  template <class A> void serialize(A& ar) { ar(balance); }
};
}  // namespace

int main(int argc, char** argv) {
  ppx::init(argc, argv);
  for (auto method : {ppx::StartMethod::Spawn, ppx::StartMethod::Fork}) {
    ppx::Options options;
    options.max_workers = 2;
    options.start_method = method;
    options.initializer = [] {};
    ppx::ProcessPoolExecutor ex(options);
    auto a = ex.submit(square, 12);
    auto b = ex.submit(shout, "hey");
    auto c = ex.submit(&Account::with_interest, Account{200}, 10);
    int sum = 0;
    for (int v : ex.map(+[](int x) { return x + 1; }, std::vector{1, 2, 3}, 2)) sum += v;
    if (a.get() != 144 || b.get() != "hey!" || c.get() != 220 || sum != 9) {
      std::fprintf(stderr, "stripped: wrong results\n");
      return 1;
    }
  }
  std::puts("stripped: every task ran");
  return 0;
}
