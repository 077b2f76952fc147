// A file descriptor as an initializer argument: a spawned worker (or one of
// a fork server) has no such descriptor; only a forked worker inherits it.
#include "validate.hpp"
#include <fcntl.h>
#include <unistd.h>
#include <cstdio>
#include <stdexcept>
long data_size = -1;
void measure(int fd) {
  data_size = ::lseek(fd, 0, SEEK_END);
  if (data_size < 0) throw std::runtime_error("not an open file");
}
long read_size() { return data_size; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  if (FILE* f = std::fopen("data.txt", "w")) { std::fputs("twelve bytes", f); std::fclose(f); }
  int fd = ::open("data.txt", O_RDONLY);
  ppx::Options o = validate::options();
  o.initializer = ppx::initializer(measure, fd);  // expect: picklint-unpicklable-argument
  ppx::ProcessPoolExecutor pool(o);
  auto f = pool.submit(read_size);
  validate::same(f, 12L);
  return validate::finish();
}
