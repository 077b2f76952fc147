// RUN: %check_picklint %s picklint-side-effect-before-main %t
// A class template's static member is initialized at start-up only as an
// instantiation that is used: the pattern runs nothing, and each place is
// reported once however many instantiations use it.
#include <ppx/ppx.hpp>
#include <cstdio>

template <class T> struct Never { static inline const int reg = (std::puts("never"), 0); };
template <class T> struct Used { static inline const int reg = (std::puts("used"), 0); };
// CHECK-MESSAGES: :[[@LINE-1]]:58: warning: initializer of 'reg' runs again in every spawned worker and writes to standard output; {{.*}} [picklint-side-effect-before-main]
template <class T> struct Unused { static inline const int reg = (std::puts("unused"), 0); };

int use() { return Used<int>::reg + Used<long>::reg; }
Unused<int> instance; // the class is instantiated, its static member is not used

int main(int argc, char **argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool;
  return use();
}
