#include "Spawn.h"
#include "Evaluation.h"
#include "Names.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::picklint {

bool isGuardCall(const CallExpr *Call) {
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Callee && qualifiedName(Callee) == GuardFunctionName;
}

bool declaresGuard(ASTContext &Ctx) {
  // GuardFunctionName is "::ppx::init".
  for (const NamedDecl *NS : Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get("ppx")))
    if (const auto *Namespace = dyn_cast<NamespaceDecl>(NS))
      for (const NamedDecl *D : Namespace->lookup(&Ctx.Idents.get("init")))
        if (isa<FunctionDecl>(D) && qualifiedName(D) == GuardFunctionName)
          return true;
  return false;
}

namespace {
const CallExpr *findGuardCall(const Stmt *S) {
  if (!S)
    return nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(S); Call && isGuardCall(Call))
    return Call;
  if (isa<LambdaExpr>(S))
    return nullptr;
  for (const Stmt *Child : S->children())
    if (const CallExpr *Found = findGuardCall(Child))
      return Found;
  return nullptr;
}
} // namespace

MainLayout layoutOfMain(const FunctionDecl *Main) {
  MainLayout Layout;
  Layout.Main = Main;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Main->getBody());
  if (!Body)
    return Layout;
  for (const Stmt *S : Body->body()) {
    if (const CallExpr *Guard = findGuardCall(S)) {
      Layout.GuardStmt = S;
      Layout.GuardCall = Guard;
      break;
    }
    Layout.BeforeGuard.push_back(S);
  }
  return Layout;
}

bool isExecutorConstruction(const CXXConstructExpr *Construction) {
  return Construction &&
         qualifiedName(Construction->getConstructor()->getParent()) == ExecutorClassName;
}

namespace {

/// The start method an expression of type ppx::StartMethod names.
StartMethodKind methodValue(const Expr *E, const ASTContext &Ctx) {
  if (!E)
    return StartMethodKind::Spawn;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    if (const auto *Enumerator = dyn_cast<EnumConstantDecl>(Ref->getDecl()))
      return Enumerator->getName() == "Fork"         ? StartMethodKind::Fork
             : Enumerator->getName() == "Forkserver" ? StartMethodKind::Forkserver
             : Enumerator->getName() == "Mpi"        ? StartMethodKind::Mpi
                                                     : StartMethodKind::Spawn;
  return StartMethodKind::Unknown;
}

const FieldDecl *startMethodField(const RecordDecl *Options) {
  for (const FieldDecl *F : Options->fields())
    if (F->getName() == "start_method")
      return F;
  return nullptr;
}

/// The start method an Options initializer sets.
StartMethodKind fromInitializer(const Expr *Init, const ASTContext &Ctx) {
  if (!Init)
    return StartMethodKind::Spawn;
  Init = Init->IgnoreImplicit();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Init);
      Construct && Construct->getNumArgs() == 0)
    return StartMethodKind::Spawn;
  const auto *List = dyn_cast<InitListExpr>(Init);
  if (!List)
    return StartMethodKind::Unknown;
  if (List->isSyntacticForm() && List->getSemanticForm())
    List = List->getSemanticForm();
  const RecordDecl *Options = List->getType()->getAsRecordDecl();
  const FieldDecl *Field = Options ? startMethodField(Options) : nullptr;
  if (!Field || Field->getFieldIndex() >= List->getNumInits())
    return StartMethodKind::Spawn;
  const Expr *Value = List->getInit(Field->getFieldIndex());
  if (isa<ImplicitValueInitExpr, CXXDefaultInitExpr>(Value->IgnoreImplicit()))
    return StartMethodKind::Spawn;
  return methodValue(Value, Ctx);
}

} // namespace

StartMethodKind startMethodOf(const CXXConstructExpr *Construction) {
  const ASTContext &Ctx = Construction->getConstructor()->getASTContext();
  if (Construction->getNumArgs() == 0 || isa<CXXDefaultArgExpr>(Construction->getArg(0)))
    return StartMethodKind::Spawn;
  const Expr *Arg = Construction->getArg(0)->IgnoreImplicit();
  if (const auto *Copy = dyn_cast<CXXConstructExpr>(Arg); Copy && Copy->getNumArgs() == 1)
    Arg = Copy->getArg(0)->IgnoreImplicit();
  const auto *Ref = dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts());
  if (!Ref)
    return fromInitializer(Arg, Ctx);
  const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
  if (!Var || !Var->isLocalVarDecl())
    return StartMethodKind::Unknown;
  // The variable's initializer, then every assignment to its start_method.
  StartMethodKind Kind = fromInitializer(Var->getInit(), Ctx);
  const auto *FD = dyn_cast<FunctionDecl>(Var->getDeclContext());
  if (!FD || !FD->hasBody())
    return StartMethodKind::Unknown;
  struct Assignments : RecursiveASTVisitor<Assignments> {
    const VarDecl *Var;
    const ASTContext &Ctx;
    StartMethodKind Kind;
    Assignments(const VarDecl *V, const ASTContext &C, StartMethodKind K)
        : Var(V), Ctx(C), Kind(K) {}
    bool VisitBinaryOperator(BinaryOperator *Op) {
      if (Op->getOpcode() != BO_Assign)
        return true;
      const auto *Member = dyn_cast<MemberExpr>(Op->getLHS()->IgnoreParenImpCasts());
      if (!Member || Member->getMemberDecl()->getName() != "start_method")
        return true;
      const auto *Base = dyn_cast<DeclRefExpr>(Member->getBase()->IgnoreParenImpCasts());
      if (!Base || Base->getDecl() != Var)
        return true;
      // Assignments in any order: one value throughout, or the default
      // (Spawn) replaced by one other value; anything else may be either.
      StartMethodKind Assigned = methodValue(Op->getRHS(), Ctx);
      if (Assigned != Kind)
        Kind = Kind == StartMethodKind::Spawn ? Assigned : StartMethodKind::Unknown;
      return true;
    }
  } Visitor(Var, Ctx, Kind);
  Visitor.TraverseStmt(FD->getBody());
  return Visitor.Kind;
}

StartMethodKind startMethodNamed(llvm::StringRef Name) {
  return Name == "spawn"        ? StartMethodKind::Spawn
         : Name == "fork"       ? StartMethodKind::Fork
         : Name == "forkserver" ? StartMethodKind::Forkserver
         : Name == "mpi"        ? StartMethodKind::Mpi
                                : StartMethodKind::Unknown;
}

std::optional<ExecutorCreation> ExecutorCreationFinder::inFunction(const FunctionDecl *FD,
                                                                   unsigned Depth) {
  return Functions.inFunction(FD, Depth,
                              [this](const Stmt *S, unsigned D) { return walk(S, D); });
}

std::optional<ExecutorCreation> ExecutorCreationFinder::walk(const Stmt *S,
                                                             unsigned Depth) {
  if (!S || isa<LambdaExpr>(S) || isUnevaluatedOperand(S))
    return std::nullopt;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    const CXXRecordDecl *Class = Construct->getConstructor()->getParent();
    if (qualifiedName(Class) == ExecutorClassName) {
      ExecutorCreation Creation{{Construct}};
      Creation.Method = startMethodOf(Construct);
      return Creation;
    }
  }
  const Stmt *Discarded = Context ? discardedBranch(dyn_cast<IfStmt>(S), *Context) : nullptr;
  const FunctionDecl *Callee = nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    Callee = Call->getDirectCallee();
  else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
    Callee = Construct->getConstructor();
  for (const Stmt *Child : S->children())
    if (Child != Discarded)
      if (auto Found = walk(Child, Depth))
        return Found;
  if (!Callee || Depth >= Functions.maxDepth() || (View.LocalOnly && isUserFunction(Callee)))
    return std::nullopt;
  if (auto Found = inFunction(Callee, Depth + 1)) {
    Found->Chain.insert(Found->Chain.begin(), cast<Expr>(S));
    return Found;
  }
  if (View.Index && !Callee->hasBody())
    if (std::optional<ForeignPath> Path = View.Index->creationIn(usrOf(Callee))) {
      ExecutorCreation Creation{{cast<Expr>(S)}};
      Creation.Foreign = std::move(Path->Steps);
      Creation.Method = startMethodNamed(Path->What);
      return Creation;
    }
  return std::nullopt;
}

} // namespace clang::tidy::picklint
