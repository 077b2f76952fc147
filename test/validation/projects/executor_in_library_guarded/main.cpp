// The same library, and main guarded: silent.
#include "jobs.hpp"
#include <ppx/ppx.hpp>
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  return run_jobs();
}
