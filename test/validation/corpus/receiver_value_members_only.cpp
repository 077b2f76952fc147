#include "validate.hpp"
#include <map>
#include <string>
struct Inventory {
  std::map<std::string, int> stock;
  int total() const {
    int t = 0;
    for (auto& [k, v] : stock) t += v;
    return t;
  }
  int of(std::string item) const { auto it = stock.find(item); return it == stock.end() ? 0 : it->second; }
  template <class A> void serialize(A& ar) { ar(stock); }
};
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  Inventory inv{{{"apple", 3}, {"pear", 4}}};
  auto f = pool.submit(&Inventory::total, inv);
  validate::same(f, 7);
  auto g = pool.submit(&Inventory::of, inv, "pear");
  validate::same(g, 4);
  return validate::finish();
}
