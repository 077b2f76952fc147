// The parent side: the pool of worker processes and its manager thread.
//
// Life cycle, top to bottom:
//   start    the constructor starts the manager thread, which starts
//            max_workers processes (spawn: re-execute /proc/self/exe with the
//            channel on descriptor 3; fork: fork and serve) and sends each its
//            configuration (the initializer).
//   submit   a task is pickled in the caller's thread. If a worker is idle
//            and nothing waits before it, the caller hands it over itself (no
//            wake-up of the manager); otherwise it is queued, and the manager
//            hands queued tasks to workers as they become idle, one task per
//            worker at a time.
//   results  the manager reads each worker's answer and completes its future;
//            a worker that has served max_tasks_per_child tasks is replaced.
//   crash    a worker whose channel closes has died: the manager reaps it,
//            says how it died, fails every pending future with
//            BrokenProcessPool and ends the other workers; the pool refuses
//            new work.
//   shutdown no new tasks; queued ones still run (unless cancelled); then
//            every worker is told to stop and is reaped.
#include "channel.hpp"
#include "mpi.hpp"

#include <ppx/ppx.hpp>

#include <fcntl.h>
#include <poll.h>
#include <time.h>
#include <sched.h>
#include <stdio_ext.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

extern "C" ppx::detail::MpiWorld* ppx_mpi_world() __attribute__((weak));

namespace ppx::detail {

std::pair<int, char**> program_arguments();

MpiWorld* mpi_world() { return ppx_mpi_world ? ppx_mpi_world() : nullptr; }

// ---------------------------------------------------------------------------
// TaskState
// ---------------------------------------------------------------------------
void TaskState::wait() const { wait_until(std::nullopt); }

bool TaskState::wait_for(std::chrono::nanoseconds timeout) const {
  return wait_until(deadline_after(timeout));
}

bool TaskState::wait_until(Deadline deadline) const {
  std::unique_lock lock(mutex_);
  auto is_done = [&] { return status_ == Status::Finished || status_ == Status::Cancelled; };
  while (!is_done()) {
    if (control_ && (status_ == Status::Sent || status_ == Status::Running)) {
      // A worker has it (or will): wait on its word, not for the manager.
      std::shared_ptr<ControlBlock> control = control_;
      std::uint64_t seq = seq_;
      lock.unlock();
      BlockWait how = wait_in_block(*control, seq, deadline);
      lock.lock();
      if (how == BlockWait::Timeout) return is_done();
      if (how == BlockWait::Done || is_done()) continue;
      // Elsewhere: the answer comes through the manager, as for any task.
    }
    if (!deadline) {
      changed_.wait(lock, is_done);
    } else if (!changed_.wait_until(lock, *deadline, is_done)) {
      return false;
    }
  }
  return true;
}

TaskState::BlockWait TaskState::wait_in_block(ControlBlock& control, std::uint64_t seq,
                                              Deadline deadline) const {
  using CB = ControlBlock;
  std::atomic<std::uint64_t>& slot = control.slot(seq);
  bool timed_out = false;
  for (;;) {
    if (done_.load()) return BlockWait::Done;
    std::uint64_t w = slot.load();
    // The slot moved on, or the task was cancelled, answered by a frame or
    // consumed by another waiter: its state says the rest.
    if (CB::seq_of(w) != seq) return BlockWait::Elsewhere;
    CB::SlotState state = CB::state_of(w);
    if (state == CB::Delivered) {
      // Left for a sleeper, with no frame: one sleeper takes it. The slot is
      // not reused before the pool has counted the task off, which it does
      // once the word says Consumed: the copy made before is whole.
      std::string bytes = control.delivered_bytes(seq);
      if (!slot.compare_exchange_strong(w, CB::word(seq, CB::Consumed))) continue;
      std::shared_ptr<PoolWaker> waker;
      {
        std::lock_guard lock(mutex_);
        waker = waker_;
      }
      const_cast<TaskState*>(this)->finish(Message(std::move(bytes)));
      // Read after the word changed (see ControlBlock::kTellPool).
      if (waker && (control.mode.load() & CB::kTellPool)) wake_pool(*waker);
      return BlockWait::Done;
    }
    if (state != CB::Sent && state != CB::Taken) return BlockWait::Elsewhere;
    if (timed_out) {
      // Leaving: take the mark off (a Delivered answer needs a sleeper to
      // take it), and wake the others so that they put their own back on.
      if (!(w & CB::kWaiting) || CB::unmark_and_wake(slot, w)) return BlockWait::Timeout;
      continue;
    }
    // Sent or Taken: mark the word, look again, and sleep on it.
    if (!(w & CB::kWaiting)) {
      if (!slot.compare_exchange_strong(w, w | CB::kWaiting)) continue;
      w |= CB::kWaiting;
    }
    if (done_.load()) return BlockWait::Done;
    if (!futex_wait(slot, w, deadline)) timed_out = true;
  }
}

bool ControlBlock::unmark_and_wake(std::atomic<std::uint64_t>& slot, std::uint64_t& word) {
  if (!slot.compare_exchange_strong(word, word & ~kWaiting)) return false;
  futex_wake(slot);
  return true;
}

void TaskState::release_sleepers(ControlBlock& control, std::uint64_t seq) {
  std::atomic<std::uint64_t>& slot = control.slot(seq);
  std::uint64_t w = slot.load();
  while (ControlBlock::seq_of(w) == seq && (w & ControlBlock::kWaiting))
    if (ControlBlock::unmark_and_wake(slot, w)) return;
}

bool TaskState::done() const {
  std::lock_guard lock(mutex_);
  return status_ == Status::Finished || status_ == Status::Cancelled;
}

bool TaskState::cancelled() const {
  std::lock_guard lock(mutex_);
  return status_ == Status::Cancelled;
}

bool TaskState::running() const {
  std::lock_guard lock(mutex_);
  if (status_ == Status::Running) return true;
  if (status_ != Status::Sent || !control_) return false;
  // Sent: running once the worker took it from its channel.
  std::uint64_t w = control_->slot(seq_).load();
  return ControlBlock::seq_of(w) == seq_ && ControlBlock::state_of(w) != ControlBlock::Sent &&
         ControlBlock::state_of(w) != ControlBlock::Cancelled;
}

void TaskState::on_done(std::function<void()> callback) {
  {
    std::lock_guard lock(mutex_);
    if (status_ != Status::Finished && status_ != Status::Cancelled) {
      callbacks_.push_back(std::move(callback));
      return;
    }
  }
  callback();
}

bool TaskState::cancel() {
  std::shared_ptr<ControlBlock> control;
  std::vector<std::function<void()>> callbacks;
  {
    std::lock_guard lock(mutex_);
    if (status_ == Status::Cancelled) return true;
    if (status_ == Status::Sent) {
      // In a worker's channel: cancelled only if the worker has not taken it.
      std::atomic<std::uint64_t>& slot = control_->slot(seq_);
      std::uint64_t w = slot.load();
      bool won = false;
      while (ControlBlock::seq_of(w) == seq_ && ControlBlock::state_of(w) == ControlBlock::Sent)
        if (slot.compare_exchange_weak(w, ControlBlock::word(seq_, ControlBlock::Cancelled))) {
          won = true;
          break;
        }
      if (!won) {
        status_ = Status::Running;  // the worker has it; its word says when it is done
        return false;
      }
      if (w & ControlBlock::kWaiting) control = control_;
      control_.reset();
    } else if (status_ != Status::Pending) {
      return false;
    }
    status_ = Status::Cancelled;
    done_.store(true);
    error_ = {TaskError::Kind::Cancelled, "", "the task was cancelled before it started"};
    request_ = Message();
    callbacks.swap(callbacks_);
  }
  if (control) futex_wake(control->slot(seq_));
  changed_.notify_all();
  for (auto& callback : callbacks) callback();
  return true;
}

bool TaskState::start() {
  std::lock_guard lock(mutex_);
  if (status_ != Status::Pending) return false;
  status_ = Status::Running;
  return true;
}

bool TaskState::send(std::shared_ptr<ControlBlock> control, std::uint64_t seq,
                     std::shared_ptr<PoolWaker> waker) {
  std::lock_guard lock(mutex_);
  if (status_ != Status::Pending) return false;
  control->slot(seq).store(ControlBlock::word(seq, ControlBlock::Sent));
  control_ = std::move(control);
  waker_ = std::move(waker);
  seq_ = seq;
  status_ = Status::Sent;
  return true;
}

// Waiters are notified after unlocking, so that a woken one does not block
// on the mutex at once; the caller (the pool, or a waiter) holds the task alive.
template <class Record>
void TaskState::complete(Record record) {
  std::shared_ptr<ControlBlock> control;
  std::uint64_t seq;
  std::vector<std::function<void()>> callbacks;
  {
    std::lock_guard lock(mutex_);
    if (status_ == Status::Finished || status_ == Status::Cancelled) return;
    control = std::move(control_);
    waker_.reset();
    seq = seq_;
    record();
    status_ = Status::Finished;
    done_.store(true);
    callbacks.swap(callbacks_);
  }
  // A thread asleep on the word (its worker died, or the manager was first)
  // is woken: done_ is set before the word changes.
  if (control) release_sleepers(*control, seq);
  changed_.notify_all();
  for (auto& callback : callbacks) callback();
}

void TaskState::finish(Message result) {
  complete([&] { result_ = std::move(result); });
}

void TaskState::fail(TaskError error) {
  complete([&] { error_ = std::move(error); });
}

void report_callback_failure(const char* what) noexcept {
  std::fprintf(stderr, "ppx: an exception escaped a future's done callback: %s\n", what);
  std::fflush(stderr);
}

void throw_timeout(const char* what) { throw TimeoutError(what); }

void throw_task_error(const TaskError& error) {
  switch (error.kind) {
    case TaskError::Kind::Remote:
      throw RemoteError(error.type, error.message);
    case TaskError::Kind::Pickling:
      throw PicklingError(error.message);
    case TaskError::Kind::Broken:
      throw BrokenProcessPool(error.message);
    case TaskError::Kind::Cancelled:
      throw CancelledError(error.message);
    case TaskError::Kind::None:
      break;
  }
  throw Error("ppx: a task failed for no recorded reason");
}

std::size_t TaskState::request_size() const {
  std::lock_guard lock(mutex_);
  return request_.size();
}

Message TaskState::take_request() {
  std::lock_guard lock(mutex_);
  return std::move(request_);
}

// ---------------------------------------------------------------------------
// Pool
// ---------------------------------------------------------------------------
/// The manager's eventfd, and whether a wake-up it has not consumed is
/// pending: a burst of submissions costs one write, not one each.
struct PoolWaker {
  UniqueFd fd;
  std::atomic<bool> pending{false};
};

void wake_pool(PoolWaker& waker) {
  if (waker.pending.exchange(true)) return;
  std::uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(waker.fd.get(), &one, sizeof one);
}

namespace {

unsigned available_cores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

std::string describe_status(std::optional<int> wait_status) {
  if (!wait_status)
    return "ended; how is not known (its fork server ended before it could say)";
  int status = *wait_status;
  if (WIFEXITED(status)) {
    int code = WEXITSTATUS(status);
    std::string s = "exited with status " + std::to_string(code);
    if (code == kMalformedFrameExit)
      s += ": it received a malformed message from this process (its channel was "
           "corrupted; the worker's error output says how)";
    if (code == kMissingGuardExit)
      s += ": it created an executor before ppx::init(argc, argv) ran, either during "
           "start-up (a namespace-scope variable or constructor function that creates "
           "it, see picklint-side-effect-before-main) or in a main that does not call "
           "ppx::init first (see picklint-missing-worker-guard)";
    return s;
  }
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    const char* abbrev = sigabbrev_np(sig);
    std::string s = "was killed by signal " + std::to_string(sig) +
                    (abbrev ? std::string(" (SIG") + abbrev + ")" : std::string());
    if (sig == SIGKILL) s += ", perhaps for running out of memory";
    return s;
  }
  return "ended with wait status " + std::to_string(status);
}

/// The program's arguments, for re-executing it.
std::vector<std::string> program_argv() {
  auto [argc, argv] = program_arguments();
  std::vector<std::string> args;
  if (argv) {
    for (int i = 0; i < argc && argv[i]; ++i) args.emplace_back(argv[i]);
    return args;
  }
  std::ifstream cmdline("/proc/self/cmdline", std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(cmdline)), std::istreambuf_iterator<char>());
  for (std::size_t start = 0; start < all.size();) {
    std::size_t end = all.find('\0', start);
    if (end == std::string::npos) end = all.size();
    args.push_back(all.substr(start, end - start));
    start = end + 1;
  }
  if (args.empty()) args.push_back("ppx-worker");
  return args;
}

/// Refuses a max_workers this process cannot hold: each worker takes two
/// descriptors in the parent (its channel and its pidfd), three under
/// forkserver (and the server's status socket), for as long as it lives,
/// beside the program's own.
void check_max_workers(unsigned max_workers, StartMethod method) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return;
  constexpr unsigned long long kReserve = 32;  // stdio, the eventfd, the program's files
  unsigned long long per_worker = method == StartMethod::Forkserver ? 3 : 2;
  unsigned long long needed = per_worker * max_workers + kReserve;
  if (needed > limit.rlim_cur)
    throw Error("ppx: max_workers is " + std::to_string(max_workers) +
                ", which needs about " + std::to_string(needed) +
                " file descriptors, and this process may open " +
                std::to_string(limit.rlim_cur) +
                " (RLIMIT_NOFILE, `ulimit -n`): use fewer workers or raise the limit");
}

/// Closes every descriptor from \p lowest on; async-signal-safe.
void close_from(int lowest, int open_max) {
  if (::syscall(SYS_close_range, lowest, ~0U, 0) == 0) return;
  for (int fd = lowest; fd < open_max; ++fd) ::close(fd);
}

}  // namespace

class Pool {
 public:
  explicit Pool(const Options& options) : options_(options) {
    if (options_.start_method == StartMethod::Mpi) {
      check_mpi_options();
    } else {
      if (options_.max_workers == 0) options_.max_workers = available_cores();
      check_max_workers(options_.max_workers, options_.start_method);
    }
    waker_->fd.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!waker_->fd) throw Error(std::string("ppx: eventfd: ") + std::strerror(errno));
    config_ = options_.initializer.pickled();
    // What spawned workers are started with, taken now: the environment may
    // change under a later fork, and reading it then would race.
    argv_ = program_argv();
    for (char** e = environ; e && *e; ++e)
      if (std::strncmp(*e, kWorkerEnv, std::strlen(kWorkerEnv)) != 0 ||
          (*e)[std::strlen(kWorkerEnv)] != '=')
        env_.emplace_back(*e);
    long open_max = ::sysconf(_SC_OPEN_MAX);
    open_max_ = open_max > 0 ? static_cast<int>(std::min<long>(open_max, 1 << 20)) : 1024;
    if (options_.start_method == StartMethod::Fork) {
      // As Python does: fork is incompatible with replacing workers (a fork
      // from a process with running threads can deadlock in the child), and
      // all workers are forked now, from this thread, before the manager
      // thread exists.
      if (options_.max_tasks_per_child != 0)
        throw Error(
            "ppx: max_tasks_per_child is incompatible with StartMethod::Fork; use Spawn");
    }
    // Every descriptor is owned (UniqueFd) and closed on every path; the
    // processes started here are ended and reaped if the constructor fails.
    try {
      if (options_.start_method == StartMethod::Mpi) lease_mpi_ranks();
      if (options_.start_method == StartMethod::Fork)
        for (unsigned i = 0; i < options_.max_workers; ++i)
          if (!start_worker(workers_.emplace_back())) break;
      manager_ = std::thread([this] { manage(); });
    } catch (...) {
      mark_broken("the pool could not start");
      stop_all();
      throw;
    }
  }

  ~Pool() {
    shutdown(/*wait=*/true, /*cancel_futures=*/false);
    join_manager();
  }

  /// StartMethod::Mpi: refuses what MPI cannot do.
  void check_mpi_options() {
    if (options_.max_tasks_per_child != 0)
      throw Error(
          "ppx: max_tasks_per_child is incompatible with StartMethod::Mpi: a worker rank "
          "cannot be replaced (mpiexec started every rank the job has)");
  }

  /// StartMethod::Mpi: the worker ranks this pool uses, leased for its life
  /// (max_workers of them, or all that are free); the last step of the
  /// constructor that may throw, so that a failure after it gives them back.
  void lease_mpi_ranks() {
    mpi_ = mpi_world();
    if (!mpi_)
      throw Error(
          "ppx: StartMethod::Mpi needs the program linked with ppx's MPI part: in CMake, "
          "target_link_libraries(<program> PRIVATE ppx::mpi) (built when CMake finds MPI, "
          "e.g. Debian's libopenmpi-dev)");
    unsigned most = options_.max_workers ? options_.max_workers : ~0u;
    lease_ = mpi_->lease(most);
    options_.max_workers = static_cast<unsigned>(lease_.ranks.size());
  }

  void enqueue(std::shared_ptr<TaskState> task) {
    {
      std::lock_guard lock(mutex_);
      if (!broken_.empty()) throw BrokenProcessPool(broken_);
      if (shutdown_) throw Error("ppx: cannot schedule new tasks after shutdown");
      // The short way: nothing queued before this task, and a worker that
      // can take it now. The frame is written under the lock (the manager
      // writes to a worker only while it is marked `writing`, and closes
      // channels under the lock), so it must be small: a large one would
      // hold the lock while the worker reads it.
      std::uint64_t seq;
      Worker* w;
      if (queue_.empty() && task->request_size() <= kDirectFrameLimit &&
          (w = direct_target()) && assign(*w, task, seq)) {
        idle_.erase(std::remove(idle_.begin(), idle_.end(), w), idle_.end());
        // If the worker died, the manager sees it and fails the task with the pool.
        write_frame(w->fd.get(), Kind::Task, seq, task->take_request());
        return;
      }
      queue_.push_back(std::move(task));
      // It waits for room: the manager must hear of every answer until the
      // queue is empty again.
      set_tell_pool(true);
    }
    wake();
  }

  void shutdown(bool wait, bool cancel_futures) {
    // Cancelled after the lock is released: their done callbacks may submit
    // (and be refused) or wait.
    std::vector<std::shared_ptr<TaskState>> to_cancel;
    {
      std::lock_guard lock(mutex_);
      shutdown_ = true;
      set_tell_pool(true);  // the manager waits for every answer to finish
      if (cancel_futures) {
        for (auto& task : queue_) to_cancel.push_back(std::move(task));
        queue_.clear();
        // Sent and not taken yet: cancelled too (the worker skips them).
        for (Worker& w : workers_)
          for (auto& sent : w.inflight) to_cancel.push_back(sent.task);
      }
    }
    for (auto& task : to_cancel) task->cancel();
    wake();
    if (wait) join_manager();
  }

 private:
  struct Worker {
    std::size_t number = 0;  // 1-based, for messages
    pid_t pid = -1;
    UniqueFd fd;      // the channel
    std::optional<FrameReader> reader;  // reads fd while it is open
    UniqueFd pidfd;   // readable when the process has ended (empty if unsupported)
    UniqueFd status;  // forkserver: the server writes its wait status here
    // StartMethod::Mpi: the worker rank, whose frames come through the pool's
    // lease (not a socket) and wait here until read.
    int rank = -1;
    bool linked = false;             // its channel: open until it ended or was closed
    std::deque<Frame> inbox;
    std::optional<int> end_status;   // its End frame came: how it left the pool
    bool initializing = false;         // it reached ppx::init (its initializer runs)
    bool ready = false;                // it reached its worker loop
    struct Sent {
      std::uint64_t seq;  // the task's number on this worker (its frame's id)
      std::shared_ptr<TaskState> task;
    };
    // Under mutex_:
    std::deque<Sent> inflight;       // sent and not answered, in order
    std::uint64_t next_seq = 0;
    std::size_t tasks_done = 0;
    // Shared with the worker: with it, kTasksInFlight tasks may wait in its
    // channel and stay cancellable; without it, one task at a time.
    std::shared_ptr<ControlBlock> control;
    bool writing = false;  // the manager writes its tasks outside the lock
    bool alive() const { return fd || linked; }
  };

  /// The worker a submitting thread may write a task to itself (under
  /// mutex_): an idle one; else, once no worker is left to start, the one
  /// with the fewest tasks that has room for one more, so that a caller
  /// whose answer came straight from the worker's word does not wait for the
  /// manager to count that task off before sending its next one.
  Worker* direct_target() {
    if (mpi_) return nullptr;  // MPI calls stay in the manager thread
    // An idle worker first; counting off consumed answers may make one so,
    // and the first found ends the search.
    for (Worker* c : members_) {
      if (!idle_.empty()) break;
      collect(*c);
    }
    if (!idle_.empty()) return idle_.back();
    if (options_.start_method != StartMethod::Fork && members_.size() < options_.max_workers)
      return nullptr;  // the manager starts one more
    Worker* best = nullptr;
    for (Worker* c : members_)
      if (!c->writing && room(*c) > 0 && (!best || c->inflight.size() < best->inflight.size()))
        best = c;
    return best;
  }

  /// Counts off the tasks at the front of \p w's in-flight list whose answers
  /// a waiting caller took from beside their words (Consumed), under mutex_.
  /// No frame comes for them.
  void collect(Worker& w) {
    if (!w.control) return;
    using CB = ControlBlock;
    while (!w.inflight.empty()) {
      std::uint64_t seq = w.inflight.front().seq;
      std::uint64_t word = w.control->slot(seq).load();
      if (CB::seq_of(word) != seq || CB::state_of(word) != CB::Consumed) break;
      w.inflight.pop_front();
      ++w.tasks_done;
    }
    mark_idle_if_free(w);
  }

  /// Counts off \p sent, the first task of \p w, if its answer went to a
  /// sleeper (under mutex_). If the sleeper has not taken it yet, the task
  /// and its result are added to \p to_finish, to be finished after the
  /// lock is released. False if its answer is still to come.
  bool count_off_delivered(Worker& w, Worker::Sent& sent,
                           std::vector<std::pair<std::shared_ptr<TaskState>, Message>>& to_finish) {
    using CB = ControlBlock;
    std::atomic<std::uint64_t>& slot = w.control->slot(sent.seq);
    std::uint64_t word = slot.load();
    if (CB::seq_of(word) != sent.seq) return false;
    if (CB::state_of(word) == CB::Consumed) {  // taken since collect looked
      w.inflight.pop_front();
      ++w.tasks_done;
      return true;
    }
    if (CB::state_of(word) != CB::Delivered) return false;
    to_finish.emplace_back(std::move(sent.task), Message(w.control->delivered_bytes(sent.seq)));
    w.inflight.pop_front();
    ++w.tasks_done;
    return true;
  }

  /// Makes \p w idle if it has nothing in flight (under mutex_).
  void mark_idle_if_free(Worker& w) {
    if (w.inflight.empty() && w.alive() && !w.writing && !spent(w) &&
        std::find(idle_.begin(), idle_.end(), &w) == idle_.end())
      idle_.push_back(&w);
  }

  /// True once \p w has run its max_tasks_per_child: it is retired, not reused.
  bool spent(const Worker& w) const {
    return options_.max_tasks_per_child && w.tasks_done >= options_.max_tasks_per_child;
  }

  /// Tells every worker's consumers whether the manager must hear of each
  /// answer (under mutex_): while tasks wait for room, and from shutdown on.
  /// Whoever turns it on then has the manager look at the words (collect):
  /// an answer consumed before its consumer saw the flag is found there.
  void set_tell_pool(bool on) {
    if (tell_pool_ == on) return;
    tell_pool_ = on;
    for (Worker* w : members_)
      if (w->control) {
        if (on)
          w->control->mode.fetch_or(ControlBlock::kTellPool);
        else
          w->control->mode.fetch_and(~ControlBlock::kTellPool);
      }
  }

  /// Wakes the manager, unless a wake-up it has not consumed is pending: a
  /// burst of submissions costs one write, not one each.
  void wake() { wake_pool(*waker_); }

  void join_manager() {
    std::lock_guard lock(join_mutex_);  // concurrent shutdown(true) calls wait here
    if (manager_.joinable() && manager_.get_id() != std::this_thread::get_id()) manager_.join();
  }

  std::string worker_name(const Worker& w) const {
    if (w.rank >= 0) return "worker " + std::to_string(w.number) + " (MPI " + mpi_->describe(w.rank) + ")";
    return "worker " + std::to_string(w.number) + " (pid " + std::to_string(w.pid) + ")";
  }

  // --- frames, over a socket or MPI ---------------------------------------
  bool send_frame(Worker& w, Kind kind, std::uint64_t id, std::string_view body) {
    if (w.rank < 0) return write_frame(w.fd.get(), kind, id, body);
    try {
      mpi_->send(w.rank, lease_.tag, kind, id, body);
      return true;
    } catch (const std::exception& e) {
      mark_broken("cannot send to " + worker_name(w) + ": " + e.what() +
                  "; the pool is broken and accepts no new tasks");
      return false;
    }
  }

  bool send_tasks(Worker& w, std::vector<std::pair<std::uint64_t, Message>>& frames) {
    if (w.rank < 0) return write_task_frames(w.fd.get(), frames);
    for (auto& [seq, body] : frames)
      if (!send_frame(w, Kind::Task, seq, body.view())) return false;
    return true;
  }

  /// True if a frame of \p w is here to be read without waiting.
  bool frame_waiting(Worker& w) {
    if (w.rank >= 0) return !w.inbox.empty();
    if (w.reader->has_frame()) return true;
    pollfd p{w.fd.get(), POLLIN, 0};
    return ::poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
  }

  /// Receives what the lease's ranks sent, into their workers' inboxes; true
  /// if anything came.
  bool receive_mpi() {
    bool any = false;
    for (;;) {
      std::optional<std::pair<int, Frame>> got;
      try {
        got = mpi_->receive(lease_.tag);
      } catch (const std::exception& e) {
        // A malformed frame or MPI's own failure: nothing more can be trusted.
        mark_broken(std::string("a message from a worker rank could not be received: ") +
                    e.what() + "; the pool is broken and accepts no new tasks");
        mpi_failed_ = true;
        return any;
      }
      if (!got) break;
      any = true;
      Worker* w = nullptr;
      for (Worker& c : workers_)
        if (c.rank == got->first) w = &c;
      if (!w) {
        mark_broken("a message from MPI rank " + std::to_string(got->first) +
                    ", which serves no worker of this pool; the pool is broken and accepts no "
                    "new tasks");
        continue;
      }
      w->inbox.push_back(std::move(got->second));
    }
    return any;
  }

  // --- start -------------------------------------------------------------
  /// Re-executes the program with \p child_fd as descriptor 3 and kWorkerEnv
  /// set to \p channel; returns its pid (or -1, errno set). The child dies
  /// with the thread that started it, the manager.
  pid_t spawn_program(int child_fd, const std::string& channel) {
    // Everything the child needs is prepared before fork: after it, only
    // async-signal-safe calls until execve.
    std::string variable = std::string(kWorkerEnv) + "=" + channel;
    std::vector<char*> envp, argv;
    for (auto& e : env_) envp.push_back(e.data());
    envp.push_back(variable.data());
    envp.push_back(nullptr);
    for (auto& a : argv_) argv.push_back(a.data());
    argv.push_back(nullptr);
    int open_max = open_max_;
    pid_t pid = ::fork();
    if (pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (child_fd == kWorkerChannelFd)
        ::fcntl(child_fd, F_SETFD, 0);
      else
        ::dup2(child_fd, kWorkerChannelFd);  // dup2 clears close-on-exec
      close_from(kWorkerChannelFd + 1, open_max);  // only stdio and the channel cross
      ::execve("/proc/self/exe", argv.data(), envp.data());
      ::_exit(127);
    }
    return pid;
  }

  /// Starts the fork server (the manager, at the first worker) and waits
  /// until the program reached ppx::init in it. False, with the pool broken
  /// and saying why, if it ended first.
  bool start_server() {
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
      mark_broken(std::string("cannot create the fork server's socket: ") + std::strerror(errno));
      return false;
    }
    UniqueFd ours(pair[0]), theirs(pair[1]);
    pid_t pid = spawn_program(theirs.get(), kForkServerPrefix + std::to_string(kWorkerChannelFd));
    int spawn_errno = errno;
    theirs.reset();
    if (pid < 0) {
      mark_broken(std::string("cannot start the fork server: ") + std::strerror(spawn_errno));
      return false;
    }
    {
      std::lock_guard lock(mutex_);
      server_.pid = pid;
      server_.starting = true;  // until then, stop_workers signals it too
    }
    char byte = 0;
    ssize_t n;
    do n = ::read(ours.get(), &byte, 1);
    while (n < 0 && errno == EINTR);
    {
      std::lock_guard lock(mutex_);
      server_.starting = false;
    }
    server_.control = std::move(ours);
    if (n == 1 && byte == 'R') return true;
    mark_broken(server_failure("did not start", /*gone=*/true, /*starting=*/true));
    return false;
  }

  /// Why the fork server failed the pool; the server is stopped. \p gone: it
  /// closed its socket, so it is ending, and how it ended is told (while
  /// \p starting, an exit with status 0 is a main without the guard).
  /// Otherwise it is there and could not do \p what, for the reason errno
  /// gives.
  std::string server_failure(const char* what, bool gone, bool starting = false) {
    int request_errno = errno;
    pid_t pid = server_.pid;
    std::optional<int> ended = stop_server(/*force=*/false);
    std::string why = "the fork server (pid " + std::to_string(pid) + ") " + what;
    const char* broken = "; the pool is broken and accepts no new tasks";
    if (!gone || !ended) return why + ": " + std::strerror(request_errno) + broken;
    int status = *ended;
    std::string how = describe_status(status);
    if (starting && WIFEXITED(status) && WEXITSTATUS(status) == 0)
      how += " before it could serve: the program's main does not call ppx::init(argc, argv) "
             "(see picklint-missing-worker-guard)";
    return why + ": it " + how + broken;
  }

  /// Closes the fork server's socket (it then exits) and reaps it; with
  /// force, or after the grace period, kills it first. Its wait status, or
  /// none if there was no server.
  std::optional<int> stop_server(bool force) {
    pid_t pid;
    {
      std::lock_guard lock(mutex_);
      pid = std::exchange(server_.pid, -1);
    }
    server_.control.reset();
    if (pid <= 0) return std::nullopt;
    UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
    return reap_process(pid, pidfd, UniqueFd(), force);
  }

  /// Starts a process into \p w and sends it its configuration.
  bool start_worker(Worker& w) {
    {
      // A slot of a worker that ended: its in-flight list is empty; other
      // threads read it under the lock.
      std::lock_guard lock(mutex_);
      w.inflight.clear();
      w.next_seq = 0;
      w.tasks_done = 0;
      w.control.reset();
    }
    w.initializing = w.ready = false;
    w.number = ++workers_started_;
    if (mpi_) return start_rank(w);
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
      mark_broken(std::string("cannot create a worker's channel: ") + std::strerror(errno));
      return false;
    }
    UniqueFd ours(pair[0]), theirs(pair[1]);
    pid_t pid;
    UniqueFd status;  // forkserver: where the server says how the worker ended
    if (options_.start_method == StartMethod::Fork) {
      std::vector<int> other_fds{waker_->fd.get(), ours.get()};
      for (const Worker& o : workers_)
        for (const UniqueFd* fd : {&o.fd, &o.pidfd})
          if (*fd) other_fds.push_back(fd->get());
      std::fflush(nullptr);
      pid = ::fork();
      if (pid == 0) {
        // Output another thread buffered after the flush is the parent's to write.
        __fpurge(stdout);
        __fpurge(stderr);
        for (int fd : other_fds) ::close(fd);
        // No PR_SET_PDEATHSIG: it would fire when the forking thread, the
        // user's, ends. A worker sees its parent go as its channel closing.
        run_worker(theirs.get(), /*spawned=*/false);
      }
    } else if (options_.start_method == StartMethod::Forkserver) {
      if (!server_.control && !start_server()) return false;
      bool gone = false;
      std::optional<ForkedWorker> forked =
          request_worker(server_.control.get(), theirs.get(), gone);
      if (!forked) {
        mark_broken(server_failure("could not start a worker", gone));
        return false;
      }
      pid = forked->pid;
      status = std::move(forked->status);
    } else {
      pid = spawn_program(theirs.get(), std::to_string(kWorkerChannelFd));
    }
    int fork_errno = errno;
    theirs.reset();
    if (pid < 0) {
      mark_broken(std::string("cannot start a worker: ") + std::strerror(fork_errno));
      return false;
    }
    w.pid = pid;
    w.status = std::move(status);
    w.fd = std::move(ours);
    w.reader.emplace(w.fd.get());
    w.pidfd.reset(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
    if (w.status && w.pidfd) {
      // A fork server's worker may have ended and been reaped before the
      // pidfd was made, and its pid reused: then the server has written its
      // status already, and the pidfd is dropped (the status socket says
      // when it ended).
      pollfd p{w.status.get(), POLLIN, 0};
      if (::poll(&p, 1, 0) != 0) w.pidfd.reset();
    }
    // If it died already, the closed channel or the pidfd says so.
    write_frame(w.fd.get(), Kind::Config, 0, config_);
    UniqueFd memfd;
    std::shared_ptr<ControlBlock> control = make_control_block(memfd);
    bool shared = control && write_control_frame(w.fd.get(), memfd.get());
    std::lock_guard lock(mutex_);
    if (shared) {
      control->mode.store((options_.max_tasks_per_child ? ControlBlock::kNoDelivery : 0) |
                          (tell_pool_ ? ControlBlock::kTellPool : 0));
      w.control = std::move(control);
    }
    idle_.push_back(&w);
    members_.push_back(&w);
    return true;
  }

  /// StartMethod::Mpi: \p w is the lease's next rank; it is sent its
  /// configuration. No control block: the rank may be on another host.
  bool start_rank(Worker& w) {
    w.rank = lease_.ranks.at(next_rank_++);
    w.linked = true;
    w.inbox.clear();
    w.end_status.reset();
    send_frame(w, Kind::Config, 0, config_);
    std::lock_guard lock(mutex_);
    idle_.push_back(&w);
    members_.push_back(&w);
    return true;
  }

  // --- the manager's loop ------------------------------------------------
  void manage() {
    try {
      loop();
    } catch (const std::exception& e) {
      mark_broken(std::string("the pool's manager failed: ") + e.what());
    } catch (...) {
      mark_broken("the pool's manager failed");
    }
    stop_all();
  }

  void loop() {
    if (mpi_) return loop_mpi();
    std::vector<pollfd> fds;
    while (true) {
      if (broken()) return;
      dispatch();
      if (broken() || finished()) return;

      fds.clear();
      fds.push_back({waker_->fd.get(), POLLIN, 0});
      for (const Worker& w : workers_) {
        fds.push_back({w.fd.get(), POLLIN, 0});  // negative fds are ignored by poll
        fds.push_back({w.pidfd.get(), POLLIN, 0});
      }
      if (::poll(fds.data(), fds.size(), -1) < 0) {
        if (errno == EINTR) continue;
        throw Error(std::string("poll: ") + std::strerror(errno));
      }
      if (fds[0].revents & POLLIN) {
        // Drained, then cleared, then the next dispatch: a submission after
        // the clear writes again; one before it is dispatched below. (Cleared
        // before draining, a write made in between would be drained while the
        // flag stayed set, and the next submission would wake no one.)
        drain_waker();
      }
      for (std::size_t i = 0; i < workers_.size() && !broken(); ++i) {
        Worker& w = workers_[i];
        if (!w.alive()) continue;
        if (fds[1 + 2 * i].revents & (POLLIN | POLLHUP | POLLERR)) {
          // One read may have brought several frames: each is handled.
          do receive(w);
          while (w.alive() && w.reader->has_frame() && !broken());
        }
        else if (fds[2 + 2 * i].revents & POLLIN)
          worker_died(w);  // ended, though a copy of its channel is still open
      }
    }
  }

  /// The loop under StartMethod::Mpi: MPI has no descriptor to poll, so the
  /// manager probes for messages between waits for a submission, with a
  /// backoff (at once, then 1 us doubling to 1 ms) that starts again at
  /// every message.
  void loop_mpi() {
    auto delay = std::chrono::microseconds(0);
    while (true) {
      if (broken()) return;
      dispatch();
      if (broken() || finished()) return;
      pollfd p{waker_->fd.get(), POLLIN, 0};
      timespec timeout{0, static_cast<long>(delay.count()) * 1000};
      if (::ppoll(&p, 1, &timeout, nullptr) > 0) drain_waker();
      bool any = receive_mpi();
      for (Worker& w : workers_)
        while (w.alive() && !w.inbox.empty() && !broken()) receive(w);
      delay = any ? std::chrono::microseconds(0)
                  : std::clamp<std::chrono::microseconds>(delay * 2, std::chrono::microseconds(1),
                                                          std::chrono::milliseconds(1));
    }
  }

  void drain_waker() {
    std::uint64_t count;
    while (::read(waker_->fd.get(), &count, sizeof count) > 0) {
    }
    waker_->pending.store(false);
  }

  /// Hands queued tasks to idle workers, starting workers as needed: with
  /// spawn, one more whenever a task waits and none is idle (as Python does
  /// since 3.9); forked workers were all started by the constructor.
  void dispatch() {
    struct Send {
      Worker* worker;
      std::uint64_t seq;
      std::shared_ptr<TaskState> task;
    };
    std::vector<Send> sends;
    {
      std::unique_lock lock(mutex_);
      for (Worker& w : workers_) collect(w);
      while (!queue_.empty()) {
        Worker* w = nullptr;
        if (!idle_.empty()) {
          w = idle_.back();
        } else if (options_.start_method != StartMethod::Fork &&
                   live_workers() < options_.max_workers) {
          Worker* slot = free_slot();
          lock.unlock();
          bool started = start_worker(*slot);
          lock.lock();
          if (!started) break;
          continue;
        } else {
          // Every worker is busy: the next task waits in the channel of the
          // one with the fewest, if it has room.
          for (Worker& c : workers_)
            if (c.alive() && room(c) > 0 && (!w || c.inflight.size() < w->inflight.size()))
              w = &c;
          if (!w) break;
        }
        std::shared_ptr<TaskState> task = std::move(queue_.front());
        queue_.pop_front();
        std::uint64_t seq;
        if (!assign(*w, task, seq)) continue;  // cancelled while queued
        idle_.erase(std::remove(idle_.begin(), idle_.end(), w), idle_.end());
        w->writing = true;  // in the same hold of the lock as assign: in order
        sends.push_back({w, seq, std::move(task)});
      }
      if (queue_.empty() && !shutdown_) set_tell_pool(false);
    }
    // Callers may write to these workers again once their frames are out.
    struct Written {
      Pool& pool;
      std::vector<Worker*> workers;
      ~Written() {
        std::lock_guard lock(pool.mutex_);
        for (Worker* w : workers) {
          w->writing = false;
          pool.collect(*w);
        }
      }
    } written{*this, {}};
    for (const Send& send : sends) written.workers.push_back(send.worker);
    // Written outside the lock: a large frame takes time, and no other
    // thread writes to a worker that is not idle. A worker's frames go in
    // one call.
    std::vector<std::pair<std::uint64_t, Message>> frames;
    for (std::size_t i = 0; i < sends.size(); ++i) {
      Worker* w = sends[i].worker;
      if (!w) continue;  // sent with an earlier one of its worker's
      frames.clear();
      for (std::size_t j = i; j < sends.size(); ++j)  // each worker's in its order
        if (sends[j].worker == w) {
          frames.emplace_back(sends[j].seq, sends[j].task->take_request());
          sends[j].worker = nullptr;
        }
      if (!w->alive()) continue;  // died on an earlier write: its tasks failed with the pool
      if (!send_tasks(*w, frames)) {
        worker_died(*w);
        return;
      }
    }
  }

  /// How many more tasks \p w may be sent now (under mutex_): with a control
  /// block, kTasksInFlight in all; never more than its max_tasks_per_child.
  std::size_t room(const Worker& w) const {
    std::size_t depth = w.control ? kTasksInFlight : 1;
    if (options_.max_tasks_per_child)
      depth = std::min(depth, options_.max_tasks_per_child - std::min(options_.max_tasks_per_child,
                                                                      w.tasks_done));
    return depth > w.inflight.size() ? depth - w.inflight.size() : 0;
  }

  /// Makes \p task the next task of \p w (under mutex_), with \p seq its
  /// number there; false if it was cancelled first.
  bool assign(Worker& w, const std::shared_ptr<TaskState>& task, std::uint64_t& seq) {
    seq = w.next_seq + 1;
    if (!(w.control ? task->send(w.control, seq, waker_) : task->start())) return false;
    w.next_seq = seq;
    w.inflight.push_back({seq, task});
    return true;
  }

  std::size_t live_workers() const {
    std::size_t n = 0;
    for (const Worker& w : workers_) n += w.alive();
    return n;
  }

  Worker* free_slot() {
    for (Worker& w : workers_)
      if (!w.alive() && w.pid < 0) return &w;
    workers_.emplace_back();
    return &workers_.back();
  }

  /// True once shutdown was asked, nothing is queued and no task runs.
  bool finished() {
    std::lock_guard lock(mutex_);
    if (!shutdown_ || !queue_.empty()) return false;
    for (const Worker& w : workers_)
      if (!w.inflight.empty()) return false;
    return true;
  }

  bool broken() {
    std::lock_guard lock(mutex_);
    return !broken_.empty();
  }

  /// Reads one frame from a worker; a malformed one breaks the pool (the
  /// stream cannot be trusted after it) and reads as the end of the channel.
  std::optional<Frame> read_from(Worker& w) {
    if (w.rank >= 0) {
      if (w.inbox.empty()) return std::nullopt;
      Frame frame = std::move(w.inbox.front());
      w.inbox.pop_front();
      if (frame.kind != Kind::End) return frame;
      w.end_status = static_cast<int>(frame.id & 0xffffffffu);
      return std::nullopt;  // the rank left the pool: its channel ends
    }
    try {
      return w.reader->next();
    } catch (const MalformedFrame& e) {
      mark_broken("a malformed message from " + worker_name(w) + ": " + e.what() +
                  "; the pool is broken and accepts no new tasks");
      // Nothing it says can be trusted any more: it is ended at once.
      close_worker_fds(w);
      reap(w, /*force=*/true);
      return std::nullopt;
    }
  }

  /// Reads one message from a worker whose channel is readable.
  void receive(Worker& w) {
    std::optional<Frame> frame = read_from(w);
    if (!frame) {
      if (w.alive()) worker_died(w);
      return;
    }
    if (frame->kind == Kind::Initializing) {
      w.initializing = true;
      return;
    }
    if (frame->kind == Kind::Ready) {
      w.ready = true;
      return;
    }
    if (frame->kind == Kind::InitFailure) {
      auto [type, what] = decode_failure(frame->body.view());
      mark_broken("the initializer failed in " + worker_name(w) + ": " + type + ": " + what);
      return;
    }
    bool answer = frame->kind == Kind::Result || frame->kind == Kind::RemoteFailure ||
                  frame->kind == Kind::PickleFailure;
    std::shared_ptr<TaskState> task;
    bool retiring = false;
    std::vector<std::pair<std::shared_ptr<TaskState>, Message>> delivered;
    {
      std::lock_guard lock(mutex_);
      // Tasks before this one sent no frame: their answers went to sleepers.
      // One whose sleeper is not awake yet is finished from beside its word
      // (the sleeper then finds it done).
      while (!w.inflight.empty() && w.inflight.front().seq < frame->id &&
             count_off_delivered(w, w.inflight.front(), delivered)) {
      }
      if ((answer || frame->kind == Kind::Skipped) && !w.inflight.empty() &&
          frame->id == w.inflight.front().seq) {
        task = std::move(w.inflight.front().task);
        w.inflight.pop_front();
        if (frame->kind != Kind::Skipped) ++w.tasks_done;
        // room() never lets a worker be sent more than its budget: it has
        // nothing in flight when it reaches it.
        retiring = spent(w);
        mark_idle_if_free(w);
      }
    }
    for (auto& [earlier, result] : delivered) earlier->finish(std::move(result));
    if (!task || (frame->kind == Kind::Skipped && !task->cancelled())) {
      mark_broken("unexpected message from " + worker_name(w));
      return;
    }
    if (frame->kind == Kind::Skipped) return;  // cancelled before the worker took it
    if (frame->kind == Kind::Result) {
      task->finish(std::move(frame->body));
    } else if (frame->kind == Kind::RemoteFailure) {
      auto [type, what] = decode_failure(frame->body.view());
      task->fail({TaskError::Kind::Remote, std::move(type), std::move(what)});
    } else {
      task->fail({TaskError::Kind::Pickling, "", std::string(frame->body.view())});
    }
    if (retiring) retire(w);  // dispatch starts a replacement when there is work for it
  }

  /// Closes the channel (under the lock: a caller may be writing a task to an
  /// idle worker); the pidfd stays open until the worker is reaped.
  void close_worker_fds(Worker& w) {
    std::lock_guard lock(mutex_);
    idle_.erase(std::remove(idle_.begin(), idle_.end(), &w), idle_.end());
    members_.erase(std::remove(members_.begin(), members_.end(), &w), members_.end());
    w.fd.reset();
    w.reader.reset();
    w.linked = false;
  }

  /// Tells an idle worker to stop and reaps it.
  void retire(Worker& w) {
    send_frame(w, Kind::Stop, 0, std::string_view());
    close_worker_fds(w);
    reap(w, /*force=*/false);
  }

  /// Waits for a worker to end and reaps it; with force, or after a grace
  /// period of 5 s, kills it first. Its wait status; none if it is not known.
  std::optional<int> reap(Worker& w, bool force) {
    if (w.rank >= 0) return reap_rank(w, force);
    std::optional<int> status = reap_process(w.pid, w.pidfd, w.status, force);
    w.pid = -1;
    w.pidfd.reset();
    w.status.reset();
    return status;
  }

  /// A worker rank leaves the pool: its End frame is waited for (it finishes
  /// the task it runs; MPI cannot interrupt it), unless \p force, when the
  /// rank is given back to finish on its own (a later lease waits for it).
  /// Its status; none if not waited for.
  std::optional<int> reap_rank(Worker& w, bool force) {
    // Its End may have come already, and wait unread behind what broke the pool.
    auto end_came = [&] {
      for (const Frame& f : w.inbox)
        if (f.kind == Kind::End) w.end_status = static_cast<int>(f.id & 0xffffffffu);
      return w.end_status.has_value();
    };
    if (!end_came() && !force && !mpi_failed_) {
      for (auto delay = std::chrono::microseconds(0);;) {
        if (end_came() || mpi_failed_) break;
        bool any = receive_mpi();
        if (!any) std::this_thread::sleep_for(delay);
        delay = any ? std::chrono::microseconds(0)
                    : std::clamp<std::chrono::microseconds>(
                          delay * 2, std::chrono::microseconds(1), std::chrono::milliseconds(1));
      }
    }
    std::optional<int> status = w.end_status;
    mpi_->release(w.rank, lease_.tag, /*ended=*/status.has_value());
    w.rank = -1;
    w.inbox.clear();
    w.end_status.reset();
    return status;
  }

  /// Sends \p signal to process \p pid, through its pidfd where there is one
  /// (a pid may be reused once its process is reaped; a pidfd names one).
  /// Without a pidfd, only this process's own \p child is signalled by pid:
  /// it cannot be reused before we reap it. A fork server's worker without
  /// a pidfd was reaped (by the server) before it could be made: it has
  /// ended, and its pid may name another process by now.
  static void signal_process(pid_t pid, const UniqueFd& pidfd, bool child, int signal) {
    if (pid <= 0) return;
    if (pidfd) {
      ::syscall(SYS_pidfd_send_signal, pidfd.get(), signal, nullptr, 0);  // ESRCH: ended already
      return;
    }
    if (child) ::kill(pid, signal);
  }

  /// Waits until \p fd is readable (or hung up), for at most \p timeout;
  /// signals do not cut the wait short. False if the time ran out.
  static bool wait_readable(int fd, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    pollfd p{fd, POLLIN, 0};
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                      deadline - std::chrono::steady_clock::now())
                      .count();
      int r = ::poll(&p, 1, static_cast<int>(std::max<long long>(0, left)));
      if (r > 0) return true;
      if (r == 0 || errno != EINTR) return false;
    }
  }

  /// Waits for process \p pid to end, and reaps it; with force, or after a
  /// grace period of 5 s, kills it first. The wait is on \p pidfd (no sleep,
  /// no polling loop); a kernel without pidfds gets a polling wait. A worker
  /// a fork server started is not this process's child: the server reaps it
  /// and writes its wait status to \p status_socket, which is read instead.
  std::optional<int> reap_process(pid_t pid, const UniqueFd& pidfd, const UniqueFd& status_socket,
                                  bool force) {
    if (pid <= 0) return 0;
    bool child = !status_socket;
    if (force) signal_process(pid, pidfd, child, SIGKILL);
    bool ended = force;
    // Readable once the process has ended: its pidfd, or the server's socket.
    int ending = pidfd ? pidfd.get() : status_socket.get();
    if (!ended && ending >= 0) ended = wait_readable(ending, std::chrono::seconds(5));
    int status = 0;
    if (status_socket) {
      if (!ended) signal_process(pid, pidfd, child, SIGKILL);
      // The server says how it ended once it has reaped it, at once; a
      // server that does not (it hangs) leaves the status unknown.
      if (!wait_readable(status_socket.get(), std::chrono::seconds(5))) return std::nullopt;
      std::int32_t value;
      if (!recv_all(status_socket.get(), reinterpret_cast<char*>(&value), sizeof value))
        return std::nullopt;
      return value;
    }
    if (!ended && ending < 0) {
      for (int i = 0; i < 500; ++i) {
        pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR)) return status;
        ::usleep(10000);
      }
    }
    if (!ended) signal_process(pid, pidfd, child, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
  }

  /// The worker ended without being told to: the pool is broken.
  void worker_died(Worker& w) {
    // What it said before it died may explain it (an initializer's failure).
    std::string said;
    while (w.alive() && frame_waiting(w)) {
      std::optional<Frame> frame = read_from(w);
      if (!frame) break;
      if (frame->kind == Kind::Initializing) w.initializing = true;
      if (frame->kind == Kind::Ready) w.ready = true;
      if (frame->kind == Kind::InitFailure) {
        auto [type, what] = decode_failure(frame->body.view());
        said = "the initializer failed in " + worker_name(w) + ": " + type + ": " + what;
      }
    }
    close_worker_fds(w);
    std::string name = worker_name(w);
    bool rank = w.rank >= 0;  // an MPI rank leaves the pool; its process may live on
    bool had_task;
    {
      std::lock_guard lock(mutex_);
      had_task = !w.inflight.empty();
    }
    std::optional<int> status = reap(w, /*force=*/false);
    if (!said.empty()) {
      mark_broken(said);
      return;
    }
    std::string how = describe_status(status);
    if (w.initializing && !w.ready) {
      // It reached ppx::init and ended in its initializer: no task ran.
      mark_broken("the initializer ended " + name + ": it " + how +
                  " before the worker was ready (an initializer must return, or throw to "
                  "report a failure); the pool is broken and accepts no new tasks");
      return;
    }
    if (!w.ready && status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
      how += " before it started serving tasks: the program's main does not call "
             "ppx::init(argc, argv) (see picklint-missing-worker-guard)";
    mark_broken(std::string(rank ? "a worker rank left the pool" : "a process in the pool died") +
                (had_task && w.ready ? " while running a task" : "") + ": " + name + " " + how +
                "; the pool is broken and accepts no new tasks");
  }

  /// Fails every pending future and refuses new work.
  void mark_broken(const std::string& why) {
    std::deque<std::shared_ptr<TaskState>> pending;
    {
      std::lock_guard lock(mutex_);
      if (broken_.empty()) broken_ = why;
      pending.swap(queue_);
      idle_.clear();
      for (Worker& w : workers_) {
        for (auto& sent : w.inflight) pending.push_back(std::move(sent.task));
        w.inflight.clear();
      }
    }
    const TaskError broken{TaskError::Kind::Broken, "", why};
    for (auto& task : pending) task->fail(broken);
  }

  /// Ends every worker: politely when the pool is healthy, at once when broken.
  void stop_all() {
    bool force = broken();
    int signal;
    {
      std::lock_guard lock(mutex_);  // no caller hands a task over from here on
      shutdown_ = true;
      idle_.clear();
      signal = stop_signal_;
    }
    if (signal == SIGTERM) {
      // terminate_workers(): every worker gets SIGTERM at once, then each
      // is reaped, with SIGKILL after the grace period if it ignores it.
      for (Worker& w : workers_) signal_process(w.pid, w.pidfd, /*child=*/!w.status, SIGTERM);
      force = false;
    }
    // A worker rank cannot be killed: it is told to stop whatever happened,
    // and leaves the pool when its task (if any) returns.
    for (Worker& w : workers_)
      if (w.alive() && ((!force && !signal) || w.rank >= 0))
        send_frame(w, Kind::Stop, 0, std::string_view());
    for (Worker& w : workers_) {
      close_worker_fds(w);
      reap(w, force || (w.rank >= 0 && signal));
    }
    // Ranks the pool never started are free again at once.
    if (mpi_)
      for (; next_rank_ < lease_.ranks.size(); ++next_rank_)
        mpi_->release(lease_.ranks[next_rank_], lease_.tag, /*ended=*/true);
    // Its workers are reaped: the fork server goes last (they would die with it).
    stop_server(force);
  }

 public:
  /// terminate_workers() (SIGTERM) and kill_workers() (SIGKILL), as Python
  /// 3.14's: the tasks no worker has taken are cancelled, the others fail
  /// with BrokenProcessPool, the workers get the signal, and the pool is
  /// shut down and broken. Returns without waiting; the manager reaps them.
  void stop_workers(int signal, const char* how) {
    {
      std::lock_guard lock(mutex_);
      if (!stop_signal_) stop_signal_ = signal;
      // The manager waits for a fork server that is still starting: it ends
      // too (a server that serves ends after its workers, in stop_all).
      if (server_.starting && server_.pid > 0) ::kill(server_.pid, signal);
    }
    shutdown(/*wait=*/false, /*cancel_futures=*/true);
    mark_broken(std::string(how) + " ended the pool's workers; the pool accepts no new tasks");
    wake();
  }

 private:

  Options options_;
  std::string config_;
  std::vector<std::string> argv_;
  std::vector<std::string> env_;
  int open_max_ = 1024;
  std::shared_ptr<PoolWaker> waker_ = std::make_shared<PoolWaker>();

  /// Frames up to this size may be written by a submitting thread itself.
  static constexpr std::size_t kDirectFrameLimit = 64 << 10;

  /// Tasks a worker with a control block may have sent to it at once: one
  /// it runs and one waiting in its channel (CPython keeps one extra call
  /// queued too), so that a worker never waits for the manager.
  static constexpr std::size_t kTasksInFlight = 2;

  std::mutex mutex_;  // guards queue_, idle_, shutdown_, broken_, each worker's
                      // in-flight list and counts, adding workers, closing channels
  std::deque<std::shared_ptr<TaskState>> queue_;
  /// Live workers with no task (and not retiring): a submitting thread or
  /// the manager takes one out to hand it a task.
  std::vector<Worker*> idle_;
  /// Every worker whose channel is open.
  std::vector<Worker*> members_;
  bool tell_pool_ = false;
  int stop_signal_ = 0;  // terminate_workers/kill_workers: the signal to send
  /// The forkserver start method's server, started with the first worker.
  struct Server {
    pid_t pid = -1;         // under mutex_ (stop_workers reads it)
    bool starting = false;  // under mutex_: the manager waits for its first byte
    UniqueFd control;       // the manager's: requests go here
  } server_;
  bool shutdown_ = false;
  std::string broken_;

  // Only the manager thread touches these (but see Worker's fields).
  std::deque<Worker> workers_;
  std::size_t workers_started_ = 0;

  // StartMethod::Mpi: the worker ranks leased, and the next to start.
  MpiWorld* mpi_ = nullptr;
  MpiWorld::Lease lease_;
  std::size_t next_rank_ = 0;
  bool mpi_failed_ = false;  // receiving failed: nothing more is waited for

  std::mutex join_mutex_;
  std::thread manager_;
};

std::shared_ptr<Pool> start_pool(const Options& options) {
  return std::make_shared<Pool>(options);
}
void enqueue(Pool& pool, std::shared_ptr<TaskState> task) { pool.enqueue(std::move(task)); }
void shutdown(Pool& pool, bool wait, bool cancel_futures) {
  pool.shutdown(wait, cancel_futures);
}
void stop_workers(Pool& pool, int signal, const char* how) { pool.stop_workers(signal, how); }

}  // namespace ppx::detail

namespace ppx {

ProcessPoolExecutor::ProcessPoolExecutor(Options options) {
  if (const char* channel = std::getenv(detail::kWorkerEnv);
      channel && *channel && !detail::in_worker_loop()) {
    std::fprintf(stderr,
                 "ppx: error: this process was started as a worker of a "
                 "ProcessPoolExecutor, and it created an executor before ppx::init(argc, "
                 "argv) ran. Either a namespace-scope variable (or a constructor function) "
                 "creates it while the program starts: move it into main, after "
                 "ppx::init (see picklint-side-effect-before-main); or main creates it "
                 "without calling ppx::init first: add ppx::init(argc, argv) as main's "
                 "first statement (see picklint-missing-worker-guard).\n");
    std::fflush(stderr);
    ::_exit(detail::kMissingGuardExit);
  }
  pool_ = detail::start_pool(options);
}

ProcessPoolExecutor::~ProcessPoolExecutor() {
  if (pool_) detail::shutdown(*pool_, /*wait=*/true, /*cancel_futures=*/false);
}

void ProcessPoolExecutor::shutdown(bool wait, bool cancel_futures) {
  detail::shutdown(*pool_, wait, cancel_futures);
}

void ProcessPoolExecutor::terminate_workers() {
  detail::stop_workers(*pool_, SIGTERM, "terminate_workers()");
}

void ProcessPoolExecutor::kill_workers() { detail::stop_workers(*pool_, SIGKILL, "kill_workers()"); }

}  // namespace ppx
