#pragma once
#include <sqlite3.h>
#include <string>
class Db {
 public:
  Db() = default;
  explicit Db(std::string path);
  int report(int times);
  template <class A> void serialize(A& ar) { ar(path_); }
 private:
  int rows(const char* query);
  std::string path_;
  sqlite3* conn_ = nullptr;
};
