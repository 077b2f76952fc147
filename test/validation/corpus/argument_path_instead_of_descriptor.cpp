// The fix: pass the path, open the file inside the task.
#include "validate.hpp"
#include <fcntl.h>
#include <unistd.h>
#include <cstdio>
#include <string>
long size_of(std::string path) {
  int fd = ::open(path.c_str(), O_RDONLY);
  long n = ::lseek(fd, 0, SEEK_END);
  ::close(fd);
  return n;
}
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  if (FILE* f = std::fopen("data.txt", "w")) { std::fputs("twelve bytes", f); std::fclose(f); }
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(size_of, "data.txt");
  validate::same(f, size_of("data.txt"));
  return validate::finish();
}
