// Hostile frames: what the channel's decoding does with bytes that no ppx
// process writes. Malformed, truncated and lying frames give an error, never
// undefined behaviour; a function reference runs only what the program has.
// White-box where the frame must be forged (runtime/src/channel.hpp).
#include <ppx/ppx.hpp>

#include "../../runtime/src/channel.hpp"

#include <gtest/gtest.h>

#include "leftovers.hpp"
#include "start_methods.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

namespace {

using ppx::detail::Frame;
using ppx::detail::Kind;

struct RawHeader {
  std::uint32_t kind;
  std::uint32_t flags;
  std::uint64_t id;
  std::uint64_t size;
};
static_assert(sizeof(RawHeader) == 24);

std::string header(std::uint32_t kind, std::uint64_t size, std::uint32_t flags = 0,
                   std::uint64_t id = 1) {
  RawHeader h{kind, flags, id, size};
  return std::string(reinterpret_cast<const char*>(&h), sizeof h);
}

/// A descriptor that reads back \p bytes (a memfd, rewound).
ppx::detail::UniqueFd bytes_fd(const std::string& bytes) {
  ppx::detail::UniqueFd fd(::memfd_create("frames_test", MFD_CLOEXEC));
  EXPECT_TRUE(fd);
  EXPECT_EQ(::write(fd.get(), bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  ::lseek(fd.get(), 0, SEEK_SET);
  return fd;
}

int plain_function(int x) { return x + 1; }
std::vector<double> echo_values(std::vector<double> v) { return v; }
double sum_values(std::vector<double> v) {
  double s = 0;
  for (double d : v) s += d;
  return s;
}
std::vector<double> make_values(std::size_t n) {
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<double>(i);
  return v;
}

// --- read_frame -----------------------------------------------------------

TEST(Frames, AWellFormedFrameRoundTrips) {
  int pair[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
  ppx::detail::UniqueFd a(pair[0]), b(pair[1]);
  ASSERT_TRUE(ppx::detail::write_frame(a.get(), Kind::Result, 7, "payload"));
  std::optional<Frame> f = ppx::detail::read_frame(b.get());
  ASSERT_TRUE(f);
  EXPECT_EQ(f->kind, Kind::Result);
  EXPECT_EQ(f->id, 7u);
  EXPECT_EQ(f->body.view(), "payload");
}

TEST(Frames, UnknownKindIsMalformed) {
  auto fd = bytes_fd(header(99, 0));
  EXPECT_THROW(ppx::detail::read_frame(fd.get()), ppx::detail::MalformedFrame);
}

TEST(Frames, UnknownFlagsAreMalformed) {
  auto fd = bytes_fd(header(static_cast<std::uint32_t>(Kind::Task), 0, /*flags=*/4));
  EXPECT_THROW(ppx::detail::read_frame(fd.get()), ppx::detail::MalformedFrame);
}

TEST(Frames, ABodyLargerThanAnyMessageIsMalformed) {
  auto fd = bytes_fd(header(static_cast<std::uint32_t>(Kind::Task), std::uint64_t(1) << 62));
  try {
    ppx::detail::read_frame(fd.get());
    FAIL() << "no error";
  } catch (const ppx::detail::MalformedFrame& e) {
    EXPECT_NE(std::string(e.what()).find("more than the largest message"), std::string::npos);
  }
}

TEST(Frames, TruncatedHeaderIsTheEndOfTheChannel) {
  auto fd = bytes_fd(header(static_cast<std::uint32_t>(Kind::Task), 4).substr(0, 10));
  EXPECT_FALSE(ppx::detail::read_frame(fd.get()));
}

TEST(Frames, ABodyThatLiesAboutItsSizeCostsOnlyTheTrustedSize) {
  // 1 GiB announced, 5 bytes sent: read as a cut frame, having allocated at
  // most the trusted size and what really arrived (doubling).
  auto fd = bytes_fd(header(static_cast<std::uint32_t>(Kind::Result), 1u << 30) + "hello");
  EXPECT_FALSE(ppx::detail::read_frame(fd.get(), /*trusted_size=*/16));
}

TEST(Frames, ABodyBeyondTheTrustedSizeIsReadWhole) {
  std::string body(100000, '\0');
  for (std::size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>(i * 131 + 7);
  auto fd = bytes_fd(header(static_cast<std::uint32_t>(Kind::Result), body.size()) + body);
  std::optional<Frame> f = ppx::detail::read_frame(fd.get(), /*trusted_size=*/16);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->body.view(), body);
}

// --- bodies in shared memory ----------------------------------------------

constexpr std::uint32_t kBodyShared = 1;  // channel.cpp's flags
constexpr std::uint32_t kControl = 2;

/// A connected socket pair.
std::pair<ppx::detail::UniqueFd, ppx::detail::UniqueFd> socket_pair() {
  int pair[2];
  EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
  return {ppx::detail::UniqueFd(pair[0]), ppx::detail::UniqueFd(pair[1])};
}

/// Sends \p bytes with \p fds attached (as SCM_RIGHTS), as a hostile peer could.
void send_with_fds(int socket, const std::string& bytes, std::initializer_list<int> fds) {
  iovec iov{const_cast<char*>(bytes.data()), bytes.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(8 * sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  if (fds.size() > 0) {
    msg.msg_control = control;
    msg.msg_controllen = CMSG_SPACE(fds.size() * sizeof(int));
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(fds.size() * sizeof(int));
    std::memcpy(CMSG_DATA(c), fds.begin(), fds.size() * sizeof(int));
  }
  ASSERT_EQ(::sendmsg(socket, &msg, 0), static_cast<ssize_t>(bytes.size()));
}

/// A memfd holding \p size bytes, with \p seals added.
ppx::detail::UniqueFd memfd_of(std::size_t size, int seals) {
  ppx::detail::UniqueFd fd(::memfd_create("frames_test", MFD_CLOEXEC | MFD_ALLOW_SEALING));
  EXPECT_EQ(::ftruncate(fd.get(), static_cast<off_t>(size)), 0);
  if (seals) EXPECT_EQ(::fcntl(fd.get(), F_ADD_SEALS, seals), 0);
  return fd;
}

/// read_frame's error for what arrives on \p socket ("" if none).
std::string malformed(int socket) {
  try {
    ppx::detail::read_frame(socket);
  } catch (const ppx::detail::MalformedFrame& e) {
    return e.what();
  }
  return "";
}

TEST(SharedFrames, ALargeBodyCrossesAsASealedMemfdAndReadsBackWhole) {
  const std::size_t size = ppx::detail::MessageBuilder::kSharedThreshold + 12345;
  std::vector<double> values(size / sizeof(double));
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<double>(i) * 0.25;
  ppx::detail::MessageBuilder builder;
  {
    ppx::detail::Writer w(builder);
    w.archive(values);
  }
  ppx::detail::Message sent = builder.take();
  ASSERT_GE(sent.shared_fd(), 0) << "a message past the threshold is shared";
  EXPECT_EQ(::fcntl(sent.shared_fd(), F_GET_SEALS) & (F_SEAL_SHRINK | F_SEAL_WRITE),
            F_SEAL_SHRINK | F_SEAL_WRITE);
  std::size_t fds_before = leftovers::open_fds();
  auto [a, b] = socket_pair();
  ASSERT_TRUE(ppx::detail::write_frame(a.get(), Kind::Result, 3, sent));
  ASSERT_TRUE(ppx::detail::write_frame(a.get(), Kind::Result, 4, "small"));
  {
    std::optional<Frame> f = ppx::detail::read_frame(b.get());
    ASSERT_TRUE(f);
    EXPECT_EQ(f->id, 3u);
    EXPECT_GE(f->body.shared_fd(), 0);
    EXPECT_EQ(f->body.view(), sent.view());
    std::vector<double> back;
    ppx::detail::Reader r(f->body.view());
    r.archive(back);
    EXPECT_EQ(back, values);
    // The frame after it is read as usual.
    f = ppx::detail::read_frame(b.get());
    ASSERT_TRUE(f);
    EXPECT_EQ(f->body.view(), "small");
    EXPECT_LT(f->body.shared_fd(), 0);
  }
  a.reset();
  b.reset();
  EXPECT_EQ(leftovers::open_fds(), fds_before) << "the received memfd was closed";
}

// --- the buffered reader (the pool's and the worker's) ---------------------

TEST(FrameReader, ReadsEveryFrameThatOneReadBrought) {
  auto [a, b] = socket_pair();
  std::vector<std::pair<std::uint64_t, ppx::detail::Message>> frames;
  for (std::uint64_t id = 1; id <= 5; ++id)
    frames.emplace_back(id, ppx::detail::Message(std::string(id * 10, 'a' + id)));
  ASSERT_TRUE(ppx::detail::write_task_frames(a.get(), frames));
  ppx::detail::FrameReader reader(b.get());
  EXPECT_FALSE(reader.has_frame());
  for (std::uint64_t id = 1; id <= 5; ++id) {
    std::optional<Frame> f = reader.next();
    ASSERT_TRUE(f);
    EXPECT_EQ(f->kind, Kind::Task);
    EXPECT_EQ(f->id, id);
    EXPECT_EQ(f->body.view(), std::string(id * 10, 'a' + id));
    EXPECT_EQ(reader.has_frame(), id < 5) << "the rest came with the first read";
  }
}

TEST(FrameReader, GivesEachSharedBodyItsDescriptorAmongOtherFrames) {
  auto [a, b] = socket_pair();
  std::vector<double> values(ppx::detail::MessageBuilder::kSharedThreshold / sizeof(double) + 8,
                             1.5);
  ppx::detail::MessageBuilder builder;
  {
    ppx::detail::Writer w(builder);
    w.archive(values);
  }
  ppx::detail::Message shared = builder.take();
  ASSERT_GE(shared.shared_fd(), 0);
  std::string big(100000, 'b');  // larger than the reader's buffer
  ASSERT_TRUE(ppx::detail::write_frame(a.get(), Kind::Result, 1, "first"));
  ASSERT_TRUE(ppx::detail::write_frame(a.get(), Kind::Result, 2, shared));
  ASSERT_TRUE(ppx::detail::write_frame(a.get(), Kind::Result, 3, big));
  ASSERT_TRUE(ppx::detail::write_frame(a.get(), Kind::Result, 4, shared));
  ASSERT_TRUE(ppx::detail::write_frame(a.get(), Kind::Result, 5, "last"));
  a.reset();
  ppx::detail::FrameReader reader(b.get());
  std::vector<std::string> bodies;
  while (std::optional<Frame> f = reader.next()) {
    EXPECT_EQ(f->id, bodies.size() + 1);
    EXPECT_EQ(f->body.shared_fd() >= 0, f->id == 2 || f->id == 4) << f->id;
    bodies.emplace_back(f->body.view());
  }
  ASSERT_EQ(bodies.size(), 5u);
  EXPECT_EQ(bodies[0], "first");
  EXPECT_EQ(bodies[1], shared.view());
  EXPECT_EQ(bodies[2], big);
  EXPECT_EQ(bodies[3], shared.view());
  EXPECT_EQ(bodies[4], "last");
}

TEST(FrameReader, ADescriptorThatCameWithABodyIsMalformed) {
  auto [a, b] = socket_pair();
  auto memfd = memfd_of(4096, F_SEAL_SHRINK | F_SEAL_WRITE);
  // The descriptor rides on a message whose last byte is a body's.
  send_with_fds(a.get(), header(static_cast<std::uint32_t>(Kind::Result), 4) + "abcd",
                {memfd.get()});
  send_with_fds(a.get(), header(static_cast<std::uint32_t>(Kind::Result), 0), {});
  memfd.reset();
  std::size_t fds_before = leftovers::open_fds();
  {
    ppx::detail::FrameReader reader(b.get());
    std::optional<Frame> f = reader.next();
    ASSERT_TRUE(f);
    EXPECT_EQ(f->body.view(), "abcd");
    try {
      reader.next();
      FAIL() << "no error";
    } catch (const ppx::detail::MalformedFrame& e) {
      EXPECT_NE(std::string(e.what()).find("has no use for"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(leftovers::open_fds(), fds_before) << "the stray descriptor was closed";
}

TEST(FrameReader, ReadsAPipeOrAFileToo) {
  auto fd = bytes_fd(header(static_cast<std::uint32_t>(Kind::Result), 3) + "xyz" +
                     header(static_cast<std::uint32_t>(Kind::Stop), 0));
  ppx::detail::FrameReader reader(fd.get());
  std::optional<Frame> f = reader.next();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->body.view(), "xyz");
  f = reader.next();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->kind, Kind::Stop);
  EXPECT_FALSE(reader.next());
}

TEST(SharedFrames, ASmallMessageStaysInAString) {
  ppx::detail::MessageBuilder builder;
  {
    ppx::detail::Writer w(builder);
    w.archive(std::string(1000, 'x'));
  }
  ppx::detail::Message m = builder.take();
  EXPECT_LT(m.shared_fd(), 0);
  EXPECT_EQ(m.size(), 1000u + sizeof(std::uint64_t));
}

TEST(SharedFrames, ASharedFlagWithoutADescriptorIsMalformed) {
  auto [a, b] = socket_pair();
  send_with_fds(a.get(), header(static_cast<std::uint32_t>(Kind::Result), 64, kBodyShared), {});
  EXPECT_NE(malformed(b.get()).find("came without its descriptor"), std::string::npos);
}

TEST(SharedFrames, ADescriptorWithoutTheFlagIsMalformedAndClosed) {
  auto [a, b] = socket_pair();
  auto memfd = memfd_of(4096, F_SEAL_SHRINK | F_SEAL_WRITE);
  send_with_fds(a.get(), header(static_cast<std::uint32_t>(Kind::Result), 0), {memfd.get()});
  memfd.reset();
  std::size_t fds_before = leftovers::open_fds();
  EXPECT_NE(malformed(b.get()).find("has no use for"), std::string::npos);
  EXPECT_EQ(leftovers::open_fds(), fds_before);
}

TEST(SharedFrames, TwoDescriptorsAreMalformedAndBothClosed) {
  auto [a, b] = socket_pair();
  auto m1 = memfd_of(4096, F_SEAL_SHRINK | F_SEAL_WRITE);
  auto m2 = memfd_of(4096, F_SEAL_SHRINK | F_SEAL_WRITE);
  send_with_fds(a.get(), header(static_cast<std::uint32_t>(Kind::Result), 4096, kBodyShared),
                {m1.get(), m2.get()});
  m1.reset();
  m2.reset();
  std::size_t fds_before = leftovers::open_fds();
  EXPECT_NE(malformed(b.get()), "");
  EXPECT_EQ(leftovers::open_fds(), fds_before);
}

TEST(SharedFrames, AControlFrameMustBeOneAndCarryItsDescriptor) {
  {
    auto [a, b] = socket_pair();
    send_with_fds(a.get(), header(static_cast<std::uint32_t>(Kind::Control), 0, kControl), {});
    EXPECT_NE(malformed(b.get()).find("without exactly one descriptor"), std::string::npos);
  }
  {
    auto [a, b] = socket_pair();
    send_with_fds(a.get(), header(static_cast<std::uint32_t>(Kind::Task), 0, kControl), {});
    EXPECT_NE(malformed(b.get()).find("a control frame that is not one"), std::string::npos);
  }
  {
    auto [a, b] = socket_pair();
    send_with_fds(a.get(), header(static_cast<std::uint32_t>(Kind::Control), 0), {});
    EXPECT_NE(malformed(b.get()).find("a control frame that is not one"), std::string::npos);
  }
}

TEST(SharedFrames, AnUnsealedMemfdIsMalformed) {
  // The sender could shrink it while it is read: a read past its end is SIGBUS.
  for (int seals : {0, F_SEAL_WRITE, F_SEAL_SHRINK}) {
    auto [a, b] = socket_pair();
    auto memfd = memfd_of(4096, seals);
    send_with_fds(a.get(), header(static_cast<std::uint32_t>(Kind::Result), 4096, kBodyShared),
                  {memfd.get()});
    EXPECT_NE(malformed(b.get()).find("not a sealed memfd"), std::string::npos) << seals;
  }
}

TEST(SharedFrames, AMemfdSmallerThanItsFrameIsMalformed) {
  auto [a, b] = socket_pair();
  auto memfd = memfd_of(4096, F_SEAL_SHRINK | F_SEAL_WRITE);
  send_with_fds(a.get(), header(static_cast<std::uint32_t>(Kind::Result), 1 << 20, kBodyShared),
                {memfd.get()});
  EXPECT_NE(malformed(b.get()).find("smaller than it announces"), std::string::npos);
}

TEST(SharedFrames, ADescriptorThatIsNotAMemfdIsMalformed) {
  int pipe_fds[2];
  ASSERT_EQ(::pipe2(pipe_fds, O_CLOEXEC), 0);
  ppx::detail::UniqueFd r(pipe_fds[0]), w(pipe_fds[1]);
  auto [a, b] = socket_pair();
  send_with_fds(a.get(), header(static_cast<std::uint32_t>(Kind::Result), 16, kBodyShared),
                {r.get()});
  EXPECT_NE(malformed(b.get()).find("not a sealed memfd"), std::string::npos);
}

TEST(SharedFrames, LargeArgumentsAndResultsCrossThePoolUnderEveryStartMethod) {
  const std::size_t n = (ppx::detail::MessageBuilder::kSharedThreshold / sizeof(double)) + 1000;
  std::vector<double> values(n);
  for (std::size_t i = 0; i < n; ++i) values[i] = static_cast<double>(i % 977) - 3.5;
  for (auto method : start_methods::kLocal) {
    std::size_t fds_before = leftovers::open_fds();
    {
      ppx::Options options;
      options.max_workers = 2;
      options.start_method = method;
      ppx::ProcessPoolExecutor pool(options);
      auto back = pool.submit(echo_values, values);   // shared both ways
      auto sum = pool.submit(sum_values, values);     // shared there, small back
      auto made = pool.submit(make_values, n);        // small there, shared back
      EXPECT_EQ(back.get(), values);
      double expected = 0;
      for (double v : values) expected += v;
      EXPECT_EQ(sum.get(), expected);
      std::vector<double> m = made.get();
      ASSERT_EQ(m.size(), n);
      EXPECT_EQ(m[n - 1], static_cast<double>(n - 1));
    }
    EXPECT_EQ(leftovers::open_fds(), fds_before) << "no memfd is left open";
    EXPECT_TRUE(leftovers::no_children());
  }
}

// --- decoding a task in the worker ---------------------------------------

std::string task_body(const ppx::detail::FunctionRef& trampoline, const std::string& rest = {}) {
  std::string body;
  {
    ppx::detail::Writer w(body);
    w.archive(trampoline);
  }
  return body + rest;
}

std::string valid_task(int x) {
  using Fn = int (*)(int);
  return std::string(
      ppx::detail::request_for(
          ppx::detail::registered_trampoline<&ppx::detail::run_task<Fn, int>>(), &plain_function,
          [&](cereal::BinaryOutputArchive& ar) { ppx::detail::Pickler<int>::save(ar, x); })
          .view());
}

TEST(WorkerDecoding, AValidTaskRuns) {
  std::string out;
  ASSERT_EQ(ppx::detail::serve_task(valid_task(41), out), Kind::Result);
  ppx::detail::Reader r(out);
  EXPECT_EQ(ppx::detail::Pickler<int>::load(r.archive), 42);
}

TEST(WorkerDecoding, AFunctionThatIsNotATrampolineIsRefused) {
  // plain_function is real code of this program, but not a task entry point:
  // calling it as a trampoline would be undefined behaviour.
  std::string out;
  auto ref = ppx::detail::function_ref(reinterpret_cast<const void*>(&plain_function));
  EXPECT_EQ(ppx::detail::serve_task(task_body(ref), out), Kind::PickleFailure);
  EXPECT_NE(out.find("is not one of the program's task entry points"), std::string::npos) << out;
}

TEST(WorkerDecoding, AnArbitraryOffsetIsRefused) {
  std::string out;
  for (std::uint64_t offset : {std::uint64_t(0), std::uint64_t(1), std::uint64_t(0x1234567),
                               ~std::uint64_t(0)}) {
    EXPECT_EQ(ppx::detail::serve_task(task_body({"", offset}), out), Kind::PickleFailure)
        << offset;
  }
  auto ref = ppx::detail::function_ref(reinterpret_cast<const void*>(
      ppx::detail::registered_trampoline<&ppx::detail::run_task<int (*)(int), int>>()));
  ref.offset += 1;  // inside the trampoline, not its start
  EXPECT_EQ(ppx::detail::serve_task(task_body(ref), out), Kind::PickleFailure);
}

TEST(WorkerDecoding, AModuleNameLongerThanAPathIsRefusedBeforeAllocating) {
  std::string body;
  {
    ppx::detail::Writer w(body);
    w.archive(cereal::make_size_tag(static_cast<cereal::size_type>(std::uint64_t(1) << 40)));
  }
  std::string out;
  EXPECT_EQ(ppx::detail::serve_task(body, out), Kind::PickleFailure);
  EXPECT_NE(out.find("where at most 4096 can be"), std::string::npos) << out;
}

TEST(WorkerDecoding, EveryTruncationOfAValidTaskIsAnError) {
  std::string body = valid_task(1);
  std::string out;
  for (std::size_t n = 0; n < body.size(); ++n)
    EXPECT_EQ(ppx::detail::serve_task(std::string_view(body).substr(0, n), out),
              Kind::PickleFailure)
        << "cut at " << n;
}

bool negate(bool b) { return !b; }

TEST(WorkerDecoding, ABoolThatIsNeitherZeroNorOneIsRefused) {
  // Found by the fuzzer: cereal copied the byte into the bool (undefined
  // behaviour for any byte but 0 and 1).
  std::string body(
      ppx::detail::request_for(
          ppx::detail::registered_trampoline<&ppx::detail::run_task<bool (*)(bool), bool>>(),
          &negate, [&](cereal::BinaryOutputArchive& ar) { ar(static_cast<unsigned char>(7)); })
          .view());
  std::string out;
  EXPECT_EQ(ppx::detail::serve_task(body, out), Kind::PickleFailure);
  EXPECT_NE(out.find("a bool stored as 7, not 0 or 1"), std::string::npos) << out;
  // Both real values still travel.
  for (bool b : {false, true}) {
    std::string bytes;
    {
      ppx::detail::Writer w(bytes);
      w.archive(b);
    }
    ppx::detail::Reader r(bytes);
    EXPECT_EQ(ppx::detail::Pickler<bool>::load(r.archive), b);
  }
}

TEST(WorkerDecoding, AMapChunkCannotAnnounceMoreValuesThanItHolds) {
  using Fn = int (*)(int);
  std::string body(
      ppx::detail::request_for(
          ppx::detail::registered_trampoline<&ppx::detail::run_chunk<Fn, int>>(), &plain_function,
          [&](cereal::BinaryOutputArchive& ar) { ar(std::uint64_t(1) << 50); })
          .view());
  std::string out;
  EXPECT_EQ(ppx::detail::serve_task(body, out), Kind::PickleFailure);
  EXPECT_NE(out.find("announces"), std::string::npos) << out;
}

TEST(WorkerDecoding, AMapChunkOfNumbersMustHoldExactlyItsValues) {
  // Numbers travel as one block: its size must be count values, no more, no less.
  using Fn = int (*)(int);
  for (std::string tail : {std::string(5, '\0'), std::string(12, '\0')}) {
    std::string body(
        ppx::detail::request_for(
            ppx::detail::registered_trampoline<&ppx::detail::run_chunk<Fn, int>>(),
            &plain_function, [&](cereal::BinaryOutputArchive& ar) { ar(std::uint64_t(2)); })
            .view());
    std::string out;
    EXPECT_EQ(ppx::detail::serve_task(body + tail, out), Kind::PickleFailure);
    EXPECT_NE(out.find("announces 2 values"), std::string::npos) << out;
  }
}

TEST(FunctionReferences, OnlyTheStartOfAFunctionResolves) {
  auto ref = ppx::detail::function_ref(reinterpret_cast<const void*>(&plain_function));
  EXPECT_EQ(ppx::detail::resolve_function(ref), reinterpret_cast<void*>(&plain_function));
  ref.offset += 1;
  try {
    ppx::detail::resolve_function(ref);
    FAIL() << "no error";
  } catch (const ppx::PicklingError& e) {
    EXPECT_NE(std::string(e.what()).find("no function of the executable starts at"),
              std::string::npos)
        << e.what();
  }
}

struct Base1 {
  int a = 0;
  int get(int x) const { return a + x; }
  virtual int vget(int x) const { return a - x; }
  virtual ~Base1() = default;
  template <class A> void serialize(A& ar) { ar(a); }
};

TEST(FunctionReferences, AMemberFunctionAdjustmentOutsideTheObjectIsRefused) {
  using M = int (Base1::*)(int) const;
  std::string bytes;
  {
    ppx::detail::Writer w(bytes);
    w.archive(false, std::int64_t(1) << 20,
              ppx::detail::function_ref(reinterpret_cast<const void*>(&plain_function)));
  }
  ppx::detail::Reader r(bytes);
  EXPECT_THROW(ppx::detail::CallablePickler<M>::load(r.archive), ppx::PicklingError);
}

TEST(FunctionReferences, AVirtualSlotNoVtableHasIsRefused) {
  using M = int (Base1::*)(int) const;
  for (std::uint64_t ptr : {std::uint64_t(2), std::uint64_t(1) + (std::uint64_t(1) << 40),
                            std::uint64_t(1) + 3}) {
    std::string bytes;
    {
      ppx::detail::Writer w(bytes);
      w.archive(true, std::int64_t(0), ptr);
    }
    ppx::detail::Reader r(bytes);
    EXPECT_THROW(ppx::detail::CallablePickler<M>::load(r.archive), ppx::PicklingError) << ptr;
  }
  // The real ones still round-trip.
  for (M m : {M(&Base1::get), M(&Base1::vget)}) {
    std::string bytes;
    {
      ppx::detail::Writer w(bytes);
      ppx::detail::CallablePickler<M>::save(w.archive, m);
    }
    ppx::detail::Reader r(bytes);
    EXPECT_TRUE(ppx::detail::CallablePickler<M>::load(r.archive) == m);
  }
}

TEST(ParentDecoding, AFailureWhoseStringsLieAboutTheirLengthGetsAPlaceholder) {
  std::string body;
  {
    ppx::detail::Writer w(body);
    w.archive(cereal::make_size_tag(static_cast<cereal::size_type>(std::uint64_t(1) << 40)));
  }
  auto [type, what] = ppx::detail::decode_failure(body);
  EXPECT_EQ(type, "unknown exception");
  EXPECT_NE(what.find("could not be unpickled"), std::string::npos);
}

// --- a worker fed hostile frames -----------------------------------------

/// Forks a worker on one end of a socketpair; returns its pid and our end.
std::pair<pid_t, ppx::detail::UniqueFd> fork_worker() {
  int pair[2];
  EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(pair[0]);
    ppx::detail::run_worker(pair[1], /*spawned=*/false);
  }
  ::close(pair[1]);
  return {pid, ppx::detail::UniqueFd(pair[0])};
}

/// A forked worker that was sent its configuration (no initializer).
std::pair<pid_t, ppx::detail::UniqueFd> fork_configured_worker() {
  auto worker = fork_worker();
  std::string no_initializer;  // an empty configuration: no initializer
  EXPECT_TRUE(ppx::detail::write_frame(worker.second.get(), Kind::Config, 0, no_initializer));
  return worker;
}

/// Waits for \p pid, which must end as a worker fed a malformed frame does.
void expect_malformed_frame_exit(pid_t pid) {
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), ppx::detail::kMalformedFrameExit);
}

TEST(HostileFrames, AWorkerAnswersBadTasksAndEndsOnAMalformedFrame) {
  auto [pid, fd] = fork_configured_worker();
  auto f = ppx::detail::read_frame(fd.get());
  ASSERT_TRUE(f);
  EXPECT_EQ(f->kind, Kind::Initializing);
  f = ppx::detail::read_frame(fd.get());
  ASSERT_TRUE(f);
  EXPECT_EQ(f->kind, Kind::Ready);

  // Bad tasks are answered, and the worker goes on.
  for (const std::string& bad :
       {std::string(), std::string("\xff\xff\xff"), task_body({"", 0x42}),
        task_body(ppx::detail::function_ref(reinterpret_cast<const void*>(&plain_function)))}) {
    ASSERT_TRUE(ppx::detail::write_frame(fd.get(), Kind::Task, 9, bad));
    f = ppx::detail::read_frame(fd.get());
    ASSERT_TRUE(f);
    EXPECT_EQ(f->kind, Kind::PickleFailure);
    EXPECT_EQ(f->id, 9u);
  }
  ASSERT_TRUE(ppx::detail::write_frame(fd.get(), Kind::Task, 10, valid_task(1)));
  f = ppx::detail::read_frame(fd.get());
  ASSERT_TRUE(f);
  EXPECT_EQ(f->kind, Kind::Result);

  // A frame no parent writes ends it, with its own status.
  std::string bad_header = header(77, 0);
  ASSERT_EQ(::write(fd.get(), bad_header.data(), bad_header.size()),
            static_cast<ssize_t>(bad_header.size()));
  expect_malformed_frame_exit(pid);
}

TEST(HostileFrames, AWorkerGivenAControlBlockThatIsNotSealedEnds) {
  // The control block is how a worker learns which tasks were cancelled; one
  // that could shrink under it would make it fault, so it is refused.
  auto [pid, fd] = fork_configured_worker();
  auto unsealed = memfd_of(4096, 0);
  send_with_fds(fd.get(), header(static_cast<std::uint32_t>(Kind::Control), 0, kControl),
                {unsealed.get()});
  expect_malformed_frame_exit(pid);
}

TEST(HostileFrames, AWorkerSkipsATaskCancelledInItsControlBlock) {
  auto [pid, fd] = fork_configured_worker();
  ppx::detail::UniqueFd memfd;
  std::shared_ptr<ppx::detail::ControlBlock> block = ppx::detail::make_control_block(memfd);
  ASSERT_TRUE(block);
  ASSERT_TRUE(ppx::detail::write_control_frame(fd.get(), memfd.get()));
  using CB = ppx::detail::ControlBlock;
  block->slot(5).store(CB::word(5, CB::Cancelled));
  block->slot(6).store(CB::word(6, CB::Sent));
  ASSERT_TRUE(ppx::detail::write_frame(fd.get(), Kind::Task, 5, valid_task(1)));
  ASSERT_TRUE(ppx::detail::write_frame(fd.get(), Kind::Task, 6, valid_task(2)));
  std::vector<std::pair<Kind, std::uint64_t>> answers;
  while (answers.size() < 2) {
    auto f = ppx::detail::read_frame(fd.get());
    ASSERT_TRUE(f);
    if (f->kind == Kind::Initializing || f->kind == Kind::Ready) continue;
    answers.emplace_back(f->kind, f->id);
  }
  EXPECT_EQ(answers[0], std::make_pair(Kind::Skipped, std::uint64_t(5)));
  EXPECT_EQ(answers[1], std::make_pair(Kind::Result, std::uint64_t(6)));
  // No one slept on task 6's word: it was answered by its frame.
  EXPECT_EQ(block->slot(6).load(), CB::word(6, CB::Answered));
  EXPECT_EQ(block->slot(5).load(), CB::word(5, CB::Cancelled));

  // A thread asleep on task 7's word gets its small result beside the word,
  // with no frame; task 8, with no sleeper, is answered by a frame.
  block->slot(7).store(CB::word(7, CB::Sent) | CB::kWaiting);
  block->slot(8).store(CB::word(8, CB::Sent));
  ASSERT_TRUE(ppx::detail::write_frame(fd.get(), Kind::Task, 7, valid_task(3)));
  ASSERT_TRUE(ppx::detail::write_frame(fd.get(), Kind::Task, 8, valid_task(4)));
  auto f = ppx::detail::read_frame(fd.get());
  ASSERT_TRUE(f);
  EXPECT_EQ(f->kind, Kind::Result);
  EXPECT_EQ(f->id, 8u);
  EXPECT_EQ(block->slot(7).load(), CB::word(7, CB::Delivered));
  // The pickled result, as a frame's body would have held it.
  ASSERT_LE(block->answer(7).size, CB::kInlineAnswer);
  std::string delivered_bytes(block->answer(7).bytes, block->answer(7).size);
  ppx::detail::Reader delivered(delivered_bytes);
  EXPECT_EQ(ppx::detail::Pickler<int>::load(delivered.archive), 4);
  ppx::detail::Reader framed(f->body.view());
  EXPECT_EQ(ppx::detail::Pickler<int>::load(framed.archive), 5);
  ASSERT_TRUE(ppx::detail::write_frame(fd.get(), Kind::Stop, 0, std::string_view()));
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

// --- the parent fed a hostile frame, through the public API --------------

/// Writes a frame of an unknown kind on a spawned worker's channel (fd 3),
/// then waits to be killed.
void corrupt_the_channel() {
  std::string bad = header(99, 0);
  [[maybe_unused]] ssize_t n = ::write(ppx::detail::kWorkerChannelFd, bad.data(), bad.size());
  std::this_thread::sleep_for(std::chrono::seconds(30));
}

TEST(HostileFrames, AMalformedFrameFromAWorkerBreaksThePoolAndNamesIt) {
  std::size_t fds_before = leftovers::open_fds();
  {
    ppx::Options o;
    o.max_workers = 1;
    o.start_method = ppx::StartMethod::Spawn;
    ppx::ProcessPoolExecutor ex(o);
    auto f = ex.submit(corrupt_the_channel);
    auto g = ex.submit(plain_function, 1);
    try {
      f.get();
      FAIL() << "no error";
    } catch (const ppx::BrokenProcessPool& e) {
      EXPECT_NE(std::string(e.what()).find("a malformed message from worker 1"),
                std::string::npos)
          << e.what();
      EXPECT_NE(std::string(e.what()).find("unknown kind 99"), std::string::npos) << e.what();
    }
    EXPECT_THROW(g.get(), ppx::BrokenProcessPool);
  }
  EXPECT_EQ(leftovers::open_fds(), fds_before);
  EXPECT_TRUE(leftovers::no_children());
}

// --- descriptors on failure paths ------------------------------------------

void exit_at_once() { std::_Exit(3); }

TEST(Descriptors, NoneLeftWhateverWayThePoolEnds) {
  std::size_t before = leftovers::open_fds();
  // The constructor refuses its options.
  {
    ppx::Options o;
    o.start_method = ppx::StartMethod::Fork;
    o.max_tasks_per_child = 1;
    EXPECT_THROW(ppx::ProcessPoolExecutor ex(o), ppx::Error);
  }
  EXPECT_EQ(leftovers::open_fds(), before);
  // A worker dies; the pool is broken.
  for (auto method : start_methods::kLocal) {
    ppx::Options o;
    o.max_workers = 2;
    o.start_method = method;
    {
      ppx::ProcessPoolExecutor ex(o);
      EXPECT_THROW(ex.submit(exit_at_once).get(), ppx::BrokenProcessPool);
    }
    EXPECT_EQ(leftovers::open_fds(), before);
    EXPECT_TRUE(leftovers::no_children());
  }
  // The initializer fails.
  {
    ppx::Options o;
    o.max_workers = 1;
    o.initializer = [] { throw std::runtime_error("no"); };
    {
      ppx::ProcessPoolExecutor ex(o);
      try {
        ex.submit(plain_function, 1).get();
      } catch (const ppx::BrokenProcessPool&) {
      }
    }
    EXPECT_EQ(leftovers::open_fds(), before);
    EXPECT_TRUE(leftovers::no_children());
  }
}

}  // namespace
