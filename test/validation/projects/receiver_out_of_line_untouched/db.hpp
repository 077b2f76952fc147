// The same class, and a method defined in db.cpp that never touches the
// connection: the copy the worker gets (path only) is enough.
#pragma once
#include <sqlite3.h>
#include <string>
class Db {
 public:
  Db() = default;
  explicit Db(std::string path);
  int rows(std::string query);
  int path_length(int extra) const;
  template <class A> void serialize(A& ar) { ar(path_); }
 private:
  std::string path_;
  sqlite3* conn_ = nullptr;
};
