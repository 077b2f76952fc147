#include "validate.hpp"
#include <string>
#include <tuple>
#include <utility>
std::pair<int, std::string> split(std::tuple<int, int, std::string> t) {
  return {std::get<0>(t) + std::get<1>(t), std::get<2>(t)};
}
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto t = std::make_tuple(1, 2, std::string("x"));
  auto f = pool.submit(split, t);
  validate::same(f, split(t));
  return validate::finish();
}
