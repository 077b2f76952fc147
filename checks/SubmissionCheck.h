#ifndef PICKLINT_CHECKS_SUBMISSIONCHECK_H
#define PICKLINT_CHECKS_SUBMISSIONCHECK_H

#include "model/Submissions.h"

#include "clang-tidy/ClangTidyCheck.h"

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

private:
  const std::string SubmitFunctions;
  const SubmissionModel Submissions;
};

} // namespace clang::tidy::picklint

#endif
