// The descriptor stays behind; the method reaches it through another member.
#include "validate.hpp"
#include <fcntl.h>
#include <unistd.h>
#include <cstdio>
#include <stdexcept>
#include <string>
struct Reader {
  std::string path;
  int fd = -1;
  void open_file() { fd = ::open(path.c_str(), O_RDONLY); }
  long raw_size() const {
    long n = ::lseek(fd, 0, SEEK_END);
    if (n < 0) throw std::runtime_error("bad descriptor");
    return n;
  }
  long size() const { return raw_size(); }
  template <class A> void serialize(A& ar) { ar(path); }
};
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  if (FILE* f = std::fopen("data.txt", "w")) { std::fputs("twelve bytes", f); std::fclose(f); }
  ppx::ProcessPoolExecutor pool(validate::options());
  Reader reader{"data.txt"};
  reader.open_file();
  auto f = pool.submit(&Reader::size, reader);  // expect: picklint-unpicklable-receiver
  validate::same(f, reader.size());
  return validate::finish();
}
