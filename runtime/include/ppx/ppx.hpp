// ppx: a process-pool executor with the semantics of Python's
// concurrent.futures.ProcessPoolExecutor.
//
//   int main(int argc, char** argv) {
//     ppx::init(argc, argv);            // the worker guard: first statement
//     ppx::ProcessPoolExecutor pool;
//     auto f = pool.submit(square, 7);  // pickled, sent to a worker
//     return f.get() == 49 ? 0 : 1;
//   }
//
// Public API fixed by the project's contract. The executor's implementation
// is being built (see the runtime issue); this header declares the API that
// the checker's tests and the examples are written against.
#ifndef PPX_PPX_HPP
#define PPX_PPX_HPP

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace ppx {

/// The worker guard. Call it as the first statement of main. In the parent
/// it returns at once; in a spawned worker it runs the worker loop and never
/// returns.
void init(int argc, char** argv);

/// True in a process that ppx started as a worker.
bool is_worker() noexcept;

enum class StartMethod { Spawn, Fork };

struct Options {
  unsigned max_workers = 0;             ///< 0: one per available core
  StartMethod start_method = StartMethod::Spawn;
  std::size_t max_tasks_per_child = 0;  ///< 0: unlimited
  void (*initializer)() = nullptr;      ///< runs once in each worker before its first task
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
struct CancelledError : Error {
  using Error::Error;
};

template <class T>
class Future {
 public:
  T get();                                               ///< blocks; rethrows the task's failure
  bool wait_for(std::chrono::nanoseconds timeout) const; ///< true when done
  bool done() const;
  bool cancel();                                         ///< true if it had not started
};

class ProcessPoolExecutor {
 public:
  explicit ProcessPoolExecutor(Options options = {});
  ~ProcessPoolExecutor();  // shutdown(true)
  ProcessPoolExecutor(const ProcessPoolExecutor&) = delete;
  ProcessPoolExecutor& operator=(const ProcessPoolExecutor&) = delete;

  template <class F, class... Args>
  auto submit(F&& fn, Args&&... args)
      -> Future<std::invoke_result_t<std::decay_t<F>, std::decay_t<Args>...>>;

  template <class F, class Range>
  auto map(F&& fn, Range&& inputs, std::size_t chunksize = 1)
      -> std::vector<std::invoke_result_t<std::decay_t<F>,
                                          typename std::decay_t<Range>::value_type>>;

  void shutdown(bool wait = true, bool cancel_futures = false);

 private:
  Options options_;
};

}  // namespace ppx

#endif  // PPX_PPX_HPP
