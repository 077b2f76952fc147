// What a test checks at its end: no descriptor and no process left behind.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace leftovers {

/// The descriptors open in this process.
inline std::size_t open_fds() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

/// True if this process has no child, running or unreaped.
inline bool no_children() {
  int status;
  return ::waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD;
}

/// The processes whose parent is one of \p parents (zombies included).
inline std::set<int> children_of(const std::set<int>& parents) {
  std::set<int> children;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    // pid (comm) state ppid ...: comm may hold spaces, so read after ')'.
    std::size_t close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 1));
    std::string state;
    int ppid = 0;
    rest >> state >> ppid;
    if (parents.count(ppid)) children.insert(std::stoi(name));
  }
  return children;
}

/// The processes whose parent is this one (workers, zombies included).
inline std::set<int> child_processes() { return children_of({static_cast<int>(::getpid())}); }

/// The processes this one started, and the ones they started (a fork
/// server's workers are its children, not this process's).
inline std::set<int> descendant_processes() {
  std::set<int> all, level = child_processes();
  while (!level.empty()) {
    all.insert(level.begin(), level.end());
    level = children_of(level);
  }
  return all;
}

}  // namespace leftovers
