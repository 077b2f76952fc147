#include <ppx/ppx.hpp>
int main(int argc, char **argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor ex;
  int k = 3;
  return ex.submit([k](int x) { return x * k; }, 2).get();
}
