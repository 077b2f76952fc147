// RUN: %check_picklint %s picklint-unpicklable-receiver %t
// Receivers that make the trip: nothing may be flagged.
#include <ppx/ppx.hpp>

#include <string>
#include <vector>

struct Accumulator {
  int base = 0;
  std::vector<int> history;
  int add(int x) const { return base + x; }
  template <class A> void serialize(A &a) { a(base, history); }
};

// The fix of the seed's trap: keep the path, connect inside the task.
struct DatabaseWorker {
  std::string path_;
  int run(std::string query) { return (int)(path_.size() + query.size()); }
  template <class A> void serialize(A &a) { a(path_); }
};

void fine(ppx::ProcessPoolExecutor &ex) {
  ex.submit(&Accumulator::add, Accumulator{}, 1);
  ex.submit(&DatabaseWorker::run, DatabaseWorker{"app.db"}, "SELECT *");
}
