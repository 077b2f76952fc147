#ifndef PICKLINT_CHECKS_SIDEEFFECTBEFOREMAINCHECK_H
#define PICKLINT_CHECKS_SIDEEFFECTBEFOREMAINCHECK_H

#include "model/SideEffects.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

#include <vector>

namespace clang::tidy::picklint {

/// Flags code that runs again in every spawned worker and does something
/// observable: dynamic initializers of namespace-scope and static member
/// variables, constructor functions, and statements in main before ppx::init.
///
/// Docs: docs/checks/picklint-side-effect-before-main.md
class SideEffectBeforeMainCheck : public ClangTidyCheck {
public:
  SideEffectBeforeMainCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  void report(const SideEffect &Effect, const NamedDecl *Origin, SourceManager &SM);

  const std::string SideEffectFunctions;
  const std::string PureFunctions;
  const bool AllTranslationUnits;
  const std::string ProjectIndexDir;
  const ProjectIndex *Project;
  SideEffectModel Effects;

  // Collected while matching, judged at the end of the translation unit,
  // once it is known whether the translation unit uses ppx.
  /// Executors the translation unit creates, and whether one of them
  /// spawns (or may) and one starts a fork server.
  unsigned Executors = 0;
  bool AnySpawn = false;
  bool AnyForkserver = false;
  bool AnyMpi = false;
  std::vector<const VarDecl *> Globals;
  llvm::DenseSet<SourceLocation> ReportedGlobals;
  std::vector<const FunctionDecl *> ConstructorFunctions;
  std::vector<const FunctionDecl *> Mains;
};

} // namespace clang::tidy::picklint

#endif
