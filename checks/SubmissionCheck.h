#ifndef PICKLINT_CHECKS_SUBMISSIONCHECK_H
#define PICKLINT_CHECKS_SUBMISSIONCHECK_H

#include "model/Handles.h"
#include "model/Submissions.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::picklint {

/// Base of the checks that judge task submissions: reads the shared
/// SubmitFunctions option, matches the submissions, and hands each one to
/// check(const Submission &).
class SubmissionCheck : public ClangTidyCheck {
public:
  SubmissionCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

protected:
  virtual void checkSubmission(const Submission &S, ASTContext &Context) = 0;
  /// Other matches a derived check registered, with their bound nodes.
  virtual void checkOther(const ast_matchers::MatchFinder::MatchResult &) {}

  const SubmissionModel &submissions() const { return Submissions; }
  /// False if a warning was already reported at \p Loc: a template
  /// instantiated several times is judged once per place in the source.
  bool firstReportAt(SourceLocation Loc) { return Reported.insert(Loc).second; }

private:
  llvm::DenseSet<SourceLocation> Reported;
  const std::string SubmitFunctions;
  const std::string MapFunctions;
  const SubmissionModel Submissions;
};

/// A submission check that also knows handles (the HandleTypes and
/// HandleFunctions options) and the project (the ProjectIndex option).
class HandleSubmissionCheck : public SubmissionCheck {
public:
  HandleSubmissionCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

protected:
  HandleModel &handles() { return Handles; }
  /// The project index the ProjectIndex option (or the standalone tool)
  /// gives, or null: per-file verdicts.
  const ProjectIndex *project() const { return Project; }

private:
  const std::string ProjectIndexDir;
  const ProjectIndex *Project;
  const std::string HandleTypes;
  const std::string HandleFunctions;
  HandleModel Handles;
};

} // namespace clang::tidy::picklint

#endif
