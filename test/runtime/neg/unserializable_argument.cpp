// expect: ppx: a task argument cannot be pickled: its type has no cereal serialize/save/load
// expect: [picklint-unpicklable-argument]
#include <ppx/ppx.hpp>
struct Opaque { int x = 0; };
int use(Opaque o) { return o.x; }
void f(ppx::ProcessPoolExecutor& pool) {
  pool.submit(use, Opaque{});  // refused
}
