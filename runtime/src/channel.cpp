#include "channel.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

namespace ppx::detail {

namespace {

struct Header {
  std::uint32_t kind;
  std::uint32_t flags;
  std::uint64_t id;
  std::uint64_t size;
};

/// The body is in a memfd, passed with the header (SCM_RIGHTS); no body
/// bytes follow the header.
constexpr std::uint32_t kBodyShared = 1;
/// The seals a shared body must carry: it cannot shrink under its reader (a
/// read past the end would be SIGBUS) nor change while it is read.
constexpr int kRequiredSeals = F_SEAL_SHRINK | F_SEAL_WRITE;

bool send_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

/// Sends the header with \p shared_fd attached to its first byte.
bool send_with_fd(int fd, const Header& h, int shared_fd) {
  const char* data = reinterpret_cast<const char*>(&h);
  iovec iov{const_cast<char*>(data), sizeof h};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(c), &shared_fd, sizeof(int));
  ssize_t n;
  do n = ::sendmsg(fd, &msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  if (n < 0) return false;
  // The descriptor went with the first byte; the rest is plain data.
  return send_all(fd, data + n, sizeof h - static_cast<std::size_t>(n));
}

bool recv_all(int fd, char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::read(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

/// Reads a header, keeping every descriptor that came with it (owned by
/// \p fds, closed with it whatever happens next).
bool recv_header(int fd, Header& h, std::vector<UniqueFd>& fds) {
  char* data = reinterpret_cast<char*>(&h);
  std::size_t size = sizeof h;
  while (size > 0) {
    iovec iov{data, size};
    alignas(cmsghdr) char control[CMSG_SPACE(4 * sizeof(int))];
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t n = ::recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == ENOTSOCK)  // a pipe or a file: no descriptors can come
      return recv_all(fd, data, size);
    for (cmsghdr* c = n >= 0 ? CMSG_FIRSTHDR(&msg) : nullptr; c; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
      std::size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      for (std::size_t i = 0; i < count; ++i) {
        int received;
        std::memcpy(&received, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
        fds.emplace_back(received);
      }
    }
    if (n <= 0) return false;
    if (msg.msg_flags & MSG_CTRUNC)
      throw MalformedFrame("a frame carrying more descriptors than a frame can");
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

/// The shared body of a frame: \p fd must be a memfd sealed against
/// shrinking and writing, at least \p size bytes long.
Message shared_body(UniqueFd fd, std::uint64_t size) {
  int seals = ::fcntl(fd.get(), F_GET_SEALS);
  if (seals < 0 || (seals & kRequiredSeals) != kRequiredSeals)
    throw MalformedFrame("a frame whose shared body is not a sealed memfd");
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) ||
      static_cast<std::uint64_t>(st.st_size) < size)
    throw MalformedFrame("a frame whose shared body is smaller than it announces");
  try {
    return Message::shared(fd.release(), static_cast<std::size_t>(size));
  } catch (const std::system_error& e) {
    throw MalformedFrame(std::string("a frame whose shared body cannot be mapped: ") + e.what());
  }
}

}  // namespace

bool write_frame(int fd, Kind kind, std::uint64_t id, std::string_view body) {
  // Header and body in one call: one system call for a small frame.
  Header h{static_cast<std::uint32_t>(kind), 0, id, body.size()};
  iovec iov[2] = {{&h, sizeof h}, {const_cast<char*>(body.data()), body.size()}};
  msghdr msg{};
  msg.msg_iov = iov;
  msg.msg_iovlen = body.empty() ? 1 : 2;
  ssize_t n;
  do n = ::sendmsg(fd, &msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  if (n < 0) return false;
  std::size_t sent = static_cast<std::size_t>(n);
  if (sent < sizeof h &&
      !send_all(fd, reinterpret_cast<const char*>(&h) + sent, sizeof h - sent))
    return false;
  std::size_t body_sent = sent > sizeof h ? sent - sizeof h : 0;
  return send_all(fd, body.data() + body_sent, body.size() - body_sent);
}

bool write_frame(int fd, Kind kind, std::uint64_t id, const Message& body) {
  if (body.shared_fd() < 0) return write_frame(fd, kind, id, body.view());
  Header h{static_cast<std::uint32_t>(kind), kBodyShared, id, body.size()};
  return send_with_fd(fd, h, body.shared_fd());
}

std::optional<Frame> read_frame(int fd, std::size_t trusted_size) {
  Header h{};
  std::vector<UniqueFd> fds;
  if (!recv_header(fd, h, fds)) return std::nullopt;
  switch (static_cast<Kind>(h.kind)) {
    case Kind::Config: case Kind::Task: case Kind::Stop: case Kind::Result:
    case Kind::RemoteFailure: case Kind::PickleFailure: case Kind::InitFailure:
    case Kind::Ready: case Kind::Initializing:
      break;
    default:
      throw MalformedFrame("a frame of unknown kind " + std::to_string(h.kind));
  }
  if ((h.flags & ~kBodyShared) != 0)
    throw MalformedFrame("a frame with unknown flags " + std::to_string(h.flags));
  if (h.size > kMaxFrameBody)
    throw MalformedFrame("a frame announcing " + std::to_string(h.size) +
                         " bytes, more than the largest message (1 TiB)");
  bool shared = (h.flags & kBodyShared) != 0;
  if (fds.size() != (shared ? 1u : 0u))
    throw MalformedFrame(shared ? "a frame whose shared body came without its descriptor"
                                : "a frame carrying a descriptor it has no use for");
  if (shared)
    return Frame{static_cast<Kind>(h.kind), h.id, shared_body(std::move(fds[0]), h.size)};
  std::string body;
  // The announced size is believed up to trusted_size; beyond it, the body
  // grows (doubling) as its bytes arrive.
  std::size_t want = static_cast<std::size_t>(h.size);
  std::size_t have = 0;
  body.resize(std::min(want, std::max<std::size_t>(trusted_size, 1)));
  while (have < want) {
    if (have == body.size()) body.resize(std::min(want, 2 * body.size()));
    std::size_t n = body.size() - have;
    if (!recv_all(fd, body.data() + have, n)) return std::nullopt;
    have += n;
  }
  return Frame{static_cast<Kind>(h.kind), h.id, Message(std::move(body))};
}

}  // namespace ppx::detail
