#include "validate.hpp"
#include <vector>
struct Sample { int value = 0; };
int value_of(Sample s) { return s.value; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  std::vector<Sample> samples{{1}, {2}};
  auto results = pool.map(value_of, samples);  // expect: picklint-unpicklable-argument
  validate::same_map(results, samples, value_of);
  return validate::finish();
}
