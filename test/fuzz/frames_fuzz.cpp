// libFuzzer target: the channel's decoding in both directions, under
// AddressSanitizer and UndefinedBehaviorSanitizer. Whatever the bytes,
// decoding ends in a frame, an error or the end of the channel; never in
// undefined behaviour, a crash or an allocation the bytes do not pay for.
//
// The first input byte chooses what the rest is:
//   0  the bytes on a channel: frames are read until the end or an error
//   1  the body of a Task frame: the worker decodes it, checks the task's
//      trampoline against the program's list, and runs it
//   2  the body of a RemoteFailure/InitFailure frame: the parent decodes it
//   3  a pickled function reference: resolved and checked, not called
//   4  a pickled member function reference: decoded and checked
//
// PPX_FUZZ_WRITE_SEEDS=<dir> writes a seed corpus of valid inputs and exits.
#include <ppx/ppx.hpp>

#include "../../runtime/src/channel.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

namespace {

struct Point {
  int x = 0, y = 0;
  template <class A> void serialize(A& ar) { ar(x, y); }
};

struct Shape {
  int sides = 3;
  int area(int scale) const { return sides * scale; }
  virtual int perimeter(int side) const { return sides * side; }
  virtual ~Shape() = default;
  template <class A> void serialize(A& ar) { ar(sides); }
};

// The program's tasks: stateless callables. A function pointer's target, or a
// virtual member function's slot, is checked to be a function (a slot of
// reasonable size), not to be of the right type: the fuzzer decodes those
// references (modes 3 and 4) but does not call them. No argument type has
// a size field of its own: cereal's containers allocate what their size
// says before reading (docs/reliability.md).
// The tasks' own arithmetic wraps: a frame's values must not make the
// fuzzer's tasks, rather than the decoding, the undefined behaviour found.
int wrap(std::int64_t v) { return static_cast<int>(static_cast<std::uint32_t>(v)); }
constexpr auto add = [](int a, int b) { return wrap(std::int64_t(a) + b); };
constexpr auto mid = [](Point p, Point q) {
  return Point{wrap((std::int64_t(p.x) + q.x) / 2), wrap((std::int64_t(p.y) + q.y) / 2)};
};
constexpr auto pick = [](std::variant<int, double> v, std::optional<int> o) {
  return std::holds_alternative<int>(v) ? wrap(std::int64_t(std::get<int>(v)) + o.value_or(0))
                                        : -1;
};
constexpr auto sum4 = [](std::array<int, 4> a, std::pair<int, bool> p,
                         std::tuple<std::int64_t, char> t) {
  std::uint64_t sum = std::uint64_t(a[0]) + a[1] + a[2] + a[3] + (p.second ? p.first : 0);
  return sum + static_cast<std::uint64_t>(std::get<0>(t)) + std::uint64_t(std::get<1>(t));
};
constexpr auto fails = [](int x) -> int {
  if (x > 0) throw std::runtime_error("positive");
  return x;
};

template <class F, class... A>
std::string task(const F& fn, const A&... args) {
  return std::string(
      ppx::detail::request_for(
          ppx::detail::registered_trampoline<&ppx::detail::run_task<F, A...>>(), fn,
          [&](cereal::BinaryOutputArchive& ar) { (ppx::detail::Pickler<A>::save(ar, args), ...); })
          .view());
}

template <class F, class T>
std::string chunk(const F& fn, const std::vector<T>& values) {
  return std::string(ppx::detail::request_for(
                         ppx::detail::registered_trampoline<&ppx::detail::run_chunk<F, T>>(), fn,
                         [&](cereal::BinaryOutputArchive& ar) {
                           ar(static_cast<std::uint64_t>(values.size()));
                           for (const T& v : values) ppx::detail::Pickler<T>::save(ar, v);
                         })
                         .view());
}

template <class... T>
std::string pickled(const T&... values) {
  std::string out;
  ppx::detail::Writer w(out);
  w.archive(values...);
  return out;
}

std::string header(ppx::detail::Kind kind, std::uint64_t id, std::uint64_t size) {
  struct {
    std::uint32_t kind, reserved;
    std::uint64_t id, size;
  } h{static_cast<std::uint32_t>(kind), 0, id, size};
  return std::string(reinterpret_cast<const char*>(&h), sizeof h);
}

int the_initializer() { return 0; }

void write_seeds(const std::string& dir) {
  using ppx::detail::Kind;
  std::vector<std::pair<char, std::string>> seeds;
  std::string t1 = task(add, 2, 3);
  seeds.push_back({0, header(Kind::Config, 0, 0) +
                          header(Kind::Task, 1, t1.size()) + t1 + header(Kind::Stop, 0, 0)});
  seeds.push_back({0, header(Kind::Result, 7, 4) + "abcd" + header(Kind::Ready, 0, 0)});
  seeds.push_back({1, t1});
  seeds.push_back({1, task(mid, Point{1, 2}, Point{3, 4})});
  seeds.push_back({1, task(pick, std::variant<int, double>(4), std::optional<int>(5))});
  seeds.push_back({1, task(sum4, std::array<int, 4>{1, 2, 3, 4}, std::pair<int, bool>(5, true),
                           std::tuple<std::int64_t, char>(6, 'x'))});
  seeds.push_back({1, task(fails, 1)});
  seeds.push_back({1, chunk(fails, std::vector<int>{-1, -2, -3})});
  seeds.push_back({2, pickled(std::string("std::runtime_error"), std::string("boom"))});
  seeds.push_back({3, [] {
                     std::string out;
                     ppx::detail::Writer w(out);
                     ppx::detail::Pickler<int (*)()>::save(w.archive, &the_initializer);
                     return out;
                   }()});
  using M = int (Shape::*)(int) const;
  for (M m : {M(&Shape::area), M(&Shape::perimeter)}) {
    std::string out;
    {
      ppx::detail::Writer w(out);
      ppx::detail::CallablePickler<M>::save(w.archive, m);
    }
    seeds.push_back({4, out});
  }
  int n = 0;
  for (auto& [mode, bytes] : seeds) {
    std::ofstream(dir + "/seed-" + std::to_string(n++), std::ios::binary) << mode << bytes;
  }
  std::printf("wrote %d seeds to %s\n", n, dir.c_str());
}

/// Every frame \p next reads until the channel ends, each as its kind, id
/// and body, and last how reading ended ("end", or the MalformedFrame).
template <class Next>
std::vector<std::string> frames_of(Next next) {
  std::vector<std::string> frames;
  try {
    while (std::optional<ppx::detail::Frame> f = next())
      frames.push_back(std::to_string(static_cast<std::uint32_t>(f->kind)) + "/" +
                       std::to_string(f->id) + "/" + std::string(f->body.view()));
    frames.push_back("end");
  } catch (const ppx::detail::MalformedFrame& e) {
    frames.push_back(std::string("malformed: ") + e.what());
  }
  return frames;
}

void read_channel(std::string_view bytes) {
  ppx::detail::UniqueFd fd(::memfd_create("frames_fuzz", MFD_CLOEXEC));
  if (!fd) std::abort();
  if (::write(fd.get(), bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size()))
    std::abort();
  ::lseek(fd.get(), 0, SEEK_SET);
  // A small trusted size: bodies grow as their bytes arrive.
  std::vector<std::string> one_by_one =
      frames_of([&] { return ppx::detail::read_frame(fd.get(), /*trusted_size=*/4096); });
  // The same bytes through the buffered reader the pool and the worker use:
  // the same frames, and the same verdict, or one of the two is wrong.
  ::lseek(fd.get(), 0, SEEK_SET);
  ppx::detail::FrameReader reader(fd.get());
  std::vector<std::string> buffered = frames_of([&] { return reader.next(/*trusted_size=*/4096); });
  if (one_by_one != buffered) {
    std::fprintf(stderr, "read_frame and FrameReader disagree: %zu frames against %zu\n",
                 one_by_one.size(), buffered.size());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (const char* dir = std::getenv("PPX_FUZZ_WRITE_SEEDS")) {
    write_seeds(dir);
    std::exit(0);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0:
      read_channel(rest);
      break;
    case 1: {
      std::string out;
      ppx::detail::Kind kind = ppx::detail::serve_task(rest, out);
      if (kind != ppx::detail::Kind::Result && kind != ppx::detail::Kind::RemoteFailure &&
          kind != ppx::detail::Kind::PickleFailure)
        std::abort();
      break;
    }
    case 2:
      (void)ppx::detail::decode_failure(rest);
      break;
    case 3:
      try {
        ppx::detail::Reader r(rest);
        (void)ppx::detail::Pickler<int (*)()>::load(r.archive);
      } catch (const std::exception&) {
      }
      break;
    case 4:
      try {
        ppx::detail::Reader r(rest);
        (void)ppx::detail::CallablePickler<int (Shape::*)(int) const>::load(r.archive);
      } catch (const std::exception&) {
      }
      break;
  }
  return 0;
}
