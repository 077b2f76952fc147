// A method defined in another unit that does not use the handle: silent.
#include "db.hpp"
#include "validate.hpp"
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  Db db(":memory:");
  auto f = pool.submit(&Db::path_length, db, 3);
  validate::same(f, db.path_length(3));
  return validate::finish();
}
