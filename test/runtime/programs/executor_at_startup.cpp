// An executor at namespace scope: under spawn every worker (under forkserver,
// the server) constructs it again while it starts, before ppx::init can turn it into a worker.
#include <ppx/ppx.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>

int square(int x) { return x * x; }

// The start method comes from PPX_TEST_START_METHOD (read at start-up, as
// the executor is made then): spawn, or forkserver, whose server starts the
// program once more and must stop there.
ppx::StartMethod method_from_environment() {
  const char* m = std::getenv("PPX_TEST_START_METHOD");
  return m && std::strcmp(m, "forkserver") == 0 ? ppx::StartMethod::Forkserver
                                                 : ppx::StartMethod::Spawn;
}

ppx::ProcessPoolExecutor pool(ppx::Options{.max_workers = 2,
                                           .start_method = method_from_environment()});

int main(int argc, char** argv) {
  ppx::init(argc, argv);
  try {
    std::printf("%d\n", pool.submit(square, 3).get());
  } catch (const ppx::BrokenProcessPool& e) {
    std::printf("BrokenProcessPool: %s\n", e.what());
    return 3;
  }
  return 0;
}
