#include "validate.hpp"
#include <cstdio>
#include <vector>
struct Outputs {
  std::vector<FILE*> files;
  int count() const { return (int)files.size(); }
  template <class A> void serialize(A&) {}
};
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  Outputs o{{stdout, stderr}};
  auto f = pool.submit(&Outputs::count, o);  // expect: picklint-unpicklable-receiver
  validate::same(f, 2);
  return validate::finish();
}
