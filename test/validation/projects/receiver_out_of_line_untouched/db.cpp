#include "db.hpp"
#include <stdexcept>
Db::Db(std::string path) : path_(std::move(path)) { sqlite3_open(path_.c_str(), &conn_); }
int Db::rows(std::string query) {
  if (!conn_) throw std::runtime_error("no connection");
  int n = 0;
  sqlite3_exec(conn_, query.c_str(), [](void* c, int, char**, char**) { ++*static_cast<int*>(c); return 0; }, &n, nullptr);
  return n;
}
int Db::path_length(int extra) const { return static_cast<int>(path_.size()) + extra; }
