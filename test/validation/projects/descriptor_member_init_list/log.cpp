// The descriptor is opened in the constructor's member initializer list.
#include "log.hpp"
#include <fcntl.h>
#include <unistd.h>
Log::Log(std::string path)
    : path_(std::move(path)), fd_(::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) {}
long Log::append(std::string line) {
  line += '\n';
  return static_cast<long>(::write(fd_, line.data(), line.size()));
}
