// What the pool asks of MPI (StartMethod::Mpi). The implementation is
// mpi.cpp, in the optional library ppx_mpi (CMake target ppx::mpi, built when
// MPI is found): a program that links it gets mpi_world(); one that does not
// gets null, and StartMethod::Mpi says how to get it. ppx itself never links
// MPI, so a program that does not use it pays nothing for it.
//
// The model (mpi4py.futures' static mode): under `mpiexec -n N ./prog` every
// rank runs main; ppx::init makes ranks 1..N-1 workers, which never return
// from it, and rank 0 goes on as the parent. An executor leases worker ranks
// for its life; each lease has its own MPI tag, so that executors one after
// another (or side by side, on different ranks) never read each other's
// messages. A worker rank serves one lease at a time, as a spawned worker
// serves its one pool, and goes back to waiting for the next when told to
// stop; at the end of the program rank 0 tells every worker rank to finish.
//
// The dynamic mode (mpi4py's too): a program started alone (or by mpiexec
// -n 1) spawns its worker ranks at its first lease with MPI_Comm_spawn, and
// merges parent and children into one communicator, the parent rank 0: from
// there on, it is the static mode.
#ifndef PPX_SRC_MPI_HPP
#define PPX_SRC_MPI_HPP

#include "channel.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ppx::detail {

class MpiWorld {
 public:
  virtual ~MpiWorld() = default;

  /// ppx::init's part. Under mpiexec, initializes MPI; a worker rank then
  /// serves leases until rank 0 finishes, and ends the process (it never
  /// returns). Outside mpiexec, or on rank 0, returns.
  virtual void init() = 0;

  /// Worker ranks for one executor: up to \p most of the free ones, and the
  /// tag its messages go with; in a job of one rank, \p most are spawned
  /// first (one per core if unbounded). Throws Error if MPI cannot serve
  /// (the spawn failed, every worker rank leased); a rank other than 0 that
  /// gets here has left its worker guard, and the job is aborted with that
  /// said.
  struct Lease {
    int tag = 0;
    std::vector<int> ranks;
  };
  virtual Lease lease(unsigned most) = 0;

  /// Sends one frame to \p rank with \p tag. The body is sent from where it
  /// lies (no copy is made); the call returns once MPI may reuse it.
  virtual void send(int rank, int tag, Kind kind, std::uint64_t id, std::string_view body) = 0;

  /// A frame a worker rank sent with \p tag, if one has come (never waits
  /// for one to come; waits for the rest of one that has begun): its rank
  /// and the frame. An End frame says that the rank left the lease, with
  /// the wait status of a process that ended so in its id.
  virtual std::optional<std::pair<int, Frame>> receive(int tag) = 0;

  /// Gives \p rank back. \p ended: it sent its End frame, and is free now;
  /// otherwise it was told to stop and its End is still to come (it may be
  /// running a task, which MPI cannot interrupt): the rank is free once it
  /// has come, which a later lease waits for.
  virtual void release(int rank, int tag, bool ended) = 0;

  /// "rank N (host)", for messages.
  virtual std::string describe(int rank) = 0;
};

/// The program's MPI world, or null if it does not link ppx::mpi.
MpiWorld* mpi_world();

/// An End frame's id: the wait status of a process that ended as the rank
/// left the pool (W_EXITCODE), and this bit if its process is really ending
/// (a task called exit): the rank is gone for good.
inline constexpr std::uint64_t kRankGone = std::uint64_t(1) << 32;

}  // namespace ppx::detail

#endif
