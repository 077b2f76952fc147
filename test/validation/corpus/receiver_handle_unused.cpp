// The handle stays behind, but the submitted method does not use it.
#include "validate.hpp"
#include <cstdio>
#include <string>
struct Report {
  std::string title;
  FILE* sink = nullptr;
  std::size_t title_length() const { return title.size(); }
  void emit() { if (sink) std::fputs(title.c_str(), sink); }
  template <class A> void serialize(A& ar) { ar(title); }
};
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  Report report{"quarterly", stdout};
  auto f = pool.submit(&Report::title_length, report);
  validate::same(f, report.title_length());
  return validate::finish();
}
