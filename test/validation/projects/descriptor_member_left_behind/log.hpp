// The descriptor is opened in log.cpp's constructor and used by a method
// defined there; the pickling saves the path only.
#pragma once
#include <string>
class Log {
 public:
  Log() = default;
  explicit Log(std::string path);
  long append(std::string line);
  template <class A> void serialize(A& ar) { ar(path_); }
 private:
  std::string path_;
  int fd_ = -1;
};
