// A program that forgot the worker guard: main creates an executor without
// calling ppx::init first. Its spawned workers (or its fork server) re-run main, reach the
// executor, and must stop at once (never a cascade of processes).
#include <ppx/ppx.hpp>

#include <cstdio>
#include <cstring>

int square(int x) { return x * x; }

// The start method is the first argument: spawn (the default) or forkserver
// (the server re-runs main, and must stop there).
int main(int argc, char** argv) {
  ppx::StartMethod method = argc > 1 && std::strcmp(argv[1], "forkserver") == 0
                                ? ppx::StartMethod::Forkserver
                                : ppx::StartMethod::Spawn;
  ppx::ProcessPoolExecutor pool({.max_workers = 2, .start_method = method});
  try {
    std::printf("result: %d\n", pool.submit(square, 3).get());
    return 0;
  } catch (const ppx::BrokenProcessPool& e) {
    std::printf("BrokenProcessPool: %s\n", e.what());
    return 3;
  }
}
