// The worker side: ppx::init (the worker guard) and the worker loop.
#include "channel.hpp"
#include "mpi.hpp"

#include <ppx/ppx.hpp>

#include <cxxabi.h>
#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <typeinfo>

namespace ppx {

namespace detail {

namespace {

bool g_in_worker_loop = false;

std::string demangle(const char* name) {
  int status = 0;
  char* readable = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  std::string result = status == 0 && readable ? readable : name;
  std::free(readable);
  return result;
}

/// The type name and message of the exception being handled.
std::pair<std::string, std::string> current_exception_info() {
  std::type_info* type = abi::__cxa_current_exception_type();
  std::string name = type ? demangle(type->name()) : "unknown exception";
  try {
    throw;
  } catch (const std::exception& e) {
    return {name, e.what()};
  } catch (...) {
    return {name, ""};
  }
}

}  // namespace

std::string current_exception_text() {
  auto [type, what] = current_exception_info();
  try {
    throw;
  } catch (const std::exception&) {
    return what;
  } catch (...) {
    return "an exception of type " + type;
  }
}

namespace {

std::string pickle_pair(const std::pair<std::string, std::string>& p) {
  std::string out;
  Writer w(out);
  w.archive(p.first, p.second);
  return out;
}

/// Runs the initializer the parent sent (an empty config: none). A failure
/// is reported to the parent, then rethrown: the worker ends.
void run_initializer(WorkerLink& link, std::string_view config) {
  if (config.empty()) return;
  try {
    Reader r(config);
    Trampoline trampoline = pickling_step("cannot unpickle the initializer in the worker", [&] {
      FunctionRef ref;
      r.archive(ref);
      return resolve_trampoline(ref);
    });
    MessageBuilder ignored;
    trampoline(r, ignored);
  } catch (const TaskPicklingFailure& e) {
    link.write(Kind::InitFailure, 0, pickle_pair({"ppx::PicklingError", e.what}));
    throw;
  } catch (...) {
    link.write(Kind::InitFailure, 0, pickle_pair(current_exception_info()));
    throw;
  }
}

/// A worker's socket to its parent.
class SocketLink final : public WorkerLink {
 public:
  explicit SocketLink(int fd) : fd_(fd), reader_(fd) {}
  std::optional<Frame> read() override { return reader_.next(); }
  void write(Kind kind, std::uint64_t id, const Message& body) override {
    write_frame(fd_, kind, id, body);
  }
  void write(Kind kind, std::uint64_t id, std::string_view body) override {
    write_frame(fd_, kind, id, body);
  }

 private:
  int fd_;
  FrameReader reader_;
};

}  // namespace

bool in_worker_loop() noexcept { return g_in_worker_loop; }

Kind serve_task(std::string_view body, MessageBuilder& out) noexcept {
  out.clear();
  try {
    try {
      Reader r(body);
      Trampoline trampoline = pickling_step("cannot unpickle the task in the worker", [&] {
        FunctionRef ref;
        r.archive(ref);
        return resolve_trampoline(ref);
      });
      trampoline(r, out);
      return Kind::Result;
    } catch (const TaskPicklingFailure& e) {
      out.assign(e.what);
      return Kind::PickleFailure;
    } catch (...) {
      out.assign(pickle_pair(current_exception_info()));
      return Kind::RemoteFailure;
    }
  } catch (...) {  // no memory even for the report
    try {
      out.assign("the worker could not report the task's outcome: " + current_exception_text());
    } catch (...) {
      out.clear();
    }
    return Kind::PickleFailure;
  }
}

std::pair<std::string, std::string> decode_failure(std::string_view body) {
  std::pair<std::string, std::string> p;
  try {
    Reader r(body);
    load_bounded_string(r.archive, p.first, body.size());
    load_bounded_string(r.archive, p.second, body.size());
  } catch (...) {
    p = {"unknown exception", "(its description could not be unpickled)"};
  }
  return p;
}

int serve_parent(WorkerLink& link) {
  g_in_worker_loop = true;
  struct Leave {
    ~Leave() { g_in_worker_loop = false; }
  } leave;
  // A frame the parent cannot have written ends the worker: the stream
  // cannot be trusted after it. The parent names the status.
  auto read = [&]() -> std::optional<Frame> { return link.read(); };
  try {
    std::optional<Frame> config = read();
    if (!config || config->kind != Kind::Config) return 0;  // parent gone
    // The parent learns that this worker reached ppx::init: if it ends now,
    // before Ready, its initializer ended it (not a missing guard).
    link.write(Kind::Initializing, 0, std::string_view());
    try {
      run_initializer(link, config->body.view());
    } catch (...) {
      return 1;
    }
    link.write(Kind::Ready, 0, std::string_view());
    // The control block the parent shares with this worker, if it sent one:
    // a task is then taken only if the parent has not cancelled it meanwhile.
    std::shared_ptr<ControlBlock> control;
    while (std::optional<Frame> frame = read()) {
      if (frame->kind == Kind::Stop) break;
      if (frame->kind == Kind::Control) {
        if (control) throw MalformedFrame("a second control block");
        control = map_control_block(frame->control);
        continue;
      }
      if (frame->kind != Kind::Task) continue;
      std::uint64_t id = frame->id;
      if (control && !take_task(*control, id)) {
        link.write(Kind::Skipped, id, std::string_view());  // cancelled in time
        continue;
      }
      MessageBuilder answer;
      Kind kind = serve_task(frame->body.view(), answer);
      frame.reset();  // the request's memory goes before the answer's is sealed
      Message message;
      try {
        message = answer.take();
      } catch (const std::exception& e) {
        kind = Kind::PickleFailure;
        message =
            Message(std::string("the worker could not send the task's result: ") + e.what());
      }
      // A caller waiting for this task wakes on its word, before the frame.
      if (!control || publish_answer(*control, id, kind == Kind::Result, message.view()))
        link.write(kind, id, message);
    }
  } catch (const MalformedFrame& e) {
    std::fprintf(stderr, "ppx: worker %d: a malformed message from the parent: %s\n",
                 static_cast<int>(::getpid()), e.what());
    return kMalformedFrameExit;
  }
  return 0;
}

[[noreturn]] void run_worker(int fd, bool spawned) {
  // A worker allocates and frees a message-sized buffer per task. glibc would
  // hand large ones back to the kernel each time and fault them in again,
  // which costs more than the copy itself for big payloads: keep them.
  ::mallopt(M_MMAP_THRESHOLD, 32 << 20);
  ::mallopt(M_TRIM_THRESHOLD, 256 << 20);
  // Processes the tasks start do not inherit the channel: the parent must see
  // it close when this worker dies.
  ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  int status;
  {
    SocketLink link(fd);
    status = serve_parent(link);
  }
  ::close(fd);
  finish_worker(spawned, status);
}

[[noreturn]] void finish_worker(bool spawned, int status) {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  if (spawned) std::exit(status);  // as the program would end: destructors, stdio
  ::_exit(status);                 // a forked copy must not run the parent's atexit work
}

}  // namespace detail

namespace {
int g_argc = 0;
char** g_argv = nullptr;
}  // namespace

bool is_worker() noexcept {
  const char* channel = std::getenv(detail::kWorkerEnv);
  return channel != nullptr && *channel != '\0';
}

void init(int argc, char** argv) {
  g_argc = argc;
  g_argv = argv;
  if (!is_worker()) {
    // Under mpiexec, with ppx::mpi linked: ranks 1 and up serve as workers
    // and never return; rank 0 carries on with main, as does any program
    // started otherwise.
    if (detail::MpiWorld* mpi = detail::mpi_world()) mpi->init();
    return;
  }
  std::string channel = std::getenv(detail::kWorkerEnv);
  std::size_t prefix = std::strlen(detail::kForkServerPrefix);
  bool server = channel.compare(0, prefix, detail::kForkServerPrefix) == 0;
  int fd = std::atoi(channel.c_str() + (server ? prefix : 0));
  // Executors created by tasks are the worker's own: they spawn fresh workers.
  ::unsetenv(detail::kWorkerEnv);
  if (server) detail::run_fork_server(fd);
  detail::run_worker(fd, /*spawned=*/true);
}

namespace detail {
/// The program's arguments as ppx::init received them (empty before).
std::pair<int, char**> program_arguments() { return {g_argc, g_argv}; }
}  // namespace detail

}  // namespace ppx
