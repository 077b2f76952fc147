// ppx's behaviour, as a user of concurrent.futures would expect it.
#include <ppx/ppx.hpp>

#include <gtest/gtest.h>

#include "start_methods.hpp"

#include <climits>
#include <cstdint>

#include "leftovers.hpp"

#include "rerun_log.hpp"

#include <csignal>
#include <dirent.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <future>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <variant>
#include <vector>

using namespace std::chrono_literals;

// Readable parameter names in test listings.
namespace ppx {
inline void PrintTo(StartMethod m, std::ostream* os) {
  *os << start_methods::label(m);
}
}  // namespace ppx

// A namespace-scope initializer: runs in the parent and again in every
// spawned worker.
static const bool global_initializer_ran = (rerun_log::note("global-initializer"), true);

namespace {

int square(int x) { return x * x; }
int add(int a, int b) { return a + b; }
void nothing() {}
std::string greet(std::string name) { return "hello " + name; }
int apply_twice(int (*f)(int), int x) { return f(f(x)); }
int (*pick(bool sq))(int) { return sq ? &square : nullptr; }
std::map<std::string, std::vector<int>> group(std::vector<int> xs) {
  std::map<std::string, std::vector<int>> m;
  for (int x : xs) m[x % 2 ? "odd" : "even"].push_back(x);
  return m;
}
std::tuple<int, std::optional<std::string>, std::variant<int, double>> mixed(int x) {
  return {x, x > 0 ? std::optional<std::string>("pos") : std::nullopt, 1.5};
}
int pid_of_worker() { return ::getpid(); }
int pid_of_worker_n(int) { return ::getpid(); }

// Tasks that say they started (a file appears), for tests that need a task
// to be running, not merely submitted, whatever the machine's load.
int touch_then_sleep(std::string path, int ms) {
  std::ofstream(path) << "started\n";
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  return 1;
}
int append_line(std::string path) {
  std::ofstream(path, std::ios::app) << "ran\n";
  return 0;
}
std::string temp_path(const std::string& name) {
  std::string path = testing::TempDir() + name + "-" + std::to_string(::getpid());
  std::remove(path.c_str());
  return path;
}
void wait_until_exists(const std::string& path) {
  for (int i = 0; i < 3000 && !std::filesystem::exists(path); ++i)
    std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(std::filesystem::exists(path)) << "the task never started";
}
int sleep_then_pid(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  return ::getpid();
}
void sleep_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }
int sleep_then(int ms, int value) {
  sleep_ms(ms);
  return value;
}
int throws_out_of_range(int) { throw std::out_of_range("index 7 is out of range"); }
int throws_int() { throw 42; }
std::size_t size_of(std::string s) { return s.size(); }
std::string make_big(std::size_t n) { return std::string(n, 'x'); }
std::string echo(std::string s) { return s; }

int die_by_abort() { std::abort(); }
int die_by_exit() { std::_Exit(3); }
int die_by_sigkill() {
  ::raise(SIGKILL);
  return 0;
}
int die_by_segfault() {
  // As CPython's tests disable faulthandler first: a sanitizer's handler
  // would turn the signal into an exit status.
  ::signal(SIGSEGV, SIG_DFL);
  ::raise(SIGSEGV);
  return 0;
}

// Descriptors open in the worker.
std::vector<int> open_descriptors() {
  std::vector<int> fds;
  for (int fd = 0; fd < 1024; ++fd)
    if (::fcntl(fd, F_GETFD) != -1) fds.push_back(fd);
  return fds;
}

int initialized_value = 0;
void initializer() { initialized_value = 1234; }
int read_initialized() { return initialized_value; }
void failing_initializer() { throw std::runtime_error("cannot set up"); }
// Python's initargs: the initializer's arguments, pickled with it.
std::string configured;
struct Settings {
  std::string name;
  std::vector<int> sizes;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(name, sizes);
  }
};
int configure(std::string path, int level, Settings settings) {
  configured = path + ":" + std::to_string(level) + ":" + settings.name + ":" +
               std::to_string(settings.sizes.size());
  return level;  // dropped, as Python drops an initializer's result
}
std::string read_configured() { return configured; }
void refuse_level(int level) {
  if (level > 3) throw std::invalid_argument("level " + std::to_string(level) + " is too high");
}
void exiting_initializer() { std::exit(0); }

// A result that the parent cannot unpickle when it is 5 (issue #13, 1).
struct Picky {
  int v = 0;
  template <class A>
  void save(A& a) const {
    a(v);
  }
  template <class A>
  void load(A& a) {
    a(v);
    if (v == 5) throw std::runtime_error("picky about 5");
  }
};
Picky make_picky(int x) { return Picky{x}; }

// An argument whose unpickling, in the worker, throws what is not a
// std::exception (issue #13, 2).
struct ThrowsInt {
  int v = 0;
  template <class A>
  void save(A& a) const {
    a(v);
  }
  template <class A>
  void load(A& a) {
    a(v);
    throw 42;
  }
};
int take_throws_int(ThrowsInt t) { return t.v; }

struct Counter {
  int base = 0;
  int add(int x) const { return base + x; }
  virtual int twice(int x) const { return 2 * (base + x); }
  virtual ~Counter() = default;
  template <class A> void serialize(A& a) { a(base); }
};

class Executor : public start_methods::Test {};

}  // namespace

INSTANTIATE_TEST_SUITE_P(StartMethods, Executor,
                         testing::ValuesIn(start_methods::kAll),
                         start_methods::name);

TEST_P(Executor, SubmitReturnsTheResult) {
  ppx::ProcessPoolExecutor pool(options());
  EXPECT_EQ(pool.submit(square, 7).get(), 49);
  EXPECT_EQ(pool.submit(add, 2, 3).get(), 5);
  EXPECT_EQ(pool.submit(greet, "world").get(), "hello world");
  EXPECT_EQ(pool.submit(greet, std::string("you")).get(), "hello you");
}

TEST_P(Executor, VoidTasks) {
  ppx::ProcessPoolExecutor pool(options());
  ppx::Future<void> f = pool.submit(nothing);
  f.get();
  EXPECT_TRUE(f.done());
}

TEST_P(Executor, LambdasWithoutCapturesAndFunctionPointers) {
  ppx::ProcessPoolExecutor pool(options());
  EXPECT_EQ(pool.submit([](int x) { return x + 1; }, 41).get(), 42);
  int (*fp)(int) = square;
  EXPECT_EQ(pool.submit(fp, 5).get(), 25);
  // A function pointer as an argument and as a result travels by reference.
  EXPECT_EQ(pool.submit(apply_twice, square, 3).get(), 81);
  EXPECT_EQ(pool.submit(pick, true).get(), &square);
  EXPECT_EQ(pool.submit(pick, false).get(), nullptr);
}

TEST_P(Executor, MemberFunctionsPickleTheirObjectByValue) {
  ppx::ProcessPoolExecutor pool(options());
  Counter c;
  c.base = 10;
  EXPECT_EQ(pool.submit(&Counter::add, c, 5).get(), 15);
  EXPECT_EQ(pool.submit(&Counter::twice, c, 5).get(), 30);  // virtual
}

TEST_P(Executor, StandardContainersRoundTrip) {
  ppx::ProcessPoolExecutor pool(options());
  auto m = pool.submit(group, std::vector<int>{1, 2, 3, 4, 5}).get();
  EXPECT_EQ(m["odd"], (std::vector<int>{1, 3, 5}));
  EXPECT_EQ(m["even"], (std::vector<int>{2, 4}));
  auto t = pool.submit(mixed, 3).get();
  EXPECT_EQ(std::get<0>(t), 3);
  EXPECT_EQ(std::get<1>(t), "pos");
  EXPECT_EQ(std::get<double>(std::get<2>(t)), 1.5);
}

TEST_P(Executor, NoSubmissionIsLostWhenThreadsSubmitAtOnce) {
  // Small tasks go straight to an idle worker; larger ones (and any task when
  // no worker is idle) are queued and wake the manager, once for a burst.
  // Every one of them must be answered: a lost wake-up would leave a task
  // queued while the workers wait.
  ppx::ProcessPoolExecutor pool(options(2));
  const int threads = 4, each = 300;
  std::vector<std::vector<ppx::Future<std::size_t>>> futures(threads);
  std::vector<std::thread> submitters;
  for (int t = 0; t < threads; ++t)
    submitters.emplace_back([&, t] {
      for (int i = 0; i < each; ++i)
        futures[t].push_back(pool.submit(size_of, std::string(i % 3 == 0 ? 100000 : 10, 'x')));
    });
  for (auto& s : submitters) s.join();
  for (int t = 0; t < threads; ++t)
    for (int i = 0; i < each; ++i) {
      ASSERT_TRUE(futures[t][i].wait_for(60s)) << "thread " << t << ", task " << i << " was lost";
      EXPECT_EQ(futures[t][i].get(), i % 3 == 0 ? 100000u : 10u);
    }
  // One at a time too: each queued task alone must wake the manager.
  for (int i = 0; i < 200; ++i) {
    auto f = pool.submit(size_of, std::string(100000, 'y'));
    ASSERT_TRUE(f.wait_for(60s)) << "task " << i << " was lost";
  }
}

double half(double x) { return x / 2; }
std::string digits(std::int64_t x) { return std::to_string(x); }
std::uint8_t last_byte(std::string s) { return s.empty() ? 0 : static_cast<std::uint8_t>(s.back()); }
bool is_even(int x) { return x % 2 == 0; }
char next_char(char c) { return static_cast<char>(c + 1); }

TEST_P(Executor, MapOfNumbersTravelsInBlocksAndKeepsEveryValue) {
  // Arithmetic inputs and results cross as one block of bytes per chunk;
  // others one by one: every mix gives the same values, in order.
  ppx::ProcessPoolExecutor pool(options(2));
  std::vector<double> xs;
  for (int i = 0; i < 2500; ++i) xs.push_back(i * 0.75 - 100);
  for (std::size_t chunksize : {1u, 7u, 1000u, 5000u}) {
    std::vector<double> halves = pool.map(half, xs, chunksize).to_vector();
    ASSERT_EQ(halves.size(), xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) EXPECT_EQ(halves[i], xs[i] / 2) << i;
  }
  std::vector<std::int64_t> big{-1, 0, std::int64_t(1) << 40, INT64_MIN, INT64_MAX};
  EXPECT_EQ(pool.map(digits, big, 2).to_vector(),
            (std::vector<std::string>{"-1", "0", "1099511627776", "-9223372036854775808",
                                      "9223372036854775807"}));
  EXPECT_EQ(pool.map(last_byte, std::vector<std::string>{"ab", "", "z"}, 2).to_vector(),
            (std::vector<std::uint8_t>{'b', 0, 'z'}));
  EXPECT_EQ(pool.map(is_even, std::vector<int>{1, 2, 3, 4, 5}, 2).to_vector(),
            (std::vector<bool>{false, true, false, true, false}));
  EXPECT_EQ(pool.map(next_char, std::string("abc"), 2).to_vector(),
            (std::vector<char>{'b', 'c', 'd'}));
  EXPECT_TRUE(pool.map(half, std::vector<double>{}, 3).to_vector().empty());
}

TEST_P(Executor, MapYieldsResultsInInputOrder) {
  ppx::ProcessPoolExecutor pool(options(3));
  std::vector<int> inputs(100);
  for (int i = 0; i < 100; ++i) inputs[i] = i;
  for (std::size_t chunksize : {1u, 7u, 100u, 1000u}) {
    std::vector<int> results;
    for (int r : pool.map(square, inputs, chunksize)) results.push_back(r);
    ASSERT_EQ(results.size(), inputs.size());
    for (int i = 0; i < 100; ++i) EXPECT_EQ(results[i], i * i) << "chunksize " << chunksize;
  }
  EXPECT_TRUE(pool.map(square, std::vector<int>{}).to_vector().empty());
}

TEST_P(Executor, MapRethrowsWhereTheFailureIs) {
  ppx::ProcessPoolExecutor pool(options());
  auto results = pool.map(throws_out_of_range, std::vector<int>{1, 2});
  EXPECT_THROW(results.to_vector(), ppx::RemoteError);
  EXPECT_THROW(pool.map(square, std::vector<int>{1}, 0), ppx::Error);
}

TEST_P(Executor, TaskExceptionsComeBackAsRemoteError) {
  ppx::ProcessPoolExecutor pool(options());
  auto f = pool.submit(throws_out_of_range, 1);
  try {
    f.get();
    FAIL() << "expected RemoteError";
  } catch (const ppx::RemoteError& e) {
    EXPECT_EQ(e.type_name(), "std::out_of_range");
    EXPECT_EQ(e.message(), "index 7 is out of range");
    EXPECT_NE(std::string(e.what()).find("std::out_of_range"), std::string::npos);
  }
  try {
    pool.submit(throws_int).get();
    FAIL() << "expected RemoteError";
  } catch (const ppx::RemoteError& e) {
    EXPECT_EQ(e.type_name(), "int");
  }
  // The pool is still healthy.
  EXPECT_EQ(pool.submit(square, 3).get(), 9);
}

TEST_P(Executor, WaitForAndDone) {
  ppx::ProcessPoolExecutor pool(options(1));
  auto f = pool.submit(sleep_then, 300, 5);
  EXPECT_FALSE(f.wait_for(10ms));
  EXPECT_FALSE(f.done());
  EXPECT_TRUE(f.wait_for(10s));
  EXPECT_TRUE(f.done());
  EXPECT_EQ(f.get(), 5);
  EXPECT_EQ(f.get(), 5);  // as Python's result(), get() may be called again
}

TEST_P(Executor, CancelOnlyBeforeTheTaskStarts) {
  ppx::ProcessPoolExecutor pool(options(1));
  std::string started = temp_path("cancel-started");
  auto running = pool.submit(touch_then_sleep, started, 300);
  wait_until_exists(started);
  auto queued = pool.submit(square, 2);
  EXPECT_FALSE(running.cancel());
  EXPECT_TRUE(queued.cancel());
  EXPECT_TRUE(queued.cancel());  // cancelling twice still says cancelled
  EXPECT_TRUE(queued.done());
  EXPECT_THROW(queued.get(), ppx::CancelledError);
  EXPECT_EQ(running.get(), 1);
}

TEST_P(Executor, ATaskWaitingInAWorkersChannelCanStillBeCancelled) {
  // One task runs and the next is sent to the same worker at once (it waits
  // in the worker's channel); until the worker takes it, cancel() wins.
  ppx::ProcessPoolExecutor pool(options(1));
  std::string started = temp_path("channel-started");
  std::string ran = temp_path("channel-ran");
  auto running = pool.submit(touch_then_sleep, started, 400);
  wait_until_exists(started);
  auto waiting = pool.submit(append_line, ran);
  std::this_thread::sleep_for(100ms);  // long enough to be sent, not to be taken
  EXPECT_TRUE(waiting.cancel());
  EXPECT_THROW(waiting.get(), ppx::CancelledError);
  EXPECT_EQ(running.get(), 1);
  EXPECT_EQ(pool.submit(square, 3).get(), 9);  // the worker skipped it and goes on
  EXPECT_FALSE(std::filesystem::exists(ran)) << "a cancelled task ran";
}

// --- waiting: a caller asleep on a task's word in the control block -------

TEST_P(Executor, ACallerThatStopsWaitingStillGetsEveryResultLater) {
  // A waiter with a short timeout sleeps on the task's word and leaves; the
  // worker may be handing the result to it right then. No result is lost
  // either way: each is found by a later wait, from the word or the frame.
  ppx::ProcessPoolExecutor pool(options(2));
  for (int i = 0; i < 300; ++i) {
    auto f = pool.submit(sleep_then, i % 3, i);
    int waits = 0;
    while (!f.wait_for(std::chrono::microseconds(50 + 97 * (i % 11)))) ++waits;
    ASSERT_EQ(f.get(), i) << "after " << waits << " timed-out waits";
  }
}

TEST_P(Executor, AResultWaitedForBrieflyAndDroppedDoesNotHoldUpTheWorkerOrShutdown) {
  // Each future is waited for until its timeout and then dropped, and its
  // task ends after, with nothing queued: no thread is asleep on its word
  // any more, so its result goes as a frame and the pool counts it off.
  ppx::ProcessPoolExecutor pool(options(1));
  for (int i = 0; i < 6; ++i) {
    auto f = pool.submit(sleep_then, 5, i);
    EXPECT_FALSE(f.wait_for(500us));
    f = {};
    std::this_thread::sleep_for(30ms);  // the task has ended
  }
  EXPECT_EQ(pool.submit(square, 5).get(), 25);
  auto stopped = std::async(std::launch::async, [&] { pool.shutdown(/*wait=*/true); });
  EXPECT_EQ(stopped.wait_for(30s), std::future_status::ready) << "shutdown waits for a result";
}

TEST_P(Executor, TwoThreadsWaitingForOneTaskBothSeeIt) {
  ppx::ProcessPoolExecutor pool(options(1));
  for (int round = 0; round < 50; ++round) {
    auto f = pool.submit(sleep_then, round % 4, round);
    std::atomic<int> woke{0};
    std::thread other([&] { woke += f.wait_for(10s); });
    woke += f.wait_for(10s);
    other.join();
    ASSERT_EQ(woke.load(), 2);
    ASSERT_EQ(f.get(), round);
  }
}

TEST_P(Executor, ACancelWakesAThreadWaitingForTheTaskInTheChannel) {
  // The second task waits in the worker's channel (Sent) while another
  // thread sleeps on its word: cancel() wins, and wakes that thread.
  ppx::ProcessPoolExecutor pool(options(1));
  std::string started = temp_path("sleeper-started");
  auto running = pool.submit(touch_then_sleep, started, 1500);
  wait_until_exists(started);
  auto waiting = pool.submit(square, 7);
  std::this_thread::sleep_for(50ms);  // sent, not taken
  auto t0 = std::chrono::steady_clock::now();
  std::thread sleeper([&] { EXPECT_TRUE(waiting.wait_for(10s)); });
  std::this_thread::sleep_for(50ms);  // the sleeper is asleep on the word
  EXPECT_TRUE(waiting.cancel());
  sleeper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1000ms) << "woken by the cancel, not the worker";
  EXPECT_THROW(waiting.get(), ppx::CancelledError);
  EXPECT_EQ(running.get(), 1);
}

TEST_P(Executor, RoundTripsAnsweredToTheWaiterKeepThePoolsCountsRight) {
  // Results handed to a waiting caller without a frame are counted off by
  // the pool when it next looks: the same worker keeps serving, a queue
  // behind them drains, and shutdown waits for all.
  // With spawn, one caller's round trips never find the worker busy: no
  // second worker is started (as Python reuses an idle one).
  ppx::ProcessPoolExecutor pool(options(2));
  std::set<int> pids;
  for (int i = 0; i < 2000; ++i) pids.insert(pool.submit(sleep_then_pid, 0).get());
  if (GetParam() == ppx::StartMethod::Spawn) EXPECT_EQ(pids.size(), 1u);
  std::vector<ppx::Future<int>> burst;
  for (int i = 0; i < 500; ++i) burst.push_back(pool.submit(square, i));
  for (int i = 499; i >= 0; --i) ASSERT_EQ(burst[i].get(), i * i);
  pool.shutdown();
}

TEST_P(Executor, CancelIsExactWhileTheWorkerTakesTasks) {
  // cancel() races with the worker taking the task: whoever is first wins,
  // and a task is cancelled exactly when it did not run.
  ppx::ProcessPoolExecutor pool(options(1));
  const int n = 200;
  std::vector<std::string> paths;
  std::vector<ppx::Future<int>> futures;
  for (int i = 0; i < n; ++i) {
    paths.push_back(temp_path("race-" + std::to_string(i)));
    futures.push_back(pool.submit(append_line, paths.back()));
    if (i % 2 == 1) futures[i - 1].cancel();
  }
  std::vector<bool> cancelled(n);
  for (int i = 0; i < n; ++i) {
    try {
      futures[i].get();
    } catch (const ppx::CancelledError&) {
      cancelled[i] = true;
    }
  }
  pool.shutdown();
  int cancels = 0;
  for (int i = 0; i < n; ++i) {
    EXPECT_NE(cancelled[i], std::filesystem::exists(paths[i])) << "task " << i;
    cancels += cancelled[i];
    std::remove(paths[i].c_str());
  }
  EXPECT_GT(cancels, 0);
}

TEST_P(Executor, ShutdownCancelFutures) {
  ppx::ProcessPoolExecutor pool(options(1));
  std::string started = temp_path("shutdown-started");
  auto first = pool.submit(touch_then_sleep, started, 200);
  wait_until_exists(started);
  std::vector<ppx::Future<int>> rest;
  for (int i = 0; i < 5; ++i) rest.push_back(pool.submit(square, i));
  pool.shutdown(/*wait=*/true, /*cancel_futures=*/true);
  EXPECT_EQ(first.get(), 1);
  for (auto& f : rest) EXPECT_THROW(f.get(), ppx::CancelledError);
  EXPECT_THROW(pool.submit(square, 1), ppx::Error);
  if (start_methods::executor_owns_workers(GetParam())) EXPECT_TRUE(leftovers::no_children());
}

TEST_P(Executor, ShutdownWithoutWaitStillRunsQueuedTasks) {
  ppx::ProcessPoolExecutor pool(options(1));
  std::vector<ppx::Future<int>> fs;
  for (int i = 0; i < 5; ++i) fs.push_back(pool.submit(sleep_then, 20, i));
  pool.shutdown(/*wait=*/false);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(fs[i].get(), i);
}

TEST(Spawn, MaxTasksPerChildReplacesWorkers) {
  ppx::Options o;
  o.max_workers = 1;
  o.max_tasks_per_child = 2;
  ppx::ProcessPoolExecutor pool(o);
  std::vector<int> pids;
  for (int i = 0; i < 6; ++i) pids.push_back(pool.submit(pid_of_worker).get());
  EXPECT_EQ(pids[0], pids[1]);
  EXPECT_EQ(pids[2], pids[3]);
  EXPECT_EQ(pids[4], pids[5]);
  EXPECT_EQ(std::set<int>(pids.begin(), pids.end()).size(), 3u);
}

TEST_P(Executor, InitializerRunsInEachWorkerBeforeItsFirstTask) {
  ppx::Options o = options(2);
  o.initializer = initializer;
  ppx::ProcessPoolExecutor pool(o);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(pool.submit(read_initialized).get(), 1234);
  EXPECT_EQ(initialized_value, 0);  // not in the parent
}

/// A pool made with \p o whose initializer fails: the first task gets
/// BrokenProcessPool saying that the initializer failed, and \p why.
void expect_initializer_failure(const ppx::Options& o, const std::string& why) {
  ppx::ProcessPoolExecutor pool(o);
  // Forked workers start at construction: the pool may be broken before
  // submit, which then raises as Python's does. Either way, the same error.
  try {
    pool.submit(square, 2).get();
    ADD_FAILURE() << "expected BrokenProcessPool";
  } catch (const ppx::BrokenProcessPool& e) {
    EXPECT_NE(std::string(e.what()).find("initializer failed"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
  }
}

TEST_P(Executor, FailingInitializerBreaksThePool) {
  ppx::Options o = options(1);
  o.initializer = failing_initializer;
  expect_initializer_failure(o, "cannot set up");
}

TEST_P(Executor, InitializerWithArgumentsRunsInEachWorkerWithTheValuesAsMade) {
  ppx::Options o = options(2);
  std::string path = "db.sqlite";
  Settings settings{"fast", {1, 2, 3}};
  o.initializer = ppx::initializer(configure, path, 5, settings);
  // Pickled when made, as a task's arguments: later changes do not reach it.
  path = "changed";
  settings.sizes.clear();
  ppx::ProcessPoolExecutor pool(o);
  std::vector<ppx::Future<std::string>> fs;
  for (int i = 0; i < 6; ++i) fs.push_back(pool.submit(read_configured));
  for (auto& f : fs) EXPECT_EQ(f.get(), "db.sqlite:5:fast:3");
  EXPECT_EQ(configured, "");  // not in the parent
}

TEST_P(Executor, InitializerWithArgumentsThatThrowsBreaksThePoolSayingWhy) {
  ppx::Options o = options(1);
  o.initializer = ppx::initializer(refuse_level, 9);
  expect_initializer_failure(o, "level 9 is too high");
}

TEST(Initializer, EmptyNullAndPlainFunctionsConvert) {
  ppx::Options o;
  EXPECT_FALSE(o.initializer);
  o.initializer = nullptr;
  EXPECT_FALSE(o.initializer);
  void (*none)() = nullptr;
  o.initializer = none;
  EXPECT_FALSE(o.initializer);
  o.initializer = initializer;
  EXPECT_TRUE(o.initializer);
  o.initializer = [] {};
  EXPECT_TRUE(o.initializer);
  EXPECT_TRUE(ppx::initializer(refuse_level, 1));
}

// Issue #13, 1: a result that cannot be unpickled fails where it is, and
// the iteration then ends as after a task's failure, never reading memory it
// does not have.
TEST_P(Executor, MapResultThatCannotBeUnpickledEndsTheIteration) {
  ppx::ProcessPoolExecutor pool(options(2));
  std::vector<int> inputs;
  for (int i = 0; i < 12; ++i) inputs.push_back(i);
  auto results = pool.map(make_picky, inputs, 3);
  auto it = results.begin();
  for (int i = 0; i < 3; ++i, ++it) EXPECT_EQ((*it).v, i);
  try {  // the chunk 3..5 holds the 5: it fails at its first element
    (void)*it;
    FAIL() << "expected PicklingError";
  } catch (const ppx::PicklingError& e) {
    EXPECT_NE(std::string(e.what()).find("picky about 5"), std::string::npos) << e.what();
  }
  for (++it; it != results.end(); ++it) {
    try {
      (void)*it;
      FAIL() << "expected ppx::Error";
    } catch (const ppx::PicklingError& e) {
      FAIL() << "the failure is reported once: " << e.what();
    } catch (const ppx::Error& e) {
      EXPECT_NE(std::string(e.what()).find("read once, in order"), std::string::npos) << e.what();
    }
  }
}

// Issue #13, 2: the task never ran, so a failure to unpickle its arguments is
// a PicklingError, whatever was thrown.
TEST_P(Executor, NonStandardExceptionWhileUnpicklingIsAPicklingError) {
  ppx::ProcessPoolExecutor pool(options(1));
  try {
    pool.submit(take_throws_int, ThrowsInt{3}).get();
    FAIL() << "expected PicklingError";
  } catch (const ppx::RemoteError& e) {
    FAIL() << "reported as the task's own failure: " << e.what();
  } catch (const ppx::PicklingError& e) {
    EXPECT_NE(std::string(e.what()).find("an exception of type int"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(pool.submit(square, 3).get(), 9);  // the worker is fine
}

// Issue #13, 3: an initializer that ends its worker is named as the cause,
// with the status; no task ran, and main does call ppx::init.
TEST_P(Executor, InitializerThatEndsTheWorkerIsNamed) {
  ppx::Options o = options(1);
  o.initializer = exiting_initializer;
  ppx::ProcessPoolExecutor pool(o);
  try {
    pool.submit(square, 2).get();
    FAIL() << "expected BrokenProcessPool";
  } catch (const ppx::BrokenProcessPool& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("the initializer ended worker"), std::string::npos) << m;
    EXPECT_NE(m.find("exited with status 0"), std::string::npos) << m;
    EXPECT_EQ(m.find("while running a task"), std::string::npos) << m;
    EXPECT_EQ(m.find("does not call"), std::string::npos) << m;
  }
}

struct Death {
  int (*task)();
  const char* how;
};
void PrintTo(const Death& d, std::ostream* os) { *os << d.how; }

class WorkerDeath : public testing::TestWithParam<std::tuple<ppx::StartMethod, Death>> {};

TEST_P(WorkerDeath, BreaksThePoolAndEveryPendingFuture) {
  auto [method, death] = GetParam();
  start_methods::skip_mpi_outside_mpiexec(method);
  if (IsSkipped()) return;
  // A rank that dies (by a signal, or by _Exit without MPI_Finalize) ends the
  // whole MPI job: mpiexec's choice, as in mpi4py. One that calls exit ends
  // alone: MpiExit.ATaskThatCallsExitBreaksThePoolAndTheOtherRanksServeOn.
  PPX_SKIP_UNDER_MPI(method, "a rank that dies ends the MPI job");
  ppx::Options o;
  o.max_workers = 2;
  o.start_method = method;
  ppx::ProcessPoolExecutor pool(o);
  // One task runs on the other worker, three wait in the queue: when the
  // dying task kills its worker, every one of them fails, as in Python.
  std::vector<ppx::Future<int>> pending;
  pending.push_back(pool.submit(sleep_then, 2000, 0));
  auto dying = pool.submit(death.task);
  for (int i = 1; i < 4; ++i) pending.push_back(pool.submit(square, i));
  try {
    dying.get();
    FAIL() << "expected BrokenProcessPool";
  } catch (const ppx::BrokenProcessPool& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("worker"), std::string::npos) << what;
    EXPECT_NE(what.find(death.how), std::string::npos) << what;
  }
  for (auto& f : pending) {
    EXPECT_TRUE(f.wait_for(10s));
    EXPECT_THROW(f.get(), ppx::BrokenProcessPool);
  }
  EXPECT_THROW(pool.submit(square, 1), ppx::BrokenProcessPool);
  pool.shutdown();
  EXPECT_TRUE(leftovers::no_children());
}

std::string death_name(const testing::TestParamInfo<std::tuple<ppx::StartMethod, Death>>& info) {
  const Death& d = std::get<1>(info.param);
  std::string name = d.task == die_by_abort    ? "Abort"
                     : d.task == die_by_exit   ? "Exit"
                     : d.task == die_by_sigkill ? "Kill"
                                                : "Segfault";
  return start_methods::label(std::get<0>(info.param)) + name;
}

INSTANTIATE_TEST_SUITE_P(
    Ways, WorkerDeath,
    testing::Combine(testing::ValuesIn(start_methods::kAll),
                     testing::Values(Death{die_by_abort, "(SIGABRT)"},
                                     Death{die_by_exit, "exited with status 3"},
                                     Death{die_by_sigkill, "out of memory"},
                                     Death{die_by_segfault, "(SIGSEGV)"})),
    death_name);

TEST_P(Executor, LargePayloadsInAndOut) {
  ppx::ProcessPoolExecutor pool(options(1));
  const std::size_t n = 100u << 20;  // 100 MiB
  std::string big(n, 'y');
  EXPECT_EQ(pool.submit(size_of, big).get(), n);
  std::string back = pool.submit(make_big, n).get();
  EXPECT_EQ(back.size(), n);
  EXPECT_EQ(back.find_first_not_of('x'), std::string::npos);
  EXPECT_EQ(pool.submit(echo, std::move(big)).get().size(), n);
}

TEST_P(Executor, NoZombiesAndNoLeakedDescriptorsAfterShutdown) {
  PPX_SKIP_UNDER_MPI(GetParam(), "the workers are MPI ranks, not children of this process");
  std::size_t before = leftovers::open_fds();
  {
    ppx::ProcessPoolExecutor pool(options(3));
    for (int i = 0; i < 10; ++i) EXPECT_EQ(pool.submit(square, i).get(), i * i);
  }
  EXPECT_EQ(leftovers::open_fds(), before);
  EXPECT_TRUE(leftovers::no_children());
  {
    ppx::ProcessPoolExecutor pool(options(2));
    EXPECT_THROW(pool.submit(die_by_abort).get(), ppx::BrokenProcessPool);
  }
  EXPECT_EQ(leftovers::open_fds(), before);
  EXPECT_TRUE(leftovers::no_children());
}

TEST(Spawn, WorkersInheritOnlyStdioAndTheirChannel) {
  int extra = ::dup(1);  // a descriptor of the parent's without close-on-exec
  ASSERT_GE(extra, 0);
  for (auto method : {ppx::StartMethod::Spawn, ppx::StartMethod::Forkserver}) {
    ppx::Options o;
    o.max_workers = 1;
    o.start_method = method;
    ppx::ProcessPoolExecutor pool(o);
    EXPECT_EQ(pool.submit(open_descriptors).get(), (std::vector<int>{0, 1, 2, 3}))
        << start_methods::label(method);
  }
  ::close(extra);
}

TEST(Spawn, GlobalInitializersAndCodeBeforeInitRunAgainInEveryWorker) {
  std::string log = testing::TempDir() + "rerun-" + std::to_string(::getpid()) + ".log";
  std::remove(log.c_str());
  ::setenv("PPX_TEST_RERUN_LOG", log.c_str(), 1);
  {
    // Three tasks at once, each long enough that no worker is idle when the
    // next one comes: three workers are spawned.
    ppx::Options o;
    o.max_workers = 3;
    ppx::ProcessPoolExecutor pool(o);
    std::vector<ppx::Future<int>> fs;
    for (int i = 0; i < 3; ++i) fs.push_back(pool.submit(sleep_then, 300, i));
    for (auto& f : fs) f.get();
  }
  ::unsetenv("PPX_TEST_RERUN_LOG");
  EXPECT_EQ(rerun_log::count(log, "global-initializer"), 3);
  EXPECT_EQ(rerun_log::count(log, "main-before-init"), 3);
  std::remove(log.c_str());
}

TEST(Spawn, WorkersStartOnDemandAndIdleOnesAreReused) {
  ppx::Options o;
  o.max_workers = 4;
  ppx::ProcessPoolExecutor pool(o);
  std::set<int> pids;
  for (int i = 0; i < 8; ++i) pids.insert(pool.submit(pid_of_worker).get());
  EXPECT_EQ(pids.size(), 1u);
}

// Under forkserver, the program starts once more, in the server, whatever
// the number of workers and however often they are replaced.
TEST(Forkserver, StartUpCodeRunsOnceInTheServerNotInEveryWorker) {
  std::string log = testing::TempDir() + "rerun-forkserver-" + std::to_string(::getpid()) + ".log";
  std::remove(log.c_str());
  ::setenv("PPX_TEST_RERUN_LOG", log.c_str(), 1);
  std::set<int> pids;
  {
    ppx::Options o;
    o.max_workers = 3;
    o.start_method = ppx::StartMethod::Forkserver;
    o.max_tasks_per_child = 1;  // every task in a fresh worker
    ppx::ProcessPoolExecutor pool(o);
    std::vector<ppx::Future<int>> fs;
    for (int i = 0; i < 6; ++i) fs.push_back(pool.submit(sleep_then_pid, 100));
    for (auto& f : fs) pids.insert(f.get());
  }
  ::unsetenv("PPX_TEST_RERUN_LOG");
  EXPECT_EQ(pids.size(), 6u);
  EXPECT_EQ(rerun_log::count(log, "global-initializer"), 1);
  EXPECT_EQ(rerun_log::count(log, "main-before-init"), 1);
  std::remove(log.c_str());
}

TEST(Forkserver, WorkersAreTheServersChildrenAndStartOnDemand) {
  ppx::Options o;
  o.max_workers = 4;
  o.start_method = ppx::StartMethod::Forkserver;
  ppx::ProcessPoolExecutor pool(o);
  std::set<int> pids;
  for (int i = 0; i < 8; ++i) pids.insert(pool.submit(pid_of_worker).get());
  EXPECT_EQ(pids.size(), 1u);  // an idle worker is reused
  std::set<int> children = leftovers::child_processes();
  ASSERT_EQ(children.size(), 1u);  // the server
  EXPECT_EQ(leftovers::children_of(children), pids);
}

// A worker of the server that dies is reported as any other: the server
// reaps it and says how it ended.
TEST(Forkserver, AWorkerKilledIsNamedWithItsSignal) {
  ppx::Options o;
  o.max_workers = 1;
  o.start_method = ppx::StartMethod::Forkserver;
  ppx::ProcessPoolExecutor pool(o);
  try {
    pool.submit(die_by_abort).get();
    ADD_FAILURE() << "no BrokenProcessPool";
  } catch (const ppx::BrokenProcessPool& e) {
    EXPECT_NE(std::string(e.what()).find("(SIGABRT)"), std::string::npos) << e.what();
  }
}

// A program that ignores SIGCHLD (a daemon's habit, inherited across exec):
// the server still reaps its workers itself and says how each ended, so
// replacing workers and shutting down do not hang.
TEST(Forkserver, AProgramThatIgnoresSigchldStillGetsItsWorkersReaped) {
  struct sigaction ignore{}, before{};
  ignore.sa_handler = SIG_IGN;
  ASSERT_EQ(::sigaction(SIGCHLD, &ignore, &before), 0);
  std::set<int> pids;
  {
    ppx::Options o;
    o.max_workers = 1;
    o.start_method = ppx::StartMethod::Forkserver;
    o.max_tasks_per_child = 1;
    ppx::ProcessPoolExecutor pool(o);
    for (int i = 0; i < 4; ++i) {
      auto f = pool.submit(pid_of_worker);
      ASSERT_TRUE(f.wait_for(30s)) << "a replacement worker never came";
      pids.insert(f.get());
    }
    try {
      pool.submit(die_by_abort).get();
      ADD_FAILURE() << "no BrokenProcessPool";
    } catch (const ppx::BrokenProcessPool& e) {
      EXPECT_NE(std::string(e.what()).find("(SIGABRT)"), std::string::npos) << e.what();
    }
  }
  ::sigaction(SIGCHLD, &before, nullptr);
  EXPECT_EQ(pids.size(), 4u);
  EXPECT_TRUE(leftovers::descendant_processes().empty());
}

// The server dies under the pool: its workers die with it, and the pool is
// broken with a message, not hung.
TEST(Forkserver, AServerThatDiesBreaksThePool) {
  std::size_t fds_before = leftovers::open_fds();
  {
    ppx::Options o;
    o.max_workers = 1;
    o.start_method = ppx::StartMethod::Forkserver;
    ppx::ProcessPoolExecutor pool(o);
    EXPECT_EQ(pool.submit(square, 3).get(), 9);
    std::set<int> children = leftovers::child_processes();
    ASSERT_EQ(children.size(), 1u);
    ::kill(*children.begin(), SIGKILL);
    std::string what;
    try {
      for (int i = 0; i < 100; ++i) {
        pool.submit(square, i).get();
        std::this_thread::sleep_for(10ms);
      }
    } catch (const ppx::BrokenProcessPool& e) {
      what = e.what();
    }
    EXPECT_NE(what.find("its fork server ended"), std::string::npos) << what;
  }
  EXPECT_EQ(leftovers::open_fds(), fds_before);
  EXPECT_TRUE(leftovers::descendant_processes().empty());
  EXPECT_TRUE(leftovers::no_children());
}

TEST(Fork, MaxTasksPerChildIsRefusedAsInPython) {
  ppx::Options o;
  o.start_method = ppx::StartMethod::Fork;
  o.max_tasks_per_child = 2;
  EXPECT_THROW(ppx::ProcessPoolExecutor pool(o), ppx::Error);
}

// The deadlock Python warns about: a thread of the parent holds a lock when
// a worker is forked. Workers fork when the executor is created, from the
// creating thread, so a lock another thread takes later cannot be inherited.
std::mutex shared_lock;
int take_shared_lock(int x) {
  std::lock_guard lock(shared_lock);
  return x;
}

TEST(Fork, WorkersDoNotInheritLocksTakenAfterCreation) {
  ppx::Options o;
  o.max_workers = 2;
  o.start_method = ppx::StartMethod::Fork;
  ppx::ProcessPoolExecutor pool(o);
  std::atomic<bool> stop{false};
  std::thread holder([&] {
    while (!stop) {
      std::lock_guard lock(shared_lock);
      std::this_thread::sleep_for(1ms);
    }
  });
  for (int i = 0; i < 20; ++i) {
    auto f = pool.submit(take_shared_lock, i);
    ASSERT_TRUE(f.wait_for(10s)) << "a forked worker deadlocked";
    EXPECT_EQ(f.get(), i);
  }
  stop = true;
  holder.join();
}

TEST(Fork, AllWorkersStartWithTheExecutor) {
  ppx::Options o;
  o.max_workers = 3;
  o.start_method = ppx::StartMethod::Fork;
  ppx::ProcessPoolExecutor pool(o);
  // Three tasks at once, one per worker: three processes answer.
  std::vector<ppx::Future<int>> fs;
  for (int i = 0; i < 3; ++i) fs.push_back(pool.submit(sleep_then_pid, 200));
  std::set<int> pids;
  for (auto& f : fs) pids.insert(f.get());
  EXPECT_EQ(pids.size(), 3u);
}

TEST(Fork, NothingRunsAgain) {
  std::string log = testing::TempDir() + "rerun-fork-" + std::to_string(::getpid()) + ".log";
  std::remove(log.c_str());
  ::setenv("PPX_TEST_RERUN_LOG", log.c_str(), 1);
  {
    ppx::Options o;
    o.max_workers = 3;
    o.start_method = ppx::StartMethod::Fork;
    ppx::ProcessPoolExecutor pool(o);
    for (int i = 0; i < 6; ++i) pool.submit(square, i).get();
  }
  ::unsetenv("PPX_TEST_RERUN_LOG");
  EXPECT_EQ(rerun_log::count(log, "global-initializer"), 0);
  EXPECT_EQ(rerun_log::count(log, "main-before-init"), 0);
  std::remove(log.c_str());
}

int throws_pickling_error() { throw ppx::PicklingError("raised by the task itself"); }
int spawn_grandchild_then_crash() {
  // A process the task starts must not keep the worker's channel open.
  if (std::system("sleep 60 >/dev/null 2>&1 </dev/null &") != 0) return -1;
  ::raise(SIGKILL);
  return 0;
}
int sum_pair(std::pair<std::string, int> p) { return p.second + (int)p.first.size(); }
bool negate(bool b) { return !b; }

TEST_P(Executor, TaskExceptionsOfPicklingErrorTypeAreStillRemoteErrors) {
  ppx::ProcessPoolExecutor pool(options(1));
  try {
    pool.submit(throws_pickling_error).get();
    FAIL() << "expected RemoteError";
  } catch (const ppx::RemoteError& e) {
    EXPECT_EQ(e.type_name(), "ppx::PicklingError");
  }
}

TEST_P(Executor, DeathIsSeenEvenWhenAGrandchildHoldsTheChannel) {
  PPX_SKIP_UNDER_MPI(GetParam(), "a rank that dies ends the MPI job");
  ppx::ProcessPoolExecutor pool(options(1));
  auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(pool.submit(spawn_grandchild_then_crash).get(), ppx::BrokenProcessPool);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 30s);  // not the grandchild's 60 s
}

TEST_P(Executor, MapOverMapsBoolsAndCharArrays) {
  ppx::ProcessPoolExecutor pool(options());
  std::map<std::string, int> m{{"a", 1}, {"bb", 2}};
  EXPECT_EQ(pool.map(sum_pair, m).to_vector(), (std::vector<int>{2, 4}));
  std::vector<bool> bits{true, false};
  EXPECT_EQ(pool.map(negate, bits).to_vector(), (std::vector<bool>{false, true}));
  char key[4] = {'a', 'b', 'c', 'd'};  // no terminating NUL: never read past it
  EXPECT_EQ(pool.submit(size_of, key).get(), 4u);
}

TEST_P(Executor, MapResultsAreReadOnceInOrder) {
  ppx::ProcessPoolExecutor pool(options());
  auto results = pool.map(square, std::vector<int>{1, 2, 3});
  EXPECT_EQ(results.to_vector(), (std::vector<int>{1, 4, 9}));
  EXPECT_THROW(results.to_vector(), ppx::Error);
}

TEST_P(Executor, DroppingMapResultsCancelsWhatHasNotStarted) {
  ppx::ProcessPoolExecutor pool(options(1));
  std::string started = temp_path("drop-started");
  std::string ran = temp_path("drop-ran");
  auto blocker = pool.submit(touch_then_sleep, started, 300);
  wait_until_exists(started);
  { auto dropped = pool.map(append_line, std::vector<std::string>(5, ran)); }
  blocker.get();
  EXPECT_EQ(pool.submit(square, 3).get(), 9);  // runs after whatever was left queued
  EXPECT_FALSE(std::filesystem::exists(ran)) << "a dropped map chunk ran";
}

TEST_P(Executor, WaitForWithoutALimit) {
  ppx::ProcessPoolExecutor pool(options(1));
  auto f = pool.submit(square, 4);
  EXPECT_TRUE(f.wait_for(std::chrono::nanoseconds::max()));
  EXPECT_EQ(f.get(), 16);
}

TEST_P(Executor, SubmitAndShutdownFromManyThreads) {
  ppx::ProcessPoolExecutor pool(options());
  std::vector<std::thread> threads;
  std::atomic<int> sum{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) sum += pool.submit(square, t).get();
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(sum.load(), 25 * (0 + 1 + 4 + 9));
  std::vector<std::thread> closers;
  for (int t = 0; t < 3; ++t) closers.emplace_back([&] { pool.shutdown(true); });
  for (auto& th : closers) th.join();
  if (start_methods::executor_owns_workers(GetParam())) EXPECT_TRUE(leftovers::no_children());
}

TEST(Futures, DefaultConstructedFutureSaysSo) {
  ppx::Future<int> f;
  EXPECT_FALSE(f.valid());
  EXPECT_THROW(f.get(), ppx::Error);
  EXPECT_FALSE(f.cancel());
}

TEST(Errors, AllDeriveFromPpxErrorAndRuntimeError) {
  static_assert(std::is_base_of_v<ppx::Error, ppx::PicklingError>);
  static_assert(std::is_base_of_v<ppx::Error, ppx::BrokenProcessPool>);
  static_assert(std::is_base_of_v<ppx::Error, ppx::RemoteError>);
  static_assert(std::is_base_of_v<ppx::Error, ppx::CancelledError>);
  static_assert(std::is_base_of_v<std::runtime_error, ppx::Error>);
  SUCCEED();
}

TEST(Pickling, UnresolvableFunctionReferenceIsAPicklingError) {
  ppx::detail::FunctionRef ref{"no-such-module.so", 0x10};
  EXPECT_THROW(ppx::detail::resolve_function(ref), ppx::PicklingError);
  int data = 0;
  EXPECT_THROW(ppx::detail::function_ref(&data), ppx::PicklingError);
}
