#include "validate.hpp"
#include <optional>
#include <string>
#include <variant>
std::variant<int, std::string> classify(std::optional<int> x) {
  if (!x) return std::string("none");
  return *x * 2;
}
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(classify, std::optional<int>(21));
  validate::same(f, classify(21));
  auto g = pool.submit(classify, std::optional<int>());
  validate::same(g, classify(std::nullopt));
  return validate::finish();
}
