// Deep and mutual recursion through the functions a global's initializer
// calls: the search is bounded, terminates, and finds the effect it can.
#include <ppx/ppx.hpp>
#include <cstdio>
int odd(int n);
int even(int n) { return n == 0 ? 1 : odd(n - 1); }
int odd(int n) { return n == 0 ? 0 : even(n - 1); }
int f0(int n);
#define LEVEL(a, b) int a(int n) { return n > 0 ? b(n - 1) : 0; }
int f20(int n) { std::puts("deep"); return n; }
LEVEL(f19, f20) LEVEL(f18, f19) LEVEL(f17, f18) LEVEL(f16, f17) LEVEL(f15, f16)
LEVEL(f14, f15) LEVEL(f13, f14) LEVEL(f12, f13) LEVEL(f11, f12) LEVEL(f10, f11)
LEVEL(f9, f10) LEVEL(f8, f9) LEVEL(f7, f8) LEVEL(f6, f7) LEVEL(f5, f6)
LEVEL(f4, f5) LEVEL(f3, f4) LEVEL(f2, f3) LEVEL(f1, f2) LEVEL(f0, f1)
static const int parity = even(1000);
static const int deep = f0(30);
int main(int argc, char** argv) { ppx::init(argc, argv); ppx::ProcessPoolExecutor pool; return parity + deep; }
