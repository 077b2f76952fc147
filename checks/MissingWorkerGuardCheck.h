#ifndef PICKLINT_CHECKS_MISSINGWORKERGUARDCHECK_H
#define PICKLINT_CHECKS_MISSINGWORKERGUARDCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::picklint {

/// Flags a main that creates a ppx::ProcessPoolExecutor (directly or through
/// the functions it calls) without calling ppx::init(argc, argv) first.
///
/// Docs: docs/checks/picklint-missing-worker-guard.md
class MissingWorkerGuardCheck : public ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
};

} // namespace clang::tidy::picklint

#endif
