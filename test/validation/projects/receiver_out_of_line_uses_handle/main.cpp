// Python's classic second trap in the layout most code has: the method that
// uses the connection is defined in another unit.
#include "db.hpp"
#include "validate.hpp"
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  Db db(":memory:");
  auto f = pool.submit(&Db::rows, db, std::string("SELECT 1 UNION SELECT 2"));  // expect: picklint-unpicklable-receiver
  validate::same(f, db.rows("SELECT 1 UNION SELECT 2"));
  return validate::finish();
}
