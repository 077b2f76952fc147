// Frames on a worker's channel (a Unix stream socket): a fixed header
// (kind, task id, body length) and the body.
#ifndef PPX_SRC_CHANNEL_HPP
#define PPX_SRC_CHANNEL_HPP

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ppx::detail {

enum class Kind : std::uint32_t {
  // parent -> worker
  Config = 1,  // body: the initializer (optional function reference)
  Task = 2,    // body: trampoline reference, callable, arguments
  Stop = 3,
  // worker -> parent
  Result = 10,         // body: the pickled result
  RemoteFailure = 11,  // body: exception type name and what()
  PickleFailure = 12,  // body: message
  InitFailure = 13,    // body: exception type name and what()
  Ready = 14,          // the worker runs its loop (its initializer succeeded)
  Initializing = 15,   // the worker reached ppx::init and runs its initializer
};

struct Frame {
  Kind kind;
  std::uint64_t id;
  std::string body;
};

/// Writes a whole frame; false if the other end is gone.
bool write_frame(int fd, Kind kind, std::uint64_t id, std::string_view body);
/// Reads a whole frame; std::nullopt at end of file or on error.
std::optional<Frame> read_frame(int fd);

/// The variable that tells a spawned process it is a worker, and names the
/// descriptor of its channel.
inline constexpr const char* kWorkerEnv = "PPX_WORKER_CHANNEL";
/// The descriptor a spawned worker's channel is moved to.
inline constexpr int kWorkerChannelFd = 3;
/// Exit status of a spawned worker whose main created an executor instead of
/// calling ppx::init: the parent names the missing guard.
inline constexpr int kMissingGuardExit = 87;

/// The worker loop: serves tasks until told to stop or the parent goes away,
/// then ends the process.
[[noreturn]] void run_worker(int fd, bool spawned);

/// True while this process runs the worker loop.
bool in_worker_loop() noexcept;

}  // namespace ppx::detail

#endif
