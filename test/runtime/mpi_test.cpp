// StartMethod::Mpi's own behaviour, beside the suites every start method
// runs: ranks as workers, leases shared between executors, what MPI cannot
// do (signal or replace a rank). Run under mpiexec with 4 ranks (ctest
// runtime.mpi and runtime.mpi.exit); skipped elsewhere.
#include <ppx/ppx.hpp>

#include <gtest/gtest.h>

#include "start_methods.hpp"

#include <chrono>
#include <cstdlib>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;

int world_rank() {
  const char* r = std::getenv("OMPI_COMM_WORLD_RANK");
  return r ? std::atoi(r) : -1;
}
int rank_of_worker(int) { return world_rank(); }
int sleep_ms_then(int ms, int value) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  return value;
}
int exit_with(int status) { std::exit(status); }

class Mpi : public testing::Test {
 protected:
  void SetUp() override { start_methods::skip_mpi_outside_mpiexec(ppx::StartMethod::Mpi); }
  static ppx::Options options(unsigned workers = 0) {
    ppx::Options o;
    o.start_method = ppx::StartMethod::Mpi;
    o.max_workers = workers;
    return o;
  }
};
class MpiExit : public Mpi {};

std::string what_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(nothing thrown)";
}

TEST_F(Mpi, TheParentIsRankZeroAndEveryWorkerAnotherRank) {
  EXPECT_EQ(world_rank(), 0);
  ppx::ProcessPoolExecutor pool(options());  // every worker rank: 3
  std::vector<ppx::Future<int>> fs;
  for (int i = 0; i < 60; ++i) fs.push_back(pool.submit(sleep_ms_then, 2, i));
  std::set<int> ranks;
  for (int i = 0; i < 60; ++i) ranks.insert(pool.submit(rank_of_worker, i).get());
  for (auto& f : fs) f.get();
  for (int r : ranks) EXPECT_TRUE(r >= 1 && r <= 3) << r;
}

TEST_F(Mpi, MaxTasksPerChildIsRefusedSayingWhy) {
  ppx::Options o = options(2);
  o.max_tasks_per_child = 3;
  std::string m = what_of([&] { ppx::ProcessPoolExecutor pool(o); });
  EXPECT_NE(m.find("max_tasks_per_child is incompatible with StartMethod::Mpi"),
            std::string::npos)
      << m;
}

TEST_F(Mpi, ExecutorsSideBySideShareOutTheRanksAndOneTooManyIsRefused) {
  ppx::ProcessPoolExecutor two(options(2));
  ppx::ProcessPoolExecutor one(options(5));  // gets the one rank left
  auto a = two.submit(rank_of_worker, 0);
  auto b = one.submit(rank_of_worker, 0);
  EXPECT_NE(a.get(), b.get());
  std::string m = what_of([&] { ppx::ProcessPoolExecutor none(options()); });
  EXPECT_NE(m.find("serves another executor"), std::string::npos) << m;
}

TEST_F(Mpi, ExecutorsOneAfterAnotherReuseTheRanks) {
  for (int round = 0; round < 5; ++round) {
    ppx::ProcessPoolExecutor pool(options());
    EXPECT_EQ(pool.submit(sleep_ms_then, 0, round).get(), round);
  }
}

TEST_F(Mpi, TerminateWorkersFailsTheFuturesAtOnceAndTheRankServesAgainAfterItsTask) {
  auto start = std::chrono::steady_clock::now();
  {
    ppx::ProcessPoolExecutor pool(options(1));
    auto running = pool.submit(sleep_ms_then, 1500, 1);
    std::this_thread::sleep_for(200ms);
    pool.terminate_workers();
    EXPECT_THROW(running.get(), ppx::BrokenProcessPool);
  }
  // MPI cannot interrupt the rank: the futures failed and the executor
  // ended without waiting for the task.
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1200ms);
  // Every rank, the busy one too, serves the next executor once it is free.
  ppx::ProcessPoolExecutor next(options());
  std::vector<ppx::Future<int>> fs;
  for (int i = 0; i < 9; ++i) fs.push_back(next.submit(sleep_ms_then, 100, i));
  std::set<int> seen;
  for (auto& f : fs) seen.insert(f.get());
  EXPECT_EQ(seen.size(), 9u);
}

// Run in an mpiexec of its own (runtime.mpi.exit): its rank is gone for the
// rest of the job.
TEST_F(MpiExit, ATaskThatCallsExitBreaksThePoolAndTheOtherRanksServeOn) {
  {
    ppx::ProcessPoolExecutor pool(options(1));
    std::string m = what_of([&] { pool.submit(exit_with, 5).get(); });
    EXPECT_NE(m.find("exited with status 5"), std::string::npos) << m;
    EXPECT_NE(m.find("MPI rank"), std::string::npos) << m;
  }
  ppx::ProcessPoolExecutor rest(options());
  std::set<int> ranks;
  for (int i = 0; i < 30; ++i) ranks.insert(rest.submit(rank_of_worker, i).get());
  EXPECT_LE(ranks.size(), 2u);
  EXPECT_EQ(rest.submit(sleep_ms_then, 0, 7).get(), 7);
}

}  // namespace
