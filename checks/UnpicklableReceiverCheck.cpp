#include "model/Limits.h"
#include "UnpicklableReceiverCheck.h"
#include "Notes.h"
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
  /// The use, or null when the last call's callee is defined in another unit
  /// (then Foreign is the rest of the path, from the project index).
  const MemberExpr *Use = nullptr;
  std::vector<Step> Foreign = {};
};

std::optional<MemberUse> findUse(const CXXMethodDecl *Method, const FieldDecl *Field,
                                 const ProjectIndex *Project, unsigned Depth = 0) {
  const FunctionDecl *Def = Method->getDefinition();
  if (Depth > MaxForwardingDepth)
    return std::nullopt;
  if (!Def || !Def->getBody()) {
    if (Project)
      if (std::optional<ForeignPath> Path = Project->fieldUse(usrOf(Method), usrOf(Field)))
        return MemberUse{{}, nullptr, std::move(Path->Steps)};
    return std::nullopt;
  }
  struct Finder : RecursiveASTVisitor<Finder> {
    const CXXRecordDecl *Class;
    const FieldDecl *Field;
    const ProjectIndex *Project;
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
      if (std::optional<MemberUse> Inner = findUse(Callee, Field, Project, Depth + 1)) {
        Inner->Calls.insert(Inner->Calls.begin(), {Call, Callee});
        Found = Inner;
        return false;
      }
      return true;
    }
  } F;
  F.Class = Method->getParent();
  F.Field = Field;
  F.Project = Project;
  F.Depth = Depth;
  F.TraverseStmt(Def->getBody());
  return F.Found;
}

/// Where the record's serialization writes a member: in this unit, or in
/// another (an out-of-line save, from the project index).
struct Written {
  const MemberExpr *Use = nullptr;
  std::vector<Step> Foreign;
};

/// Where the record's serialization (serialize, save, save_minimal, as
/// members or free functions) writes the member.
std::optional<Written> serializedAt(const CXXRecordDecl *Record, const FieldDecl *Field,
                                    const ProjectIndex *Project) {
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
  std::vector<Step> Foreign;
  auto Search = [&](const FunctionDecl *FD) {
    if (F.Found || !FD || !Foreign.empty())
      return;
    if (const FunctionDecl *Def = FD->getDefinition(); Def && Def->getBody())
      F.TraverseStmt(Def->getBody());
    else if (Project)
      if (std::optional<ForeignPath> Path = Project->fieldUse(usrOf(FD), usrOf(Field)))
        Foreign = std::move(Path->Steps);
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
  if (F.Found)
    return Written{F.Found, {}};
  if (!Foreign.empty())
    return Written{nullptr, std::move(Foreign)};
  return std::nullopt;
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

  bool Serializable = PicklabilityModel::isSerializable(Record);
  for (const HandleMember &H : Members) {
    std::optional<MemberUse> Use = findUse(Method, H.outer(), project());
    std::optional<picklint::Written> Written;
    if (Serializable)
      Written = serializedAt(Record, H.outer(), project());
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

    noteMembers(*this, H.Path);
    SourceLocation At = Receiver->getBeginLoc();
    if (H.Origin)
      noteOrigin(*this, *H.Origin, Context.getSourceManager(), At);
    if (Written && Written->Use)
      diag(Written->Use->getMemberLoc(), "the pickling writes %0 here", DiagnosticIDs::Note)
          << H.outer();
    else if (Written)
      noteSteps(*this, Written->Foreign, Context.getSourceManager(), At);
    if (Use && !Written) {
      const CXXMethodDecl *Caller = Method;
      for (const auto &[Call, Callee] : Use->Calls) {
        diag(Call->getExprLoc(), "%0 calls %1 here", DiagnosticIDs::Note) << Caller << Callee;
        Caller = Callee;
      }
      if (Use->Use)
        diag(Use->Use->getMemberLoc(), "%0 uses %1 here", DiagnosticIDs::Note)
            << Caller << H.outer();
      else
        noteSteps(*this, Use->Foreign, Context.getSourceManager(), At);
    }
    return;
  }
}

} // namespace clang::tidy::picklint
