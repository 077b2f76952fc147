#include "channel.hpp"

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace ppx::detail {

namespace {

struct Header {
  std::uint32_t kind;
  std::uint32_t reserved;
  std::uint64_t id;
  std::uint64_t size;
};

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

}  // namespace

bool write_frame(int fd, Kind kind, std::uint64_t id, std::string_view body) {
  Header h{static_cast<std::uint32_t>(kind), 0, id, body.size()};
  return send_all(fd, reinterpret_cast<const char*>(&h), sizeof h) &&
         send_all(fd, body.data(), body.size());
}

std::optional<Frame> read_frame(int fd, std::size_t trusted_size) {
  Header h{};
  if (!recv_all(fd, reinterpret_cast<char*>(&h), sizeof h)) return std::nullopt;
  switch (static_cast<Kind>(h.kind)) {
    case Kind::Config: case Kind::Task: case Kind::Stop: case Kind::Result:
    case Kind::RemoteFailure: case Kind::PickleFailure: case Kind::InitFailure:
    case Kind::Ready: case Kind::Initializing:
      break;
    default:
      throw MalformedFrame("a frame of unknown kind " + std::to_string(h.kind));
  }
  if (h.reserved != 0) throw MalformedFrame("a frame whose reserved field is not zero");
  if (h.size > kMaxFrameBody)
    throw MalformedFrame("a frame announcing " + std::to_string(h.size) +
                         " bytes, more than the largest message (1 TiB)");
  Frame f{static_cast<Kind>(h.kind), h.id, std::string()};
  // The announced size is believed up to trusted_size; beyond it, the body
  // grows (doubling) as its bytes arrive.
  std::size_t want = static_cast<std::size_t>(h.size);
  std::size_t have = 0;
  f.body.resize(std::min(want, std::max<std::size_t>(trusted_size, 1)));
  while (have < want) {
    if (have == f.body.size()) f.body.resize(std::min(want, 2 * f.body.size()));
    std::size_t n = f.body.size() - have;
    if (!recv_all(fd, f.body.data() + have, n)) return std::nullopt;
    have += n;
  }
  return f;
}

}  // namespace ppx::detail
