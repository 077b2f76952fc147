#ifndef PICKLINT_CHECKS_LAMBDACAPTURECHECK_H
#define PICKLINT_CHECKS_LAMBDACAPTURECHECK_H

#include "SubmissionCheck.h"

namespace clang::tidy::picklint {

/// Flags a lambda with captures (or a variable holding one) handed to a task
/// submission: a closure's state cannot be pickled for a worker process.
///
/// Docs: docs/checks/picklint-lambda-capture.md
class LambdaCaptureCheck : public SubmissionCheck {
public:
  using SubmissionCheck::SubmissionCheck;

protected:
  void checkSubmission(const Submission &S, ASTContext &Context) override;
};

} // namespace clang::tidy::picklint

#endif
