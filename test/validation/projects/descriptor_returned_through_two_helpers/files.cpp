// open_output returns what raw_open (in raw.cpp) returns.
#include "files.hpp"
#include <unistd.h>
int open_output(const std::string& path) {
  int fd = raw_open(path.c_str());
  return fd;
}
long write_to(int fd, std::string text) {
  return static_cast<long>(::write(fd, text.data(), text.size()));
}
