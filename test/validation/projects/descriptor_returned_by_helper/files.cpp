#include "files.hpp"
#include <fcntl.h>
#include <unistd.h>
int open_output(const std::string& path) {
  return ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}
long write_to(int fd, std::string text) {
  return static_cast<long>(::write(fd, text.data(), text.size()));
}
