// expect: ppx: a task argument is a raw pointer
#include <ppx/ppx.hpp>
void open_db(const char* name, int* counter) { *counter += name[0]; }
ppx::Options options(int* counter) {
  ppx::Options o;
  o.initializer = ppx::initializer(open_db, "db", counter);  // refused
  return o;
}
