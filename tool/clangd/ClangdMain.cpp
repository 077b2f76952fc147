// picklint-clangd: Debian's clangd (libclangdMain.a) with picklint's checks
// registered beside clang-tidy's own, so that editors show picklint's
// findings as the user types. clangd cannot load clang-tidy plugins, so the
// checks are linked in; everything else is clangd's, unchanged.

#include "PicklintModule.h"

#include "clang-tidy/ClangTidyModuleRegistry.h"

#include <cstring>
#include <vector>

namespace clang::clangd {
// Defined in libclangdMain.a (clangd's tool/ClangdMain.cpp); Debian ships no
// header for it.
int clangdMain(int argc, char *argv[]);
} // namespace clang::clangd

namespace clang::tidy::picklint {
namespace {
const ClangTidyModuleRegistry::Add<PicklintModule> Registration(ModuleName, ModuleDescription);
} // namespace
} // namespace clang::tidy::picklint

/// clang's builtin headers sit next to clang (its resource folder), not next
/// to this program: name them, unless the user did.
int main(int argc, char *argv[]) {
  std::vector<char *> Args(argv, argv + argc);
  bool Named = false;
  for (int I = 1; I < argc; ++I)
    Named |= std::strncmp(argv[I], "--resource-dir", 14) == 0 ||
             std::strncmp(argv[I], "-resource-dir", 13) == 0;
  static char ResourceDir[] = "--resource-dir=" PICKLINT_CLANG_RESOURCE_DIR;
  if (!Named)
    Args.insert(Args.begin() + 1, ResourceDir);
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size()) - 1, Args.data());
}
