#ifndef PICKLINT_CHECKS_PICKLINTMODULE_H
#define PICKLINT_CHECKS_PICKLINTMODULE_H

#include "clang-tidy/ClangTidyModule.h"

namespace clang::tidy::picklint {

/// The clang-tidy module that registers every check listed in Checks.def.
/// It is registered with clang-tidy's module registry by the plugin
/// (checks/PluginEntry.cpp, behind a version guard) and by the standalone
/// tool (tool/PicklintMain.cpp).
class PicklintModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override;
  ClangTidyOptions getModuleOptions() override;
};

inline constexpr const char *ModuleName = "picklint-module";
inline constexpr const char *ModuleDescription =
    "Checks that find task submissions which cannot cross a process boundary.";

} // namespace clang::tidy::picklint

#endif
