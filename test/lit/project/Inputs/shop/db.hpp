// A class that holds a connection; its methods are defined in db.cpp.
#pragma once
#include <sqlite3.h>
#include <string>
class Db {
 public:
  Db() = default;
  explicit Db(std::string path);
  int rows(std::string query);
  template <class A> void serialize(A& ar) { ar(path_); }
 private:
  std::string path_;
  sqlite3* conn_ = nullptr;
};
