#include "channel.hpp"

#include <cerrno>
#include <cstring>
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

std::optional<Frame> read_frame(int fd) {
  Header h{};
  if (!recv_all(fd, reinterpret_cast<char*>(&h), sizeof h)) return std::nullopt;
  Frame f{static_cast<Kind>(h.kind), h.id, std::string()};
  f.body.resize(h.size);
  if (h.size > 0 && !recv_all(fd, f.body.data(), h.size)) return std::nullopt;
  return f;
}

}  // namespace ppx::detail
