// Half-written code: the tool reports the compile error and exits 2, never
// crashes, and judges nothing on a guess.
#include <ppx/ppx.hpp>
int square(int x) { return x * x }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool;
  int k = 3;
  auto f = pool.submit([k](int x) { return x + k; }, undeclared_name);
  auto g = pool.submit(
}
