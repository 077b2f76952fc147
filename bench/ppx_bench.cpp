// ppx's side of the side-by-side benchmark (bench/compare.py runs CPython's
// ProcessPoolExecutor on the same workloads and prints the ratios).
//
//   ppx_bench <spawn|fork> <workers>
// prints one line per workload: "<name> <seconds>" (best of 3 runs).
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
std::size_t size_of(std::string s) { return s.size(); }
std::string make_payload(std::size_t n) { return std::string(n, 'p'); }

ppx::Options g_options;

double seconds(const std::function<void()>& work) {
  double best = 1e9;
  for (int run = 0; run < 3; ++run) {
    auto start = std::chrono::steady_clock::now();
    work();
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
  }
  return best;
}

void report(const char* name, double s) { std::printf("%s %.6f\n", name, s); }

}  // namespace

int main(int argc, char** argv) {
  ppx::init(argc, argv);
  if (argc != 3) {
    std::fprintf(stderr, "usage: ppx_bench <spawn|fork> <workers>\n");
    return 2;
  }
  g_options.start_method =
      std::strcmp(argv[1], "fork") == 0 ? ppx::StartMethod::Fork : ppx::StartMethod::Spawn;
  g_options.max_workers = static_cast<unsigned>(std::atoi(argv[2]));

  report("startup+shutdown", seconds([] {
           ppx::ProcessPoolExecutor pool(g_options);
           pool.submit(square, 1).get();
         }));

  ppx::ProcessPoolExecutor pool(g_options);
  pool.submit(square, 1).get();  // workers are up

  report("submit 2000 tiny tasks", seconds([&] {
           std::vector<ppx::Future<int>> fs;
           fs.reserve(2000);
           for (int i = 0; i < 2000; ++i) fs.push_back(pool.submit(square, i));
           long sum = 0;
           for (auto& f : fs) sum += f.get();
           if (sum < 0) std::abort();
         }));

  std::vector<int> inputs(100000);
  for (int i = 0; i < 100000; ++i) inputs[i] = i;
  report("map 100000 items, chunksize 1000", seconds([&] {
           long sum = 0;
           for (int r : pool.map(square, inputs, 1000)) sum += r;
           if (sum < 0) std::abort();
         }));

  std::string payload(10u << 20, 'q');
  report("10 MiB argument and result, x10", seconds([&] {
           for (int i = 0; i < 10; ++i) {
             if (pool.submit(size_of, payload).get() != payload.size()) std::abort();
             if (pool.submit(make_payload, payload.size()).get().size() != payload.size())
               std::abort();
           }
         }));
}
