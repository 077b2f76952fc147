#ifndef PICKLINT_CHECKS_MISSINGWORKERGUARDCHECK_H
#define PICKLINT_CHECKS_MISSINGWORKERGUARDCHECK_H

#include "model/ProjectIndex.h"

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::picklint {

/// Flags a main that creates a ppx::ProcessPoolExecutor (directly or through
/// the functions it calls) without calling ppx::init(argc, argv) first.
///
/// Docs: docs/checks/picklint-missing-worker-guard.md
class MissingWorkerGuardCheck : public ClangTidyCheck {
public:
  MissingWorkerGuardCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  const std::string ProjectIndexDir;
  const ProjectIndex *Project;
};

} // namespace clang::tidy::picklint

#endif
