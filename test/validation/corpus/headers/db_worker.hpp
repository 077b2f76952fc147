// A class in a header, as real code has it: the worker object of the seed.
#pragma once
#include <sqlite3.h>
#include <stdexcept>
#include <string>
class DbWorker {
 public:
  DbWorker() = default;
  explicit DbWorker(std::string path) : path_(std::move(path)) { sqlite3_open(path_.c_str(), &conn_); }
  int count(std::string query) {
    if (!conn_) throw std::runtime_error("no connection in this process");
    int rows = 0;
    sqlite3_exec(conn_, query.c_str(), [](void* n, int, char**, char**) { ++*static_cast<int*>(n); return 0; }, &rows, nullptr);
    return rows;
  }
  std::size_t path_length() const { return path_.size(); }
  template <class A> void serialize(A& ar) { ar(path_); }
 private:
  std::string path_;
  sqlite3* conn_ = nullptr;
};
