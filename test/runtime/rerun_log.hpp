// Counts how often start-up code runs: when PPX_TEST_RERUN_LOG names a file,
// note() appends a line with its tag and the process id.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <unistd.h>

namespace rerun_log {
inline void note(const char* tag) {
  if (const char* path = std::getenv("PPX_TEST_RERUN_LOG")) {
    std::ofstream(path, std::ios::app) << tag << " " << ::getpid() << "\n";
  }
}
inline int count(const std::string& path, const std::string& tag) {
  std::ifstream in(path);
  std::string t, pid;
  int n = 0;
  while (in >> t >> pid) n += t == tag;
  return n;
}
}  // namespace rerun_log
