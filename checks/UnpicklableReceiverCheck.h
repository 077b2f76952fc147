#ifndef PICKLINT_CHECKS_UNPICKLABLERECEIVERCHECK_H
#define PICKLINT_CHECKS_UNPICKLABLERECEIVERCHECK_H

#include "SubmissionCheck.h"
#include "model/Handles.h"

namespace clang::tidy::picklint {

/// Flags a member function submitted on an object that cannot make the trip:
/// passed by pointer, or holding a handle that its pickling cannot carry.
///
/// Docs: docs/checks/picklint-unpicklable-receiver.md
class UnpicklableReceiverCheck : public SubmissionCheck {
public:
  UnpicklableReceiverCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

protected:
  void checkSubmission(const Submission &S, ASTContext &Context) override;

private:
  const std::string HandleTypes;
  HandleModel Handles;
};

} // namespace clang::tidy::picklint

#endif
