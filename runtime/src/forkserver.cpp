// The forkserver start method: a server process, started the spawn way (so
// the program's start-up code runs once more, in it), forks each worker on
// request from its single thread.
//
//   start     the pool spawns the server with the control socket on
//             descriptor 3 (PPX_WORKER_CHANNEL=server:3); the program runs
//             up to ppx::init, which turns the process into the server.
//   request   one byte on the control socket, carrying two descriptors: the
//             worker's end of its channel and one end of a status socket.
//   fork      the server forks; the child moves its channel to descriptor 3,
//             closes everything else and runs the worker loop, as a forked
//             worker does. The server writes the child's pid (or -errno) to
//             the status socket at once, and its wait status when it has
//             reaped it (the parent cannot: the worker is not its child),
//             then closes it.
//   end       the control socket closes (the pool is done, or the parent is
//             gone): the server exits as a spawned process would. A worker
//             still running then is killed (PR_SET_PDEATHSIG).
#include "channel.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <vector>

namespace ppx::detail {

namespace {

bool send_int(int fd, std::int32_t value) {
  return send_all(fd, reinterpret_cast<const char*>(&value), sizeof value);
}

}  // namespace

[[noreturn]] void run_fork_server(int control) {
  // The server's own descriptors do not reach the programs tasks start.
  ::fcntl(control, F_SETFD, FD_CLOEXEC);
  // The server reaps its workers itself, so SIGCHLD must not be ignored (an
  // ignored SIGCHLD, which survives execve, makes the kernel reap them and
  // their status is lost). The program's own setting comes back in each worker.
  struct sigaction default_chld{}, program_chld{};
  default_chld.sa_handler = SIG_DFL;
  ::sigemptyset(&default_chld.sa_mask);
  ::sigaction(SIGCHLD, &default_chld, &program_chld);
  pid_t server = ::getpid();
  // Each live worker: its status socket, and a pidfd readable once it has
  // ended. Only its own workers are waited for (never a process the
  // program's start-up code started), and no signal is needed to notice one
  // ending: a signal may go to another thread the start-up code left running.
  struct Child {
    UniqueFd status;
    UniqueFd pidfd;  // empty without pidfds: looked at every 100 ms
  };
  std::map<pid_t, Child> children;
  auto reap_children = [&] {
    for (auto it = children.begin(); it != children.end();) {
      int status = 0;
      pid_t r = ::waitpid(it->first, &status, WNOHANG);
      if (r == 0 || (r < 0 && errno == EINTR)) {
        ++it;
        continue;
      }
      // Reaped: say how it ended (reaped elsewhere: closing says "unknown").
      if (r == it->first) send_int(it->second.status.get(), status);
      it = children.erase(it);
    }
  };
  // The parent waits for this byte: the program reached ppx::init.
  bool serving = send_all(control, "R", 1);
  std::vector<pollfd> fds;
  while (serving) {
    fds.assign(1, pollfd{control, POLLIN, 0});
    bool all_have_pidfds = true;
    for (const auto& [pid, child] : children) {
      if (child.pidfd) fds.push_back({child.pidfd.get(), POLLIN, 0});
      all_have_pidfds = all_have_pidfds && static_cast<bool>(child.pidfd);
    }
    if (::poll(fds.data(), fds.size(), all_have_pidfds ? -1 : 100) < 0 && errno != EINTR) break;
    reap_children();
    if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    char byte = 0;
    std::vector<UniqueFd> got;
    ssize_t n;
    try {
      n = recv_some(control, &byte, 1, got);
    } catch (const MalformedFrame&) {
      break;  // not a request ppx makes: stop serving
    }
    if (n != 1) break;  // the pool is done
    if (byte != 'W' || got.size() != 2) break;  // not a request ppx makes
    UniqueFd& channel = got[0];
    UniqueFd& status = got[1];
    std::fflush(nullptr);
    pid_t pid = ::fork();
    if (pid == 0) {
      ::sigaction(SIGCHLD, &program_chld, nullptr);
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != server) ::_exit(1);  // the server is gone already
      // The channel on descriptor 3 (over the control socket), and nothing
      // else of the server's: not the other workers' status sockets.
      int fd = channel.get();
      if (fd != kWorkerChannelFd && ::dup2(fd, kWorkerChannelFd) < 0) ::_exit(1);
      if (::syscall(SYS_close_range, kWorkerChannelFd + 1, ~0U, 0) != 0)
        for (int i = kWorkerChannelFd + 1; i < 1024; ++i) ::close(i);
      run_worker(kWorkerChannelFd, /*spawned=*/false);
    }
    int fork_errno = errno;
    send_int(status.get(), pid > 0 ? pid : -fork_errno);
    if (pid > 0)  // its pidfd: it is this process's child, and not reaped, so it is the one
      children.emplace(pid, Child{std::move(status),
                                  UniqueFd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)))});
  }
  // Workers still running die with this process (their death signal).
  std::fflush(nullptr);
  std::exit(0);  // as a spawned process ends: the program's destructors run once, here
}

std::optional<ForkedWorker> request_worker(int control, int channel, bool& server_gone) {
  server_gone = false;
  int status_pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, status_pair) != 0) return std::nullopt;
  UniqueFd status_read(status_pair[0]), status_write(status_pair[1]);
  if (!send_with_fds(control, "W", 1, {channel, status_write.get()})) {
    server_gone = errno == EPIPE || errno == ECONNRESET;
    return std::nullopt;
  }
  status_write.reset();  // the server's copy is the only one: its end is EOF
  std::int32_t pid;
  if (!recv_all(status_read.get(), reinterpret_cast<char*>(&pid), sizeof pid)) {
    server_gone = true;  // it closed the socket without a word: it is ending
    return std::nullopt;
  }
  if (pid <= 0) {
    errno = -pid;
    return std::nullopt;
  }
  return ForkedWorker{pid, std::move(status_read)};
}

}  // namespace ppx::detail
