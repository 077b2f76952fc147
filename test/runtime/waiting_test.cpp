// Waiting for futures: Future's get(timeout), exception, running, cancelled
// and add_done_callback; ppx::wait and ppx::as_completed (Python's
// concurrent.futures.wait and as_completed).
#include <ppx/ppx.hpp>

#include <gtest/gtest.h>

#include "start_methods.hpp"

#include "leftovers.hpp"

#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <array>
#include <list>
#include <ranges>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {

int sleep_then(int ms, int value) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  return value;
}
int fail_after(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  throw std::invalid_argument("no good");
}
int square(int x) { return x * x; }
int add(int a, int b) { return a + b; }
std::string label(std::string name, int n, double scale) {
  return name + "=" + std::to_string(static_cast<int>(n * scale));
}
int divide(int a, int b) {
  if (b == 0) throw std::domain_error("division by zero");
  return a / b;
}

class Waiting : public start_methods::Test {};

template <class F>
auto elapsed(F&& f) {
  auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::steady_clock::now() - t0;
}

std::vector<int> values(std::vector<ppx::Future<int>>& fs) {
  std::vector<int> v;
  for (auto& f : fs) v.push_back(f.get());
  return v;
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(StartMethods, Waiting,
                         testing::ValuesIn(start_methods::kAll),
                         start_methods::name);

// --- Future ----------------------------------------------------------------

TEST_P(Waiting, GetWithATimeoutThrowsTimeoutErrorAndTheTaskGoesOn) {
  ppx::ProcessPoolExecutor pool(options());
  auto f = pool.submit(sleep_then, 300, 5);
  EXPECT_THROW(f.get(20ms), ppx::TimeoutError);
  EXPECT_FALSE(f.cancelled());
  EXPECT_EQ(f.get(10s), 5);
  EXPECT_EQ(f.get(0ns), 5) << "a done task needs no time";
}

TEST_P(Waiting, TimeoutErrorIsAPpxError) {
  ppx::ProcessPoolExecutor pool(options(1));
  auto f = pool.submit(sleep_then, 300, 1);
  try {
    f.get(1ms);
    FAIL() << "no TimeoutError";
  } catch (const ppx::Error& e) {
    EXPECT_NE(std::string(e.what()).find("not done"), std::string::npos) << e.what();
  }
}

TEST_P(Waiting, ExceptionGivesTheFailureWithoutThrowingIt) {
  ppx::ProcessPoolExecutor pool(options());
  auto failing = pool.submit(fail_after, 10);
  auto fine = pool.submit(square, 3);
  std::exception_ptr e = failing.exception();
  ASSERT_TRUE(e);
  try {
    std::rethrow_exception(e);
  } catch (const ppx::RemoteError& r) {
    EXPECT_EQ(r.message(), "no good");
    EXPECT_NE(r.type_name().find("invalid_argument"), std::string::npos) << r.type_name();
  }
  EXPECT_FALSE(fine.exception());
  EXPECT_EQ(fine.get(), 9);
  // Each call makes its own exception object: nothing is shared between threads.
  EXPECT_NE(failing.exception(), e);
}

TEST_P(Waiting, ExceptionOfACancelledTaskThrowsCancelledErrorAndWaitsWithATimeout) {
  ppx::ProcessPoolExecutor pool(options(1));
  auto busy = pool.submit(sleep_then, 400, 1);
  auto next = pool.submit(sleep_then, 0, 2);
  auto queued = pool.submit(sleep_then, 0, 3);
  EXPECT_TRUE(queued.cancel());
  EXPECT_THROW(queued.exception(), ppx::CancelledError);
  EXPECT_THROW(busy.exception(10ms), ppx::TimeoutError);
  EXPECT_FALSE(busy.exception(10s));
  EXPECT_EQ(next.get(), 2);
}

TEST_P(Waiting, RunningIsTrueOnlyWhileAWorkerHasTheTask) {
  ppx::ProcessPoolExecutor pool(options(1));
  auto a = pool.submit(sleep_then, 400, 1);
  auto b = pool.submit(sleep_then, 0, 2);  // in the worker's channel, not taken
  auto c = pool.submit(sleep_then, 0, 3);  // queued in the parent
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!a.running() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(1ms);
  EXPECT_TRUE(a.running());
  EXPECT_FALSE(b.running());
  EXPECT_FALSE(c.running());
  EXPECT_TRUE(c.cancel());
  EXPECT_TRUE(c.cancelled());
  EXPECT_FALSE(c.running());
  EXPECT_EQ(a.get(), 1);
  EXPECT_FALSE(a.running()) << "a done task is not running";
  EXPECT_FALSE(a.cancelled());
  EXPECT_EQ(b.get(), 2);
  EXPECT_FALSE(b.cancel()) << "it ran";
}

TEST_P(Waiting, ADoneCallbackRunsOnceInTheThreadThatCompletesTheTask) {
  ppx::ProcessPoolExecutor pool(options());
  auto f = pool.submit(sleep_then, 100, 7);
  std::mutex m;
  std::vector<int> seen;
  std::thread::id where;
  f.add_done_callback([&](ppx::Future<int>& done) {
    std::lock_guard lock(m);
    seen.push_back(done.get());
    where = std::this_thread::get_id();
  });
  EXPECT_EQ(f.get(), 7);
  // The callback runs after waiters are woken: wait for it.
  for (int i = 0; i < 1000; ++i) {
    {
      std::lock_guard lock(m);
      if (!seen.empty()) break;
    }
    std::this_thread::sleep_for(1ms);
  }
  std::lock_guard lock(m);
  EXPECT_EQ(seen, std::vector<int>{7});
}

TEST_P(Waiting, ACallbackAddedToADoneFutureRunsAtOnceInThisThread) {
  ppx::ProcessPoolExecutor pool(options());
  auto f = pool.submit(square, 4);
  EXPECT_EQ(f.get(), 16);
  std::thread::id where;
  int value = 0;
  f.add_done_callback([&](const ppx::Future<int>& done) {
    where = std::this_thread::get_id();
    value = ppx::Future<int>(done).get();
  });
  EXPECT_EQ(where, std::this_thread::get_id());
  EXPECT_EQ(value, 16);
}

TEST_P(Waiting, CallbacksRunInTheOrderAddedAndOneThatThrowsIsReported) {
  ppx::ProcessPoolExecutor pool(options(1));
  auto gate = pool.submit(sleep_then, 200, 0);
  auto f = pool.submit(square, 5);
  std::mutex m;
  std::vector<std::string> order;
  f.add_done_callback([&](ppx::Future<int>&) {
    std::lock_guard lock(m);
    order.push_back("first");
  });
  f.add_done_callback([&](ppx::Future<int>&) -> void { throw std::runtime_error("callback broke"); });
  f.add_done_callback([&](ppx::Future<int>&) {
    std::lock_guard lock(m);
    order.push_back("third");
  });
  testing::internal::CaptureStderr();
  EXPECT_EQ(f.get(), 25);
  for (int i = 0; i < 1000; ++i) {
    {
      std::lock_guard lock(m);
      if (order.size() == 2) break;
    }
    std::this_thread::sleep_for(1ms);
  }
  std::string err = testing::internal::GetCapturedStderr();
  {
    std::lock_guard lock(m);
    EXPECT_EQ(order, (std::vector<std::string>{"first", "third"}));
  }
  EXPECT_NE(err.find("callback broke"), std::string::npos) << err;
  EXPECT_EQ(pool.submit(square, 6).get(), 36) << "the pool goes on";
  EXPECT_EQ(gate.get(), 0);
}

TEST_P(Waiting, CancellingRunsTheCallbacksInTheCancellingThread) {
  ppx::ProcessPoolExecutor pool(options(1));
  auto busy = pool.submit(sleep_then, 300, 1);
  auto next = pool.submit(sleep_then, 0, 2);
  auto queued = pool.submit(sleep_then, 0, 3);
  std::thread::id where;
  bool was_cancelled = false;
  queued.add_done_callback([&](ppx::Future<int>& f) {
    where = std::this_thread::get_id();
    was_cancelled = f.cancelled();
  });
  EXPECT_TRUE(queued.cancel());
  EXPECT_EQ(where, std::this_thread::get_id());
  EXPECT_TRUE(was_cancelled);
  EXPECT_EQ(busy.get() + next.get(), 3);
}

TEST_P(Waiting, ACallbackMaySubmitMoreWork) {
  // Callbacks run in the manager thread (or a waiter's): submitting from one
  // must not deadlock, and shutdown with cancel_futures runs them too.
  ppx::ProcessPoolExecutor pool(options());
  std::mutex m;
  std::vector<ppx::Future<int>> follow_ups;
  std::vector<ppx::Future<int>> firsts;
  for (int i = 0; i < 20; ++i) {
    firsts.push_back(pool.submit(sleep_then, i % 3, i));
    firsts.back().add_done_callback([&](ppx::Future<int>& done) {
      auto next = pool.submit(square, done.get());
      std::lock_guard lock(m);
      follow_ups.push_back(std::move(next));
    });
  }
  for (auto& f : firsts) f.get();
  for (int i = 0; i < 1000; ++i) {
    {
      std::lock_guard lock(m);
      if (follow_ups.size() == 20) break;
    }
    std::this_thread::sleep_for(1ms);
  }
  std::lock_guard lock(m);
  ASSERT_EQ(follow_ups.size(), 20u);
  std::multiset<int> got;
  for (auto& f : follow_ups) got.insert(f.get());
  std::multiset<int> want;
  for (int i = 0; i < 20; ++i) want.insert(i * i);
  EXPECT_EQ(got, want);
}

TEST_P(Waiting, ShutdownCancellingFuturesRunsTheirCallbacks) {
  ppx::ProcessPoolExecutor pool(options(1));
  auto busy = pool.submit(sleep_then, 300, 1);
  for (int i = 0; i < 5000 && !busy.running(); ++i) std::this_thread::sleep_for(1ms);
  ASSERT_TRUE(busy.running());
  std::atomic<int> cancelled{0};
  std::vector<ppx::Future<int>> rest;
  for (int i = 0; i < 10; ++i) {
    rest.push_back(pool.submit(sleep_then, 0, i));
    rest.back().add_done_callback([&](ppx::Future<int>& f) {
      if (f.cancelled()) ++cancelled;
      // Submitting now is refused, not a deadlock.
      EXPECT_THROW(pool.submit(square, 1), ppx::Error);
    });
  }
  pool.shutdown(/*wait=*/true, /*cancel_futures=*/true);
  int ran = 0;
  for (auto& f : rest) ran += !f.cancelled();
  EXPECT_EQ(cancelled.load() + ran, 10);
  EXPECT_GE(cancelled.load(), 8) << "at most the one in the worker's channel ran";
  EXPECT_EQ(busy.get(), 1);
}

// --- ppx::wait --------------------------------------------------------------

TEST_P(Waiting, WaitAllCompletedReturnsEveryFutureDone) {
  ppx::ProcessPoolExecutor pool(options());
  std::vector<ppx::Future<int>> fs;
  for (int i = 0; i < 6; ++i) fs.push_back(pool.submit(sleep_then, 20 * i, i));
  auto [done, not_done] = ppx::wait(fs);
  EXPECT_EQ(done.size(), 6u);
  EXPECT_TRUE(not_done.empty());
  EXPECT_EQ(values(done), (std::vector<int>{0, 1, 2, 3, 4, 5})) << "in the order given";
}

TEST_P(Waiting, WaitFirstCompletedReturnsWhenOneIsDone) {
  ppx::ProcessPoolExecutor pool(options());
  std::vector<ppx::Future<int>> fs{pool.submit(sleep_then, 1000, 1),
                                   pool.submit(sleep_then, 50, 2)};
  ppx::DoneAndNotDone<int> r;
  auto took = elapsed([&] { r = ppx::wait(fs, ppx::ReturnWhen::FirstCompleted); });
  EXPECT_LT(took, 800ms);
  ASSERT_EQ(r.done.size(), 1u);
  EXPECT_EQ(r.done[0].get(), 2);
  ASSERT_EQ(r.not_done.size(), 1u);
  EXPECT_FALSE(r.not_done[0].done());
}

TEST_P(Waiting, WaitFirstExceptionReturnsAtTheFirstFailureOrWhenAllAreDone) {
  ppx::ProcessPoolExecutor pool(options());
  std::vector<ppx::Future<int>> fs{pool.submit(sleep_then, 1000, 1), pool.submit(fail_after, 50)};
  ppx::DoneAndNotDone<int> r;
  auto took = elapsed([&] { r = ppx::wait(fs, ppx::ReturnWhen::FirstException); });
  EXPECT_LT(took, 800ms);
  ASSERT_EQ(r.done.size(), 1u);
  EXPECT_THROW(r.done[0].get(), ppx::RemoteError);

  // No failure: it waits for all. A cancelled future is not a failure.
  std::vector<ppx::Future<int>> ok{pool.submit(sleep_then, 100, 1), pool.submit(sleep_then, 10, 2),
                                   pool.submit(sleep_then, 0, 3), pool.submit(sleep_then, 0, 4)};
  ok[3].cancel();
  auto r2 = ppx::wait(ok, ppx::ReturnWhen::FirstException);
  EXPECT_EQ(r2.done.size(), 4u);
  EXPECT_TRUE(r2.not_done.empty());
}

TEST_P(Waiting, WaitWithATimeoutReturnsWhatIsDoneWithoutThrowing) {
  ppx::ProcessPoolExecutor pool(options());
  std::vector<ppx::Future<int>> fs{pool.submit(sleep_then, 1000, 1),
                                   pool.submit(sleep_then, 0, 2)};
  fs[1].get();
  ppx::DoneAndNotDone<int> r;
  auto took = elapsed([&] { r = ppx::wait(fs, 100ms); });
  EXPECT_GE(took, 90ms);
  EXPECT_LT(took, 800ms);
  ASSERT_EQ(r.done.size(), 1u);
  EXPECT_EQ(r.done[0].get(), 2);
  EXPECT_EQ(r.not_done.size(), 1u);
}

TEST_P(Waiting, WaitOnDoneOrRepeatedFuturesReturnsAtOnceAndListsEachOnce) {
  ppx::ProcessPoolExecutor pool(options());
  auto a = pool.submit(square, 2);
  auto b = pool.submit(square, 3);
  a.get();
  b.get();
  std::vector<ppx::Future<int>> fs{a, b, a};
  auto r = ppx::wait(fs, ppx::ReturnWhen::FirstCompleted);
  EXPECT_EQ(r.done.size(), 2u);
  EXPECT_TRUE(r.not_done.empty());
  auto none = ppx::wait(std::vector<ppx::Future<int>>{});
  EXPECT_TRUE(none.done.empty() && none.not_done.empty());
}

// --- ppx::as_completed --------------------------------------------------------

TEST_P(Waiting, AsCompletedYieldsEachFutureAsItFinishes) {
  ppx::ProcessPoolExecutor pool(options(3));
  std::vector<ppx::Future<int>> fs{pool.submit(sleep_then, 600, 3), pool.submit(sleep_then, 100, 1),
                                   pool.submit(sleep_then, 350, 2)};
  std::vector<int> order;
  for (ppx::Future<int>& f : ppx::as_completed(fs)) order.push_back(f.get());
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

TEST_P(Waiting, AsCompletedTakesFuturesFromTwoExecutors) {
  ppx::ProcessPoolExecutor one(options(1)), two(options(1));
  std::vector<ppx::Future<int>> fs;
  for (int i = 0; i < 5; ++i) {
    fs.push_back(one.submit(sleep_then, 10 * i, i));
    fs.push_back(two.submit(sleep_then, 5 * i, 100 + i));
  }
  std::multiset<int> got;
  for (auto& f : ppx::as_completed(fs)) got.insert(f.get());
  EXPECT_EQ(got, (std::multiset<int>{0, 1, 2, 3, 4, 100, 101, 102, 103, 104}));
}

TEST_P(Waiting, AsCompletedPastItsTimeoutThrowsTimeoutErrorNamingWhatIsLeft) {
  ppx::ProcessPoolExecutor pool(options());
  std::vector<ppx::Future<int>> fs{pool.submit(sleep_then, 1000, 1), pool.submit(sleep_then, 10, 2)};
  std::vector<int> seen;
  try {
    for (auto& f : ppx::as_completed(fs, 300ms)) seen.push_back(f.get());
    FAIL() << "no TimeoutError";
  } catch (const ppx::TimeoutError& e) {
    EXPECT_NE(std::string(e.what()).find("1 (of 2) futures unfinished"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(seen, std::vector<int>{2});
  fs[0].cancel();
}

TEST_P(Waiting, AsCompletedYieldsDoneFuturesFirstAndRepeatedOnesOnce) {
  ppx::ProcessPoolExecutor pool(options());
  auto slow = pool.submit(sleep_then, 300, 1);
  auto quick = pool.submit(square, 3);
  quick.get();
  std::vector<ppx::Future<int>> fs{slow, quick, slow, quick};
  auto completed = ppx::as_completed(fs);
  EXPECT_EQ(completed.size(), 2u);
  std::vector<int> order;
  for (auto& f : completed) order.push_back(f.get());
  EXPECT_EQ(order, (std::vector<int>{9, 1}));
}

TEST_P(Waiting, AFutureWithNoTaskCannotBeWaitedFor) {
  std::vector<ppx::Future<int>> fs(1);
  EXPECT_THROW(ppx::wait(fs), ppx::Error);
  EXPECT_THROW(ppx::as_completed(fs), ppx::Error);
}

// --- terminate_workers and kill_workers (Python 3.14) ---------------------------

namespace {
int ignore_sigterm_then_sleep(int ms) {
  ::signal(SIGTERM, SIG_IGN);
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  return ms;
}

struct Stop {
  const char* name;
  void (ppx::ProcessPoolExecutor::*stop)();
};

void busy_workers_end(ppx::StartMethod method, const Stop& how) {
  std::size_t fds_before = leftovers::open_fds();
  std::set<int> children_before = leftovers::descendant_processes();
  std::chrono::steady_clock::duration took;
  {
    ppx::Options o;
    o.max_workers = 2;
    o.start_method = method;
    ppx::ProcessPoolExecutor pool(o);
    std::vector<ppx::Future<int>> running{pool.submit(sleep_then, 30000, 1),
                                          pool.submit(sleep_then, 30000, 2)};
    for (auto& f : running)
      for (int i = 0; i < 10000 && !f.running(); ++i) std::this_thread::sleep_for(1ms);
    ASSERT_TRUE(running[0].running() && running[1].running());
    std::vector<ppx::Future<int>> waiting;
    for (int i = 0; i < 6; ++i) waiting.push_back(pool.submit(sleep_then, 0, i));
    auto t0 = std::chrono::steady_clock::now();
    (pool.*how.stop)();
    for (auto& f : running) {
      ASSERT_TRUE(f.wait_for(10s));
      try {
        f.get();
        ADD_FAILURE() << "a running task finished";
      } catch (const ppx::BrokenProcessPool& e) {
        EXPECT_NE(std::string(e.what()).find(how.name), std::string::npos) << e.what();
      }
    }
    for (auto& f : waiting) {
      ASSERT_TRUE(f.wait_for(10s));
      EXPECT_TRUE(f.cancelled()) << "no worker had taken it";
    }
    EXPECT_THROW(pool.submit(square, 2), ppx::BrokenProcessPool);
    took = std::chrono::steady_clock::now() - t0;
  }  // the destructor reaps
  EXPECT_LT(took, 5s) << "the running tasks were not waited for";
  EXPECT_EQ(leftovers::descendant_processes(), children_before) << "a worker or zombie is left";
  EXPECT_EQ(leftovers::open_fds(), fds_before) << "a descriptor is left";
}
}  // namespace

TEST_P(Waiting, TerminateWorkersEndsBusyWorkersAndLeavesNothingBehind) {
  PPX_SKIP_UNDER_MPI(GetParam(), "MPI cannot signal a rank (Mpi.TerminateWorkersFailsTheFuturesAtOnce covers it)");
  busy_workers_end(GetParam(),
                   {"terminate_workers()", &ppx::ProcessPoolExecutor::terminate_workers});
}

TEST_P(Waiting, KillWorkersEndsBusyWorkersAndLeavesNothingBehind) {
  PPX_SKIP_UNDER_MPI(GetParam(), "MPI cannot signal a rank (Mpi.TerminateWorkersFailsTheFuturesAtOnce covers it)");
  busy_workers_end(GetParam(), {"kill_workers()", &ppx::ProcessPoolExecutor::kill_workers});
}

TEST_P(Waiting, AWorkerThatIgnoresSigtermIsKilledAfterTheGracePeriod) {
  PPX_SKIP_UNDER_MPI(GetParam(), "MPI cannot signal a rank");
  std::set<int> children_before = leftovers::descendant_processes();
  auto t0 = std::chrono::steady_clock::now();
  {
    ppx::ProcessPoolExecutor pool(options(1));
    auto f = pool.submit(ignore_sigterm_then_sleep, 60000);
    for (int i = 0; i < 10000 && !f.running(); ++i) std::this_thread::sleep_for(1ms);
    std::this_thread::sleep_for(100ms);  // it ignores SIGTERM by now
    pool.terminate_workers();
    EXPECT_THROW(f.get(), ppx::BrokenProcessPool);
  }
  auto took = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(took, 4s) << "SIGKILL came before the grace period";
  EXPECT_LT(took, 30s);
  EXPECT_EQ(leftovers::descendant_processes(), children_before);
}

TEST_P(Waiting, TerminateWorkersOnAnIdleOrShutDownPoolIsHarmless) {
  ppx::ProcessPoolExecutor pool(options());
  EXPECT_EQ(pool.submit(square, 3).get(), 9);
  pool.terminate_workers();
  pool.kill_workers();
  pool.shutdown();
  EXPECT_THROW(pool.submit(square, 2), ppx::Error);
}

// --- options -----------------------------------------------------------------

TEST(Options, MaxWorkersBeyondTheDescriptorLimitIsRefusedWithAClearError) {
  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &old), 0);
  rlimit low = old;
  low.rlim_cur = 256;
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);
  ppx::Options o;
  o.max_workers = 1000;
  try {
    ppx::ProcessPoolExecutor pool(o);
    ADD_FAILURE() << "1000 workers with 256 descriptors";
  } catch (const ppx::Error& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("max_workers is 1000"), std::string::npos) << what;
    EXPECT_NE(what.find("RLIMIT_NOFILE"), std::string::npos) << what;
  }
  // A fork server's worker holds one descriptor more in the parent (the
  // socket that says how it ended): 100 fit under spawn, not under forkserver.
  o.max_workers = 100;
  EXPECT_NO_THROW(ppx::ProcessPoolExecutor pool(o));  // spawn: 232 of 256
  o.start_method = ppx::StartMethod::Forkserver;
  EXPECT_THROW(ppx::ProcessPoolExecutor pool(o), ppx::Error);  // 332 of 256
  o.max_workers = 2;
  for (auto method : start_methods::kLocal) {
    o.start_method = method;
    ppx::ProcessPoolExecutor pool(o);  // within the limit: fine
    EXPECT_EQ(pool.submit(square, 4).get(), 16);
  }
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &old), 0);
}

// --- map's timeout and buffersize ----------------------------------------------

namespace {
int count_call(int x) { return x; }
int late(int ms) { return sleep_then(ms, ms); }
}  // namespace

TEST_P(Waiting, MapWithATimeoutThrowsTimeoutErrorWhenAResultIsLate) {
  ppx::ProcessPoolExecutor pool(options());
  ppx::MapOptions o;
  o.timeout = 200ms;
  std::vector<int> delays{0, 0, 1000, 0};
  auto results = pool.map(late, delays, o);
  auto it = results.begin();
  EXPECT_EQ(*it, 0);
  ++it;
  EXPECT_EQ(*it, 0);
  ++it;
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_THROW(*it, ppx::TimeoutError);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 800ms) << "measured from the call";
}

TEST_P(Waiting, MapWithinItsTimeoutReturnsEveryResult) {
  ppx::ProcessPoolExecutor pool(options());
  ppx::MapOptions o;
  o.timeout = 30s;
  o.chunksize = 3;
  std::vector<int> xs{1, 2, 3, 4, 5, 6, 7};
  EXPECT_EQ(pool.map(square, xs, o).to_vector(), (std::vector<int>{1, 4, 9, 16, 25, 36, 49}));
}

TEST_P(Waiting, MapWithABufferOverAnEndlessRangeReadsOnlyWhatItNeeds) {
  ppx::ProcessPoolExecutor pool(options());
  ppx::MapOptions o;
  o.buffersize = 4;
  o.chunksize = 2;
  long read = 0;
  auto endless = std::views::iota(0) | std::views::transform([&read](int i) {
                   ++read;
                   return i;
                 });
  auto results = pool.map(square, endless, o);
  EXPECT_EQ(read, 8) << "buffersize chunks of chunksize inputs, read by the call";
  EXPECT_EQ(results.size(), 8u);
  std::vector<int> first;
  for (int r : results) {
    first.push_back(r);
    if (first.size() == 25) break;
  }
  std::vector<int> want;
  for (int i = 0; i < 25; ++i) want.push_back(i * i);
  EXPECT_EQ(first, want);
  EXPECT_LE(read, 25 + 2 * 4 + 2) << "the reading keeps pace with the results";
}

TEST_P(Waiting, MapWithABufferOverAFiniteRangeEndsAtItsEnd) {
  ppx::ProcessPoolExecutor pool(options());
  for (std::size_t buffersize : {1, 2, 50}) {
    ppx::MapOptions o;
    o.buffersize = buffersize;
    o.chunksize = 3;
    std::vector<int> got;
    for (int r : pool.map(count_call, std::vector<int>{5, 6, 7, 8, 9, 10, 11}, o)) got.push_back(r);
    EXPECT_EQ(got, (std::vector<int>{5, 6, 7, 8, 9, 10, 11})) << buffersize;
    EXPECT_TRUE(pool.map(count_call, std::vector<int>{}, o).to_vector().empty());
  }
}

TEST_P(Waiting, MapWithABufferStopsAtAFailure) {
  ppx::ProcessPoolExecutor pool(options(1));
  ppx::MapOptions o;
  o.buffersize = 2;
  std::vector<int> xs{0, 0, 1, 0};
  auto results = pool.map(fail_after, xs, o);
  EXPECT_THROW(results.to_vector(), ppx::RemoteError);
}

// map over several ranges, as Python's map(fn, *iterables).
TEST_P(Waiting, MapOverSeveralRangesStopsAtTheShortest) {
  ppx::ProcessPoolExecutor pool(options());
  std::vector<int> a{1, 2, 3, 4};
  std::list<int> b{10, 20, 30};
  EXPECT_EQ(pool.map(add, a, b).to_vector(), (std::vector<int>{11, 22, 33}));
  EXPECT_EQ(pool.map(add, b, a).to_vector(), (std::vector<int>{11, 22, 33}));
  EXPECT_TRUE(pool.map(add, a, std::vector<int>{}).to_vector().empty());
}

TEST_P(Waiting, MapOverSeveralRangesOfDifferentTypesWithAChunksize) {
  ppx::ProcessPoolExecutor pool(options());
  std::vector<std::string> names{"a", "b", "c", "d", "e"};
  std::array<int, 5> counts{1, 2, 3, 4, 5};
  std::vector<double> scales{10, 100, 1000, 10000, 100000};
  for (std::size_t chunksize : {1, 2, 5, 7}) {
    std::vector<std::string> got = pool.map(label, names, counts, scales, chunksize).to_vector();
    EXPECT_EQ(got, (std::vector<std::string>{"a=10", "b=200", "c=3000", "d=40000", "e=500000"}))
        << chunksize;
  }
}

TEST_P(Waiting, MapOverSeveralRangesWithOptionsAndAnEndlessRange) {
  ppx::ProcessPoolExecutor pool(options());
  ppx::MapOptions o;
  o.buffersize = 2;
  o.chunksize = 3;
  o.timeout = std::chrono::seconds(30);
  long read = 0;
  auto endless = std::views::iota(0) | std::views::transform([&read](int i) {
                   ++read;
                   return i;
                 });
  std::vector<int> tens{0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
  auto results = pool.map(add, endless, tens, o);
  EXPECT_EQ(read, 6) << "buffersize chunks of chunksize inputs, read by the call";
  std::vector<int> want;
  for (int i = 0; i <= 10; ++i) want.push_back(i + 10 * i);
  EXPECT_EQ(results.to_vector(), want);
  // Stopped at the shortest: the endless range was read no further than needed.
  EXPECT_LE(read, 12);
}

TEST_P(Waiting, MapOverSeveralRangesRethrowsWhereTheFailureIs) {
  ppx::ProcessPoolExecutor pool(options());
  std::vector<int> got;
  try {
    for (int r : pool.map(divide, std::vector<int>{8, 9, 10}, std::vector<int>{2, 3, 0}))
      got.push_back(r);
    ADD_FAILURE() << "no exception";
  } catch (const ppx::RemoteError& e) {
    EXPECT_EQ(e.type_name(), "std::domain_error");
  }
  EXPECT_EQ(got, (std::vector<int>{4, 3}));
}
