#include "validate.hpp"
#include <string>
#include <vector>
struct Order {
  std::string item;
  int quantity = 0;
  double price = 0;
  template <class A> void serialize(A& ar) { ar(item, quantity, price); }
};
double total(Order o) { return o.quantity * o.price; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  std::vector<Order> orders{{"a", 1, 2.5}, {"b", 3, 1.0}, {"c", 0, 9.0}, {"d", 2, 0.5}};
  validate::same_map(pool.map(total, orders, 3), orders, total);
  return validate::finish();
}
