// An int from another unit's function that is not a descriptor: silent.
#include "text.hpp"
#include "validate.hpp"
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  int n = count_words("one two three");
  auto f = pool.submit(twice, n);
  validate::same(f, twice(n));
  return validate::finish();
}
