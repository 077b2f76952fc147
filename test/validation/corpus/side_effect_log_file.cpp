// A log opened and written at start-up: one line per spawned worker too.
#include "validate.hpp"
#include <cstdio>
static FILE* open_log() {
  FILE* f = std::fopen("run.log", "a");
  std::fputs("opened\n", f);
  std::fflush(f);
  return f;
}
FILE* log_file = open_log();  // expect: picklint-side-effect-before-main
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  std::vector<ppx::Future<int>> fs;
  for (int i = 0; i < 3; ++i) fs.push_back(pool.submit(square, i));
  for (int i = 0; i < 3; ++i) validate::same(fs[i], i * i);
  return validate::finish();
}
