#include "SideEffectBeforeMainCheck.h"
#include "model/Spawn.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::picklint {

namespace {

/// How notes name a function: lambdas have no name users know.
std::string describe(const FunctionDecl *FD) {
  if (const auto *M = dyn_cast<CXXMethodDecl>(FD); M && M->getParent()->isLambda())
    return "the lambda";
  return "'" + FD->getNameAsString() + "'";
}

} // namespace

SideEffectBeforeMainCheck::SideEffectBeforeMainCheck(StringRef Name,
                                                     ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      SideEffectFunctions(Options.getLocalOrGlobal("SideEffectFunctions",
                                                   DefaultSideEffectFunctions)),
      PureFunctions(Options.getLocalOrGlobal("PureFunctions", DefaultPureFunctions)),
      AllTranslationUnits(Options.get("AllTranslationUnits", false)),
      Effects(SideEffectFunctions, PureFunctions) {}

void SideEffectBeforeMainCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "SideEffectFunctions", SideEffectFunctions);
  Options.store(Opts, "PureFunctions", PureFunctions);
  Options.store(Opts, "AllTranslationUnits", AllTranslationUnits);
}

void SideEffectBeforeMainCheck::registerMatchers(MatchFinder *Finder) {
  // Variables initialized at start-up: namespace scope and static members.
  // Function-local statics are initialized on first use, not at start-up.
  Finder->addMatcher(
      varDecl(hasGlobalStorage(), isDefinition(), hasInitializer(expr()),
              unless(hasAncestor(functionDecl())),
              unless(isExpansionInSystemHeader()))
          .bind("global"),
      this);
  Finder->addMatcher(functionDecl(isDefinition(), hasAttr(attr::Constructor),
                                  unless(isExpansionInSystemHeader()))
                         .bind("ctor-function"),
                     this);
  Finder->addMatcher(functionDecl(isMain(), isDefinition()).bind("main"), this);
  Finder->addMatcher(functionDecl(hasName("::ppx::init")).bind("ppx-init"), this);
  Finder->addMatcher(cxxConstructExpr(hasDeclaration(cxxConstructorDecl(
                                          ofClass(hasName("::ppx::ProcessPoolExecutor")))))
                         .bind("executor"),
                     this);
}

void SideEffectBeforeMainCheck::check(const MatchFinder::MatchResult &Result) {
  if (Result.Nodes.getNodeAs<FunctionDecl>("ppx-init"))
    UsesPpx = true;
  if (const auto *Var = Result.Nodes.getNodeAs<VarDecl>("global"))
    Globals.push_back(Var);
  if (const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("ctor-function"))
    ConstructorFunctions.push_back(FD);
  if (const auto *Main = Result.Nodes.getNodeAs<FunctionDecl>("main"))
    Mains.push_back(Main);
  if (const auto *Executor = Result.Nodes.getNodeAs<CXXConstructExpr>("executor")) {
    ++Executors;
    AllFork = AllFork && startMethodOf(Executor) == StartMethodKind::Fork;
  }
}

void SideEffectBeforeMainCheck::report(const SideEffect &Effect,
                                       const NamedDecl *Origin) {
  // Notes walk the chain of calls down to the effect.
  std::string Caller = Origin ? "'" + Origin->getNameAsString() + "'" : "it";
  for (const SideEffect::Step &Step : Effect.Chain) {
    if (Step.Callee) {
      diag(Step.Site->getBeginLoc(), "%0 calls %1 here", DiagnosticIDs::Note)
          << Caller << describe(Step.Callee);
      Caller = describe(Step.Callee);
    } else {
      diag(Step.Site->getBeginLoc(), "%0 %1 here", DiagnosticIDs::Note)
          << Caller << Effect.What;
    }
  }
}

void SideEffectBeforeMainCheck::onEndOfTranslationUnit() {
  // With fork, nothing re-runs: only programs that (may) spawn are judged.
  bool Spawns = !(Executors > 0 && AllFork);
  if ((UsesPpx || AllTranslationUnits) && Spawns) {
    for (const VarDecl *Var : Globals) {
      const Expr *Init = Var->getInit();
      if (!Init || Var->isConstexpr() || Var->hasAttr<ConstInitAttr>() ||
          Init->isConstantInitializer(Var->getASTContext(),
                                      Var->getType()->isReferenceType()))
        continue;
      if (std::optional<SideEffect> Effect = Effects.ofStmt(Init)) {
        diag(Var->getLocation(),
             "initializer of %0 runs again in every spawned worker and %1; "
             "move it into main after ppx::init, or into a function called "
             "when it is needed")
            << Var << Effect->What;
        report(*Effect, Var);
      }
    }
    for (const FunctionDecl *FD : ConstructorFunctions) {
      if (std::optional<SideEffect> Effect = Effects.ofFunction(FD)) {
        diag(FD->getLocation(),
             "constructor function %0 runs again in every spawned worker and "
             "%1; call it from main after ppx::init instead")
            << FD << Effect->What;
        report(*Effect, FD);
      }
    }
    for (const FunctionDecl *Main : Mains) {
      MainLayout Layout = layoutOfMain(Main);
      if (!Layout.GuardCall)
        continue; // without a guard: picklint-missing-worker-guard's finding
      for (const Stmt *S : Layout.BeforeGuard) {
        if (std::optional<SideEffect> Effect = Effects.ofStmt(S)) {
          diag(S->getBeginLoc(),
               "statement before ppx::init runs again in every spawned worker "
               "and %0; move it after ppx::init")
              << Effect->What;
          diag(Layout.GuardCall->getBeginLoc(), "the worker guard is here",
               DiagnosticIDs::Note);
          if (Effect->Chain.size() > 1)
            report(*Effect, nullptr);
        }
      }
    }
  }
  UsesPpx = false;
  Executors = 0;
  AllFork = true;
  Globals.clear();
  ConstructorFunctions.clear();
  Mains.clear();
}

} // namespace clang::tidy::picklint
