// A handle deep inside a member, left behind by the pickling and used.
#include "validate.hpp"
#include <sqlite3.h>
#include <memory>
#include <stdexcept>
#include <string>
struct Connection {
  sqlite3* db = nullptr;
};
struct Service {
  std::string path;
  std::shared_ptr<Connection> conn = std::make_shared<Connection>();
  int ping(int x) {
    if (!conn || !conn->db) throw std::runtime_error("not connected");
    return x;
  }
  template <class A> void serialize(A& ar) { ar(path); }
};
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  Service s{":memory:"};
  sqlite3_open(s.path.c_str(), &s.conn->db);
  auto f = pool.submit(&Service::ping, s, 5);  // expect: picklint-unpicklable-receiver
  validate::same(f, 5);
  return validate::finish();
}
