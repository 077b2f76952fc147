#include "model/Locations.h"
#include "LambdaCaptureCheck.h"
#include "Notes.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::picklint {

namespace {

/// The expression a callable was built from, looking through the variable
/// it was stored in: the lambda, the std::function's construction, the
/// std::bind call.
struct Origin {
  const Expr *Built = nullptr;
  const VarDecl *Holder = nullptr;
};

Origin originOf(const Expr *Callable) {
  Origin O{Callable, nullptr};
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Callable))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && !isa<ParmVarDecl>(Var) && Var->hasInit()) {
      O.Built = asWritten(Var->getInit());
      O.Holder = Var;
    }
  return O;
}

/// The lambdas with captures an expression builds its callable from: itself,
/// or the arguments of a std::function's construction or a std::bind call.
llvm::SmallVector<const LambdaExpr *, 2> capturingLambdasIn(const Expr *Built) {
  llvm::SmallVector<const LambdaExpr *, 2> Found;
  auto Consider = [&](const Expr *E) {
    E = asWritten(E);
    if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E))
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()); Var && Var->hasInit())
        E = asWritten(Var->getInit());
    if (const auto *L = dyn_cast_or_null<LambdaExpr>(E); L && L->capture_size() > 0)
      Found.push_back(L);
  };
  if (!Built)
    return Found;
  if (isa<LambdaExpr>(Built)) {
    Consider(Built);
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Built)) {
    for (const Expr *Arg : Construct->arguments())
      Consider(Arg);
  } else if (const auto *Call = dyn_cast<CallExpr>(Built)) {
    for (const Expr *Arg : Call->arguments())
      Consider(Arg);
  }
  return Found;
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

/// The lambda's captures as leading parameters and task arguments, where
/// that is certainly right: every capture an explicit copy of a local
/// variable whose type can be pickled, the lambda written in the call.
llvm::SmallVector<FixItHint, 3> capturesToArguments(const LambdaExpr *L, const Submission &S,
                                                    PicklabilityModel &Picklability,
                                                    const ASTContext &Context) {
  llvm::SmallVector<FixItHint, 3> None;
  const SourceManager &SM = Context.getSourceManager();
  if (S.IsMap || !S.forwardsArguments() || L->getCaptureDefault() != LCD_None ||
      L->getBeginLoc().isMacroID() ||
      L->getEndLoc().isMacroID() || S.Call->getBeginLoc().isMacroID())
    return None;
  std::string Params, Args;
  for (const LambdaCapture &C : L->explicit_captures()) {
    if (!C.capturesVariable() || C.getCaptureKind() != LCK_ByCopy || C.isPackExpansion())
      return None;
    const auto *Var = dyn_cast<VarDecl>(C.getCapturedVar());
    if (!Var || Var->isInitCapture() || !Var->hasLocalStorage())
      return None;
    QualType Type = Var->getType().getNonReferenceType().getUnqualifiedType();
    if (Type->isDependentType() || Picklability.whyNot(Type))
      return None;
    PrintingPolicy Policy(Context.getLangOpts());
    Policy.SuppressTagKeyword = true;
    Policy.FullyQualifiedName = true;
    Params += Type.getAsString(Policy) + " " + Var->getName().str() + ", ";
    Args += ", " + Var->getName().str();
  }
  llvm::SmallVector<FixItHint, 3> Fixes;
  Fixes.push_back(FixItHint::CreateReplacement(L->getIntroducerRange(), "[]"));
  const CXXMethodDecl *Call = L->getCallOperator();
  if (L->hasExplicitParameters()) {
    SourceLocation LParen = Call->getFunctionTypeLoc().getLParenLoc();
    if (LParen.isInvalid())
      return None;
    if (Call->getNumParams() == 0)
      Params.resize(Params.size() - 2); // no ", " before the ')'
    Fixes.push_back(FixItHint::CreateInsertion(LParen.getLocWithOffset(1), Params));
  } else {
    Params.resize(Params.size() - 2);
    Fixes.push_back(FixItHint::CreateInsertion(
        L->getIntroducerRange().getEnd().getLocWithOffset(1), "(" + Params + ")"));
  }
  SourceLocation AfterLambda =
      Lexer::getLocForEndOfToken(L->getEndLoc(), 0, SM, Context.getLangOpts());
  if (AfterLambda.isInvalid())
    return None;
  Fixes.push_back(FixItHint::CreateInsertion(AfterLambda, Args));
  return Fixes;
}

} // namespace

LambdaCaptureCheck::LambdaCaptureCheck(StringRef Name, ClangTidyContext *Context)
    : SubmissionCheck(Name, Context),
      FunctionWrapperTypes(
          Options.getLocalOrGlobal("FunctionWrapperTypes", DefaultFunctionWrapperTypes)),
      Picklability(FunctionWrapperTypes) {}

void LambdaCaptureCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  SubmissionCheck::storeOptions(Opts);
  Options.store(Opts, "FunctionWrapperTypes", FunctionWrapperTypes);
}

void LambdaCaptureCheck::registerMatchers(MatchFinder *Finder) {
  SubmissionCheck::registerMatchers(Finder);
  // Calls that hand an argument to a function template, which may submit it.
  Finder->addMatcher(
      callExpr(callee(functionDecl(ast_matchers::isTemplateInstantiation())))
          .bind("template-call"), this);
}

void LambdaCaptureCheck::checkSubmission(const Submission &S, ASTContext &Context) {
  // A parameter of a template instantiation is judged where the template is
  // called (checkOther), where the user wrote the closure.
  if (const ParmVarDecl *Param = namedParameter(S.Callable))
    if (const auto *FD = dyn_cast<FunctionDecl>(Param->getDeclContext());
        FD && FD->isTemplateInstantiation())
      return;
  if (std::optional<CallableVerdict> Verdict =
          Picklability.whyNotCallable(S.Callable->getType()))
    report(S.Callable, *Verdict, &S, nullptr, Context);
}

void LambdaCaptureCheck::checkOther(const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("template-call");
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || submissions().isSubmission(Call))
    return;
  for (unsigned P = 0; P < Callee->getNumParams(); ++P) {
    int A = argumentIndexFor(Call, P);
    if (A < 0)
      continue;
    const Expr *Arg = asWritten(Call->getArg(A));
    // Judged where it was written, if this call only passes a parameter on.
    if (const ParmVarDecl *Param = namedParameter(Arg))
      if (const auto *FD = dyn_cast<FunctionDecl>(Param->getDeclContext());
          FD && FD->isTemplateInstantiation())
        continue;
    std::optional<CallableVerdict> Verdict = Picklability.whyNotCallable(Arg->getType());
    if (!Verdict)
      continue;
    if (std::optional<Submission> Inner = submissions().submitsParameter(Callee, P))
      report(Arg, *Verdict, nullptr, &*Inner, *Result.Context);
  }
}

void LambdaCaptureCheck::report(const Expr *Callable, const CallableVerdict &Verdict,
                                const Submission *Direct, const Submission *Inner,
                                ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  if (!firstReportAt(Callable->getBeginLoc()))
    return;
  Origin From = originOf(Callable);
  llvm::SmallVector<const LambdaExpr *, 2> Lambdas = capturingLambdasIn(From.Built);

  {
    auto Diag = [&]() {
      switch (Verdict.Problem) {
      case CallableProblem::Closure:
        return diag(userLocation(Callable->getBeginLoc(), SM),
                    "task callable is a lambda with captures, which cannot be pickled "
                    "for a worker process; pass the captured values as task arguments "
                    "or use a function without captures");
      case CallableProblem::Wrapper:
        return diag(userLocation(Callable->getBeginLoc(), SM),
                    "task callable is a %0, which cannot be pickled for a worker "
                    "process; submit the function itself, and pass captured values as "
                    "task arguments")
               << Verdict.Record;
      case CallableProblem::Bind:
        return diag(userLocation(Callable->getBeginLoc(), SM),
                    "task callable is a std::bind expression, which cannot be pickled "
                    "for a worker process; submit the function and pass the bound "
                    "values as task arguments");
      case CallableProblem::StatefulObject:
        break;
      }
      return diag(userLocation(Callable->getBeginLoc(), SM),
                  "task callable is a %0 object with data members, which cannot be "
                  "pickled for a worker process; submit a function and pass the data "
                  "as task arguments")
             << Verdict.Record;
    }();
    Diag << Callable->getSourceRange();
    // The certain fix: a lambda written in a direct submission.
    if (Direct && Verdict.Problem == CallableProblem::Closure)
      if (const auto *L = dyn_cast<LambdaExpr>(Callable))
        Diag << capturesToArguments(L, *Direct, Picklability, Context);
  }

  if (Inner)
    diag(Inner->Callable->getBeginLoc(), "%0 submits it as a task here", DiagnosticIDs::Note)
        << cast<FunctionDecl>(namedParameter(Inner->Callable)->getDeclContext())->getDeclName();
  if (From.Holder)
    diag(From.Holder->getLocation(), "the callable is stored in %0 here", DiagnosticIDs::Note)
        << From.Holder;
  if (Verdict.Problem == CallableProblem::Closure && Lambdas.empty()) {
    // Only the closure type is known (a parameter, a member): its captures.
    for (const LambdaCapture &C : Verdict.Record->captures())
      diag(C.getLocation(), describeCapture(C), DiagnosticIDs::Note);
    return;
  }
  for (const LambdaExpr *L : Lambdas) {
    if (L != From.Built && L != Callable)
      diag(L->getBeginLoc(), "it holds a lambda with captures, defined here",
           DiagnosticIDs::Note);
    for (const LambdaCapture &C : L->captures())
      diag(C.getLocation(), describeCapture(C), DiagnosticIDs::Note);
  }
  if (Verdict.Problem == CallableProblem::StatefulObject)
    if (auto Field = Verdict.Record->field_begin(); Field != Verdict.Record->field_end())
      noteMembers(*this, {*Field});
}

} // namespace clang::tidy::picklint
