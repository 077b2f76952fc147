// ppx's side of the side-by-side benchmarks. bench/compare.py runs this, the
// same workloads with CPython's ProcessPoolExecutor (python_baseline.py) and
// the raw channel floor (pipe_baseline.c), and prints the ratios.
//
//   ppx_bench <spawn|fork|forkserver> <workers> [--quick | --payloads <bytes>,...]
//   mpiexec -n 3 ppx_bench_mpi mpi <workers> [--quick]   (StartMethod::Mpi)
//
// prints one line per workload: "<name> <seconds>", the best of 3 runs.
// --quick runs each workload small, to check that the benchmark works;
// --payloads runs only the payload workload, at the sizes given.
#include <ppx/ppx.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace {

int square(int x) { return x * x; }
std::vector<double> echo(std::vector<double> v) { return v; }

ppx::Options g_options;

double best_of_3(const std::function<void()>& work) {
  double best = 1e9;
  for (int run = 0; run < 3; ++run) {
    auto start = std::chrono::steady_clock::now();
    work();
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
  }
  return best;
}

void report(const std::string& name, double s) {
  std::printf("%s %.9f\n", name.c_str(), s);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  ppx::init(argc, argv);
  bool quick = argc == 4 && std::strcmp(argv[3], "--quick") == 0;
  bool payloads_only = argc == 5 && std::strcmp(argv[3], "--payloads") == 0;
  if (argc < 3 || (argc > 3 && !quick && !payloads_only)) {
    std::fprintf(stderr, "usage: ppx_bench <spawn|fork|forkserver|mpi> <workers> [--quick | --payloads <bytes>,...]\n");
    return 2;
  }
  g_options.start_method = std::strcmp(argv[1], "fork") == 0 ? ppx::StartMethod::Fork
                           : std::strcmp(argv[1], "forkserver") == 0
                               ? ppx::StartMethod::Forkserver
                           : std::strcmp(argv[1], "mpi") == 0 ? ppx::StartMethod::Mpi
                                                              : ppx::StartMethod::Spawn;
  g_options.max_workers = static_cast<unsigned>(std::atoi(argv[2]));

  if (!payloads_only) report("startup+shutdown", best_of_3([] {
           ppx::ProcessPoolExecutor pool(g_options);
           pool.submit(square, 1).get();
         }));

  // One worker, replaced after every task: each task waits for a new worker
  // to start (fork refuses max_tasks_per_child, as Python's does).
  // (Nor does MPI: a rank cannot be replaced.)
  if (!payloads_only && g_options.start_method != ppx::StartMethod::Fork &&
      g_options.start_method != ppx::StartMethod::Mpi) {
    const int starts = quick ? 5 : 30;
    report("worker start", best_of_3([&] {
             ppx::Options o = g_options;
             o.max_workers = 1;
             o.max_tasks_per_child = 1;
             ppx::ProcessPoolExecutor pool(o);
             for (int i = 0; i < starts; ++i)
               if (pool.submit(square, i).get() != i * i) std::abort();
           }) / starts);
  }

  ppx::ProcessPoolExecutor pool(g_options);
  pool.submit(square, 1).get();  // the workers are up
  pool.submit(square, 1).get();

  if (!payloads_only) {
  // One task at a time: submit, wait for its result, then the next.
  const int trips = quick ? 100 : 5000;
  report("roundtrip", best_of_3([&] {
           for (int i = 0; i < trips; ++i)
             if (pool.submit(square, i).get() != i * i) std::abort();
         }) / trips);

  const int tiny = quick ? 500 : 50000;
  report("submit " + std::to_string(tiny) + " tiny tasks", best_of_3([&] {
           std::vector<ppx::Future<int>> fs;
           fs.reserve(tiny);
           for (int i = 0; i < tiny; ++i) fs.push_back(pool.submit(square, i));
           long sum = 0;
           for (auto& f : fs) sum += f.get();
           if (sum < 0) std::abort();
         }));

  const int items = quick ? 10000 : 1000000;
  std::vector<int> inputs(items);
  for (int i = 0; i < items; ++i) inputs[i] = i % 1000;
  report("map " + std::to_string(items) + " items, chunksize 1000", best_of_3([&] {
           long sum = 0;
           for (int r : pool.map(square, inputs, 1000)) sum += r;
           if (sum < 0) std::abort();
         }));

  }

  // A std::vector<double> there and back (the task returns its argument).
  std::vector<std::size_t> sizes{1u << 20, 100u << 20, std::size_t(1) << 30};
  if (quick) sizes = {1u << 20};
  if (payloads_only) {
    sizes.clear();
    for (char* p = argv[4]; *p;) {
      sizes.push_back(std::strtoull(p, &p, 10));
      if (*p == ',') ++p;
    }
  }
  for (std::size_t bytes : sizes) {
    std::vector<double> payload(bytes / sizeof(double), 0.5);
    int n = bytes <= (1u << 20) ? 50 : bytes <= (100u << 20) ? 3 : 1;
    report("payload " + std::to_string(bytes), best_of_3([&] {
             for (int i = 0; i < n; ++i)
               if (pool.submit(echo, payload).get().size() != payload.size()) std::abort();
           }) / n);
  }
}
