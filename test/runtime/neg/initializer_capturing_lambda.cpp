// expect: ppx: the task's callable cannot be pickled
#include <ppx/ppx.hpp>
#include <string>
ppx::Options options(std::string name) {
  ppx::Options o;
  o.initializer = ppx::initializer([name](int level) { (void)level; }, 1);  // refused
  return o;
}
