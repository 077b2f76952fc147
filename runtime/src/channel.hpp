// Frames on a worker's channel (a Unix stream socket): a fixed header
// (kind, task id, body length) and the body; and the descriptors' owner.
#ifndef PPX_SRC_CHANNEL_HPP
#define PPX_SRC_CHANNEL_HPP

#include <ppx/detail/core.hpp>
#include <ppx/detail/message.hpp>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ppx::detail {

/// Owns one descriptor and closes it on every path (moves transfer it).
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) noexcept : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    reset(std::exchange(other.fd_, -1));
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const noexcept { return fd_; }
  /// Gives the descriptor up without closing it.
  int release() noexcept { return std::exchange(fd_, -1); }
  explicit operator bool() const noexcept { return fd_ >= 0; }
  /// Closes the descriptor held (if any) and holds \p fd instead.
  void reset(int fd = -1) noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

enum class Kind : std::uint32_t {
  // parent -> worker
  Config = 1,  // body: the initializer (optional function reference)
  Task = 2,    // body: trampoline reference, callable, arguments
  Stop = 3,
  Control = 4,  // no body; carries the worker's control block (a memfd)
  // worker -> parent
  Result = 10,         // body: the pickled result
  RemoteFailure = 11,  // body: exception type name and what()
  PickleFailure = 12,  // body: message
  InitFailure = 13,    // body: exception type name and what()
  Ready = 14,          // the worker runs its loop (its initializer succeeded)
  Initializing = 15,   // the worker reached ppx::init and runs its initializer
  Skipped = 16,        // the task was cancelled before the worker took it
  // MPI only, never on a socket (a worker rank outlives its pool's channel):
  End = 17,  // the rank left the pool; id: how (mpi.hpp)
};

struct Frame {
  Kind kind;
  std::uint64_t id;
  Message body;
  UniqueFd control;  // a Control frame's memfd
};

/// A frame that no ppx process writes: an unknown kind, an unknown flag, a
/// body larger than any message, a descriptor where none belongs or none
/// where one does, a shared body that is not a sealed memfd of its size. The
/// stream cannot be trusted after it.
struct MalformedFrame : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The largest body a frame may announce (1 TiB).
inline constexpr std::uint64_t kMaxFrameBody = std::uint64_t(1) << 40;
/// How much of an announced body is allocated before its bytes arrive; a
/// larger body grows as it is read, so that a header that lies about its
/// size costs no more than this.
inline constexpr std::size_t kFrameTrustedSize = std::size_t(256) << 20;

/// The most descriptors one message carries (a frame needs one; a fork
/// server's request two).
inline constexpr std::size_t kMaxFdsPerSend = 4;
/// Writes all of \p data to socket \p fd; false if the other end is gone.
bool send_all(int fd, const char* data, std::size_t size);
/// The same, with \p fds (1 to kMaxFdsPerSend) attached to the first byte.
bool send_with_fds(int fd, const char* data, std::size_t size, std::initializer_list<int> fds);
/// Reads exactly \p size bytes; false at end of file or on an error.
bool recv_all(int fd, char* data, std::size_t size);
/// One read of up to \p size bytes from socket \p fd, keeping every
/// descriptor that came with them in \p fds. As recvmsg: bytes read, 0 at
/// end of file, -1 on an error (errno; ENOTSOCK for a pipe or a file).
/// Throws MalformedFrame if more than kMaxFdsPerSend descriptors came.
ssize_t recv_some(int fd, char* data, std::size_t size, std::vector<UniqueFd>& fds);

/// Writes a whole frame; false if the other end is gone. A body in shared
/// memory crosses as its descriptor; its bytes are not copied.
bool write_frame(int fd, Kind kind, std::uint64_t id, const Message& body);
bool write_frame(int fd, Kind kind, std::uint64_t id, std::string_view body);
/// Writes Task frames (id, body) in order, in one call where it can.
bool write_task_frames(int fd, std::vector<std::pair<std::uint64_t, Message>>& frames);
/// Sends a worker its control block: \p memfd, sealed against shrinking.
bool write_control_frame(int fd, int memfd);

/// A control block in a memfd of its own, mapped by this process; the memfd
/// is returned in \p memfd to be sent. Null if shared memory is unavailable.
std::shared_ptr<ControlBlock> make_control_block(UniqueFd& memfd);
/// Maps the control block a Control frame carried; throws MalformedFrame
/// unless it is a memfd sealed against shrinking and large enough.
std::shared_ptr<ControlBlock> map_control_block(const UniqueFd& memfd);
/// A worker takes task \p seq: Sent -> Taken; false if it was cancelled.
bool take_task(ControlBlock& control, std::uint64_t seq);
/// A worker has the answer to task \p seq. If a thread of the parent sleeps
/// on its word and the result is small, the result is left beside the word
/// (Delivered) and false is returned: no frame is needed. Otherwise the word
/// says Answered and the answer must go as a frame. Sleepers are woken.
bool publish_answer(ControlBlock& control, std::uint64_t seq, bool is_result,
                    std::string_view body);
/// Sleeps while \p word holds \p expected (a futex on its low half, shared
/// between processes); false once \p deadline has passed.
bool futex_wait(std::atomic<std::uint64_t>& word, std::uint64_t expected,
                std::optional<std::chrono::steady_clock::time_point> deadline);
/// Wakes every thread asleep on \p word, in any process.
void futex_wake(std::atomic<std::uint64_t>& word);

/// Reads a whole frame; std::nullopt at end of file or on a read error
/// (including a frame cut short). Throws MalformedFrame for a frame that
/// breaks the format.
std::optional<Frame> read_frame(int fd, std::size_t trusted_size = kFrameTrustedSize);

/// Reads frames from a channel through a buffer: one system call brings in
/// as many frames as have arrived (read_frame reads exactly one frame, with
/// a call for its header and one for its body). A descriptor belongs to the
/// frame whose header holds the last byte of the read that brought it: its
/// writer sends it with the header alone, and the kernel ends a read at the
/// bytes that carry descriptors. Not owning the descriptor.
class FrameReader {
 public:
  static constexpr std::size_t kHeaderSize = 24;
  explicit FrameReader(int fd) : fd_(fd) {}
  /// The next frame; std::nullopt at end of file or on a read error. Throws
  /// MalformedFrame as read_frame does.
  std::optional<Frame> next(std::size_t trusted_size = kFrameTrustedSize);
  /// True if a whole frame is buffered: next() returns it without waiting.
  bool has_frame() const;

 private:
  static constexpr std::size_t kBufferSize = 64 << 10;
  /// Reads until \p n bytes are buffered; false if the channel ends first.
  bool fill(std::size_t n);
  int fd_;
  bool socket_ = true;
  std::vector<char> buffer_;
  std::size_t begin_ = 0, end_ = 0;  // the unread bytes
  std::uint64_t offset_ = 0;          // the stream offset of buffer_[0]
  std::deque<std::pair<std::uint64_t, UniqueFd>> fds_;  // (offset, descriptor)
};

/// The variable that tells a spawned process it is a worker, and names the
/// descriptor of its channel.
inline constexpr const char* kWorkerEnv = "PPX_WORKER_CHANNEL";
/// The descriptor a spawned worker's channel is moved to.
inline constexpr int kWorkerChannelFd = 3;
/// Exit status of a spawned worker whose main created an executor instead of
/// calling ppx::init: the parent names the missing guard.
inline constexpr int kMissingGuardExit = 87;
/// Exit status of a worker that received a malformed frame from its parent.
inline constexpr int kMalformedFrameExit = 88;

/// Decodes and runs one task (the body of a Task frame) in a worker; \p out
/// receives the answer's body. Returns the answer's kind: Result,
/// RemoteFailure (the task threw) or PickleFailure (the task could not be
/// unpickled, or its result pickled; the task did not run, or ran and its
/// result is lost). Never throws.
Kind serve_task(std::string_view body, MessageBuilder& out) noexcept;
/// The same, with the answer in a string (tests, the fuzzer).
inline Kind serve_task(std::string_view body, std::string& out) noexcept {
  MessageBuilder builder(out);
  return serve_task(body, builder);
}

/// The (type name, message) pair of a RemoteFailure or InitFailure body; a
/// body that cannot be decoded gives a placeholder pair.
std::pair<std::string, std::string> decode_failure(std::string_view body);

/// Where a worker reads its parent's frames and writes its answers: its
/// socket (worker.cpp), or an MPI rank's messages (mpi.cpp).
class WorkerLink {
 public:
  virtual ~WorkerLink() = default;
  /// The next frame; std::nullopt once the parent is gone. Throws
  /// MalformedFrame for one the parent cannot have written.
  virtual std::optional<Frame> read() = 0;
  virtual void write(Kind kind, std::uint64_t id, const Message& body) = 0;
  virtual void write(Kind kind, std::uint64_t id, std::string_view body) = 0;
};

/// Serves one parent over \p link: its configuration (the initializer), then
/// tasks until it says Stop or goes away. Returns the exit status the worker
/// ends with (0; 1 if its initializer failed; kMalformedFrameExit).
int serve_parent(WorkerLink& link);

/// The worker loop of a process started for one pool: serves it over its
/// socket \p fd, then ends the process.
[[noreturn]] void run_worker(int fd, bool spawned);

/// Ends a worker process: stdio flushed; a spawned one as the program ends
/// (destructors, atexit), a forked copy without the parent's atexit work.
[[noreturn]] void finish_worker(bool spawned, int status);

/// True while this process runs the worker loop.
bool in_worker_loop() noexcept;

/// kWorkerEnv's value for a fork server: this prefix, then its descriptor.
inline constexpr const char* kForkServerPrefix = "server:";

/// The fork server's loop (forkserver.cpp): forks a worker for each request
/// on \p control until it closes, then ends the process.
[[noreturn]] void run_fork_server(int control);

/// A worker a fork server started: its pid, and the socket on which the
/// server writes its wait status (an int) once it has reaped it, then closes.
struct ForkedWorker {
  pid_t pid;
  UniqueFd status;
};
/// Asks the fork server on \p control for a worker serving \p channel (the
/// worker's end, which the server receives a copy of); waits for its pid.
/// std::nullopt if the server is gone (\p server_gone) or could not fork
/// (errno says why).
std::optional<ForkedWorker> request_worker(int control, int channel, bool& server_gone);

}  // namespace ppx::detail

#endif
