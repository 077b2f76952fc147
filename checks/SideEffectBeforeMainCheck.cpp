#include "SideEffectBeforeMainCheck.h"
#include "Notes.h"
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
      ProjectIndexDir(Options.getLocalOrGlobal("ProjectIndex", DefaultProjectIndex)),
      Project(projectIndexFor(ProjectIndexDir)),
      Effects(SideEffectFunctions, PureFunctions) {
  Effects.setProject({Project, /*LocalOnly=*/false});
}

void SideEffectBeforeMainCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "SideEffectFunctions", SideEffectFunctions);
  Options.store(Opts, "PureFunctions", PureFunctions);
  Options.store(Opts, "AllTranslationUnits", AllTranslationUnits);
  Options.store(Opts, "ProjectIndex", ProjectIndexDir);
}

void SideEffectBeforeMainCheck::registerMatchers(MatchFinder *Finder) {
  // Variables initialized at start-up: namespace scope and static members.
  // Function-local statics are initialized on first use, not at start-up.
  // The cheap conditions come first; asking the variable for its function
  // (isStaticLocal) instead of walking its ancestors spares building the
  // whole unit's parent map, which was most of this check's time.
  Finder->addMatcher(
      varDecl(unless(isExpansionInSystemHeader()), hasGlobalStorage(), unless(isStaticLocal()),
              isDefinition(), hasInitializer(expr()))
          .bind("global"),
      this);
  Finder->addMatcher(functionDecl(isDefinition(), hasAttr(attr::Constructor),
                                  unless(isExpansionInSystemHeader()))
                         .bind("ctor-function"),
                     this);
  Finder->addMatcher(functionDecl(isMain(), isDefinition()).bind("main"), this);
  Finder->addMatcher(cxxConstructExpr(hasDeclaration(cxxConstructorDecl(
                                          ofClass(hasName(ExecutorClassName)))))
                         .bind("executor"),
                     this);
}

void SideEffectBeforeMainCheck::check(const MatchFinder::MatchResult &Result) {
  // A template's static member runs only as an instantiation that is used:
  // judge the instantiations (each once per place), not the pattern.
  if (const auto *Var = Result.Nodes.getNodeAs<VarDecl>("global");
      Var && !Var->getDeclContext()->isDependentContext() &&
      ReportedGlobals.insert(Var->getLocation()).second)
    Globals.push_back(Var);
  if (const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("ctor-function"))
    ConstructorFunctions.push_back(FD);
  if (const auto *Main = Result.Nodes.getNodeAs<FunctionDecl>("main"))
    Mains.push_back(Main);
  if (const auto *Executor = Result.Nodes.getNodeAs<CXXConstructExpr>("executor")) {
    ++Executors;
    StartMethodKind Method = startMethodOf(Executor);
    AnyForkserver = AnyForkserver || Method == StartMethodKind::Forkserver;
    AnyMpi = AnyMpi || Method == StartMethodKind::Mpi;
    AnySpawn = AnySpawn || Method == StartMethodKind::Spawn || Method == StartMethodKind::Unknown;
  }
}

void SideEffectBeforeMainCheck::report(const SideEffect &Effect, const NamedDecl *Origin,
                                       SourceManager &SM) {
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
  noteSteps(*this, Effect.Foreign, SM, Effect.Chain.back().Site->getBeginLoc());
}

void SideEffectBeforeMainCheck::onEndOfTranslationUnit() {
  // What runs at start-up (or before the guard) and has an effect.
  struct Finding {
    SideEffect Effect;
    const NamedDecl *Origin; // the variable or constructor function; null for main
    const Stmt *BeforeGuard; // main's statement
    const CallExpr *Guard;
  };
  std::vector<Finding> Findings;
  SourceManager *SM = nullptr;
  ASTContext *Ctx = !Globals.empty()                ? &Globals.front()->getASTContext()
                    : !ConstructorFunctions.empty() ? &ConstructorFunctions.front()->getASTContext()
                    : !Mains.empty()                ? &Mains.front()->getASTContext()
                                                    : nullptr;
  bool UsesPpx = Ctx && declaresGuard(*Ctx);
  if (UsesPpx || AllTranslationUnits || Project) {
    for (const VarDecl *Var : Globals) {
      const Expr *Init = Var->getInit();
      if (!Init || Var->isConstexpr() || Var->hasAttr<ConstInitAttr>() ||
          Init->isConstantInitializer(Var->getASTContext(),
                                      Var->getType()->isReferenceType()))
        continue;
      if (std::optional<SideEffect> Effect = Effects.ofStmt(Init, Var->getASTContext()))
        Findings.push_back({*Effect, Var, nullptr, nullptr});
    }
    for (const FunctionDecl *FD : ConstructorFunctions)
      if (std::optional<SideEffect> Effect = Effects.ofFunction(FD))
        Findings.push_back({*Effect, FD, nullptr, nullptr});
    for (const FunctionDecl *Main : Mains) {
      MainLayout Layout = layoutOfMain(Main);
      if (!Layout.GuardCall)
        continue; // without a guard: picklint-missing-worker-guard's finding
      for (const Stmt *S : Layout.BeforeGuard)
        if (std::optional<SideEffect> Effect = Effects.ofStmt(S, Main->getASTContext());
            Effect && Effect->What != ExecutorCreationEffect && Effect->What != SubmissionEffect)
          Findings.push_back({*Effect, nullptr, S, Layout.GuardCall});
        // (an executor made before the guard: picklint-missing-worker-guard's)
    }
    if (Ctx)
      SM = &Ctx->getSourceManager();
  }

  // With fork, nothing re-runs: only programs that (may) spawn, or start a
  // fork server (which runs the start-up code once more), are judged. This
  // unit's executors decide, and the project's (the index) add to them; a
  // unit that creates none asks the project; without an index (or an
  // executor in it) a unit that uses ppx assumes the default, spawn.
  std::optional<ForeignPath> ProjectMethod;
  if (Project && !Findings.empty())
    ProjectMethod = Project->projectStartMethod();
  StartMethodKind ProjectKind =
      ProjectMethod ? startMethodNamed(ProjectMethod->What) : StartMethodKind::Fork;
  bool ProjectSpawns = ProjectKind == StartMethodKind::Spawn || ProjectKind == StartMethodKind::Unknown;
  bool ProjectServer = ProjectKind == StartMethodKind::Forkserver;
  bool ProjectMpi = ProjectKind == StartMethodKind::Mpi;
  // Where the start-up code runs again, most first: spawned workers, MPI
  // ranks, a fork server. This unit's executors and the project's add up.
  bool RerunsInWorkers = true, RerunsInRanks = false, RerunsInServer = false;
  bool ProjectDecides = false; // a note then names the project's executor
  if (Executors > 0) {
    RerunsInWorkers = AnySpawn || ProjectSpawns;
    RerunsInRanks = AnyMpi || ProjectMpi;
    RerunsInServer = AnyForkserver || ProjectServer;
    // The project decides when what the message names comes only from it:
    // spawned workers, MPI ranks or a fork server that this unit's
    // executors lack.
    ProjectDecides = RerunsInWorkers ? !AnySpawn && ProjectSpawns
                     : RerunsInRanks ? !AnyMpi && ProjectMpi
                                     : !AnyForkserver && ProjectServer;
  } else if (ProjectMethod) {
    RerunsInWorkers = ProjectSpawns;
    RerunsInRanks = ProjectMpi;
    RerunsInServer = ProjectServer;
    ProjectDecides = ProjectSpawns || ProjectMpi || ProjectServer;
  }
  bool Judged = (RerunsInWorkers || RerunsInRanks || RerunsInServer) &&
                (UsesPpx || AllTranslationUnits || ProjectDecides);
  // Where it runs again, for %select: every spawned worker, every MPI rank,
  // or only the fork server (once per executor, still observable: its
  // output, its files).
  unsigned Where = RerunsInWorkers ? 0 : RerunsInRanks ? 2 : 1;

  for (const Finding &F : Findings) {
    if (!Judged || !SM)
      break;
    SourceLocation At;
    if (const auto *Var = dyn_cast_or_null<VarDecl>(F.Origin)) {
      At = Var->getLocation();
      diag(At, "initializer of %0 %select{runs again in every spawned worker|runs once more, in "
               "the fork server that starts the workers,|runs again in every MPI rank}2 and %1; move it into main after "
               "ppx::init, or into a function called when it is needed")
          << Var << F.Effect.What << Where;
      report(F.Effect, Var, *SM);
    } else if (const auto *FD = dyn_cast_or_null<FunctionDecl>(F.Origin)) {
      At = FD->getLocation();
      diag(At, "constructor function %0 %select{runs again in every spawned worker|runs once "
               "more, in the fork server that starts the workers,|runs again in every MPI "
               "rank}2 and %1; call it from main "
               "after ppx::init instead")
          << FD << F.Effect.What << Where;
      report(F.Effect, FD, *SM);
    } else {
      At = F.BeforeGuard->getBeginLoc();
      diag(At, "statement before ppx::init %select{runs again in every spawned worker|runs once "
               "more, in the fork server that starts the workers,|runs again in every MPI "
               "rank}1 and %0; move it after "
               "ppx::init")
          << F.Effect.What << Where;
      diag(F.Guard->getBeginLoc(), "the worker guard is here", DiagnosticIDs::Note);
      if (F.Effect.Chain.size() > 1 || !F.Effect.Foreign.empty())
        report(F.Effect, nullptr, *SM);
    }
    if (ProjectDecides)
      noteSteps(*this, ProjectMethod->Steps, *SM, At);
  }
  Executors = 0;
  AnySpawn = AnyForkserver = AnyMpi = false;
  Globals.clear();
  ReportedGlobals.clear();
  ConstructorFunctions.clear();
  Mains.clear();
}

} // namespace clang::tidy::picklint
