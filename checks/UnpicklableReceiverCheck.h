#ifndef PICKLINT_CHECKS_UNPICKLABLERECEIVERCHECK_H
#define PICKLINT_CHECKS_UNPICKLABLERECEIVERCHECK_H

#include "SubmissionCheck.h"

namespace clang::tidy::picklint {

/// Flags a member function submitted on an object that cannot make the trip:
/// passed by pointer, or holding a handle that its pickling cannot carry.
///
/// Docs: docs/checks/picklint-unpicklable-receiver.md
class UnpicklableReceiverCheck : public HandleSubmissionCheck {
public:
  using HandleSubmissionCheck::HandleSubmissionCheck;

protected:
  void checkSubmission(const Submission &S, ASTContext &Context) override;
};

} // namespace clang::tidy::picklint

#endif
