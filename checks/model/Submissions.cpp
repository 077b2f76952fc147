#include "Submissions.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Tooling/Tooling.h"
#include "clang-tidy/utils/OptionsUtils.h"

using namespace clang::ast_matchers;

namespace clang::tidy::picklint {

SubmissionModel::SubmissionModel(llvm::StringRef SubmitFunctions) {
  for (llvm::StringRef Name : utils::options::parseStringList(SubmitFunctions)) {
    Name = Name.trim();
    if (!Name.empty())
      Names.push_back(Name.str());
  }
}

StatementMatcher SubmissionModel::matcher() const {
  std::vector<llvm::StringRef> Refs(Names.begin(), Names.end());
  return callExpr(callee(functionDecl(hasAnyName(Refs))),
                  unless(isInTemplateInstantiation()))
      .bind("call");
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
  S.IsMap = Callee->getName() == "map";
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

} // namespace clang::tidy::picklint
