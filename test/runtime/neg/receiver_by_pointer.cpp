// expect: ppx: the object of a submitted member function is passed by pointer
// expect: [picklint-unpicklable-receiver]
#include <ppx/ppx.hpp>
struct Job {
  int run(int x) { return x; }
  template <class A> void serialize(A&) {}
};
void f(ppx::ProcessPoolExecutor& pool, Job& job) {
  pool.submit(&Job::run, &job, 1);  // refused
}
