// The type-erased core of the executor: task states and the process pool.
// Templates in ppx.hpp pickle a task into bytes; everything below works on
// bytes and lives in the library (runtime/src).
#ifndef PPX_DETAIL_CORE_HPP
#define PPX_DETAIL_CORE_HPP

#include <ppx/detail/message.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace ppx {
struct Options;
}

namespace ppx::detail {

struct Reader;

/// Thrown in a worker when the task cannot be unpickled or its result cannot
/// be pickled: reported to the parent as PicklingError, unlike the task's own
/// exceptions, which become RemoteError.
struct TaskPicklingFailure {
  std::string what;
};

/// The exception being handled, for a message: "what()" for a
/// std::exception, "an exception of type <T>" for anything else.
std::string current_exception_text();

/// Runs \p step; any exception it throws, standard or not, becomes a
/// TaskPicklingFailure: the task did not run, so it is never a RemoteError.
template <class Step>
decltype(auto) pickling_step(const char* doing, Step&& step) {
  try {
    return step();
  } catch (...) {
    throw TaskPicklingFailure{std::string(doing) + ": " + current_exception_text()};
  }
}

/// Runs one pickled task in a worker: reads the callable and arguments from
/// the reader, writes the pickled result to out.
using Trampoline = void (*)(Reader& in, MessageBuilder& out);

/// Adds a trampoline to the list a worker checks frames against (the
/// fallback of TrampolineEntry where a compiler ignores its section).
void register_trampoline(Trampoline trampoline) noexcept;

/// The trampolines a program has are listed at compile time, one entry per
/// instantiation, in its ppx_trampolines section; a worker runs only what it
/// finds there (runtime/src/function_ref.cpp). A section named like a C
/// identifier is left alone by AddressSanitizer's global redzones.
template <Trampoline T>
struct TrampolineEntry {
#if defined(__clang__)
  [[gnu::used, gnu::section("ppx_trampolines")]] static inline const Trampoline address = T;
#else
  // GCC (12, at least) ignores a section attribute on a template's member:
  // there, the entry registers itself while the program starts.
  static inline const Trampoline address = (register_trampoline(T), T);
#endif
};

/// T, read from its entry: the read keeps the entry wherever the submission
/// is, whatever the optimizer and the linker's garbage collection do.
template <Trampoline T>
Trampoline registered_trampoline() {
  return *static_cast<const volatile Trampoline*>(&TrampolineEntry<T>::address);
}

struct FunctionRef;
/// The trampoline a task frame names; throws PicklingError unless it is one
/// of the program's entries.
Trampoline resolve_trampoline(const FunctionRef& ref);

/// Why a task failed, as plain data. The exception is made by the thread
/// that throws it (Future::get, map's results), so no exception object is
/// ever shared between threads, and each caller gets its own.
struct TaskError {
  enum class Kind { None, Remote, Pickling, Broken, Cancelled };
  Kind kind = Kind::None;
  std::string type;     // Remote: the task's exception type
  std::string message;
  explicit operator bool() const { return kind != Kind::None; }
};
/// Throws the ppx exception \p error describes.
[[noreturn]] void throw_task_error(const TaskError& error);

/// Shared memory between the parent and one worker: a word for each task
/// sent to the worker and not yet answered, so that a task waiting in the
/// worker's channel can still be cancelled exactly, and its answer can reach
/// a waiting caller without a hop through the pool's manager thread.
///
/// The word holds the task's sequence number on that worker, a state, and a
/// bit saying that a thread of the parent sleeps on the word (a futex):
///   Sent      written by the parent before it sends the task;
///   Taken     the worker took it (a compare-and-swap from Sent);
///   Cancelled cancel() won it first (a compare-and-swap from Sent);
///   Answered  the worker answered with a frame on the channel, which the
///             pool's manager reads to finish the task;
///   Delivered the worker found a thread asleep on the word and left it the
///             small result beside the word (answer(seq)), with no frame:
///             the manager is not woken for it;
///   Consumed  that thread copied the result out and finished the task. The
///             pool counts such a task off when it next looks at the worker;
///             until then the slot is not reused, so the copy is whole.
/// Whoever changes a word whose Waiting bit is set wakes its sleepers.
struct ControlBlock {
  static constexpr std::size_t kSlots = 64;
  /// A pickled result up to this size is also written beside its slot.
  static constexpr std::uint32_t kInlineAnswer = 240;
  /// answer(seq).size when the result is not beside the slot.
  static constexpr std::uint32_t kNotInline = ~std::uint32_t(0);
  enum SlotState : std::uint64_t {
    Sent = 0, Taken = 1, Cancelled = 2, Answered = 3, Delivered = 4, Consumed = 5
  };
  static constexpr std::uint64_t kStateMask = 7;
  static constexpr std::uint64_t kWaiting = 8;
  static constexpr std::uint64_t word(std::uint64_t seq, SlotState state) {
    return seq << 4 | state;
  }
  static constexpr std::uint64_t seq_of(std::uint64_t word) { return word >> 4; }
  static constexpr SlotState state_of(std::uint64_t word) {
    return static_cast<SlotState>(word & kStateMask);
  }
  /// mode: the pool wants to hear of every answer now (tasks wait for room,
  /// or it shuts down): a thread that consumes a delivered answer wakes the
  /// manager. It reads the flag after it changed the word, and the pool sets
  /// the flag before it looks at the words: one of them sees the other.
  static constexpr std::uint32_t kTellPool = 1;
  /// mode: never Delivered (the pool counts each task: max_tasks_per_child).
  static constexpr std::uint32_t kNoDelivery = 2;
  struct Answer {
    std::uint32_t size;
    char bytes[kInlineAnswer];
  };
  std::atomic<std::uint64_t>& slot(std::uint64_t seq) { return slots[seq % kSlots]; }
  Answer& answer(std::uint64_t seq) { return answers[seq % kSlots]; }
  /// A copy of the result delivered beside task \p seq's word (read while
  /// the word says Delivered). A size out of bounds is a worker breaking the
  /// format: the copy is empty and fails to unpickle, as any malformed
  /// result does.
  std::string delivered_bytes(std::uint64_t seq) const {
    const Answer& a = answers[seq % kSlots];
    std::uint32_t size = a.size;
    return std::string(a.bytes, size <= kInlineAnswer ? size : 0);
  }
  /// Takes the Waiting mark off \p slot, whose value was \p word, and wakes
  /// its sleepers; false (and \p word reloaded) if the word changed first.
  static bool unmark_and_wake(std::atomic<std::uint64_t>& slot, std::uint64_t& word);
  std::atomic<std::uint64_t> slots[kSlots];
  std::atomic<std::uint32_t> mode;
  Answer answers[kSlots];
};
// Atomics in memory two processes map must not hide a lock.
static_assert(std::atomic<std::uint64_t>::is_always_lock_free);
static_assert(std::atomic<std::uint32_t>::is_always_lock_free);

/// A point in time to wait until; none: wait without a limit.
using Deadline = std::optional<std::chrono::steady_clock::time_point>;
/// \p timeout from now; none for no timeout, or one too long to add to now
/// (it would overflow: a year is as good as forever here).
inline Deadline deadline_after(std::optional<std::chrono::nanoseconds> timeout) {
  if (!timeout || *timeout > std::chrono::hours(24 * 365)) return std::nullopt;
  return std::chrono::steady_clock::now() +
         std::chrono::duration_cast<std::chrono::steady_clock::duration>(*timeout);
}

/// Wakes a pool's manager thread; shared by the pool and the tasks sent
/// with a control block (a consumer of a delivered answer may need it).
struct PoolWaker;
void wake_pool(PoolWaker& waker);

/// The shared state of one task, between its Future and the pool.
class TaskState {
 public:
  /// Pending: queued in the parent. Sent: in a worker's channel, not taken
  /// yet (still cancellable). Running: a worker has it.
  enum class Status { Pending, Sent, Running, Finished, Cancelled };

  explicit TaskState(Message request) : request_(std::move(request)) {}

  /// Waits until the task is done. A task a worker has is waited for on its
  /// control block's word, so that the worker's answer wakes this thread
  /// itself; otherwise (queued, or no control block) on the condition.
  void wait() const;
  bool wait_for(std::chrono::nanoseconds timeout) const;
  bool done() const;
  bool cancelled() const;
  /// True while a worker has the task (it can no longer be cancelled) and
  /// it is not done.
  bool running() const;
  bool cancel();
  /// Runs \p callback once the task is done: at once, in this thread, if it
  /// is done already; otherwise in the thread that completes it (the pool's
  /// manager, a caller that took the result, or the one that cancelled it),
  /// after the task's waiters were woken. \p callback must not throw.
  void on_done(std::function<void()> callback);
  /// Pending -> Running; false if the task was cancelled first.
  bool start();
  /// Pending -> Sent, as task \p seq of the worker whose control block is
  /// \p control; false if the task was cancelled first.
  bool send(std::shared_ptr<ControlBlock> control, std::uint64_t seq,
            std::shared_ptr<PoolWaker> waker);
  void finish(Message result);
  void fail(TaskError error);

  /// The request bytes (trampoline and task); released once sent.
  Message take_request();
  std::size_t request_size() const;
  /// After wait(): the pickled result, or the error to rethrow.
  std::string_view result() const { return result_.view(); }
  const TaskError& error() const { return error_; }

 private:
  /// Finishes the task (unless it is done already), recording its outcome.
  template <class Record>
  void complete(Record record);
  /// Waits until done or \p deadline; false on timeout.
  bool wait_until(Deadline deadline) const;
  enum class BlockWait { Done, Elsewhere, Timeout };
  /// Waits on the task's word in \p control while a worker has it; takes
  /// a small answer from beside the word. Elsewhere: the manager finishes it.
  BlockWait wait_in_block(ControlBlock& control, std::uint64_t seq, Deadline deadline) const;
  /// Wakes threads asleep on the task's word (after it became done).
  static void release_sleepers(ControlBlock& control, std::uint64_t seq);

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  Status status_ = Status::Pending;
  /// Finished or Cancelled, for sleepers on the control block's word: set
  /// before their word is changed, read after they mark it (seq_cst both).
  mutable std::atomic<bool> done_{false};
  std::shared_ptr<ControlBlock> control_;  // while Sent or Running on a worker
  std::shared_ptr<PoolWaker> waker_;       // the pool's, while control_ is set
  std::uint64_t seq_ = 0;
  Message request_;
  Message result_;
  TaskError error_;
  std::vector<std::function<void()>> callbacks_;  // until done
};

/// The process pool proper: workers, channels, the manager thread.
class Pool;
std::shared_ptr<Pool> start_pool(const Options& options);
/// Queues a task; throws ppx::Error after shutdown, BrokenProcessPool once broken.
void enqueue(Pool& pool, std::shared_ptr<TaskState> task);
void shutdown(Pool& pool, bool wait, bool cancel_futures);
/// Cancels what no worker has taken, fails the rest, signals every worker.
void stop_workers(Pool& pool, int signal, const char* how);

}  // namespace ppx::detail

#endif  // PPX_DETAIL_CORE_HPP
