#include "db.hpp"
#include <ppx/ppx.hpp>
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool;
  Db db(":memory:");
  auto f = pool.submit(&Db::rows, db, std::string("SELECT 1"));
  return f.get();
}
