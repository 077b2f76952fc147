#include "db.hpp"
#include <stdexcept>
int Db::rows(const char* query) {
  if (!conn_) throw std::runtime_error("no connection");
  int n = 0;
  sqlite3_exec(conn_, query, [](void* c, int, char**, char**) { ++*static_cast<int*>(c); return 0; }, &n, nullptr);
  return n;
}
