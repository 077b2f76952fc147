#ifndef PICKLINT_CHECKS_UNPICKLABLEARGUMENTCHECK_H
#define PICKLINT_CHECKS_UNPICKLABLEARGUMENTCHECK_H

#include "SubmissionCheck.h"
#include "model/Picklability.h"

namespace clang::tidy::picklint {

/// Flags a task argument that cannot cross to a worker process, or a task
/// result that cannot cross back: a raw pointer, a handle, a file
/// descriptor, a closure, a type with no serialization.
///
/// Docs: docs/checks/picklint-unpicklable-argument.md
class UnpicklableArgumentCheck : public HandleSubmissionCheck {
public:
  using HandleSubmissionCheck::HandleSubmissionCheck;

protected:
  void checkSubmission(const Submission &S, ASTContext &Context) override;

private:
  /// The task's result crosses back to the parent: the same rule.
  void checkResult(const Submission &S, ASTContext &Context);

private:
  PicklabilityModel Picklability;
};

} // namespace clang::tidy::picklint

#endif
