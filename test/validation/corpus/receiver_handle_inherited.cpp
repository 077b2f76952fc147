#include "validate.hpp"
#include <cstdio>
struct FileOwner {
  FILE* file = nullptr;
};
struct Exporter : FileOwner {
  int rows = 2;
  int flush() { return file ? rows : -1; }
};
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  Exporter e;
  e.file = stdout;
  auto f = pool.submit(&Exporter::flush, e);  // expect: picklint-unpicklable-receiver
  validate::same(f, 2);
  return validate::finish();
}
