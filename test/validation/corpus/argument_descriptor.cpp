// A file descriptor as a task argument: the worker has no such descriptor.
#include "validate.hpp"
#include <fcntl.h>
#include <unistd.h>
#include <cstdio>
long size_of(int fd) { return ::lseek(fd, 0, SEEK_END); }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  if (FILE* f = std::fopen("data.txt", "w")) { std::fputs("twelve bytes", f); std::fclose(f); }
  ppx::ProcessPoolExecutor pool(validate::options());
  int fd = ::open("data.txt", O_RDONLY);
  auto f = pool.submit(size_of, fd);  // expect: picklint-unpicklable-argument
  validate::same(f, size_of(fd));
  return validate::finish();
}
