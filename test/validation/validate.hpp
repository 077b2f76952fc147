// Helpers for the validation corpus: each program runs its tasks under ppx
// and compares every result with the same function called in the parent.
// The harness (run_validation.py) runs each program with spawned, forked and
// fork-server workers and compares what they do.
#pragma once

#include <ppx/ppx.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

namespace validate {

/// Two workers; the start method is the harness's (VALIDATE_START_METHOD:
/// spawn, fork, forkserver or mpi, the last under mpiexec with 3 ranks). Programs take their start method from here,
/// so that the harness can compare the runs with a fork run; a program that
/// fixes its method on purpose runs the same way each time, and checks what
/// it must itself (side_effect_forkserver_only.cpp counts its log's lines).
inline ppx::Options options() {
  ppx::Options o;
  o.max_workers = 2;
  const char* method = std::getenv("VALIDATE_START_METHOD");
  std::string name = method ? method : "spawn";
  o.start_method = name == "fork"         ? ppx::StartMethod::Fork
                   : name == "forkserver" ? ppx::StartMethod::Forkserver
                   : name == "mpi"        ? ppx::StartMethod::Mpi
                                          : ppx::StartMethod::Spawn;
  return o;
}

inline int failures = 0;

inline void fail(const std::string& why) {
  std::printf("VALIDATION: FAIL %s\n", why.c_str());
  std::fflush(stdout);
  ++failures;
}

/// The task's result must equal what the parent computes.
template <class T, class U>
void same(ppx::Future<T>& remote, const U& local) {
  try {
    if (!(remote.get() == local)) fail("the worker's result differs from the parent's");
  } catch (const std::exception& e) {
    fail(std::string("the task failed: ") + e.what());
  }
}

/// Results of map must equal the parent's, in order.
template <class Results, class Range, class F>
void same_map(Results&& remote, const Range& inputs, F&& local) {
  try {
    auto it = inputs.begin();
    for (const auto& r : remote) {
      if (!(r == local(*it))) fail("a map result differs from the parent's");
      ++it;
    }
  } catch (const std::exception& e) {
    fail(std::string("map failed: ") + e.what());
  }
}

inline int finish() {
  std::fflush(stdout);
  return failures ? 1 : 0;
}

}  // namespace validate
