// What the runtime's test suites share: a fixture run once per start method.
#ifndef PPX_TEST_START_METHODS_HPP
#define PPX_TEST_START_METHODS_HPP

#include <ppx/ppx.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace start_methods {

/// Every start method, for INSTANTIATE_TEST_SUITE_P (testing::ValuesIn).
/// Mpi's instances run under mpiexec (ctest's runtime.mpi entry), when ppx
/// was built with MPI; elsewhere they are skipped, saying why.
inline constexpr ppx::StartMethod kAll[] = {ppx::StartMethod::Spawn, ppx::StartMethod::Fork,
                                            ppx::StartMethod::Forkserver,
                                            ppx::StartMethod::Mpi};

/// The start methods whose workers are this machine's processes, started by
/// the executor: for tests that loop over methods in one run (descriptors,
/// limits, shared memory).
inline constexpr ppx::StartMethod kLocal[] = {ppx::StartMethod::Spawn, ppx::StartMethod::Fork,
                                              ppx::StartMethod::Forkserver};

/// True if this process is rank 0 of an MPI job (started by mpiexec).
inline bool under_mpiexec() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMIX_RANK") ||
         std::getenv("PMI_RANK");
}

/// True if an executor's workers under \p method are processes it starts and
/// ends (not MPI ranks, which serve until the program ends).
inline bool executor_owns_workers(ppx::StartMethod method) {
  return method != ppx::StartMethod::Mpi;
}

/// True if the suite runs StartMethod::Mpi's dynamic mode: started alone,
/// the executor spawns its ranks (ctest runtime.mpi.dynamic).
inline bool mpi_dynamic() { return std::getenv("PPX_TEST_MPI_DYNAMIC") != nullptr; }

/// A start method's name, as tests and messages print it.
inline std::string label(ppx::StartMethod method) {
  switch (method) {
    case ppx::StartMethod::Spawn: return "Spawn";
    case ppx::StartMethod::Fork: return "Fork";
    case ppx::StartMethod::Forkserver: return "Forkserver";
    case ppx::StartMethod::Mpi: return "Mpi";
  }
  return "Unknown";
}

/// Skips the running test under StartMethod::Mpi unless mpiexec started it
/// (with ppx::mpi linked).
inline void skip_mpi_outside_mpiexec(ppx::StartMethod method) {
  if (method != ppx::StartMethod::Mpi) return;
#ifndef PPX_TEST_MPI
  GTEST_SKIP() << "ppx was built without MPI (install libopenmpi-dev and configure again)";
#else
  if (!under_mpiexec() && !mpi_dynamic())
    GTEST_SKIP() << "StartMethod::Mpi runs under mpiexec, or spawns its ranks: ctest -R runtime.mpi";
#endif
}

/// Skips the running test under StartMethod::Mpi, saying \p why it has no
/// meaning there.
#define PPX_SKIP_UNDER_MPI(method, why) \
  do {                                   \
    if ((method) == ppx::StartMethod::Mpi) GTEST_SKIP() << "not under StartMethod::Mpi: " << why; \
  } while (0)

/// A test run under every start method (INSTANTIATE_TEST_SUITE_P with
/// testing::ValuesIn(start_methods::kAll) and start_methods::name).
class Test : public testing::TestWithParam<ppx::StartMethod> {
 protected:
  void SetUp() override { skip_mpi_outside_mpiexec(GetParam()); }
  ppx::Options options(unsigned workers = 2) const {
    ppx::Options o;
    o.max_workers = workers;
    o.start_method = GetParam();
    return o;
  }
};

/// The test name suffix of a start method.
inline std::string name(const testing::TestParamInfo<ppx::StartMethod>& info) {
  return label(info.param);
}

}  // namespace start_methods

#endif  // PPX_TEST_START_METHODS_HPP
