// An executor on MPI ranks with nothing that cannot cross: a serializable
// struct, a plain function, map. It runs alone (the executor spawns its
// ranks) and under mpiexec alike.
#include "validate.hpp"
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <string>
#include <vector>
struct Order {
  std::string item;
  std::vector<int> quantities;
  template <class Archive>
  void serialize(Archive& ar) { ar(item, quantities); }
};
int total(const Order& o) {
  int sum = 0;
  for (int q : o.quantities) sum += q;
  return sum * static_cast<int>(o.item.size());
}
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool({.max_workers = 2, .start_method = ppx::StartMethod::Mpi});
  Order order{"widget", {1, 2, 3}};
  auto f = pool.submit(total, order);
  validate::same(f, total(order));
  std::vector<int> inputs{1, 2, 3, 4, 5, 6, 7};
  validate::same_map(pool.map(square, inputs, 3), inputs, square);
  return validate::finish();
}
