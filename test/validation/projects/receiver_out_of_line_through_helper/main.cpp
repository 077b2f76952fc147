// The method calls another method, in a third unit, that uses the handle.
#include "db.hpp"
#include "validate.hpp"
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  Db db(":memory:");
  auto f = pool.submit(&Db::report, db, 2);  // expect: picklint-unpicklable-receiver
  validate::same(f, db.report(2));
  return validate::finish();
}
