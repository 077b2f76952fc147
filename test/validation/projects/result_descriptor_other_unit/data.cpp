#include "data.hpp"
#include <fcntl.h>
#include <string>
int open_data(int part) {
  std::string path = "part" + std::to_string(part) + ".txt";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  return fd;
}
