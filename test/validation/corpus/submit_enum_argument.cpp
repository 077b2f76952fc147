#include "validate.hpp"
enum class Mode { Fast, Exact };
double run(Mode m, double x) { return m == Mode::Fast ? x : x * 1.0001; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(run, Mode::Exact, 2.0);
  validate::same(f, run(Mode::Exact, 2.0));
  return validate::finish();
}
