// What the runtime's test suites share: a fixture run once per start method.
#ifndef PPX_TEST_START_METHODS_HPP
#define PPX_TEST_START_METHODS_HPP

#include <ppx/ppx.hpp>

#include <gtest/gtest.h>

#include <string>

namespace start_methods {

/// A test run under spawn and under fork (INSTANTIATE_TEST_SUITE_P with
/// testing::Values(Spawn, Fork) and start_methods::name).
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
  return info.param == ppx::StartMethod::Spawn ? "Spawn" : "Fork";
}

}  // namespace start_methods

#endif  // PPX_TEST_START_METHODS_HPP
