// Entry point of build/lib/libpicklint.so, the module clang-tidy loads with
// -load. It links no Clang or LLVM library: clang-tidy provides them. So the
// plugin must only ever be loaded into the clang-tidy it was built against:
// the version guard below runs before the module is registered and stops
// the process with a clear message otherwise.

#include "PicklintModule.h"

#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang/Basic/Version.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace clang::tidy::picklint {
namespace {

/// The major version in a string such as "Debian clang version 19.1.7 (...)".
int majorVersionOf(const std::string &Full) {
  std::string::size_type At = Full.find("version ");
  if (At == std::string::npos)
    return -1;
  return std::atoi(Full.c_str() + At + 8);
}

struct VersionGuard {
  VersionGuard() {
    const std::string Host = clang::getClangFullVersion();
    if (majorVersionOf(Host) == PICKLINT_LLVM_VERSION_MAJOR)
      return;
    std::fprintf(stderr,
                 "error: libpicklint.so was built for clang-tidy %d but was "
                 "loaded into a clang-tidy built from %s.\n"
                 "error: use clang-tidy-%d, or rebuild picklint with "
                 "-DPICKLINT_LLVM_VERSION=<the host's major version>.\n",
                 PICKLINT_LLVM_VERSION_MAJOR, Host.c_str(),
                 PICKLINT_LLVM_VERSION_MAJOR);
    std::fflush(stderr);
    std::_Exit(2);
  }
};

// Initialized in declaration order: the guard runs before registration.
const VersionGuard Guard;
const ClangTidyModuleRegistry::Add<PicklintModule> Registration(ModuleName,
                                                                ModuleDescription);

} // namespace
} // namespace clang::tidy::picklint
