#include "model/Locations.h"
#include "UnpicklableArgumentCheck.h"
#include "Notes.h"

namespace clang::tidy::picklint {

void UnpicklableArgumentCheck::checkResult(const Submission &S, ASTContext &Context) {
  if (S.IsInitializer)
    return; // an initializer's result stays in the worker
  const SourceManager &SM = Context.getSourceManager();
  QualType Type = S.resultType();
  if (Type.isNull() || Type->isVoidType() || Type->isDependentType())
    return;
  Type = Type.getNonReferenceType().getUnqualifiedType();
  const Expr *At = S.Callable;
  if (!firstReportAt(At->getBeginLoc()))
    return;
  SourceLocation Loc = userLocation(At->getBeginLoc(), SM);
  if (std::optional<HandlePath> Path = handles().findHandle(Type)) {
    if (Path->Members.empty())
      diag(Loc, "task result of type %0 is a handle, which cannot cross back to the "
                "parent process; return what is needed to open the resource (a path, "
                "a URL), or the data itself")
          << Type << At->getSourceRange();
    else
      diag(Loc, "task result of type %0 holds a handle (%1), which cannot cross back "
                "to the parent process; return what is needed to open the resource "
                "(a path, a URL), or the data itself")
          << Type << Path->HandleType << At->getSourceRange();
    noteMembers(*this, Path->Members);
    return;
  }
  if (Type->isIntegerType()) {
    if (std::optional<DescriptorOrigin> Origin =
            handles().returnedDescriptor(S.calledFunction())) {
      diag(Loc, "task result is a file descriptor, which means nothing in the parent "
                "process (there the number names another file, or none); return what "
                "is needed to open the file (a path), or the data itself")
          << At->getSourceRange();
      noteOrigin(*this, *Origin, Context.getSourceManager(), At->getBeginLoc());
    }
    return;
  }
  std::optional<PickleVerdict> Verdict = Picklability.whyNot(Type);
  if (!Verdict)
    return;
  switch (Verdict->Problem) {
  case PickleProblem::RawPointer:
    diag(Loc, "task result of type %0 is a raw pointer, which means nothing in the "
              "parent process; return the value it points to")
        << Type << At->getSourceRange();
    break;
  case PickleProblem::Closure:
    diag(Loc, "task result of type %0 is a lambda or another callable object, which "
              "cannot be pickled; return the data the parent needs")
        << Type << At->getSourceRange();
    break;
  case PickleProblem::NoSerialization:
    diag(Loc, "task result of type %0 cannot be pickled: %1 has no cereal "
              "serialization that ppx can use (a serialize, save or load function "
              "and a default constructor); add one, or return the data the parent needs")
        << Type << Verdict->Culprit << At->getSourceRange();
    break;
  }
}

void UnpicklableArgumentCheck::checkSubmission(const Submission &S, ASTContext &Context) {
  checkResult(S, Context);
  const SourceManager &SM = Context.getSourceManager();
  // The receiver of a member function is picklint-unpicklable-receiver's.
  const Expr *Receiver = S.receiver();
  for (const Expr *Arg : S.Arguments) {
    if (Arg == Receiver)
      continue;
    // map's argument is a range of inputs: each element crosses.
    QualType Type = S.IsMap ? PicklabilityModel::elementType(Arg->getType(), Context)
                            : Arg->getType();
    if (Type.isNull())
      continue;
    // For %select: "task argument", "map input" or "initializer argument".
    unsigned Input = S.IsMap ? 1 : S.IsInitializer ? 2 : 0;
    if (std::optional<HandlePath> Path = handles().findHandle(Type)) {
      if (Path->Members.empty())
        diag(userLocation(Arg->getBeginLoc(), SM),
             "%select{task argument|map input|initializer argument}1 of type %0 is a handle, which cannot cross to a "
             "worker process; pass what is needed to open the resource (a "
             "path, a URL) and open it inside the task")
            << Type << Arg->getSourceRange() << Input;
      else
        diag(userLocation(Arg->getBeginLoc(), SM),
             "%select{task argument|map input|initializer argument}2 of type %0 holds a handle (%1), which cannot cross "
             "to a worker process; pass what is needed to open the resource (a "
             "path, a URL) and open it inside the task")
            << Type << Path->HandleType << Input << Arg->getSourceRange();
      noteMembers(*this, Path->Members);
      continue;
    }
    if (!S.IsMap && Type->isIntegerType()) {
      if (std::optional<DescriptorOrigin> Origin = handles().descriptorValue(Arg)) {
        if (firstReportAt(Arg->getBeginLoc())) {
          diag(userLocation(Arg->getBeginLoc(), SM),
               "%select{task|initializer}0 argument is a file descriptor, which means "
               "nothing in a worker process (there the number names another file, or "
               "none); pass what is needed to open the file (a path) and open it inside "
               "the %select{task|initializer}0")
              << (S.IsInitializer ? 1 : 0) << Arg->getSourceRange();
          noteOrigin(*this, *Origin, Context.getSourceManager(), Arg->getBeginLoc());
        }
        continue;
      }
    }
    std::optional<PickleVerdict> Verdict =
        S.IsMap ? Picklability.whyNotElement(Type) : Picklability.whyNot(Type);
    if (!Verdict)
      continue;
    switch (Verdict->Problem) {
    case PickleProblem::RawPointer:
      diag(userLocation(Arg->getBeginLoc(), SM),
           "%select{task argument|map input|initializer argument}1 of type %0 is a raw pointer, which means nothing in a "
           "worker process; pass the value it points to")
          << Type << Input << Arg->getSourceRange();
      break;
    case PickleProblem::Closure:
      diag(userLocation(Arg->getBeginLoc(), SM),
           "%select{task argument|map input|initializer argument}1 of type %0 is a lambda or another callable "
           "object, which cannot be pickled; pass a plain function (a function pointer is "
           "pickled by reference)")
          << Type << Input << Arg->getSourceRange();
      break;
    case PickleProblem::NoSerialization:
      diag(userLocation(Arg->getBeginLoc(), SM),
           "%select{task argument|map input|initializer argument}2 of type %0 cannot be pickled: %1 has no cereal "
           "serialization that ppx can use (a serialize, save or load "
           "function and a default constructor); add one, or pass the data "
           "the task needs")
          << Type << Verdict->Culprit << Input << Arg->getSourceRange();
      break;
    }
  }
}

} // namespace clang::tidy::picklint
