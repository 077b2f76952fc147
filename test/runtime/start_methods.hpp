// What the runtime's test suites share: a fixture run once per start method.
#ifndef PPX_TEST_START_METHODS_HPP
#define PPX_TEST_START_METHODS_HPP

#include <ppx/ppx.hpp>

#include <gtest/gtest.h>

#include <string>

namespace start_methods {

/// Every start method, for INSTANTIATE_TEST_SUITE_P (testing::ValuesIn).
inline constexpr ppx::StartMethod kAll[] = {ppx::StartMethod::Spawn, ppx::StartMethod::Fork,
                                            ppx::StartMethod::Forkserver};

/// A start method's name, as tests and messages print it.
inline std::string label(ppx::StartMethod method) {
  switch (method) {
    case ppx::StartMethod::Spawn: return "Spawn";
    case ppx::StartMethod::Fork: return "Fork";
    case ppx::StartMethod::Forkserver: return "Forkserver";
  }
  return "Unknown";
}

/// A test run under every start method (INSTANTIATE_TEST_SUITE_P with
/// testing::ValuesIn(start_methods::kAll) and start_methods::name).
class Test : public testing::TestWithParam<ppx::StartMethod> {
 protected:
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
