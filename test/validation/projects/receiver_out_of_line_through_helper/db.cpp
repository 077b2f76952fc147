// The submitted method is here; the one that uses the connection is in
// query.cpp.
#include "db.hpp"
Db::Db(std::string path) : path_(std::move(path)) { sqlite3_open(path_.c_str(), &conn_); }
int Db::report(int times) { return times * rows("SELECT 1 UNION SELECT 2"); }
