#ifndef PICKLINT_CHECKS_LAMBDACAPTURECHECK_H
#define PICKLINT_CHECKS_LAMBDACAPTURECHECK_H

#include "SubmissionCheck.h"
#include "model/Picklability.h"

namespace clang::tidy::picklint {

/// Flags a task callable that cannot be pickled because it carries state: a
/// lambda with captures, directly, through a variable, inside a
/// std::function or std::bind, or handed to a template that submits it; and
/// other function objects with state.
///
/// Docs: docs/checks/picklint-lambda-capture.md
class LambdaCaptureCheck : public SubmissionCheck {
public:
  LambdaCaptureCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;

protected:
  void checkSubmission(const Submission &S, ASTContext &Context) override;
  void checkOther(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  /// Warns at \p Where about a callable of type \p Type, whose expression as
  /// written is \p Callable; \p Inner is the submission inside a template
  /// the callable is handed to, if any.
  void report(const Expr *Callable, const CallableVerdict &Verdict,
              const Submission *Direct, const Submission *Inner, ASTContext &Context);

  const std::string FunctionWrapperTypes;
  PicklabilityModel Picklability;
};

} // namespace clang::tidy::picklint

#endif
