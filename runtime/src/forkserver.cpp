// The forkserver start method: a server process, started the spawn way (so
// the program's start-up code runs once more, in it), forks each worker on
// request from its single thread.
//
//   start     the pool spawns the server with the control socket on
//             descriptor 3 (PPX_WORKER_CHANNEL=server:3); the program runs
//             up to ppx::init, which turns the process into the server.
//   request   one byte on the control socket, carrying two descriptors: the
//             worker's end of its channel and the write end of a status pipe.
//   fork      the server forks; the child moves its channel to descriptor 3,
//             closes everything else and runs the worker loop, as a forked
//             worker does. The server writes the child's pid (or -errno) to
//             the status pipe at once, and its wait status when it has
//             reaped it (the parent cannot: the worker is not its child),
//             then closes the pipe.
//   end       the control socket closes (the pool is done, or the parent is
//             gone): the server exits as a spawned process would. A worker
//             still running then is killed (PR_SET_PDEATHSIG).
#include "channel.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
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

namespace ppx::detail {

namespace {

bool write_int(int fd, std::int32_t value) {
  const char* p = reinterpret_cast<const char*>(&value);
  std::size_t left = sizeof value;
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

/// Receives one request: its byte and up to two descriptors. 0 at the end
/// of the socket (or on an error), 1 for a request.
int receive_request(int control, int fds[2], int& count) {
  char byte;
  iovec iov{&byte, 1};
  alignas(cmsghdr) char space[CMSG_SPACE(2 * sizeof(int))];
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = space;
  msg.msg_controllen = sizeof space;
  ssize_t n;
  do n = ::recvmsg(control, &msg, MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  count = 0;
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    std::size_t got = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (std::size_t i = 0; i < got; ++i) {
      int fd;
      std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
      if (count < 2)
        fds[count++] = fd;
      else
        ::close(fd);
    }
  }
  return n == 1 ? 1 : 0;
}

}  // namespace

[[noreturn]] void run_fork_server(int control) {
  // The server's own descriptors do not reach the programs tasks start.
  ::fcntl(control, F_SETFD, FD_CLOEXEC);
  sigset_t chld, before;
  ::sigemptyset(&chld);
  ::sigaddset(&chld, SIGCHLD);
  ::sigprocmask(SIG_BLOCK, &chld, &before);
  UniqueFd children(::signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK));
  pid_t server = ::getpid();
  std::map<pid_t, UniqueFd> status_of;  // each live worker's status pipe
  auto reap_children = [&] {
    int status;
    pid_t pid;
    while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0) {
      auto it = status_of.find(pid);
      if (it == status_of.end()) continue;  // a process the program started
      write_int(it->second.get(), status);
      status_of.erase(it);  // closing the pipe: nothing more to say
    }
  };
  // The parent waits for this byte: the program reached ppx::init.
  bool serving = ::write(control, "R", 1) == 1;
  while (serving) {
    pollfd fds[2] = {{control, POLLIN, 0}, {children.get(), POLLIN, 0}};
    if (::poll(fds, children ? 2 : 1, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (children && (fds[1].revents & POLLIN)) {
      signalfd_siginfo info;
      while (::read(children.get(), &info, sizeof info) > 0) {
      }
      reap_children();
    }
    if (!children) reap_children();
    if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    int got[2] = {-1, -1};
    int count = 0;
    if (receive_request(control, got, count) == 0) break;  // the pool is done
    UniqueFd channel(got[0]), status(got[1]);
    if (count != 2) break;  // not a request ppx makes: stop serving
    std::fflush(nullptr);
    pid_t pid = ::fork();
    if (pid == 0) {
      ::sigprocmask(SIG_SETMASK, &before, nullptr);
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != server) ::_exit(1);  // the server is gone already
      // The channel on descriptor 3 (over the control socket), and nothing
      // else of the server's: not the other workers' status pipes.
      int fd = channel.get();
      if (fd != kWorkerChannelFd && ::dup2(fd, kWorkerChannelFd) < 0) ::_exit(1);
      if (::syscall(SYS_close_range, kWorkerChannelFd + 1, ~0U, 0) != 0)
        for (int i = kWorkerChannelFd + 1; i < 1024; ++i) ::close(i);
      run_worker(kWorkerChannelFd, /*spawned=*/false);
    }
    int fork_errno = errno;
    write_int(status.get(), pid > 0 ? pid : -fork_errno);
    if (pid > 0) status_of.emplace(pid, std::move(status));
  }
  // Workers still running die with this process (their death signal).
  std::fflush(nullptr);
  std::exit(0);  // as a spawned process ends: the program's destructors run once, here
}

std::optional<ForkedWorker> request_worker(int control, int channel) {
  int status_pipe[2];
  if (::pipe2(status_pipe, O_CLOEXEC) != 0) return std::nullopt;
  UniqueFd status_read(status_pipe[0]), status_write(status_pipe[1]);
  char byte = 'W';
  iovec iov{&byte, 1};
  alignas(cmsghdr) char space[CMSG_SPACE(2 * sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = space;
  msg.msg_controllen = sizeof space;
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(2 * sizeof(int));
  int fds[2] = {channel, status_write.get()};
  std::memcpy(CMSG_DATA(c), fds, sizeof fds);
  ssize_t n;
  do n = ::sendmsg(control, &msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  if (n != 1) return std::nullopt;
  status_write.reset();  // the server's copy is the only one: its end is EOF
  std::int32_t pid;
  if (!read_status_int(status_read.get(), pid)) return std::nullopt;
  if (pid <= 0) {
    errno = -pid;
    return std::nullopt;
  }
  return ForkedWorker{pid, std::move(status_read)};
}

bool read_status_int(int fd, std::int32_t& value) {
  char* p = reinterpret_cast<char*>(&value);
  std::size_t left = sizeof value;
  while (left > 0) {
    ssize_t n = ::read(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace ppx::detail
