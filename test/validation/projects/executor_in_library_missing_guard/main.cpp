// main reaches an executor made in another unit, without the guard: every
// spawned worker runs main again.
#include "jobs.hpp"
int main() {  // expect: picklint-missing-worker-guard
  return run_jobs();
}
