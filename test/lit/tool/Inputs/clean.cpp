#include <ppx/ppx.hpp>
int square(int x) { return x * x; }
int main(int argc, char **argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor ex;
  return ex.submit(square, 3).get() == 9 ? 0 : 1;
}
