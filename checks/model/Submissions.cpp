#include "Limits.h"
#include "Submissions.h"
#include "Names.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Tooling/Tooling.h"
#include "clang-tidy/utils/OptionsUtils.h"

using namespace clang::ast_matchers;

namespace clang::tidy::picklint {

SubmissionModel::SubmissionModel(llvm::StringRef SubmitFunctions,
                                 llvm::StringRef MapFunctions)
    : Submit(SubmitFunctions), Map(MapFunctions) {}

namespace {
AST_MATCHER_P(FunctionDecl, listedAsSubmission, const SubmissionModel *, Model) {
  return Model->isSubmissionFunction(&Node);
}
} // namespace

StatementMatcher SubmissionModel::matcher() const {
  // Submissions inside template instantiations too: checks judge each
  // instantiation and report once per place in the source.
  return callExpr(callee(functionDecl(listedAsSubmission(this)))).bind("call");
}

namespace {
bool isInitializerFunction(const FunctionDecl *FD) {
  return FD->getName() == "initializer" && qualifiedName(FD) == InitializerFunction;
}
} // namespace

bool SubmissionModel::isSubmissionFunction(const FunctionDecl *FD) const {
  return Submit.matches(FD) || Map.matches(FD) || (FD->getIdentifier() && isInitializerFunction(FD));
}

const Expr *asWritten(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(Next))
      Next = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(Next))
      Next = B->getSubExpr();
    else if (const auto *C = dyn_cast<CXXConstructExpr>(Next);
             C && C->getNumArgs() == 1 && C->getConstructor()->isCopyOrMoveConstructor())
      Next = C->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

std::optional<Submission> SubmissionModel::fromCall(const CallExpr *Call) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return std::nullopt;
  // Operator calls on a member (ex(f, x)) carry the object as argument 0.
  unsigned First = 0;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
      Op && isa<CXXMethodDecl>(Callee))
    First = 1;
  if (Call->getNumArgs() <= First)
    return std::nullopt;
  Submission S;
  S.Call = Call;
  S.Callable = asWritten(Call->getArg(First));
  for (unsigned I = First + 1; I < Call->getNumArgs(); ++I) {
    const Expr *Arg = Call->getArg(I);
    if (isa<CXXDefaultArgExpr>(Arg))
      break; // map's chunksize and other defaulted parameters
    S.Arguments.push_back(asWritten(Arg));
  }
  S.IsMap = Map.matches(Callee);
  S.IsInitializer = Callee->getIdentifier() && isInitializerFunction(Callee);
  return S;
}

const CXXMethodDecl *Submission::memberFunction() const {
  const auto *Addr = dyn_cast_or_null<UnaryOperator>(Callable);
  if (!Addr || Addr->getOpcode() != UO_AddrOf)
    return nullptr;
  const auto *Ref = dyn_cast<DeclRefExpr>(Addr->getSubExpr()->IgnoreParens());
  if (!Ref)
    return nullptr;
  const auto *Method = dyn_cast<CXXMethodDecl>(Ref->getDecl());
  return Method && Method->isInstance() ? Method : nullptr;
}

const Expr *Submission::receiver() const {
  if (!memberFunction() || Arguments.empty() || IsMap)
    return nullptr;
  return Arguments.front();
}

const FunctionDecl *Submission::calledFunction() const {
  const Expr *E = Callable ? Callable->IgnoreParenImpCasts() : nullptr;
  if (const auto *Addr = dyn_cast_or_null<UnaryOperator>(E);
      Addr && Addr->getOpcode() == UO_AddrOf)
    E = Addr->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E))
    if (const auto *FD = dyn_cast<FunctionDecl>(Ref->getDecl()))
      return FD;
  if (!E)
    return nullptr;
  // A lambda or another function object: its one call operator.
  if (const CXXRecordDecl *RD = E->getType().getNonReferenceType()->getAsCXXRecordDecl()) {
    if (!(RD = RD->getDefinition()))
      return nullptr;
    const CXXMethodDecl *Call = nullptr;
    for (const CXXMethodDecl *M : RD->methods())
      if (M->getOverloadedOperator() == OO_Call) {
        if (Call)
          return nullptr; // overloaded: the arguments decide
        Call = M;
      }
    return Call;
  }
  return nullptr;
}

bool Submission::forwardsArguments() const {
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  const FunctionTemplateDecl *Template = Callee ? Callee->getPrimaryTemplate() : nullptr;
  if (!Template)
    return false;
  const FunctionDecl *Pattern = Template->getTemplatedDecl();
  return Pattern->getNumParams() == 2 && !Pattern->getParamDecl(0)->isParameterPack() &&
         Pattern->getParamDecl(1)->isParameterPack();
}

QualType Submission::resultType() const {
  if (const FunctionDecl *FD = calledFunction()) {
    if (FD->isDependentContext() || FD->getReturnType()->isUndeducedType())
      return {};
    return FD->getReturnType();
  }
  QualType T = Callable ? Callable->getType().getNonReferenceType() : QualType();
  if (T.isNull() || T->isDependentType())
    return {};
  if (const auto *MP = T->getAs<MemberPointerType>())
    T = MP->getPointeeType();
  else if (T->isFunctionPointerType())
    T = T->getPointeeType();
  if (const auto *FT = T->getAs<FunctionType>())
    return FT->getReturnType();
  return {};
}

const ParmVarDecl *namedParameter(const Expr *E) {
  E = asWritten(E);
  // static_cast<A&&>(a): std::forward spelled out, as in `f(static_cast<A&&>(a)...)`.
  if (const auto *Cast = dyn_cast_or_null<CXXStaticCastExpr>(E);
      Cast && Cast->getTypeAsWritten()->isReferenceType())
    E = asWritten(Cast->getSubExpr());
  // std::forward<F>(f), std::move(f)
  if (const auto *Call = dyn_cast_or_null<CallExpr>(E))
    if (const FunctionDecl *Callee = Call->getDirectCallee();
        Callee && Call->getNumArgs() == 1 && Callee->isInStdNamespace() &&
        (Callee->getName() == "forward" || Callee->getName() == "move"))
      E = asWritten(Call->getArg(0));
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
  return Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
}

int argumentIndexFor(const CallExpr *Call, unsigned Param) {
  unsigned Offset = 0;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
    if (isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()))
      Offset = 1;
  unsigned Arg = Param + Offset;
  return Arg < Call->getNumArgs() ? static_cast<int>(Arg) : -1;
}

std::optional<Submission> SubmissionModel::submitsParameter(const FunctionDecl *FD,
                                                            unsigned Index,
                                                            unsigned Depth) const {
  const FunctionDecl *Def = FD ? FD->getDefinition() : nullptr;
  if (!Def || !Def->hasBody() || Index >= Def->getNumParams() || Depth > MaxForwardingDepth)
    return std::nullopt;
  auto Key = std::make_pair(Def, Index);
  if (auto It = ParameterMemo.find(Key); It != ParameterMemo.end())
    return It->second;
  ParameterMemo[Key] = std::nullopt; // in progress: recursion finds nothing new
  const ParmVarDecl *Param = Def->getParamDecl(Index);

  struct Finder : RecursiveASTVisitor<Finder> {
    const SubmissionModel &Model;
    const ParmVarDecl *Param;
    unsigned Depth;
    std::optional<Submission> Found;
    Finder(const SubmissionModel &M, const ParmVarDecl *P, unsigned D)
        : Model(M), Param(P), Depth(D) {}
    bool shouldVisitTemplateInstantiations() const { return true; }
    bool VisitCallExpr(CallExpr *Call) {
      if (std::optional<Submission> S = Model.fromCall(Call);
          S && Model.isSubmission(Call) && namedParameter(S->Callable) == Param) {
        Found = S;
        return false;
      }
      // Passed on to a function that submits it.
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (!Callee)
        return true;
      for (unsigned P = 0; P < Callee->getNumParams(); ++P) {
        int A = argumentIndexFor(Call, P);
        if (A < 0 || namedParameter(Call->getArg(A)) != Param)
          continue;
        if (std::optional<Submission> Inner = Model.submitsParameter(Callee, P, Depth + 1)) {
          Found = Inner;
          return false;
        }
      }
      return true;
    }
  } F(*this, Param, Depth);
  F.TraverseStmt(Def->getBody());
  ParameterMemo[Key] = F.Found;
  return F.Found;
}

bool SubmissionModel::isSubmission(const CallExpr *Call) const {
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Callee && isSubmissionFunction(Callee);
}

} // namespace clang::tidy::picklint
