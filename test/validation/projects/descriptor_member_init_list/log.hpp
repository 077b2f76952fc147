// A log whose descriptor is opened in a constructor defined in log.cpp, and
// whose pickling copies the descriptor's number.
#pragma once
#include <string>
class Log {
 public:
  Log() = default;
  explicit Log(std::string path);
  long append(std::string line);
  template <class A> void serialize(A& ar) { ar(path_, fd_); }
 private:
  std::string path_;
  int fd_ = -1;
};
