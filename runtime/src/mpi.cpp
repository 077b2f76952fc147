// StartMethod::Mpi over MPI (library ppx_mpi, target ppx::mpi): a worker
// rank's loop, and rank 0's leases of them (mpi.hpp).
//
// Frames travel as on a socket, as MPI messages: a header (kind, id, body
// size), then the body in pieces of at most 1 GiB, each sent from where it
// lies and received straight into the frame's buffer. MPI keeps the
// messages of one sender and tag in order, so a body is the next message
// with its header's source and tag. Every wait for a message is an Iprobe
// with a backoff (0, then 1 us doubling to 1 ms), as mpi4py.futures does:
// Open MPI's blocking waits spin a core.
#include "mpi.hpp"

#include <ppx/ppx.hpp>

#include <limits.h>
#include <malloc.h>
#include <mpi.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <thread>

namespace ppx::detail {

std::pair<int, char**> program_arguments();

namespace {

/// Rank 0 to a worker rank: the program ends (no body).
constexpr int kExitTag = 0;
constexpr std::size_t kPiece = std::size_t(1) << 30;

struct Header {
  std::uint32_t kind;
  std::uint32_t reserved;
  std::uint64_t id;
  std::uint64_t size;
};

/// Waits between probes for a message: at once, then 1 us doubling to 1 ms.
class Backoff {
 public:
  void reset() { delay_ = std::chrono::microseconds(0); }
  void wait() {
    if (delay_.count() == 0) {
      delay_ = std::chrono::microseconds(1);
      std::this_thread::yield();
      return;
    }
    std::this_thread::sleep_for(delay_);
    delay_ = std::min<std::chrono::microseconds>(delay_ * 2, std::chrono::milliseconds(1));
  }

 private:
  std::chrono::microseconds delay_{0};
};

void check(int rc, const char* what) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(rc, text, &length);
  throw Error(std::string("ppx: MPI: ") + what + ": " + std::string(text, length));
}

void send_frame(MPI_Comm comm, int rank, int tag, Kind kind, std::uint64_t id,
                std::string_view body) {
  Header h{static_cast<std::uint32_t>(kind), 0, id, body.size()};
  check(MPI_Send(&h, sizeof h, MPI_BYTE, rank, tag, comm), "send");
  for (std::size_t at = 0; at < body.size(); at += kPiece) {
    int n = static_cast<int>(std::min(kPiece, body.size() - at));
    check(MPI_Send(body.data() + at, n, MPI_BYTE, rank, tag, comm), "send");
  }
}

/// The frame whose header \p message is (matched by a probe), body and all.
Frame receive_frame(MPI_Comm comm, MPI_Message& message, const MPI_Status& probed) {
  int count = 0;
  MPI_Get_count(&probed, MPI_BYTE, &count);
  Header h{};
  if (count != static_cast<int>(sizeof h)) {
    MPI_Mrecv(nullptr, 0, MPI_BYTE, &message, MPI_STATUS_IGNORE);  // drops it
    throw MalformedFrame("a message that is not a frame header (" + std::to_string(count) +
                         " bytes)");
  }
  check(MPI_Mrecv(&h, sizeof h, MPI_BYTE, &message, MPI_STATUS_IGNORE), "receive");
  switch (static_cast<Kind>(h.kind)) {
    case Kind::Config: case Kind::Task: case Kind::Stop: case Kind::Result:
    case Kind::RemoteFailure: case Kind::PickleFailure: case Kind::InitFailure:
    case Kind::Ready: case Kind::Initializing: case Kind::Skipped: case Kind::End:
      break;
    default:
      if (h.kind == 0 && probed.MPI_TAG == kExitTag) break;  // the program ends
      throw MalformedFrame("a frame of unknown kind " + std::to_string(h.kind));
  }
  if (h.reserved != 0 || h.size > kMaxFrameBody)
    throw MalformedFrame("a frame header announcing " + std::to_string(h.size) + " bytes");
  // Each piece is probed before it is received: what is allocated is what
  // came, whatever the header announced.
  std::string body;
  body.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(h.size, kFrameTrustedSize)));
  while (body.size() < h.size) {
    MPI_Message piece;
    MPI_Status status;
    check(MPI_Mprobe(probed.MPI_SOURCE, probed.MPI_TAG, comm, &piece, &status), "probe");
    int n = 0;
    MPI_Get_count(&status, MPI_BYTE, &n);
    std::size_t at = body.size();
    if (n <= 0 || static_cast<std::uint64_t>(n) > std::min<std::uint64_t>(kPiece, h.size - at)) {
      MPI_Mrecv(nullptr, 0, MPI_BYTE, &piece, MPI_STATUS_IGNORE);
      throw MalformedFrame("a frame body piece of " + std::to_string(n) + " bytes");
    }
    body.resize(at + static_cast<std::size_t>(n));
    check(MPI_Mrecv(body.data() + at, n, MPI_BYTE, &piece, MPI_STATUS_IGNORE), "receive");
  }
  return Frame{static_cast<Kind>(h.kind), h.id, Message(std::move(body)), UniqueFd()};
}

/// A message from \p source with \p tag, if one has come.
std::optional<std::pair<MPI_Status, Frame>> try_receive(MPI_Comm comm, int source, int tag) {
  int flag = 0;
  MPI_Message message;
  MPI_Status status;
  check(MPI_Improbe(source, tag, comm, &flag, &message, &status), "probe");
  if (!flag) return std::nullopt;
  Frame frame = receive_frame(comm, message, status);
  return std::pair<MPI_Status, Frame>(status, std::move(frame));
}

bool started_by_mpiexec() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(v)) return true;
  return false;
}

/// A worker rank's link to rank 0, for one lease (its tag). Rank 0 ending
/// the program (kExitTag) ends the lease too: its executor is gone with it.
class RankLink final : public WorkerLink {
 public:
  RankLink(MPI_Comm comm, int tag, Frame config) : comm_(comm), tag_(tag) {
    first_.emplace(std::move(config));
  }
  std::optional<Frame> read() override {
    if (first_) return std::exchange(first_, std::nullopt);
    Backoff backoff;
    for (;;) {
      if (auto got = try_receive(comm_, 0, tag_)) return std::move(got->second);
      if (try_receive(comm_, 0, kExitTag)) {
        program_ended = true;
        return std::nullopt;
      }
      backoff.wait();
    }
  }
  bool program_ended = false;
  void write(Kind kind, std::uint64_t id, const Message& body) override {
    send_frame(comm_, 0, tag_, kind, id, body.view());
  }
  void write(Kind kind, std::uint64_t id, std::string_view body) override {
    send_frame(comm_, 0, tag_, kind, id, body);
  }

 private:
  MPI_Comm comm_;
  int tag_;
  std::optional<Frame> first_;
};

class World final : public MpiWorld {
 public:
  void init() override {
    if (!started_by_mpiexec()) return;
    start();
    if (rank_ != 0) serve();  // never returns
  }

  Lease lease(unsigned most) override {
    start();
    if (rank_ != 0) {
      // A worker rank serves inside ppx::init and never gets here: this rank
      // went past it. Every rank would wait for the others: end the job.
      std::fprintf(stderr,
                   "ppx: error: rank %d of this MPI job created an executor: its main did "
                   "not call ppx::init(argc, argv) before (see picklint-missing-worker-guard), "
                   "or a namespace-scope variable creates it while the program starts (see "
                   "picklint-side-effect-before-main). Under mpiexec every rank runs the "
                   "program; ppx::init makes ranks 1 and up workers. The job is aborted.\n",
                   rank_);
      std::fflush(stderr);
      MPI_Abort(comm_, kMissingGuardExit);
    }
    std::lock_guard lock(mutex_);
    if (provided_ < MPI_THREAD_MULTIPLE)
      throw Error("ppx: StartMethod::Mpi needs an MPI library with MPI_THREAD_MULTIPLE");
    // Started alone (or by mpiexec -n 1): the dynamic mode. The first
    // executor spawns the worker ranks, and they serve every executor after.
    if (states_.size() <= 1) spawn_workers(most);
    // Ranks still running a task that an executor left behind (after
    // terminate_workers) serve again once it returns: waited for when no
    // other rank is free.
    collect_draining();
    for (Backoff backoff; !any(State::Free) && any(State::Draining); backoff.wait())
      collect_draining();
    Lease lease;
    lease.tag = next_tag();
    for (int r = 1; r < static_cast<int>(states_.size()) && lease.ranks.size() < most; ++r)
      if (states_[r].state == State::Free) {
        states_[r] = {State::Leased, lease.tag};
        lease.ranks.push_back(r);
      }
    if (lease.ranks.empty())
      throw Error("ppx: StartMethod::Mpi: every worker rank of this MPI job (" +
                  std::to_string(states_.size() - 1) + ") " +
                  (any(State::Leased) || any(State::Draining)
                       ? "serves another executor; shut it down first, or start more ranks"
                       : "has ended (a task called exit)"));
    return lease;
  }

  void send(int rank, int tag, Kind kind, std::uint64_t id, std::string_view body) override {
    send_frame(comm_, rank, tag, kind, id, body);
  }

  std::optional<std::pair<int, Frame>> receive(int tag) override {
    auto got = try_receive(comm_, MPI_ANY_SOURCE, tag);
    if (!got) return std::nullopt;
    int rank = got->first.MPI_SOURCE;
    if (got->second.kind == Kind::End && (got->second.id & kRankGone)) {
      std::lock_guard lock(mutex_);
      states_[rank] = {State::Gone, 0};
    }
    return std::pair<int, Frame>(rank, std::move(got->second));
  }

  void release(int rank, int tag, bool ended) override {
    std::lock_guard lock(mutex_);
    if (rank <= 0 || rank >= static_cast<int>(states_.size())) return;
    Slot& s = states_[rank];
    if (s.state == State::Gone) return;
    s = ended ? Slot{State::Free, 0} : Slot{State::Draining, tag};
  }

  std::string describe(int rank) override { return "rank " + std::to_string(rank); }

 private:
  enum class State { Free, Leased, Draining, Gone };
  struct Slot {
    State state = State::Free;
    int tag = 0;
  };

  /// MPI_Init_thread, once; rank 0 finishes the worker ranks and MPI when the
  /// program ends.
  void start() {
    std::call_once(started_, [&] {
      int initialized = 0;
      MPI_Initialized(&initialized);
      if (!initialized) {
        int argc = 0;
        char** argv = nullptr;
        check(MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided_), "init");
      } else {
        MPI_Query_thread(&provided_);
      }
      // A rank spawned by a parent (the dynamic mode) is a worker of the
      // parent's: one communicator for both, the parent rank 0.
      MPI_Comm parent = MPI_COMM_NULL;
      MPI_Comm_get_parent(&parent);
      if (parent != MPI_COMM_NULL) {
        link_ = parent;
        check(MPI_Intercomm_merge(parent, /*high=*/1, &comm_), "merge with the parent");
      } else {
        MPI_Comm_dup(MPI_COMM_WORLD, &comm_);
      }

      // Errors are reported (check() throws), not fatal to the job.
      MPI_Comm_set_errhandler(comm_, MPI_ERRORS_RETURN);
      MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
      MPI_Comm_rank(comm_, &rank_);
      pid_ = ::getpid();
      int size = 1;
      MPI_Comm_size(comm_, &size);
      states_.assign(static_cast<std::size_t>(size), Slot{});
      void* value = nullptr;
      int found = 0;
      MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_TAG_UB, &value, &found);
      if (found && value) tag_ub_ = std::max(1, *static_cast<int*>(value));
      ::on_exit([](int status, void* world) { static_cast<World*>(world)->at_exit(status); },
                this);
      // A program that calls MPI_Finalize itself: rank 0 lets the worker
      // ranks go first (MPI runs MPI_COMM_SELF's attribute deleters at the
      // start of MPI_Finalize), or its MPI_Finalize would wait for them.
      int key = MPI_KEYVAL_INVALID;
      MPI_Comm_create_keyval(
          MPI_COMM_NULL_COPY_FN,
          [](MPI_Comm, int, void* world, void*) {  // the attribute's value: this
            auto* w = static_cast<World*>(world);
            if (w->rank_ == 0 && ::getpid() == w->pid_) w->release_workers();
            return MPI_SUCCESS;
          },
          &key, nullptr);
      MPI_Comm_set_attr(MPI_COMM_SELF, key, this);
    });
  }

  /// At exit on rank 0: ranks told to stop while running a task are waited
  /// for (their answers must be received: a large one would hold its
  /// sender), every worker rank still there is told to finish, then MPI ends.
  void finish_parent() {
    release_workers();
    finalize();
  }

  /// Rank 0, as MPI ends: waits for ranks still running a task an executor
  /// left behind, then tells every worker rank to finish. Once.
  void release_workers() {
    std::lock_guard lock(mutex_);
    if (released_) return;
    released_ = true;
    auto deadline = std::chrono::steady_clock::now() + kExitGrace;
    for (Backoff backoff; any(State::Draining); backoff.wait()) {
      collect_draining();
      if (std::chrono::steady_clock::now() < deadline) continue;
      // MPI cannot interrupt a rank, and MPI_Finalize would wait for it.
      std::fprintf(stderr,
                   "ppx: error: the program ends, and a worker rank still runs a task its "
                   "executor left behind (terminate_workers() or kill_workers(), which MPI "
                   "cannot carry out) after %d s; the MPI job is aborted\n",
                   static_cast<int>(kExitGrace.count()));
      std::fflush(stderr);
      MPI_Abort(comm_, 1);
    }
    for (int r = 1; r < static_cast<int>(states_.size()); ++r)
      if (states_[r].state != State::Gone) {
        Header h{0, 0, 0, 0};
        MPI_Send(&h, sizeof h, MPI_BYTE, r, kExitTag, comm_);
      }
  }

  void finalize() {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized) {
      MPI_Comm_free(&comm_);
      if (link_ != MPI_COMM_NULL) MPI_Comm_disconnect(&link_);
      MPI_Finalize();
    }
  }

  /// The dynamic mode: \p most worker ranks (one per available core if
  /// unbounded) started with MPI_Comm_spawn, running this program (whose
  /// ppx::init finds its parent). Under mutex_.
  void spawn_workers(unsigned most) {
    unsigned count = most;
    if (count == ~0u) {
      cpu_set_t set;
      count = sched_getaffinity(0, sizeof set, &set) == 0 ? std::max(1, CPU_COUNT(&set)) : 1;
    }
    char path[PATH_MAX];
    ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0) throw Error("ppx: StartMethod::Mpi: cannot find this program to spawn it");
    path[n] = '\0';
    auto [argc, argv] = program_arguments();
    std::vector<char*> args;
    for (int i = 1; argv && i < argc; ++i) args.push_back(argv[i]);
    args.push_back(nullptr);
    MPI_Info info;
    MPI_Info_create(&info);
    // More ranks than cores, as with mpiexec --oversubscribe.
    MPI_Info_set(info, "map_by", "slot:OVERSUBSCRIBE");
    MPI_Comm children = MPI_COMM_NULL;
    std::vector<int> codes(count);
    int rc = MPI_Comm_spawn(path, args.data(), static_cast<int>(count), info, 0, MPI_COMM_SELF,
                            &children, codes.data());
    MPI_Info_free(&info);
    if (rc != MPI_SUCCESS || children == MPI_COMM_NULL) {
      char text[MPI_MAX_ERROR_STRING];
      int length = 0;
      MPI_Error_string(rc, text, &length);
      throw Error("ppx: StartMethod::Mpi: this program was started alone, and spawning " +
                  std::to_string(count) + " worker ranks (MPI_Comm_spawn) failed: " +
                  std::string(text, length) +
                  "; start it with mpiexec instead (mpiexec -n " + std::to_string(count + 1) +
                  " ./prog)");
    }
    MPI_Comm merged;
    check(MPI_Intercomm_merge(children, /*high=*/0, &merged), "merge with the spawned ranks");
    MPI_Comm_free(&comm_);
    comm_ = merged;
    link_ = children;
    int size = 1;
    MPI_Comm_size(comm_, &size);
    states_.assign(static_cast<std::size_t>(size), Slot{});
  }

  /// A worker rank: serves leases until rank 0 says the program ends.
  [[noreturn]] void serve() {
    // As a spawned worker: keep large buffers (worker.cpp says why).
    ::mallopt(M_MMAP_THRESHOLD, 32 << 20);
    ::mallopt(M_TRIM_THRESHOLD, 256 << 20);
    Backoff backoff;
    for (;;) {
      std::optional<std::pair<MPI_Status, Frame>> got;
      try {
        got = try_receive(comm_, 0, MPI_ANY_TAG);
      } catch (const MalformedFrame& e) {
        std::fprintf(stderr, "ppx: rank %d: a malformed message from rank 0: %s\n", rank_,
                     e.what());
        continue;
      } catch (const std::exception& e) {
        std::fprintf(stderr, "ppx: rank %d: %s; the MPI job is aborted\n", rank_, e.what());
        std::fflush(stderr);
        MPI_Abort(comm_, 1);
      }
      if (!got) {
        backoff.wait();
        continue;
      }
      backoff.reset();
      int tag = got->first.MPI_TAG;
      if (tag == kExitTag) break;
      if (got->second.kind != Kind::Config) continue;  // left over from an abandoned lease
      lease_tag_ = tag;
      RankLink link(comm_, tag, std::move(got->second));
      int status = 0;
      try {
        status = serve_parent(link);
        if (link.program_ended) break;
        send_frame(comm_, 0, tag, Kind::End, static_cast<std::uint64_t>(W_EXITCODE(status, 0)),
                   std::string_view());
      } catch (const std::exception& e) {
        // MPI itself failed: nothing can be said to rank 0 any more.
        std::fprintf(stderr, "ppx: rank %d: %s; the MPI job is aborted\n", rank_, e.what());
        std::fflush(stderr);
        MPI_Abort(comm_, 1);
      }
      lease_tag_ = -1;
    }
    lease_tag_ = -1;
    finish_worker(/*spawned=*/true, 0);  // exit: the on_exit handler ends MPI
  }

 public:
  void at_exit(int status) {
    // A process forked from this one (a task of a fork executor that called
    // exit) inherited the handler, not MPI.
    if (::getpid() != pid_) return;
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (finalized) return;  // the program ended MPI itself
    if (rank_ == 0)
      finish_parent();
    else
      finish_rank(status);
  }

  /// At exit on a worker rank: a task called exit. Rank 0 learns that this
  /// rank is gone (its pool breaks; nothing waits for it), then MPI ends.
  void finish_rank(int status) {
    if (rank_ != 0 && lease_tag_ >= 0) {
      Header h{static_cast<std::uint32_t>(Kind::End), 0,
               kRankGone | static_cast<std::uint64_t>(W_EXITCODE(status & 0xff, 0)), 0};
      MPI_Send(&h, sizeof h, MPI_BYTE, 0, lease_tag_, comm_);
    }
    finalize();
  }

 private:
  /// Ranks told to stop while running a task: free again once their End
  /// came (what they sent before it is an abandoned task's, and dropped).
  void collect_draining() {
    for (int r = 1; r < static_cast<int>(states_.size()); ++r) {
      Slot& s = states_[r];
      while (s.state == State::Draining) {
        auto got = try_receive(comm_, r, s.tag);
        if (!got) break;
        if (got->second.kind == Kind::End)
          s = (got->second.id & kRankGone) ? Slot{State::Gone, 0} : Slot{State::Free, 0};
      }
    }
  }

  int next_tag() {
    for (;;) {
      tag_ = tag_ >= tag_ub_ ? 1 : tag_ + 1;
      bool used = false;
      for (const Slot& s : states_) used |= s.tag == tag_ && s.state != State::Free;
      if (!used) return tag_;
    }
  }

  bool any(State state) const {
    return std::any_of(states_.begin(), states_.end(),
                       [&](const Slot& s) { return s.state == state; });
  }

  std::once_flag started_;
  int provided_ = MPI_THREAD_SINGLE;
  MPI_Comm comm_ = MPI_COMM_NULL;  // rank 0, the parent, and its workers
  MPI_Comm link_ = MPI_COMM_NULL;  // the dynamic mode: parent and spawned ranks
  int rank_ = 0;
  int tag_ub_ = 32767;
  int tag_ = 0;
  std::atomic<int> lease_tag_{-1};  // a worker rank's current lease
  bool released_ = false;            // rank 0 told the worker ranks to finish
  pid_t pid_ = -1;                   // the process that started MPI
  /// How long the end of the program waits for a rank still running an
  /// abandoned task before it aborts the job.
  static constexpr std::chrono::seconds kExitGrace{30};
  std::mutex mutex_;    // guards states_ and tag_ (rank 0's executors)
  std::vector<Slot> states_;
};

World& world() {
  static World* w = new World;  // never destroyed: exit handlers use it
  return *w;
}

}  // namespace

}  // namespace ppx::detail

/// Found by ppx (a weak reference): linking ppx::mpi makes StartMethod::Mpi work.
extern "C" ppx::detail::MpiWorld* ppx_mpi_world() { return &ppx::detail::world(); }
