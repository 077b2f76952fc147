#include "Spawn.h"
#include "Handles.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::picklint {

bool isGuardCall(const CallExpr *Call) {
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Callee && qualifiedName(Callee) == GuardFunctionName;
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

std::optional<ExecutorCreation> ExecutorCreationFinder::inFunction(const FunctionDecl *FD,
                                                                   unsigned Depth) {
  return Functions.inFunction(FD, Depth,
                              [this](const Stmt *S, unsigned D) { return walk(S, D); });
}

std::optional<ExecutorCreation> ExecutorCreationFinder::walk(const Stmt *S,
                                                             unsigned Depth) {
  if (!S || isa<LambdaExpr>(S))
    return std::nullopt;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    const CXXRecordDecl *Class = Construct->getConstructor()->getParent();
    if (qualifiedName(Class) == ExecutorClassName)
      return ExecutorCreation{{Construct}};
  }
  const FunctionDecl *Callee = nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    Callee = Call->getDirectCallee();
  else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
    Callee = Construct->getConstructor();
  for (const Stmt *Child : S->children())
    if (auto Found = walk(Child, Depth))
      return Found;
  if (Callee && Depth < Functions.maxDepth())
    if (auto Found = inFunction(Callee, Depth + 1)) {
      Found->Chain.insert(Found->Chain.begin(), cast<Expr>(S));
      return Found;
    }
  return std::nullopt;
}

} // namespace clang::tidy::picklint
