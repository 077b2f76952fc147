#include "LambdaCaptureCheck.h"

#include "clang/AST/ExprCXX.h"

namespace clang::tidy::picklint {

namespace {

/// The capturing lambda the callable stands for, and the variable it was
/// stored in on the way (null when the lambda is written in the call).
struct Closure {
  const LambdaExpr *Lambda = nullptr;
  const VarDecl *Holder = nullptr;
};

std::optional<Closure> findClosure(const Expr *Callable) {
  if (const auto *L = dyn_cast<LambdaExpr>(Callable))
    return Closure{L, nullptr};
  const auto *Ref = dyn_cast<DeclRefExpr>(Callable);
  if (!Ref)
    return std::nullopt;
  const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
  if (!Var || !Var->hasInit())
    return std::nullopt;
  if (const auto *L = dyn_cast<LambdaExpr>(asWritten(Var->getInit())))
    return Closure{L, Var};
  return std::nullopt;
}

std::string describeCapture(const LambdaCapture &C) {
  std::string Name;
  if (C.capturesThis())
    Name = C.getCaptureKind() == LCK_StarThis ? "'*this'" : "'this'";
  else if (C.capturesVariable())
    Name = "'" + C.getCapturedVar()->getName().str() + "'";
  else
    Name = "a VLA bound";
  const char *How = C.getCaptureKind() == LCK_ByRef ? "by reference" : "by value";
  if (C.capturesThis())
    How = C.getCaptureKind() == LCK_StarThis ? "by value" : "as a pointer";
  std::string Text = Name + " captured ";
  if (C.isImplicit())
    Text += "implicitly ";
  else if (C.capturesVariable() && C.getCapturedVar()->isInitCapture())
    Text += "by an init-capture ";
  return Text + How + " here";
}

} // namespace

void LambdaCaptureCheck::checkSubmission(const Submission &S, ASTContext &) {
  std::optional<Closure> Found = findClosure(S.Callable);
  if (!Found || Found->Lambda->capture_size() == 0)
    return;
  diag(S.Callable->getBeginLoc(),
       "task callable is a lambda with captures, which cannot be pickled for a "
       "worker process; pass the captured values as task arguments or use a "
       "function without captures")
      << S.Callable->getSourceRange();
  if (Found->Holder)
    diag(Found->Holder->getLocation(), "the closure is stored in %0 here",
         DiagnosticIDs::Note)
        << Found->Holder;
  for (const LambdaCapture &C : Found->Lambda->captures())
    diag(C.getLocation(), describeCapture(C), DiagnosticIDs::Note);
}

} // namespace clang::tidy::picklint
