// The bytes of one message between the parent and a worker (a pickled task,
// a result): small ones in a string, copied through the channel; large ones
// in a sealed shared memory file (a memfd), whose descriptor crosses the
// channel instead of the bytes (runtime/src/message.cpp, channel.cpp).
#ifndef PPX_DETAIL_MESSAGE_HPP
#define PPX_DETAIL_MESSAGE_HPP

#include <cstddef>
#include <streambuf>
#include <string>
#include <string_view>

namespace ppx::detail {

/// Bytes of a message, owned: a string, or a read-only mapping of a sealed
/// memfd (which keeps the descriptor, to pass it on). Move-only.
class Message {
 public:
  Message() = default;
  explicit Message(std::string bytes) noexcept : bytes_(std::move(bytes)) {}
  /// Takes \p fd, a memfd sealed against shrinking and writing, and maps its
  /// first \p size bytes read-only; throws std::system_error if it cannot.
  static Message shared(int fd, std::size_t size);
  Message(Message&& other) noexcept;
  Message& operator=(Message&& other) noexcept;
  Message(const Message&) = delete;
  Message& operator=(const Message&) = delete;
  ~Message();

  std::string_view view() const noexcept {
    return map_ ? std::string_view(map_, size_) : std::string_view(bytes_);
  }
  std::size_t size() const noexcept { return map_ ? size_ : bytes_.size(); }
  /// The memfd holding the bytes, or -1 when they are in a string.
  int shared_fd() const noexcept { return fd_; }

 private:
  void release() noexcept;
  std::string bytes_;
  int fd_ = -1;
  const char* map_ = nullptr;
  std::size_t size_ = 0;
};

/// Where a message is pickled: a stream buffer that writes into a string
/// and, past kSharedThreshold bytes, moves what it holds into a memfd and
/// goes on there, so that a large value is written once, straight into the
/// memory the worker will read.
class MessageBuilder final : public std::streambuf {
 public:
  /// A message this large or larger travels in shared memory. Below it,
  /// copying through the socket is cheaper: glibc's malloc recycles buffers
  /// up to its largest mmap threshold (32 MiB) warm, where every shared
  /// message is new pages to fault in; above it, every buffer is new pages
  /// either way, and shared memory saves the copies (docs/performance.md).
  static constexpr std::size_t kSharedThreshold = std::size_t(32) << 20;

  /// A builder that moves into shared memory past the threshold.
  MessageBuilder() : str_(&own_), may_share_(true) {}
  /// A builder that writes into \p out only (never shared memory).
  explicit MessageBuilder(std::string& out) : str_(&out), may_share_(false) {}
  MessageBuilder(const MessageBuilder&) = delete;
  MessageBuilder& operator=(const MessageBuilder&) = delete;
  ~MessageBuilder() override;

  /// Drops what was written.
  void clear() noexcept;
  /// Replaces what was written by \p bytes.
  void assign(std::string_view bytes);
  std::size_t size() const noexcept { return map_ ? size_ : str_->size(); }
  /// The message written (the builder is empty afterwards). A shared one is
  /// trimmed to its size and sealed before it is handed out.
  Message take();

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int_type overflow(int_type c) override;

 private:
  void append(const char* s, std::size_t n);
  /// Unmaps and closes the memfd, if the message moved into one.
  void drop_shared() noexcept;
  void move_to_shared(std::size_t need);
  void grow(std::size_t need);

  std::string own_;
  std::string* str_;
  bool may_share_;
  int fd_ = -1;
  char* map_ = nullptr;
  std::size_t capacity_ = 0, size_ = 0;
};

}  // namespace ppx::detail

#endif  // PPX_DETAIL_MESSAGE_HPP
