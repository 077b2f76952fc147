#include <ppx/ppx.hpp>

#include <cstdio>

int scaled(ppx::ProcessPoolExecutor &pool, int k);

int main(int argc, char **argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool({.max_workers = 2});
  std::printf("%d\n", scaled(pool, 3));
}
