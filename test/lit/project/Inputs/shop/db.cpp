#include "db.hpp"
Db::Db(std::string path) : path_(std::move(path)) { sqlite3_open(path_.c_str(), &conn_); }
int Db::rows(std::string query) {
  int n = 0;
  sqlite3_exec(conn_, query.c_str(), nullptr, &n, nullptr);
  return n;
}
