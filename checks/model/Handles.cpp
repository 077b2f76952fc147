#include "ClangCompat.h"
#include "Limits.h"
#include "Handles.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang-tidy/utils/OptionsUtils.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::tidy::picklint {

namespace {

/// Functions whose argument 0 is a file descriptor.
const char *const DescriptorUsers[] = {
    "::read",   "::write",  "::close",  "::fcntl",    "::ioctl",  "::send",
    "::recv",   "::sendto", "::recvfrom", "::sendmsg", "::recvmsg", "::lseek",
    "::fstat",  "::fsync",  "::fdatasync", "::ftruncate", "::pread", "::pwrite",
    "::readv",  "::writev", "::shutdown", "::listen",  "::bind",   "::connect",
    "::accept", "::accept4", "::getsockopt", "::setsockopt", "::fchmod",
    "::fchown", "::flock",  "::fdopen", "::dup",    "::dup2",   "::epoll_ctl",
    "::getsockname", "::getpeername", "::sendfile", "::splice", "::tee"};

const ValueDecl *referencedDecl(const Expr *E) {
  E = E ? E->IgnoreParenImpCasts() : nullptr;
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E))
    return Ref->getDecl();
  if (const auto *Member = dyn_cast_or_null<MemberExpr>(E))
    return Member->getMemberDecl();
  if (const auto *Sub = dyn_cast_or_null<ArraySubscriptExpr>(E))
    return referencedDecl(Sub->getBase());
  return nullptr;
}

} // namespace

HandleModel::HandleModel(llvm::StringRef HandleTypes, llvm::StringRef HandleFunctions)
    : Names(HandleTypes), DescriptorFunctions(HandleFunctions) {}

bool HandleModel::isHandleName(QualType T) const {
  auto Listed = [this](const NamedDecl *D) {
    return D && D->getDeclName().isIdentifier() && Names.matches(D);
  };
  // Look at every level of sugar: 'FILE' and 'pthread_t' are typedefs.
  const Type *Ty = T.getTypePtr();
  while (true) {
    if (const auto *TT = dyn_cast<TypedefType>(Ty)) {
      if (Listed(TT->getDecl()))
        return true;
      Ty = TT->desugar().getTypePtr();
    } else if (const Type *Named = compat::elaboratedNamedType(Ty)) {
      Ty = Named;
    } else if (const auto *ST = dyn_cast<SubstTemplateTypeParmType>(Ty)) {
      Ty = ST->getReplacementType().getTypePtr();
    } else {
      break;
    }
  }
  return Listed(Ty->getAsRecordDecl());
}

bool HandleModel::isHandle(QualType T) const {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType();
  if (isHandleName(T))
    return true;
  if (const auto *PT = T->getAs<PointerType>())
    return isHandleName(PT->getPointeeType());
  return false;
}

std::optional<HandlePath> HandleModel::findHandle(QualType T) {
  if (T.isNull())
    return std::nullopt;
  T = T.getNonReferenceType();
  if (isHandle(T))
    return HandlePath{{}, T};
  if (T->isAnyPointerType())
    return std::nullopt;
  if (const auto *AT = T->getAsArrayTypeUnsafe())
    return findHandle(AT->getElementType());
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return std::nullopt;
  // Smart pointers, optionals and containers: look at what they hold.
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD)) {
    if (qualifiedName(Spec).rfind("::std::", 0) == 0) {
      for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
        if (Arg.getKind() != TemplateArgument::Type)
          continue;
        QualType Held = Arg.getAsType();
        if (const auto *PT = Held->getAs<PointerType>())
          if (isHandleName(PT->getPointeeType()))
            return HandlePath{{}, Held};
        if (auto Path = findHandle(Held))
          return Path;
      }
      return std::nullopt;
    }
  }
  return findInRecord(RD);
}

std::optional<HandlePath> HandleModel::findInRecord(const CXXRecordDecl *RD) {
  RD = RD->getDefinition();
  if (!RD)
    return std::nullopt;
  auto [It, Inserted] = Memo.try_emplace(RD, std::nullopt);
  if (!Inserted)
    return It->second; // known, or in progress (a cycle): nothing new there
  std::optional<HandlePath> Found;
  for (const FieldDecl *F : RD->fields()) {
    if (auto Inner = findHandle(F->getType())) {
      Inner->Members.insert(Inner->Members.begin(), F);
      Found = std::move(Inner);
      break;
    }
  }
  if (!Found)
    for (const CXXBaseSpecifier &Base : RD->bases())
      if ((Found = findHandle(Base.getType())))
        break;
  Memo[RD] = Found;
  return Found;
}

std::optional<DescriptorOrigin> HandleModel::descriptorIn(const Stmt *Body,
                                                         const ValueDecl *D, bool AsValue) {
  struct Finder : RecursiveASTVisitor<Finder> {
    HandleModel &Model;
    const ValueDecl *D;
    std::optional<DescriptorOrigin> Found;
    Finder(HandleModel &M, const ValueDecl *D) : Model(M), D(D) {}
    std::string name() const { return "'" + D->getNameAsString() + "'"; }
    void assignedFrom(const Expr *Value, const Expr *Site) {
      const auto *Call =
          dyn_cast_or_null<CallExpr>(Value ? Value->IgnoreParenImpCasts() : nullptr);
      const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
      if (Found || !FD)
        return;
      std::string Callee = "'" + FD->getNameAsString() + "'";
      if (Model.isDescriptorFunction(FD)) {
        Found = DescriptorOrigin{Site, name() + " was returned by " + Callee};
      } else if (std::optional<DescriptorOrigin> Inner = Model.returnedDescriptor(FD, 1)) {
        Found = DescriptorOrigin{Site,
                                 name() + " was returned by " + Callee +
                                     ", which returns a file descriptor",
                                 std::move(Inner->Foreign)};
      }
    }
    bool VisitVarDecl(VarDecl *V) {
      if (V == D && V->hasInit())
        assignedFrom(V->getInit(), V->getInit());
      return !Found;
    }
    bool VisitBinaryOperator(BinaryOperator *Op) {
      if (Op->getOpcode() == BO_Assign && referencedDecl(Op->getLHS()) == D)
        assignedFrom(Op->getRHS(), Op->getRHS());
      return !Found;
    }
    bool VisitCallExpr(CallExpr *Call) {
      const FunctionDecl *FD = Call->getDirectCallee();
      if (!FD)
        return true;
      std::string Name = qualifiedName(FD);
      // pipe(fds), socketpair(..., fds): an array filled with descriptors.
      if (Model.DescriptorFunctions.matches(Name))
        for (const Expr *Arg : Call->arguments())
          if (referencedDecl(Arg) == D && D->getType()->isArrayType()) {
            Found = DescriptorOrigin{Call, name() + " was filled by '" +
                                               FD->getNameAsString() + "'"};
            return false;
          }
      if (Call->getNumArgs() > 0 && referencedDecl(Call->getArg(0)) == D &&
          llvm::is_contained(DescriptorUsers, Name)) {
        Found = DescriptorOrigin{Call->getArg(0), name() + " is used as a descriptor by '" +
                                                      FD->getNameAsString() + "'"};
        return false;
      }
      return true;
    }
  } F(*this, D);
  if (AsValue) // Body is the value D is initialized with
    F.assignedFrom(cast<Expr>(Body), cast<Expr>(Body));
  else
    F.TraverseStmt(const_cast<Stmt *>(Body));
  return F.Found;
}

bool HandleModel::isDescriptorFunction(const FunctionDecl *FD) const {
  return FD && DescriptorFunctions.matches(FD);
}

std::optional<DescriptorOrigin> HandleModel::returnedDescriptor(const FunctionDecl *FD,
                                                                unsigned Depth) {
  if (!FD || !FD->getReturnType()->isIntegerType() || Depth > MaxForwardingDepth)
    return std::nullopt;
  if (isDescriptorFunction(FD))
    return DescriptorOrigin{nullptr, "'" + FD->getNameAsString() + "' returns a file descriptor"};
  const FunctionDecl *Def = FD->getDefinition();
  if (!Def || !Def->hasBody()) {
    if (View.Index && !View.LocalOnly)
      if (std::optional<ForeignPath> Path = View.Index->returnsDescriptor(usrOf(FD)))
        return DescriptorOrigin{nullptr, "", std::move(Path->Steps)};
    return std::nullopt;
  }
  if (View.LocalOnly && Depth > 0 && isUserFunction(Def))
    return std::nullopt; // the unit's facts record the call as an edge
  if (auto It = DescriptorMemo.find(Def); It != DescriptorMemo.end())
    return It->second;
  DescriptorMemo[Def] = std::nullopt; // in progress: recursion finds nothing
  struct Returns : RecursiveASTVisitor<Returns> {
    HandleModel &Model;
    const FunctionDecl *Def;
    unsigned Depth;
    std::optional<DescriptorOrigin> Found;
    Returns(HandleModel &M, const FunctionDecl *D, unsigned Depth)
        : Model(M), Def(D), Depth(Depth) {}
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
    bool VisitReturnStmt(ReturnStmt *Ret) {
      const Expr *Value = Ret->getRetValue() ? Ret->getRetValue()->IgnoreParenImpCasts() : nullptr;
      if (!Value)
        return true;
      std::string Self = "'" + Def->getNameAsString() + "'";
      if (const auto *Call = dyn_cast<CallExpr>(Value)) {
        const FunctionDecl *Callee = Call->getDirectCallee();
        if (Model.isDescriptorFunction(Callee))
          Found = DescriptorOrigin{Value, Self + " returns the descriptor that '" +
                                              Callee->getNameAsString() + "' returns"};
        else if (auto Inner = Model.returnedDescriptor(Callee, Depth + 1))
          Found = DescriptorOrigin{Value,
                                   Self + " returns what '" + Callee->getNameAsString() +
                                       "' returns, a file descriptor",
                                   std::move(Inner->Foreign)};
      } else if (const auto *Ref = dyn_cast<DeclRefExpr>(Value)) {
        if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()); Var && Var->isLocalVarDecl())
          if (auto Inner = Model.descriptorVariable(Var))
            Found = DescriptorOrigin{Inner->Site, Inner->How + ", and " + Self + " returns it",
                                     std::move(Inner->Foreign)};
      }
      return !Found;
    }
  } R(*this, Def, Depth);
  R.TraverseStmt(Def->getBody());
  DescriptorMemo[Def] = R.Found;
  return R.Found;
}

std::optional<DescriptorOrigin> HandleModel::descriptorMemberIn(const FunctionDecl *FD,
                                                                const FieldDecl *Field) {
  const FunctionDecl *Def = FD ? FD->getDefinition() : nullptr;
  if (!Def || !Def->hasBody() || !Field->getType()->isIntegerType())
    return std::nullopt;
  std::optional<DescriptorOrigin> Found;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->getMember() == Field && !Found)
        Found = descriptorIn(Init->getInit(), Field, /*AsValue=*/true);
  if (!Found)
    Found = descriptorIn(Def->getBody(), Field);
  return Found;
}

std::optional<DescriptorOrigin> HandleModel::descriptorVariable(const VarDecl *Var) {
  if (!Var || !(Var->getType()->isIntegerType() ||
                (Var->getType()->isArrayType() &&
                 Var->getType()->getArrayElementTypeNoTypeQual()->isIntegerType())))
    return std::nullopt;
  if (auto It = DescriptorMemo.find(Var); It != DescriptorMemo.end())
    return It->second;
  // What the function that declares it does with it: its initializer (in
  // the body's declaration), assignments, pipe(), uses as a descriptor.
  std::optional<DescriptorOrigin> Found;
  if (const auto *FD = dyn_cast<FunctionDecl>(Var->getDeclContext()); FD && FD->hasBody())
    Found = descriptorIn(FD->getBody(), Var);
  DescriptorMemo[Var] = Found;
  return Found;
}

std::optional<DescriptorOrigin> HandleModel::descriptorMember(const FieldDecl *Field) {
  if (!Field || !Field->getType()->isIntegerType())
    return std::nullopt;
  if (auto It = DescriptorMemo.find(Field); It != DescriptorMemo.end())
    return It->second;
  // What the class's member functions do with it, constructors' member
  // initializers included.
  DescriptorMemo[Field] = std::nullopt; // in progress
  std::optional<DescriptorOrigin> Found;
  if (const auto *RD = dyn_cast<CXXRecordDecl>(Field->getParent()))
    for (const CXXMethodDecl *M : RD->methods())
      if ((Found = descriptorMemberIn(M, Field)))
        break;
  // Member functions defined in other units (a constructor in a .cpp).
  if (!Found && View.Index && !View.LocalOnly)
    if (std::optional<ForeignPath> Path = View.Index->descriptorField(usrOf(Field)))
      Found = DescriptorOrigin{nullptr, "", std::move(Path->Steps)};
  DescriptorMemo[Field] = Found;
  return Found;
}

std::optional<DescriptorOrigin> HandleModel::descriptorValue(const Expr *E) {
  const ValueDecl *D = referencedDecl(E);
  if (const auto *Var = dyn_cast_or_null<VarDecl>(D))
    return descriptorVariable(Var);
  if (const auto *Field = dyn_cast_or_null<FieldDecl>(D))
    return descriptorMember(Field);
  return std::nullopt;
}

} // namespace clang::tidy::picklint
