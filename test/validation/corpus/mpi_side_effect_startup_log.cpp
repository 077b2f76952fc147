// An executor on MPI ranks: every rank runs the program, its start-up code
// too (under mpiexec, or spawned by the first executor when the program runs
// alone), so the log is opened once per rank. The program counts the lines.
#include "validate.hpp"
#include <cstdio>
#include <fstream>
#include <string>
static FILE* open_log() {
  FILE* f = std::fopen("run.log", "a");
  std::fputs("opened\n", f);
  std::fflush(f);
  return f;
}
FILE* log_file = open_log();  // expect: picklint-side-effect-before-main
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  {
    ppx::ProcessPoolExecutor pool({.max_workers = 2, .start_method = ppx::StartMethod::Mpi});
    std::vector<ppx::Future<int>> fs;
    for (int i = 0; i < 4; ++i) fs.push_back(pool.submit(square, i));
    for (int i = 0; i < 4; ++i) validate::same(fs[i], i * i);
  }
  std::ifstream in("run.log");
  int lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  if (lines != 1) validate::fail("the log was opened " + std::to_string(lines) + " times");
  return validate::finish();
}
