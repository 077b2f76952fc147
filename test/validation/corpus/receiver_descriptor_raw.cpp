// A descriptor pickled by its number: in the worker it names another file.
#include "validate.hpp"
#include <fcntl.h>
#include <unistd.h>
#include <cstdio>
#include <string>
struct Tail {
  std::string path;
  int fd = -1;
  void open_file() { fd = ::open(path.c_str(), O_RDONLY); }
  long size() const { return ::lseek(fd, 0, SEEK_END); }
  template <class A> void serialize(A& ar) { ar(path, fd); }
};
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  if (FILE* f = std::fopen("data.txt", "w")) { std::fputs("twelve bytes", f); std::fclose(f); }
  ppx::ProcessPoolExecutor pool(validate::options());
  Tail tail{"data.txt"};
  tail.open_file();
  auto f = pool.submit(&Tail::size, tail);  // expect: picklint-unpicklable-receiver
  validate::same(f, tail.size());
  return validate::finish();
}
