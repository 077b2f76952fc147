#include "channel.hpp"

#include <fcntl.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <climits>
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
/// The frame carries a worker's control block (Kind::Control only).
constexpr std::uint32_t kControl = 2;
/// The seals a shared body must carry: it cannot shrink under its reader (a
/// read past the end would be SIGBUS) nor change while it is read.
constexpr int kRequiredSeals = F_SEAL_SHRINK | F_SEAL_WRITE;

/// The size of a control block's memfd.
constexpr std::size_t kControlSize = 16384;
static_assert(sizeof(ControlBlock) <= kControlSize);

}  // namespace

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

bool send_with_fds(int fd, const char* data, std::size_t size, std::initializer_list<int> fds) {
  iovec iov{const_cast<char*>(data), size};
  alignas(cmsghdr) char control[CMSG_SPACE(kMaxFdsPerSend * sizeof(int))] = {};
  if (fds.size() == 0 || fds.size() > kMaxFdsPerSend || size == 0) return false;
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = CMSG_SPACE(fds.size() * sizeof(int));
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(fds.size() * sizeof(int));
  std::memcpy(CMSG_DATA(c), fds.begin(), fds.size() * sizeof(int));
  ssize_t n;
  do n = ::sendmsg(fd, &msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  if (n < 0) return false;
  // The descriptors went with the first byte; the rest is plain data.
  return send_all(fd, data + n, size - static_cast<std::size_t>(n));
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

/// One read of up to \p size bytes from socket \p fd, keeping every
/// descriptor that came with them in \p fds (owned there, closed with it
/// whatever happens next). As recvmsg: bytes read, 0 at end of file, -1 on
/// an error (errno; ENOTSOCK for a pipe or a file, where plain reads do).
ssize_t recv_some(int fd, char* data, std::size_t size, std::vector<UniqueFd>& fds) {
  iovec iov{data, size};
  alignas(cmsghdr) char control[CMSG_SPACE(kMaxFdsPerSend * sizeof(int))];
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n;
  do n = ::recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  if (n < 0) return n;
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    std::size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (std::size_t i = 0; i < count; ++i) {
      int received;
      std::memcpy(&received, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
      fds.emplace_back(received);
    }
  }
  if (msg.msg_flags & MSG_CTRUNC)
    throw MalformedFrame("a frame carrying more descriptors than a frame can");
  return n;
}

namespace {

/// Sends the header with \p shared_fd attached to its first byte.
bool send_with_fd(int fd, const Header& h, int shared_fd) {
  return send_with_fds(fd, reinterpret_cast<const char*>(&h), sizeof h, {shared_fd});
}

/// Reads a header, keeping every descriptor that came with it.
bool recv_header(int fd, Header& h, std::vector<UniqueFd>& fds) {
  char* data = reinterpret_cast<char*>(&h);
  std::size_t size = sizeof h;
  while (size > 0) {
    ssize_t n = recv_some(fd, data, size, fds);
    if (n < 0 && errno == ENOTSOCK) return recv_all(fd, data, size);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

/// The shared body of a frame: \p fd must be a memfd sealed against
/// shrinking and writing, at least \p size bytes long.
/// What a received descriptor is, against what a frame needs: a memfd (only
/// memfds carry seals) with \p seals, of at least \p size bytes.
enum class MemfdCheck { Ok, NotSealed, TooSmall };
MemfdCheck check_memfd(int fd, int seals, std::uint64_t size) {
  int has = ::fcntl(fd, F_GET_SEALS);
  if (has < 0 || (has & seals) != seals) return MemfdCheck::NotSealed;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
      static_cast<std::uint64_t>(st.st_size) < size)
    return MemfdCheck::TooSmall;
  return MemfdCheck::Ok;
}

Message shared_body(UniqueFd fd, std::uint64_t size) {
  switch (check_memfd(fd.get(), kRequiredSeals, size)) {
    case MemfdCheck::NotSealed:
      throw MalformedFrame("a frame whose shared body is not a sealed memfd");
    case MemfdCheck::TooSmall:
      throw MalformedFrame("a frame whose shared body is smaller than it announces");
    case MemfdCheck::Ok:
      break;
  }
  try {
    return Message::shared(fd.release(), static_cast<std::size_t>(size));
  } catch (const std::system_error& e) {
    throw MalformedFrame(std::string("a frame whose shared body cannot be mapped: ") + e.what());
  }
}

/// Sends every byte of \p iov (adjusted as it goes), in as few calls as the
/// socket takes.
bool send_iov(int fd, iovec* iov, std::size_t count) {
  while (count > 0) {
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = std::min<std::size_t>(count, IOV_MAX);
    ssize_t n = ::sendmsg(fd, &msg, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    auto left = static_cast<std::size_t>(n);
    while (count > 0 && left >= iov->iov_len) {
      left -= iov->iov_len;
      ++iov;
      --count;
    }
    if (count > 0) {
      iov->iov_base = static_cast<char*>(iov->iov_base) + left;
      iov->iov_len -= left;
    }
  }
  return true;
}
}  // namespace

bool write_frame(int fd, Kind kind, std::uint64_t id, std::string_view body) {
  // Header and body in one call: one system call for a small frame.
  Header h{static_cast<std::uint32_t>(kind), 0, id, body.size()};
  iovec iov[2] = {{&h, sizeof h}, {const_cast<char*>(body.data()), body.size()}};
  return send_iov(fd, iov, body.empty() ? 1 : 2);
}

bool write_task_frames(int fd, std::vector<std::pair<std::uint64_t, Message>>& frames) {
  std::vector<Header> headers;
  headers.reserve(frames.size());  // the iovecs point into it
  std::vector<iovec> iov;
  auto flush = [&] {
    bool ok = send_iov(fd, iov.data(), iov.size());
    iov.clear();
    return ok;
  };
  for (auto& [id, body] : frames) {
    if (body.shared_fd() >= 0) {  // its descriptor goes with its own header
      if (!flush() || !write_frame(fd, Kind::Task, id, body)) return false;
      continue;
    }
    headers.push_back({static_cast<std::uint32_t>(Kind::Task), 0, id, body.size()});
    iov.push_back({&headers.back(), sizeof(Header)});
    if (body.size() > 0) iov.push_back({const_cast<char*>(body.view().data()), body.size()});
  }
  return flush();
}

bool write_frame(int fd, Kind kind, std::uint64_t id, const Message& body) {
  if (body.shared_fd() < 0) return write_frame(fd, kind, id, body.view());
  Header h{static_cast<std::uint32_t>(kind), kBodyShared, id, body.size()};
  return send_with_fd(fd, h, body.shared_fd());
}

namespace {

/// Checks a header and the descriptors that came with it. A control frame
/// or one with a shared body is whole: returned. An inline body is still to
/// be read (h.size bytes): std::nullopt.
std::optional<Frame> header_frame(const Header& h, std::vector<UniqueFd>& fds) {
  switch (static_cast<Kind>(h.kind)) {
    case Kind::Config: case Kind::Task: case Kind::Stop: case Kind::Control:
    case Kind::Result: case Kind::RemoteFailure: case Kind::PickleFailure:
    case Kind::InitFailure: case Kind::Ready: case Kind::Initializing: case Kind::Skipped:
      break;
    default:
      throw MalformedFrame("a frame of unknown kind " + std::to_string(h.kind));
  }
  if ((h.flags & ~(kBodyShared | kControl)) != 0)
    throw MalformedFrame("a frame with unknown flags " + std::to_string(h.flags));
  bool control = (h.flags & kControl) != 0;
  if (control != (static_cast<Kind>(h.kind) == Kind::Control) ||
      (control && (h.size != 0 || (h.flags & kBodyShared))))
    throw MalformedFrame("a control frame that is not one");
  if (control) {
    if (fds.size() != 1)
      throw MalformedFrame("a control frame without exactly one descriptor");
    return Frame{Kind::Control, h.id, Message(), std::move(fds[0])};
  }
  if (h.size > kMaxFrameBody)
    throw MalformedFrame("a frame announcing " + std::to_string(h.size) +
                         " bytes, more than the largest message (1 TiB)");
  bool shared = (h.flags & kBodyShared) != 0;
  if (fds.size() != (shared ? 1u : 0u))
    throw MalformedFrame(shared ? "a frame whose shared body came without its descriptor"
                                : "a frame carrying a descriptor it has no use for");
  if (shared)
    return Frame{static_cast<Kind>(h.kind), h.id, shared_body(std::move(fds[0]), h.size), {}};
  return std::nullopt;
}

/// An inline body of \p want bytes: \p already (the bytes buffered), then
/// the rest from \p fd. The announced size is believed up to trusted_size;
/// beyond it, the body grows (doubling) as its bytes arrive. std::nullopt
/// if the channel ends first.
std::optional<std::string> read_body(int fd, std::size_t want, std::size_t trusted_size,
                                     std::string_view already) {
  std::string body;
  body.resize(std::min(want, std::max({trusted_size, already.size(), std::size_t(1)})));
  if (!already.empty()) std::memcpy(body.data(), already.data(), already.size());
  std::size_t have = already.size();
  while (have < want) {
    if (have == body.size()) body.resize(std::min(want, 2 * body.size()));
    std::size_t n = body.size() - have;
    if (!recv_all(fd, body.data() + have, n)) return std::nullopt;
    have += n;
  }
  return body;
}

}  // namespace

std::optional<Frame> read_frame(int fd, std::size_t trusted_size) {
  Header h{};
  std::vector<UniqueFd> fds;
  if (!recv_header(fd, h, fds)) return std::nullopt;
  if (std::optional<Frame> whole = header_frame(h, fds)) return whole;
  std::optional<std::string> body = read_body(fd, h.size, trusted_size, {});
  if (!body) return std::nullopt;
  return Frame{static_cast<Kind>(h.kind), h.id, Message(std::move(*body)), {}};
}

// ---------------------------------------------------------------------------
// FrameReader
// ---------------------------------------------------------------------------
static_assert(sizeof(Header) == FrameReader::kHeaderSize);

bool FrameReader::fill(std::size_t n) {
  while (end_ - begin_ < n) {
    if (begin_ > 0) {  // keep the unread bytes at the front
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      offset_ += begin_;
      end_ -= begin_;
      begin_ = 0;
    }
    if (buffer_.size() < std::max(n, kBufferSize)) buffer_.resize(std::max(n, kBufferSize));
    char* data = buffer_.data() + end_;
    std::size_t room = buffer_.size() - end_;
    std::vector<UniqueFd> fds;
    ssize_t got = socket_ ? recv_some(fd_, data, room, fds) : -1;
    if (got < 0 && errno == ENOTSOCK) socket_ = false;
    if (!socket_) {
      do got = ::read(fd_, data, room);
      while (got < 0 && errno == EINTR);
    }
    if (got <= 0) return false;
    // Descriptors belong to the frame holding this read's last byte.
    std::uint64_t last = offset_ + end_ + static_cast<std::size_t>(got) - 1;
    for (UniqueFd& fd : fds) fds_.emplace_back(last, std::move(fd));
    end_ += static_cast<std::size_t>(got);
  }
  return true;
}

bool FrameReader::has_frame() const {
  if (end_ - begin_ < kHeaderSize) return false;
  Header h;
  std::memcpy(&h, buffer_.data() + begin_, sizeof h);
  return (h.flags & (kBodyShared | kControl)) != 0 || h.size <= end_ - begin_ - kHeaderSize;
}

std::optional<Frame> FrameReader::next(std::size_t trusted_size) {
  if (!fill(kHeaderSize)) return std::nullopt;
  Header h;
  std::memcpy(&h, buffer_.data() + begin_, sizeof h);
  std::uint64_t at = offset_ + begin_;
  begin_ += kHeaderSize;
  // The descriptors that came with this header; one that came with an
  // earlier frame's bytes was not that frame's either.
  std::vector<UniqueFd> fds;
  while (!fds_.empty() && fds_.front().first < at + kHeaderSize) {
    if (fds_.front().first < at)
      throw MalformedFrame("a frame carrying a descriptor it has no use for");
    fds.push_back(std::move(fds_.front().second));
    fds_.pop_front();
  }
  if (std::optional<Frame> whole = header_frame(h, fds)) return whole;
  std::size_t want = static_cast<std::size_t>(h.size);
  std::size_t buffered = std::min(want, end_ - begin_);
  std::string_view already(buffer_.data() + begin_, buffered);
  std::optional<std::string> body;
  if (buffered == want) {
    body.emplace(already);
  } else {
    // A body larger than the buffer is read straight into its own string.
    begin_ = end_;
    body = read_body(fd_, want, trusted_size, already);
    offset_ += end_ + (want - buffered);  // the bytes read past the buffer
    begin_ = end_ = 0;
    if (!body) return std::nullopt;
    return Frame{static_cast<Kind>(h.kind), h.id, Message(std::move(*body)), {}};
  }
  begin_ += buffered;
  return Frame{static_cast<Kind>(h.kind), h.id, Message(std::move(*body)), {}};
}

bool write_control_frame(int fd, int memfd) {
  Header h{static_cast<std::uint32_t>(Kind::Control), kControl, 0, 0};
  return send_with_fd(fd, h, memfd);
}

namespace {
std::shared_ptr<ControlBlock> map_block(int fd) {
  void* p = ::mmap(nullptr, kControlSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) return nullptr;
  return std::shared_ptr<ControlBlock>(static_cast<ControlBlock*>(p),
                                       [](ControlBlock* b) { ::munmap(b, kControlSize); });
}
}  // namespace

std::shared_ptr<ControlBlock> make_control_block(UniqueFd& memfd) {
  memfd.reset(::memfd_create("ppx-control", MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (!memfd || ::ftruncate(memfd.get(), kControlSize) != 0 ||
      ::fcntl(memfd.get(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0) {
    memfd.reset();
    return nullptr;
  }
  // A new memfd reads as zeros: every slot is "Sent, sequence 0", which no
  // task is until the parent writes its slot before sending it.
  std::shared_ptr<ControlBlock> block = map_block(memfd.get());
  if (!block) memfd.reset();
  return block;
}

bool take_task(ControlBlock& control, std::uint64_t seq) {
  using CB = ControlBlock;
  std::atomic<std::uint64_t>& slot = control.slot(seq);
  std::uint64_t w = slot.load();
  while (CB::seq_of(w) == seq && CB::state_of(w) == CB::Sent)
    // A sleeper's mark stays: the answer wakes it.
    if (slot.compare_exchange_weak(w, CB::word(seq, CB::Taken) | (w & CB::kWaiting))) return true;
  return false;
}

bool publish_answer(ControlBlock& control, std::uint64_t seq, bool is_result,
                    std::string_view body) {
  using CB = ControlBlock;
  std::atomic<std::uint64_t>& slot = control.slot(seq);
  // While the pool wants to hear of every answer (tasks wait for room), a
  // frame serves better: the manager finishes the task, wakes its sleeper
  // and sends the next task at once, where a delivery would have the sleeper
  // wake the manager in turn.
  bool small = is_result && body.size() <= CB::kInlineAnswer &&
               !(control.mode.load() & (CB::kNoDelivery | CB::kTellPool));
  if (small) {
    CB::Answer& a = control.answer(seq);
    std::memcpy(a.bytes, body.data(), body.size());
    a.size = static_cast<std::uint32_t>(body.size());
  }
  std::uint64_t w = slot.load();
  for (;;) {
    bool deliver = small && (w & CB::kWaiting);
    if (slot.compare_exchange_weak(w, CB::word(seq, deliver ? CB::Delivered : CB::Answered))) {
      if (w & CB::kWaiting) futex_wake(slot);
      return !deliver;
    }
  }
}

namespace {
/// The futex word: the low half of \p word, where the state, the mark and
/// the sequence number's low bits are.
std::uint32_t* futex_half(std::atomic<std::uint64_t>& word) {
  static_assert(sizeof(std::atomic<std::uint64_t>) == 8);
  auto* p = reinterpret_cast<std::uint32_t*>(&word);
  return std::endian::native == std::endian::little ? p : p + 1;
}
}  // namespace

bool futex_wait(std::atomic<std::uint64_t>& word, std::uint64_t expected,
                std::optional<std::chrono::steady_clock::time_point> deadline) {
  timespec relative{};
  if (deadline) {
    auto left = *deadline - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) return false;
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
    relative.tv_sec = static_cast<time_t>(ns / 1000000000);
    relative.tv_nsec = static_cast<long>(ns % 1000000000);
  }
  // Not FUTEX_PRIVATE: the worker wakes it from its own process. A return
  // for any reason (woken, changed, a signal) has the caller look again.
  long r = ::syscall(SYS_futex, futex_half(word), FUTEX_WAIT,
                     static_cast<std::uint32_t>(expected), deadline ? &relative : nullptr,
                     nullptr, 0);
  if (r != 0 && errno == ETIMEDOUT) return false;
  return true;
}

void futex_wake(std::atomic<std::uint64_t>& word) {
  ::syscall(SYS_futex, futex_half(word), FUTEX_WAKE, INT32_MAX, nullptr, nullptr, 0);
}

std::shared_ptr<ControlBlock> map_control_block(const UniqueFd& memfd) {
  if (check_memfd(memfd.get(), F_SEAL_SHRINK, kControlSize) != MemfdCheck::Ok)
    throw MalformedFrame("a control block that is not a sealed memfd of " +
                         std::to_string(kControlSize) + " bytes");
  std::shared_ptr<ControlBlock> block = map_block(memfd.get());
  if (!block) throw MalformedFrame("a control block that cannot be mapped");
  return block;
}

}  // namespace ppx::detail
