// Even forked workers, created before the file was opened, lack the descriptor.
#include "validate.hpp"
#include <fcntl.h>
#include <unistd.h>
#include <cstdio>
long size_of(int fd) { return ::lseek(fd, 0, SEEK_END); }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool({.max_workers = 2, .start_method = ppx::StartMethod::Fork});
  if (FILE* f = std::fopen("data.txt", "w")) { std::fputs("twelve bytes", f); std::fclose(f); }
  int fd = ::open("data.txt", O_RDONLY);
  auto f = pool.submit(size_of, fd);  // expect: picklint-unpicklable-argument
  validate::same(f, size_of(fd));
  return validate::finish();
}
