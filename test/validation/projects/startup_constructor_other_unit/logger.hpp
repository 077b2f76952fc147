#pragma once
class Logger {
 public:
  Logger();
  int level() const { return level_; }
 private:
  int level_ = 1;
};
