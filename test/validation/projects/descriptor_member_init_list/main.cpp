// A descriptor opened in another unit's initializer list crosses by number.
#include "log.hpp"
#include "validate.hpp"
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  Log log("out.log");
  auto f = pool.submit(&Log::append, log, std::string("from a worker"));  // expect: picklint-unpicklable-receiver
  validate::same(f, log.append("from a worker"));
  return validate::finish();
}
