// Messages in shared memory: a memfd written by one process, sealed, passed
// over the channel as a descriptor, and mapped read-only by the other.
#include <ppx/detail/message.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>
#include <utility>

namespace ppx::detail {

namespace {

[[noreturn]] void fail(const char* what) {
  throw std::system_error(errno, std::generic_category(), std::string("ppx: ") + what);
}

}  // namespace

// ---------------------------------------------------------------------------
// Message
// ---------------------------------------------------------------------------
Message Message::shared(int fd, std::size_t size) {
  Message m;
  m.fd_ = fd;  // owned from here on, closed if mapping fails
  if (size == 0) return m;
  void* p = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) fail("cannot map a message in shared memory");
  m.map_ = static_cast<const char*>(p);
  m.size_ = size;
  return m;
}

Message::Message(Message&& other) noexcept
    : bytes_(std::move(other.bytes_)),
      fd_(std::exchange(other.fd_, -1)),
      map_(std::exchange(other.map_, nullptr)),
      size_(std::exchange(other.size_, 0)) {}

Message& Message::operator=(Message&& other) noexcept {
  if (this != &other) {
    release();
    bytes_ = std::move(other.bytes_);
    fd_ = std::exchange(other.fd_, -1);
    map_ = std::exchange(other.map_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

Message::~Message() { release(); }

void Message::release() noexcept {
  if (map_) ::munmap(const_cast<char*>(map_), size_);
  if (fd_ >= 0) ::close(fd_);
  map_ = nullptr;
  fd_ = -1;
  size_ = 0;
  bytes_.clear();
}

// ---------------------------------------------------------------------------
// MessageBuilder
// ---------------------------------------------------------------------------
// A string given to the builder keeps what was written into it.
MessageBuilder::~MessageBuilder() { drop_shared(); }

void MessageBuilder::drop_shared() noexcept {
  if (map_) ::munmap(map_, capacity_);
  if (fd_ >= 0) ::close(fd_);
  map_ = nullptr;
  fd_ = -1;
  capacity_ = size_ = 0;
}

void MessageBuilder::clear() noexcept {
  drop_shared();
  str_->clear();
}

void MessageBuilder::assign(std::string_view bytes) {
  clear();
  append(bytes.data(), bytes.size());
}

std::streamsize MessageBuilder::xsputn(const char* s, std::streamsize n) {
  append(s, static_cast<std::size_t>(n));
  return n;
}

MessageBuilder::int_type MessageBuilder::overflow(int_type c) {
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    char ch = static_cast<char>(c);
    append(&ch, 1);
  }
  return traits_type::not_eof(c);
}

void MessageBuilder::append(const char* s, std::size_t n) {
  if (!map_) {
    if (!may_share_ || str_->size() + n < kSharedThreshold) {
      str_->append(s, n);
      return;
    }
    move_to_shared(str_->size() + n);
  }
  if (size_ + n > capacity_) grow(size_ + n);
  std::memcpy(map_ + size_, s, n);
  size_ += n;
}

void MessageBuilder::move_to_shared(std::size_t need) {
  int fd = ::memfd_create("ppx-message", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) fail("memfd_create");
  fd_ = fd;
  grow(need);
  std::memcpy(map_, str_->data(), str_->size());
  size_ = str_->size();
  str_->clear();
  str_->shrink_to_fit();
}

void MessageBuilder::grow(std::size_t need) {
  // Doubling, from twice the threshold: a value written in many small
  // pieces costs a few remaps, not one per piece.
  std::size_t capacity = std::max(capacity_ ? capacity_ : 2 * kSharedThreshold, need);
  while (capacity < need) capacity *= 2;
  if (::ftruncate(fd_, static_cast<off_t>(capacity)) != 0) fail("cannot grow a shared message");
  void* p = map_ ? ::mremap(map_, capacity_, capacity, MREMAP_MAYMOVE)
                 : ::mmap(nullptr, capacity, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
  if (p == MAP_FAILED) fail("cannot map a shared message");
  map_ = static_cast<char*>(p);
  capacity_ = capacity;
}

Message MessageBuilder::take() {
  if (!map_) {
    Message m(may_share_ ? std::move(own_) : *str_);
    str_->clear();
    return m;
  }
  // The reader trusts the size and the bytes: no writable mapping may remain,
  // and the file cannot shrink (a read past its end would be SIGBUS) nor change.
  std::size_t size = size_;
  ::munmap(map_, capacity_);
  map_ = nullptr;
  capacity_ = size_ = 0;
  int fd = std::exchange(fd_, -1);
  if (::ftruncate(fd, static_cast<off_t>(size)) != 0 ||
      ::fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) {
    int e = errno;
    ::close(fd);
    errno = e;
    fail("cannot seal a shared message");
  }
  return Message::shared(fd, size);
}

}  // namespace ppx::detail
