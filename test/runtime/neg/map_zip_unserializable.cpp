// expect: ppx: a task argument cannot be pickled
#include <ppx/ppx.hpp>
#include <vector>
struct Opaque {
  int fd;
};
int use(int x, Opaque o) { return x + o.fd; }
void f(ppx::ProcessPoolExecutor& pool) {
  // The second range's elements cannot be pickled: refused, as for one range.
  pool.map(use, std::vector<int>{1}, std::vector<Opaque>{{3}});  // refused
}
