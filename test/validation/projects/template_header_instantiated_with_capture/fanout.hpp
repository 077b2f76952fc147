// A helper template declared in a header: it submits whatever it is given.
#pragma once
#include <ppx/ppx.hpp>
#include <vector>
template <class F>
std::vector<ppx::Future<int>> fan_out(ppx::ProcessPoolExecutor& pool, F fn, int n) {
  std::vector<ppx::Future<int>> out;
  for (int i = 0; i < n; ++i) out.push_back(pool.submit(fn, i));
  return out;
}
