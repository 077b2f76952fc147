// The task returns a descriptor opened in the worker: in the parent the
// number names another file, or none.
#include "data.hpp"
#include "validate.hpp"
#include <sys/stat.h>
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(open_data, 1);  // expect: picklint-unpicklable-argument
  int fd = f.get();
  struct stat got {}, want {};
  if (::fstat(fd, &got) != 0 || ::stat("part1.txt", &want) != 0 || got.st_ino != want.st_ino)
    validate::fail("the descriptor the task returned does not name its file in the parent");
  return validate::finish();
}
