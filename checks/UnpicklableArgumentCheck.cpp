#include "model/Locations.h"
#include "UnpicklableArgumentCheck.h"

namespace clang::tidy::picklint {

void UnpicklableArgumentCheck::checkSubmission(const Submission &S, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  // map's arguments are ranges of inputs; their elements are judged in a
  // later version of this check.
  if (S.IsMap)
    return;
  // The receiver of a member function is picklint-unpicklable-receiver's.
  const Expr *Receiver = S.receiver();
  for (const Expr *Arg : S.Arguments) {
    if (Arg == Receiver)
      continue;
    QualType Type = Arg->getType();
    if (std::optional<HandlePath> Path = handles().findHandle(Type)) {
      if (Path->Members.empty())
        diag(userLocation(Arg->getBeginLoc(), SM),
             "task argument of type %0 is a handle, which cannot cross to a "
             "worker process; pass what is needed to open the resource (a "
             "path, a URL) and open it inside the task")
            << Type << Arg->getSourceRange();
      else
        diag(userLocation(Arg->getBeginLoc(), SM),
             "task argument of type %0 holds a handle (%1), which cannot cross "
             "to a worker process; pass what is needed to open the resource (a "
             "path, a URL) and open it inside the task")
            << Type << Path->HandleType << Arg->getSourceRange();
      for (const FieldDecl *Member : Path->Members)
        diag(Member->getLocation(), "%0 holds %1 (%2) declared here", DiagnosticIDs::Note)
            << Member->getParent() << Member << Member->getType();
      continue;
    }
    if (Type->isIntegerType()) {
      if (std::optional<DescriptorOrigin> Origin = handles().descriptorValue(Arg)) {
        if (firstReportAt(Arg->getBeginLoc())) {
          diag(userLocation(Arg->getBeginLoc(), SM),
               "task argument is a file descriptor, which means nothing in a "
               "worker process (there the number names another file, or none); "
               "pass what is needed to open the file (a path) and open it inside "
               "the task")
              << Arg->getSourceRange();
          diag(Origin->Site->getBeginLoc(), Origin->How + " here", DiagnosticIDs::Note);
        }
        continue;
      }
    }
    std::optional<PickleVerdict> Verdict = Picklability.whyNot(Type);
    if (!Verdict)
      continue;
    switch (Verdict->Problem) {
    case PickleProblem::RawPointer:
      diag(userLocation(Arg->getBeginLoc(), SM),
           "task argument of type %0 is a raw pointer, which means nothing in a "
           "worker process; pass the value it points to")
          << Type << Arg->getSourceRange();
      break;
    case PickleProblem::Closure:
      diag(userLocation(Arg->getBeginLoc(), SM),
           "task argument of type %0 is a callable object holding state, which "
           "cannot be pickled; pass a plain function")
          << Type << Arg->getSourceRange();
      break;
    case PickleProblem::NoSerialization:
      diag(userLocation(Arg->getBeginLoc(), SM),
           "task argument of type %0 cannot be pickled: %1 has no cereal "
           "serialization that ppx can use (a serialize, save or load "
           "function and a default constructor); add one, or pass the data "
           "the task needs")
          << Type << Verdict->Culprit << Arg->getSourceRange();
      break;
    }
  }
}

} // namespace clang::tidy::picklint
