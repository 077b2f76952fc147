// ppx: a process-pool executor with the semantics of Python's
// concurrent.futures.ProcessPoolExecutor.
//
//   int square(int x) { return x * x; }
//
//   int main(int argc, char** argv) {
//     ppx::init(argc, argv);             // the worker guard: first statement
//     ppx::ProcessPoolExecutor pool;
//     ppx::Future<int> f = pool.submit(square, 7);  // pickled, run in a worker
//     for (int r : pool.map(square, std::vector{1, 2, 3})) ...
//     return f.get() == 49 ? 0 : 1;
//   }
//
// What can be submitted, and why the rest is refused, is stated once in
// docs/picklability.md; picklint's checks explain each refusal.
#ifndef PPX_PPX_HPP
#define PPX_PPX_HPP

#include <ppx/detail/callable.hpp>
#include <ppx/detail/core.hpp>
#include <ppx/detail/pickle.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <deque>
#include <iterator>
#include <ranges>
#include <memory>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace ppx {

/// The worker guard. Call it as the first statement of main. In the parent
/// it returns at once; in a spawned worker it runs the worker loop and never
/// returns.
void init(int argc, char** argv);

/// True in a process that ppx started as a worker (before ppx::init takes it over).
bool is_worker() noexcept;

/// How workers start (Python's multiprocessing start methods).
///   Spawn       each worker re-executes the program: its start-up code (the
///               namespace-scope initializers, main up to ppx::init) runs
///               again in every worker.
///   Fork        each worker is a copy of this process, made when the
///               executor is created; nothing runs again. Not with
///               max_tasks_per_child (a fork from a process with threads).
///   Forkserver  a server process re-executes the program once (its start-up
///               code runs again there, once per executor) and forks each
///               worker from its single thread: quick starts, and workers
///               can be replaced (max_tasks_per_child).
///   Mpi         the workers are the ranks of an MPI job: the program is
///               started with `mpiexec -n N ./prog`, every rank runs it (its
///               start-up code too), ppx::init makes ranks 1..N-1 workers and
///               rank 0 goes on as the parent. Started alone, the first such
///               executor spawns max_workers ranks (MPI_Comm_spawn), which
///               serve every later one. Needs the program linked with
///               ppx::mpi (built when MPI is found); the ranks may be on
///               other hosts. Not with max_tasks_per_child (a rank cannot be
///               replaced). As mpi4py.futures' MPIPoolExecutor.
enum class StartMethod { Spawn, Fork, Forkserver, Mpi };

/// What each worker runs once, before its first task: Python's initializer
/// and initargs. `ppx::initializer(fn, args...)` makes one; a plain function
/// (or a lambda without captures) that takes nothing converts to one. The
/// function and its arguments are pickled when it is made, as a task's are:
/// what cannot be pickled does not compile.
class Initializer {
 public:
  Initializer() = default;
  Initializer(std::nullptr_t) {}
  template <class F>
    requires std::is_convertible_v<F, void (*)()>
  Initializer(F fn);
  explicit operator bool() const { return !call_.empty(); }
  /// The pickled call, as a worker reads it; empty for none.
  const std::string& pickled() const { return call_; }

 private:
  template <class F, class... Args>
  friend Initializer make_initializer(F&& fn, Args&&... args);
  std::string call_;
};

struct Options {
  unsigned max_workers = 0;             ///< 0: one per available core
  StartMethod start_method = StartMethod::Spawn;
  std::size_t max_tasks_per_child = 0;  ///< 0: unlimited
  Initializer initializer;              ///< runs once in each worker before its first task
};

/// Base of every error ppx reports.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
/// A value or callable could not be pickled or unpickled.
struct PicklingError : Error {
  using Error::Error;
};
/// A worker died; every pending future gets this.
struct BrokenProcessPool : Error {
  using Error::Error;
};
/// The task threw: keeps the exception's type name and what().
struct RemoteError : Error {
  RemoteError(std::string type_name, std::string message)
      : Error(type_name + ": " + message),
        type_name_(std::move(type_name)),
        message_(std::move(message)) {}
  const std::string& type_name() const noexcept { return type_name_; }
  const std::string& message() const noexcept { return message_; }

 private:
  std::string type_name_;
  std::string message_;
};
/// The task was cancelled before it started.
struct CancelledError : Error {
  using Error::Error;
};
/// A wait, get or as_completed ran past its timeout.
struct TimeoutError : Error {
  using Error::Error;
};

namespace detail {
/// Writes what an exception escaping a done callback said to standard error.
void report_callback_failure(const char* what) noexcept;
[[noreturn]] void throw_timeout(const char* what);
}  // namespace detail

template <class T>
class Future;
namespace detail {
/// What ppx::wait and ppx::as_completed see of a Future: its task's state.
template <class T>
class FutureAccess {
 public:
  static const std::shared_ptr<TaskState>& state(const Future<T>& f) { return f.state_; }
};
}  // namespace detail

template <class T>
class Future {
 public:
  Future() = default;

  /// Blocks until the task is done; returns its result or rethrows its
  /// failure (RemoteError, BrokenProcessPool, CancelledError, PicklingError).
  T get() {
    state().wait();
    return value();
  }
  /// As get(), but throws TimeoutError if the task is not done within
  /// \p timeout (Python's result(timeout)); the task goes on.
  T get(std::chrono::nanoseconds timeout) {
    if (!state().wait_for(timeout)) detail::throw_timeout("ppx::Future::get: the task is not done");
    return value();
  }
  /// Blocks until the task is done; the failure it ended with, without
  /// throwing it, or null if it succeeded. Throws CancelledError if it was
  /// cancelled (as Python's exception()).
  std::exception_ptr exception() {
    state().wait();
    return error();
  }
  /// As exception(), but throws TimeoutError if the task is not done
  /// within \p timeout.
  std::exception_ptr exception(std::chrono::nanoseconds timeout) {
    if (!state().wait_for(timeout))
      detail::throw_timeout("ppx::Future::exception: the task is not done");
    return error();
  }
  /// True while a worker runs the task: it can no longer be cancelled.
  bool running() const { return state().running(); }
  bool cancelled() const { return state().cancelled(); }
  /// Calls fn(future) once the task is done: at once, in this thread, if it
  /// is done already; otherwise in the thread that completes it (the pool's
  /// manager thread, a thread that took the result, or one that cancelled
  /// it). Callbacks run in the order they were added. An exception that
  /// escapes fn is written to standard error and does not reach the pool.
  template <class Fn>
  void add_done_callback(Fn&& fn) {
    state();  // a Future with no task throws
    state_->on_done([fn = std::forward<Fn>(fn), self = *this]() mutable noexcept {
      try {
        fn(self);
      } catch (const std::exception& e) {
        detail::report_callback_failure(e.what());
      } catch (...) {
        detail::report_callback_failure("an exception that is not a std::exception");
      }
    });
  }

  /// True when done (finished, failed or cancelled) within the timeout.
  bool wait_for(std::chrono::nanoseconds timeout) const { return state().wait_for(timeout); }
  bool done() const { return state().done(); }
  /// Cancels the task if it has not started; true if it is (now) cancelled.
  bool cancel() { return state_ && state_->cancel(); }
  bool valid() const noexcept { return state_ != nullptr; }

 private:
  friend class ProcessPoolExecutor;
  template <class U>
  friend class detail::FutureAccess;
  explicit Future(std::shared_ptr<detail::TaskState> state) : state_(std::move(state)) {}
  const detail::TaskState& state() const {
    if (!state_) throw Error("ppx::Future has no task");
    return *state_;
  }
  /// After the task is done: its result, or its failure thrown.
  T value() {
    const detail::TaskState& s = state();
    if (const detail::TaskError& e = s.error()) detail::throw_task_error(e);
    if constexpr (!std::is_void_v<T> && !detail::picklable<T>) {
      detail::throw_pickling_error("the task's result type cannot be pickled");
    } else if constexpr (!std::is_void_v<T>) {
      try {
        detail::Reader reader(s.result());
        return detail::Pickler<T>::load(reader.archive);
      } catch (const Error&) {
        throw;
      } catch (const std::exception& e) {
        detail::throw_pickling_error(std::string("cannot unpickle the task's result: ") +
                                     e.what());
      }
    }
  }
  std::exception_ptr error() const {
    const detail::TaskState& s = state();
    const detail::TaskError& e = s.error();
    if (!e) return nullptr;
    if (e.kind == detail::TaskError::Kind::Cancelled) detail::throw_task_error(e);
    try {
      detail::throw_task_error(e);
    } catch (...) {
      return std::current_exception();
    }
  }
  std::shared_ptr<detail::TaskState> state_;
};

// --- waiting for many futures (Python's wait and as_completed) -------------

/// When ppx::wait returns.
enum class ReturnWhen {
  FirstCompleted,  ///< as soon as any future is done (or cancelled)
  FirstException,  ///< as soon as any future fails; otherwise when all are done
  AllCompleted,    ///< when all are done
};

/// What ppx::wait returns: the futures that were done, and the others, each
/// in the order they were given (a future given twice appears once).
template <class T>
struct DoneAndNotDone {
  std::vector<Future<T>> done;
  std::vector<Future<T>> not_done;
};

namespace detail {
template <class F>
struct future_value;
template <class T>
struct future_value<Future<T>> {
  using type = T;
};
template <class Range>
using future_value_t = typename future_value<std::remove_cvref_t<std::ranges::range_value_t<Range>>>::type;

/// The futures a wait watches, each once, in the order given.
template <class T, class Range>
std::vector<Future<T>> unique_futures(Range&& futures) {
  std::vector<Future<T>> unique;
  std::vector<const TaskState*> seen;
  for (const Future<T>& f : futures) {
    const TaskState* s = FutureAccess<T>::state(f).get();
    if (!s) throw Error("ppx: a Future with no task cannot be waited for");
    if (std::find(seen.begin(), seen.end(), s) != seen.end()) continue;
    seen.push_back(s);
    unique.push_back(f);
  }
  return unique;
}

/// The done callbacks of a wait's futures report here, by index, in the
/// order the futures finished: no polling.
struct Completions {
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::size_t> finished;  // not yet taken
  std::size_t count = 0;             // finished in all
  bool failed = false;               // one of them failed (not cancelled)
};

template <class T>
std::shared_ptr<Completions> watch(const std::vector<Future<T>>& futures) {
  auto completions = std::make_shared<Completions>();
  for (std::size_t i = 0; i < futures.size(); ++i) {
    const std::shared_ptr<TaskState>& s = FutureAccess<T>::state(futures[i]);
    s->on_done([completions, i, state = s.get()] {
      const TaskError& e = state->error();  // settled: the task is done
      {
        std::lock_guard lock(completions->mutex);
        completions->finished.push_back(i);
        ++completions->count;
        if (e && e.kind != TaskError::Kind::Cancelled) completions->failed = true;
      }
      completions->changed.notify_all();
    });
  }
  return completions;
}

template <class T, class Range>
DoneAndNotDone<T> wait(Range&& futures, std::optional<std::chrono::nanoseconds> timeout,
                       ReturnWhen when) {
  std::vector<Future<T>> all = unique_futures<T>(std::forward<Range>(futures));
  Deadline deadline = deadline_after(timeout);
  std::shared_ptr<Completions> c = watch(all);
  {
    std::unique_lock lock(c->mutex);
    auto enough = [&] {
      if (c->count == all.size()) return true;
      if (when == ReturnWhen::FirstCompleted) return c->count > 0;
      if (when == ReturnWhen::FirstException) return c->failed;
      return false;
    };
    if (deadline)
      c->changed.wait_until(lock, *deadline, enough);
    else
      c->changed.wait(lock, enough);
  }
  DoneAndNotDone<T> result;
  for (Future<T>& f : all) (f.done() ? result.done : result.not_done).push_back(std::move(f));
  return result;
}
}  // namespace detail

/// Waits for the futures (any range of Future<T>) until \p when is met, and
/// returns the done and the not-done ones. Waits on the futures' own
/// notifications; never polls.
template <class Range>
DoneAndNotDone<detail::future_value_t<Range>> wait(Range&& futures,
                                                   ReturnWhen when = ReturnWhen::AllCompleted) {
  return detail::wait<detail::future_value_t<Range>>(std::forward<Range>(futures), std::nullopt,
                                                     when);
}
/// As wait(futures, when), but returns when \p timeout has passed, even if
/// \p when is not met (as Python's: no exception).
template <class Range>
DoneAndNotDone<detail::future_value_t<Range>> wait(Range&& futures,
                                                   std::chrono::nanoseconds timeout,
                                                   ReturnWhen when = ReturnWhen::AllCompleted) {
  return detail::wait<detail::future_value_t<Range>>(std::forward<Range>(futures), timeout, when);
}

/// The futures given to ppx::as_completed, as an input range that yields
/// each as it finishes (those done already first). Iterating past the
/// timeout, measured from the as_completed call, throws TimeoutError.
template <class T>
class AsCompleted {
 public:
  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Future<T>;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    Future<T>& operator*() const { return owner_->current_; }
    Future<T>* operator->() const { return &owner_->current_; }
    iterator& operator++() {
      owner_->advance();
      return *this;
    }
    void operator++(int) { ++*this; }
    bool operator==(std::default_sentinel_t) const { return owner_->ended_; }

   private:
    friend class AsCompleted;
    explicit iterator(AsCompleted* owner) : owner_(owner) {}
    AsCompleted* owner_ = nullptr;
  };

  AsCompleted(std::vector<Future<T>> futures, std::optional<std::chrono::nanoseconds> timeout)
      : futures_(std::move(futures)),
        deadline_(detail::deadline_after(timeout)),
        completions_(detail::watch(futures_)) {}
  AsCompleted(const AsCompleted&) = delete;
  AsCompleted& operator=(const AsCompleted&) = delete;

  /// Waits for the first future to finish (read once: an input range).
  iterator begin() {
    if (!started_) {
      started_ = true;
      advance();
    }
    return iterator(this);
  }
  std::default_sentinel_t end() const { return {}; }
  std::size_t size() const { return futures_.size(); }

 private:
  void advance() {
    if (yielded_ == futures_.size()) {
      ended_ = true;
      return;
    }
    std::unique_lock lock(completions_->mutex);
    auto ready = [&] { return !completions_->finished.empty(); };
    if (deadline_) {
      if (!completions_->changed.wait_until(lock, *deadline_, ready)) {
        std::string what = "ppx::as_completed: " + std::to_string(futures_.size() - yielded_) +
                           " (of " + std::to_string(futures_.size()) +
                           ") futures unfinished";
        lock.unlock();
        detail::throw_timeout(what.c_str());
      }
    } else {
      completions_->changed.wait(lock, ready);
    }
    current_ = futures_[completions_->finished.front()];
    completions_->finished.pop_front();
    ++yielded_;
  }

  std::vector<Future<T>> futures_;
  detail::Deadline deadline_;
  std::shared_ptr<detail::Completions> completions_;
  Future<T> current_;
  std::size_t yielded_ = 0;
  bool started_ = false;
  bool ended_ = false;
};

/// The futures (any range of Future<T>), yielded as they finish.
template <class Range>
AsCompleted<detail::future_value_t<Range>> as_completed(Range&& futures) {
  using T = detail::future_value_t<Range>;
  return AsCompleted<T>(detail::unique_futures<T>(std::forward<Range>(futures)), std::nullopt);
}
/// As as_completed(futures), with a timeout measured from this call.
template <class Range>
AsCompleted<detail::future_value_t<Range>> as_completed(Range&& futures,
                                                        std::chrono::nanoseconds timeout) {
  using T = detail::future_value_t<Range>;
  return AsCompleted<T>(detail::unique_futures<T>(std::forward<Range>(futures)), timeout);
}

/// How ProcessPoolExecutor::map sends its inputs and waits for its results
/// (Python's map keyword arguments).
struct MapOptions {
  /// Inputs per message (>= 1).
  std::size_t chunksize = 1;
  /// Iteration throws TimeoutError if a result is not ready this long after
  /// the map call (not after each result), as Python's.
  std::optional<std::chrono::nanoseconds> timeout;
  /// At most this many chunks are submitted and not yet read: the inputs are
  /// read as the results are (an endless range works). 0: every input is read
  /// and submitted by the call (Python's buffersize=None).
  std::size_t buffersize = 0;
};

/// The results of ProcessPoolExecutor::map: an input range that yields each
/// result in input order, waiting for it when needed, and rethrows a task's
/// failure when iteration reaches it.
template <class R>
class MapResults {
 public:
  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = R;
    using difference_type = std::ptrdiff_t;
    using pointer = const R*;
    using reference = const R&;

    iterator() = default;
    reference operator*() const { return owner_->at(index_); }
    pointer operator->() const { return &owner_->at(index_); }
    iterator& operator++() {
      ++index_;
      return *this;
    }
    void operator++(int) { ++index_; }
    friend bool operator==(const iterator& a, const iterator& b) {
      if (a.end_ != b.end_) return (a.end_ ? b : a).past_last();
      return a.index_ == b.index_;
    }
    friend bool operator!=(const iterator& a, const iterator& b) { return !(a == b); }

   private:
    friend class MapResults;
    iterator(MapResults* owner, std::size_t index, bool end = false)
        : owner_(owner), index_(index), end_(end) {}
    bool past_last() const { return owner_->past_last(index_); }
    MapResults* owner_ = nullptr;
    std::size_t index_ = 0;
    bool end_ = false;  // end(): equal to an iterator past the last input
  };

  MapResults() = default;
  MapResults(MapResults&&) = default;
  MapResults& operator=(MapResults&&) = default;
  /// As Python's map iterator when it is closed: the chunks not yet read are
  /// cancelled if they have not started.
  ~MapResults() {
    for (std::size_t i = next_chunk_; i < chunks_.size(); ++i)
      if (chunks_[i].state) chunks_[i].state->cancel();
  }

  iterator begin() { return iterator(this, 0); }
  iterator end() { return iterator(this, 0, /*end=*/true); }
  /// The number of inputs read so far: all of them, unless buffersize is set.
  std::size_t size() const { return size_; }
  /// Waits for every result and returns them in input order.
  std::vector<R> to_vector() {
    std::vector<R> all;
    all.reserve(size_);
    for (const R& r : *this) all.push_back(r);
    return all;
  }

 private:
  friend class ProcessPoolExecutor;
  struct Chunk {
    std::shared_ptr<detail::TaskState> state;
    std::size_t first = 0, count = 0;
  };
  const R& at(std::size_t index) {
    if (index < loaded_begin_ || (failed_ && index >= loaded_end_))
      throw Error("ppx::MapResults are read once, in order");
    while (index >= loaded_end_) load_next();
    return buffer_[index - loaded_begin_];
  }
  /// True if \p index is past the last input (reading more inputs to know).
  bool past_last(std::size_t index) {
    while (index >= size_ && refill_ && refill_(*this)) {
    }
    return index >= size_;
  }
  void load_next() {
    while (next_chunk_ >= chunks_.size() && refill_ && refill_(*this)) {
    }
    Chunk chunk = chunks_.at(next_chunk_++);  // a copy: refilling may grow chunks_
    // Its place in the buffer goes to the next chunk of inputs.
    if (refill_ && !refill_(*this)) refill_ = nullptr;
    if (deadline_) {
      auto left = *deadline_ - std::chrono::steady_clock::now();
      if (!chunk.state->wait_for(std::max(left, decltype(left)::zero())))
        detail::throw_timeout("ppx::ProcessPoolExecutor::map: a result was not ready within "
                              "the timeout");
    } else {
      chunk.state->wait();
    }
    if (const detail::TaskError& e = chunk.state->error()) {
      failed_ = true;
      detail::throw_task_error(e);
    }
    buffer_.clear();
    // Until the chunk is loaded, it counts as failed: a result that cannot
    // be unpickled ends the iteration as a task's failure does (the results
    // after it are read once, in order, so never).
    failed_ = true;
    loaded_begin_ = loaded_end_ = chunk.first + chunk.count;
    if constexpr (!detail::picklable<R>) {
      detail::throw_pickling_error("the map's result type cannot be pickled");
    } else {
      try {
        detail::Reader reader(chunk.state->result());
        detail::load_values<R>(reader, chunk.count, buffer_, "a map result");
      } catch (...) {
        buffer_.clear();
        detail::throw_pickling_error("cannot unpickle a map result: " +
                                     detail::current_exception_text());
      }
    }
    failed_ = false;
    loaded_begin_ = chunk.first;
    loaded_end_ = chunk.first + chunk.count;
  }
  std::vector<Chunk> chunks_;
  /// With buffersize: reads the next chunk of inputs and submits it; false
  /// once the inputs are exhausted.
  std::function<bool(MapResults&)> refill_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  bool failed_ = false;
  std::size_t size_ = 0;
  std::size_t next_chunk_ = 0;
  std::size_t loaded_begin_ = 0, loaded_end_ = 0;
  // Not vector<bool>: it has no bool& to hand out.
  std::conditional_t<std::is_same_v<R, bool>, std::deque<R>, std::vector<R>> buffer_;
};

namespace detail {

/// Turns each broken rule of a submission into a compile error that says
/// what is wrong, how to fix it, and which picklint check explains it.
/// Under clang-tidy (__clang_analyzer__) the checks stay silent here, so that
/// picklint's diagnostics, which point at the cause, are the ones shown.
template <class Rules>
constexpr void refuse() {
#if !defined(__clang_analyzer__)
  static_assert(Rules::callable_ok,
                "ppx: the task's callable cannot be pickled: it is a lambda with captures, "
                "a std::function or another callable object with state. Pass the captured "
                "values as task arguments and submit a function or a lambda without "
                "captures. [picklint-lambda-capture]");
  static_assert(Rules::receiver_not_pointer,
                "ppx: the object of a submitted member function is passed by pointer, and a "
                "pointer means nothing in a worker process. Pass the object itself: it is "
                "pickled by value. [picklint-unpicklable-receiver]");
  static_assert(Rules::receiver_ok,
                "ppx: the object of a submitted member function cannot be pickled: its type "
                "has no cereal serialize/save/load (or no default constructor), or holds "
                "something that cannot cross, such as a handle. Give it a serialize function "
                "that saves what the worker needs to rebuild it (a path, not a connection). "
                "[picklint-unpicklable-receiver]");
  static_assert(Rules::args_not_pointers,
                "ppx: a task argument is a raw pointer (or an array, which decays to one), "
                "and a pointer means nothing in a worker process. Pass the value itself. "
                "[picklint-unpicklable-argument]");
  static_assert(Rules::args_ok,
                "ppx: a task argument cannot be pickled: its type has no cereal "
                "serialize/save/load (or no default constructor), or contains a raw pointer, "
                "a handle or a std::function. Add a serialize function, or pass the data the "
                "task needs. [picklint-unpicklable-argument]");
  static_assert(Rules::invocable,
                "ppx: the task's callable cannot be called with these arguments (after they "
                "are decayed and copied, as the worker receives them).");
  static_assert(Rules::result_ok,
                "ppx: the task's result cannot be pickled back to the parent: its type has "
                "no cereal serialize/save/load, or is a raw pointer or a handle. Return a "
                "value. [picklint-unpicklable-argument]");
#endif
}

/// Reads a pickled call, the callable and then its arguments, in a worker;
/// \p doing names it in the error if it cannot be unpickled.
template <class F, class... Stored>
std::pair<F, std::tuple<Stored...>> load_call(Reader& in, const char* doing) {
  return pickling_step(doing, [&] {
    F callable = CallablePickler<F>::load(in.archive);
    // Braced initialization reads the arguments in order.
    return std::pair<F, std::tuple<Stored...>>(
        callable, std::tuple<Stored...>{Pickler<Stored>::load(in.archive)...});
  });
}

/// A worker runs its initializer: the call is read as a task's is; what it
/// returns is dropped, as Python does.
template <class F, class... Stored>
void run_initializer_call(Reader& in, MessageBuilder&) {
  auto call = load_call<F, Stored...>(in, "cannot unpickle the initializer in the worker");
  std::apply([&](Stored&... a) { std::invoke(call.first, std::move(a)...); }, call.second);
}

/// The rules of an initializer: a task's, but its result never crosses.
template <class F, class... Stored>
struct InitializerRules : SubmissionRules<F, Stored...> {
  using Task = SubmissionRules<F, Stored...>;
  static constexpr bool result_ok = true;
  static constexpr bool ok = Task::callable_ok && Task::receiver_not_pointer &&
                             Task::receiver_ok && Task::args_not_pointers && Task::args_ok &&
                             Task::invocable;
};

template <class F, class... Stored>
void run_task(Reader& in, MessageBuilder& out) {
  auto task = load_call<F, Stored...>(in, "cannot unpickle the task in the worker");
  auto& [fn, args] = task;
  using R = result_t<F, Stored...>;
  auto call = [&fn = fn, &args = args]() -> decltype(auto) {
    return std::apply(
        [&](Stored&... a) -> decltype(auto) { return std::invoke(fn, std::move(a)...); }, args);
  };
  if constexpr (std::is_void_v<R>) {
    call();
  } else {
    R result = call();
    pickling_step("cannot pickle the task's result", [&] {
      Writer writer(out);
      Pickler<R>::save(writer.archive, result);
    });
  }
}

/// True if a T pickles to no bytes at all (an empty type, say).
template <class T>
bool pickles_to_nothing() {
  std::string bytes;
  Writer writer(bytes);
  Pickler<T>::save(writer.archive, T{});
  return bytes.empty();
}

template <class F, class T>
void run_chunk(Reader& in, MessageBuilder& out) {
  auto chunk = pickling_step("cannot unpickle the map chunk in the worker", [&] {
    F callable = CallablePickler<F>::load(in.archive);
    std::uint64_t count = 0;
    in.archive(count);
    // Every element takes at least a byte, unless its type pickles to
    // nothing: a count cannot make the worker allocate for what is not there.
    if (count > in.remaining() && (count > (std::uint64_t(1) << 24) || !pickles_to_nothing<T>()))
      throw_pickling_error("a map chunk announces " + std::to_string(count) +
                           " values in " + std::to_string(in.remaining()) + " bytes");
    std::vector<T> values;
    load_values<T>(in, count, values, "a map chunk");
    return std::pair<F, std::vector<T>>(callable, std::move(values));
  });
  auto& [fn, inputs] = chunk;
  using R = result_t<F, T>;
  std::vector<R> results;
  results.reserve(inputs.size());
  for (auto&& input : inputs) results.push_back(std::invoke(fn, T(std::move(input))));
  pickling_step("cannot pickle the map's results", [&] {
    Writer writer(out);
    save_values(writer.archive, results);
  });
}

/// map over several ranges: each input is one value of each range, pickled
/// one after the other; fn gets them as its arguments.
template <class F, class... Ts>
void run_zip_chunk(Reader& in, MessageBuilder& out) {
  auto chunk = pickling_step("cannot unpickle the map chunk in the worker", [&] {
    F callable = CallablePickler<F>::load(in.archive);
    std::uint64_t count = 0;
    in.archive(count);
    if (count > in.remaining() &&
        (count > (std::uint64_t(1) << 24) || !(pickles_to_nothing<Ts>() && ...)))
      throw_pickling_error("a map chunk announces " + std::to_string(count) +
                           " inputs in " + std::to_string(in.remaining()) + " bytes");
    std::vector<std::tuple<Ts...>> values;
    values.reserve(static_cast<std::size_t>(count));
    // Braced initialization reads each input's values in order.
    for (std::uint64_t i = 0; i < count; ++i)
      values.push_back(std::tuple<Ts...>{Pickler<Ts>::load(in.archive)...});
    if (in.remaining() != 0)
      throw_pickling_error("a map chunk has " + std::to_string(in.remaining()) +
                           " bytes after its inputs");
    return std::pair<F, std::vector<std::tuple<Ts...>>>(callable, std::move(values));
  });
  auto& [fn, inputs] = chunk;
  using R = result_t<F, Ts...>;
  std::vector<R> results;
  results.reserve(inputs.size());
  for (auto& input : inputs)
    results.push_back(std::apply(
        [&fn = fn](Ts&... a) -> R { return std::invoke(fn, std::move(a)...); }, input));
  pickling_step("cannot pickle the map's results", [&] {
    Writer writer(out);
    save_values(writer.archive, results);
  });
}

/// Saves one zipped input: its values in order.
template <class... Ts>
void save_zipped(cereal::BinaryOutputArchive& ar, const std::tuple<Ts...>& input) {
  std::apply([&](const Ts&... v) { (Pickler<Ts>::save(ar, v), ...); }, input);
}

/// True if \p it has reached \p end for any of the ranges (map stops at the
/// shortest, as Python's).
template <class Its, class Ends>
bool any_at_end(const Its& its, const Ends& ends) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return ((std::get<I>(its) == std::get<I>(ends)) || ...);
  }(std::make_index_sequence<std::tuple_size_v<Its>>{});
}

template <class F>
Message request_for(Trampoline trampoline, const F& fn, auto&&... save_rest) {
  MessageBuilder request;
  {
    Writer writer(request);
    writer.archive(function_ref(reinterpret_cast<const void*>(trampoline)));
    CallablePickler<F>::save(writer.archive, fn);
    (save_rest(writer.archive), ...);
  }
  return request.take();
}

}  // namespace detail

/// Not named initializer: picklint judges the user's ppx::initializer call.
template <class F, class... Args>
Initializer make_initializer(F&& fn, Args&&... args) {
  using Fn = std::decay_t<F>;
  using Rules = detail::InitializerRules<Fn, detail::stored_t<Args>...>;
  Initializer result;
  if constexpr (!Rules::ok) {
    detail::refuse<Rules>();
  } else {
    const Fn& callable = fn;
    try {
      detail::Message call = detail::request_for(
          detail::registered_trampoline<
              &detail::run_initializer_call<Fn, detail::stored_t<Args>...>>(),
          callable, [&](cereal::BinaryOutputArchive& ar) {
            (detail::Pickler<detail::stored_t<Args>>::save(
                 ar, detail::to_stored<detail::stored_t<Args>>(std::forward<Args>(args))),
             ...);
          });
      result.call_.assign(call.view());
    } catch (const Error&) {
      throw;
    } catch (const std::exception& e) {
      detail::throw_pickling_error(std::string("cannot pickle the initializer: ") + e.what());
    }
  }
  return result;
}

/// The initializer fn(args...), for Options::initializer (Python's
/// initializer=fn, initargs=(args...)): each worker calls it once, before its
/// first task, with its own copy of the arguments; what it returns is
/// dropped. If it throws, the pool is broken and says why.
template <class F, class... Args>
Initializer initializer(F&& fn, Args&&... args) {
  return make_initializer(std::forward<F>(fn), std::forward<Args>(args)...);
}

template <class F>
  requires std::is_convertible_v<F, void (*)()>
Initializer::Initializer(F fn) {
  if (void (*function)() = fn) *this = make_initializer(function);
}

class ProcessPoolExecutor {
 public:
  explicit ProcessPoolExecutor(Options options = {});
  ~ProcessPoolExecutor();  // shutdown(true)
  ProcessPoolExecutor(const ProcessPoolExecutor&) = delete;
  ProcessPoolExecutor& operator=(const ProcessPoolExecutor&) = delete;

  /// Schedules fn(args...) in a worker. The callable and the arguments are
  /// pickled now: what cannot be pickled is refused at compile time.
  template <class F, class... Args>
  auto submit(F&& fn, Args&&... args)
      -> Future<detail::result_t<std::decay_t<F>, detail::stored_t<Args>...>> {
    using Fn = std::decay_t<F>;
    using Rules = detail::SubmissionRules<Fn, detail::stored_t<Args>...>;
    using R = detail::result_t<Fn, detail::stored_t<Args>...>;
    if constexpr (!Rules::ok) {
      detail::refuse<Rules>();
      return {};
    } else {
      const Fn& callable = fn;
      detail::Message request;
      try {
        request = detail::request_for(
            detail::registered_trampoline<&detail::run_task<Fn, detail::stored_t<Args>...>>(),
            callable,
                                      [&](cereal::BinaryOutputArchive& ar) {
                                        (detail::Pickler<detail::stored_t<Args>>::save(
                                             ar, detail::to_stored<detail::stored_t<Args>>(
                                                     std::forward<Args>(args))),
                                         ...);
                                      });
      } catch (const Error&) {
        throw;
      } catch (const std::exception& e) {
        detail::throw_pickling_error(std::string("cannot pickle the task: ") + e.what());
      }
      auto state = std::make_shared<detail::TaskState>(std::move(request));
      detail::enqueue(*pool_, state);
      return Future<R>(std::move(state));
    }
  }

  /// fn applied to every element of inputs, in workers; the results come back
  /// in input order. Inputs are sent chunksize at a time, one message each.
  template <class F, class Range>
  auto map(F&& fn, Range&& inputs, std::size_t chunksize = 1) {
    MapOptions options;
    options.chunksize = chunksize;
    return map_with(std::forward<F>(fn), options, std::forward<Range>(inputs));
  }

  /// As map(fn, inputs, chunksize), with Python's timeout and buffersize.
  template <class F, class Range>
  auto map(F&& fn, Range&& inputs, const MapOptions& options) {
    return map_with(std::forward<F>(fn), options, std::forward<Range>(inputs));
  }

  /// Python's map(fn, *iterables): fn(a, b, ...) for a value of each range
  /// in turn, stopping at the end of the shortest. The last argument may be
  /// the chunksize or a MapOptions (written out: `ppx::MapOptions{...}`).
  template <class F, class Range, class Range2, class... More>
    requires std::ranges::input_range<Range2>
  auto map(F&& fn, Range&& inputs, Range2&& inputs2, More&&... more) {
    constexpr std::size_t n = 2 + sizeof...(More);
    auto all = std::forward_as_tuple(std::forward<Range>(inputs), std::forward<Range2>(inputs2),
                                     std::forward<More>(more)...);
    using Last = std::remove_cvref_t<std::tuple_element_t<n - 1, decltype(all)>>;
    if constexpr (std::is_same_v<Last, MapOptions> || std::is_integral_v<Last>) {
      MapOptions options;
      if constexpr (std::is_same_v<Last, MapOptions>)
        options = std::get<n - 1>(all);
      else if (std::get<n - 1>(all) > 0)  // else 0, refused: never a huge count from -1
        options.chunksize = static_cast<std::size_t>(std::get<n - 1>(all));
      else
        options.chunksize = 0;
      return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return map_with(std::forward<F>(fn), options, std::get<I>(std::move(all))...);
      }(std::make_index_sequence<n - 1>{});
    } else {
      return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return map_with(std::forward<F>(fn), MapOptions{}, std::get<I>(std::move(all))...);
      }(std::make_index_sequence<n>{});
    }
  }

  /// Stops accepting work. wait: block until every pending task has run and
  /// the workers have exited. cancel_futures: cancel the tasks not started.
  void shutdown(bool wait = true, bool cancel_futures = false);

  /// Python 3.14's: ends the workers at once. Tasks no worker has taken are
  /// cancelled; the running ones fail with BrokenProcessPool; every worker
  /// gets SIGTERM (a worker still there after 5 s gets SIGKILL); the pool is
  /// shut down and broken. Returns without waiting; the destructor (or
  /// shutdown(true)) waits until every worker is reaped.
  void terminate_workers();
  /// As terminate_workers(), with SIGKILL.
  void kill_workers();

 private:
  // Not named map: picklint reports the user's map call, not this one.
  template <class F, class... Ranges>
  auto map_with(F&& fn, const MapOptions& options, Ranges&&... inputs) {
    using Fn = std::decay_t<F>;
    constexpr bool zipped = sizeof...(Ranges) > 1;
    using Rules = detail::SubmissionRules<Fn, detail::stored_t<std::ranges::range_value_t<Ranges>>...>;
    using R = detail::result_t<Fn, detail::stored_t<std::ranges::range_value_t<Ranges>>...>;
    static_assert(!std::is_void_v<R> || !Rules::invocable,
                  "ppx: map needs a function that returns a value; use submit for tasks "
                  "that return nothing.");
    using Results = MapResults<std::conditional_t<std::is_void_v<R>, int, R>>;
    Results results;
    if constexpr (!Rules::ok || std::is_void_v<R>) {
      detail::refuse<Rules>();
      return results;
    } else {
      if (options.chunksize == 0)
        throw Error("ppx::ProcessPoolExecutor::map: chunksize must be >= 1");
      results.deadline_ = detail::deadline_after(options.timeout);
      // One range: a chunk is its values (a block, for numbers); several:
      // one tuple per input, a value of each range.
      using Input = std::conditional_t<
          zipped, std::tuple<detail::stored_t<std::ranges::range_value_t<Ranges>>...>,
          std::tuple_element_t<0, std::tuple<detail::stored_t<std::ranges::range_value_t<Ranges>>...>>>;
      // Named here, not in the generic lambda below: GCC instantiates a
      // trampoline named only there too late for its start-up registration.
      detail::Trampoline trampoline;
      if constexpr (zipped)
        trampoline = detail::registered_trampoline<
            &detail::run_zip_chunk<Fn, detail::stored_t<std::ranges::range_value_t<Ranges>>...>>();
      else
        trampoline = detail::registered_trampoline<&detail::run_chunk<Fn, Input>>();
      // Reads up to chunksize inputs from the ranges' positions \p its (up
      // to the shortest's end) and submits them as one task; false if there
      // were none.
      auto submit_chunk = [pool = pool_, fn = Fn(fn), chunksize = options.chunksize, trampoline](
                              auto& its, const auto& ends, Results& into) -> bool {
        std::vector<Input> chunk;
        while (chunk.size() < chunksize && !detail::any_at_end(its, ends)) {
          chunk.push_back(std::apply(
              [](auto&... it) {
                if constexpr (zipped)
                  return Input{detail::to_stored<detail::stored_t<std::ranges::range_value_t<Ranges>>>(*it)...};
                else
                  return detail::to_stored<Input>(*it...);
              },
              its));
          std::apply([](auto&... it) { (++it, ...); }, its);
        }
        if (chunk.empty()) return false;
        detail::Message request;
        try {
          request = detail::request_for(trampoline, fn, [&](cereal::BinaryOutputArchive& ar) {
            ar(static_cast<std::uint64_t>(chunk.size()));
            if constexpr (zipped)
              for (const Input& input : chunk) detail::save_zipped(ar, input);
            else
              detail::save_values(ar, chunk);
          });
        } catch (const Error&) {
          throw;
        } catch (const std::exception& e) {
          detail::throw_pickling_error(std::string("cannot pickle a map chunk: ") + e.what());
        }
        auto state = std::make_shared<detail::TaskState>(std::move(request));
        detail::enqueue(*pool, state);
        into.chunks_.push_back({std::move(state), into.size_, chunk.size()});
        into.size_ += chunk.size();
        return true;
      };
      if (options.buffersize == 0) {
        auto its = std::tuple{std::ranges::begin(inputs)...};
        auto ends = std::tuple{std::ranges::end(inputs)...};
        while (submit_chunk(its, ends, results)) {
        }
        return results;
      }
      // Read as the results are: the ranges (owned if they were temporaries)
      // and their positions live on the heap, where the iterators stay valid.
      struct Source {
        explicit Source(Ranges&&... r) : views(std::views::all(std::forward<Ranges>(r))...) {}
        std::tuple<decltype(std::views::all(std::declval<Ranges>()))...> views;
        std::tuple<std::ranges::iterator_t<decltype(std::views::all(std::declval<Ranges>()))>...> its;
      };
      auto source = std::make_shared<Source>(std::forward<Ranges>(inputs)...);
      source->its = std::apply([](auto&... v) { return std::tuple{std::ranges::begin(v)...}; },
                               source->views);
      results.refill_ = [source, submit_chunk](Results& into) mutable {
        auto ends = std::apply([](auto&... v) { return std::tuple{std::ranges::end(v)...}; },
                               source->views);
        return submit_chunk(source->its, ends, into);
      };
      for (std::size_t i = 0; i < options.buffersize; ++i)
        if (!results.refill_(results)) {
          results.refill_ = nullptr;
          break;
        }
      return results;
    }
  }

  std::shared_ptr<detail::Pool> pool_;
};

}  // namespace ppx

#endif  // PPX_PPX_HPP
