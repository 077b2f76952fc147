#include "model/Locations.h"
#include "UnpicklableReceiverCheck.h"
#include "model/Picklability.h"

#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::picklint {

namespace {

/// The first place \p Method's body reads or writes \p Field.
const MemberExpr *findUse(const CXXMethodDecl *Method, const FieldDecl *Field) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const FieldDecl *Field;
    const MemberExpr *Found = nullptr;
    bool VisitMemberExpr(MemberExpr *E) {
      if (E->getMemberDecl() == Field) {
        Found = E;
        return false;
      }
      return true;
    }
  } F;
  F.Field = Field;
  const FunctionDecl *Def = Method->getDefinition();
  if (Def && Def->getBody())
    F.TraverseStmt(Def->getBody());
  return F.Found;
}

} // namespace

void UnpicklableReceiverCheck::checkSubmission(const Submission &S, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const CXXMethodDecl *Method = S.memberFunction();
  const Expr *Receiver = S.receiver();
  if (!Method || !Receiver)
    return;
  QualType Type = Receiver->getType();
  if (Type->isPointerType()) {
    diag(userLocation(Receiver->getBeginLoc(), SM),
         "%0 is submitted on an object passed by pointer, which cannot cross to "
         "a worker process; pass the object itself, which is pickled by value")
        << Method << Receiver->getSourceRange();
    return;
  }
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (!Record)
    return;
  std::optional<HandlePath> Path = handles().findHandle(Type);
  if (!Path || Path->Members.empty())
    return;
  const FieldDecl *Outer = Path->Members.front();
  bool Serializable = PicklabilityModel::hasSerializationMember(Record) ||
                      PicklabilityModel::hasFreeSerialization(Record);
  const MemberExpr *Use = findUse(Method, Outer);
  if (Serializable && !Use)
    return; // the handle stays behind, and the task does not need it

  if (!Serializable)
    diag(userLocation(Receiver->getBeginLoc(), SM),
         "%0 is submitted on a %1, which holds a handle (%2) that cannot be "
         "pickled for a worker process; open the resource inside the task and "
         "pass what is needed to open it (a path, a URL) instead")
        << Method << Record << Path->HandleType << Receiver->getSourceRange();
  else
    diag(userLocation(Receiver->getBeginLoc(), SM),
         "%0 uses a handle (%1) that the pickling of %2 leaves behind: in the "
         "worker it is not open; open the resource inside the task and pass "
         "what is needed to open it (a path, a URL) instead")
        << Method << Path->HandleType << Record << Receiver->getSourceRange();

  for (const FieldDecl *Member : Path->Members)
    diag(Member->getLocation(), "%0 holds %1 (%2) declared here", DiagnosticIDs::Note)
        << Member->getParent() << Member << Member->getType();
  if (Use)
    diag(Use->getMemberLoc(), "%0 uses %1 here", DiagnosticIDs::Note)
        << Method << Outer;
}

} // namespace clang::tidy::picklint
