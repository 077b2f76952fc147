// A type with a cereal save but no load: it can be written, not read back,
// and the runtime refuses it.
#include "validate.hpp"
struct Report {
  int lines = 0;
  template <class A> void save(A& a) const { a(lines); }
};
int count(Report r) { return r.lines; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  Report r{7};
  auto f = pool.submit(count, r);  // expect: picklint-unpicklable-argument
  validate::same(f, 7);
  return validate::finish();
}
