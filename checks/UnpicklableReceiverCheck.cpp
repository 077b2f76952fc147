#include "UnpicklableReceiverCheck.h"
#include "model/Locations.h"
#include "model/Picklability.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::picklint {

namespace {

/// A member that stands for a resource outside the object: a handle type
/// (reached through the path of members), or an integer file descriptor.
struct HandleMember {
  llvm::SmallVector<const FieldDecl *, 4> Path; // outermost first
  std::optional<DescriptorOrigin> Origin;       // for descriptors
  const FieldDecl *outer() const { return Path.front(); }
};

/// How a method reaches a member: the calls to other member functions of
/// its class, then the use.
struct MemberUse {
  llvm::SmallVector<std::pair<const CXXMemberCallExpr *, const CXXMethodDecl *>, 2> Calls;
  const MemberExpr *Use = nullptr;
};

std::optional<MemberUse> findUse(const CXXMethodDecl *Method, const FieldDecl *Field,
                                 unsigned Depth = 0) {
  const FunctionDecl *Def = Method->getDefinition();
  if (!Def || !Def->getBody() || Depth > 4)
    return std::nullopt;
  struct Finder : RecursiveASTVisitor<Finder> {
    const CXXRecordDecl *Class;
    const FieldDecl *Field;
    unsigned Depth;
    std::optional<MemberUse> Found;
    bool VisitMemberExpr(MemberExpr *E) {
      if (E->getMemberDecl() == Field) {
        Found = MemberUse{{}, E};
        return false;
      }
      return true;
    }
    bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
      const CXXMethodDecl *Callee = Call->getMethodDecl();
      const Expr *Object = Call->getImplicitObjectArgument();
      if (!Callee || !Object || !isa<CXXThisExpr>(Object->IgnoreParenImpCasts()))
        return true;
      if (std::optional<MemberUse> Inner = findUse(Callee, Field, Depth + 1)) {
        Inner->Calls.insert(Inner->Calls.begin(), {Call, Callee});
        Found = Inner;
        return false;
      }
      return true;
    }
  } F;
  F.Class = Method->getParent();
  F.Field = Field;
  F.Depth = Depth;
  F.TraverseStmt(Def->getBody());
  return F.Found;
}

/// Where the record's serialization (serialize, save, save_minimal, as
/// members or free functions) writes the member.
const MemberExpr *serializedAt(const CXXRecordDecl *Record, const FieldDecl *Field) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const FieldDecl *Field;
    const MemberExpr *Found = nullptr;
    bool shouldVisitTemplateInstantiations() const { return true; }
    bool VisitMemberExpr(MemberExpr *E) {
      if (E->getMemberDecl() != Field)
        return true;
      Found = E;
      return false;
    }
  } F;
  F.Field = Field;
  auto Search = [&](const FunctionDecl *FD) {
    if (!F.Found && FD && FD->getBody())
      F.TraverseStmt(FD->getBody());
  };
  auto IsSerialization = [](const NamedDecl *D) {
    return D->getDeclName().isIdentifier() &&
           (D->getName() == "serialize" || D->getName() == "save" ||
            D->getName() == "save_minimal");
  };
  auto SearchIn = [&](const DeclContext *DC) {
    for (const Decl *D : DC->decls()) {
      const auto *ND = dyn_cast<NamedDecl>(D);
      if (!ND || !IsSerialization(ND))
        continue;
      if (const auto *FT = dyn_cast<FunctionTemplateDecl>(ND))
        Search(FT->getTemplatedDecl());
      else
        Search(dyn_cast<FunctionDecl>(ND));
    }
  };
  SearchIn(Record);                                           // members
  SearchIn(Record->getDeclContext()->getRedeclContext());    // free functions
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
    if (firstReportAt(Receiver->getBeginLoc()))
      diag(userLocation(Receiver->getBeginLoc(), SM),
           "%0 is submitted on an object passed by pointer, which cannot cross to "
           "a worker process; pass the object itself, which is pickled by value")
          << Method << Receiver->getSourceRange();
    return;
  }
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (!Record || !(Record = Record->getDefinition()))
    return;

  // The members that stand for resources: handle types, then descriptors.
  llvm::SmallVector<HandleMember, 2> Members;
  if (std::optional<HandlePath> Path = handles().findHandle(Type); Path && !Path->Members.empty())
    Members.push_back({Path->Members, std::nullopt});
  for (const FieldDecl *Field : Record->fields())
    if (std::optional<DescriptorOrigin> Origin = handles().descriptorMember(Field))
      Members.push_back({{Field}, Origin});

  bool Serializable = PicklabilityModel::hasSerializationMember(Record) ||
                      PicklabilityModel::hasFreeSerialization(Record);
  for (const HandleMember &H : Members) {
    std::optional<MemberUse> Use = findUse(Method, H.outer());
    const MemberExpr *Written = Serializable ? serializedAt(Record, H.outer()) : nullptr;
    if (Serializable && !Written && !Use)
      continue; // the handle stays behind, and the task does not need it
    if (!firstReportAt(Receiver->getBeginLoc()))
      return;
    QualType HandleType = H.Path.back()->getType();
    unsigned IsDescriptor = H.Origin ? 1 : 0;
    if (!Serializable)
      diag(userLocation(Receiver->getBeginLoc(), SM),
           "%0 is submitted on a %1, which holds %select{a handle (%2)|a file "
           "descriptor}3 that cannot be pickled for a worker process; open the "
           "resource inside the task and pass what is needed to open it (a path, "
           "a URL) instead")
          << Method << Record << HandleType << IsDescriptor << Receiver->getSourceRange();
    else if (Written)
      diag(userLocation(Receiver->getBeginLoc(), SM),
           "%0 is submitted on a %1, whose pickling copies %2, %select{a handle "
           "(%3)|a file descriptor}4, by its raw value, which means nothing in a "
           "worker process; save what is needed to open the resource (a path, a "
           "URL) and open it in the worker")
          << Method << Record << H.outer() << HandleType << IsDescriptor
          << Receiver->getSourceRange();
    else
      diag(userLocation(Receiver->getBeginLoc(), SM),
           "%0 uses %select{a handle (%1)|a file descriptor}2 that the pickling "
           "of %3 leaves behind: in the worker it is not open; open the resource "
           "inside the task and pass what is needed to open it (a path, a URL) "
           "instead")
          << Method << HandleType << IsDescriptor << Record << Receiver->getSourceRange();

    for (const FieldDecl *Member : H.Path)
      diag(Member->getLocation(), "%0 holds %1 (%2) declared here", DiagnosticIDs::Note)
          << Member->getParent() << Member << Member->getType();
    if (H.Origin)
      diag(H.Origin->Site->getBeginLoc(), H.Origin->How + " here", DiagnosticIDs::Note);
    if (Written)
      diag(Written->getMemberLoc(), "the pickling writes %0 here", DiagnosticIDs::Note)
          << H.outer();
    if (Use && !Written) {
      const CXXMethodDecl *Caller = Method;
      for (const auto &[Call, Callee] : Use->Calls) {
        diag(Call->getExprLoc(), "%0 calls %1 here", DiagnosticIDs::Note) << Caller << Callee;
        Caller = Callee;
      }
      diag(Use->Use->getMemberLoc(), "%0 uses %1 here", DiagnosticIDs::Note)
          << Caller << H.outer();
    }
    return;
  }
}

} // namespace clang::tidy::picklint
