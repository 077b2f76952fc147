#include "MissingWorkerGuardCheck.h"
#include "Notes.h"
#include "model/Spawn.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::picklint {

MissingWorkerGuardCheck::MissingWorkerGuardCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ProjectIndexDir(Options.getLocalOrGlobal("ProjectIndex", DefaultProjectIndex)),
      Project(projectIndexFor(ProjectIndexDir)) {}

void MissingWorkerGuardCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ProjectIndex", ProjectIndexDir);
}

void MissingWorkerGuardCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(functionDecl(isMain(), isDefinition()).bind("main"), this);
}

namespace {

/// The fix: `ppx::init(argc, argv);` as main's first statement, adding the
/// parameters to `int main()`. Certain only where there is no guard at all to
/// move and main is not written by a macro; otherwise empty.
llvm::SmallVector<FixItHint, 2> guardFixes(const FunctionDecl *Main,
                                           const MainLayout &Layout,
                                           const SourceManager &SM,
                                           const LangOptions &LangOpts) {
  llvm::SmallVector<FixItHint, 2> Fixes;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Main->getBody());
  if (Layout.GuardCall || !Body || Main->getBeginLoc().isMacroID() ||
      Body->getLBracLoc().isMacroID())
    return Fixes;
  std::string Argc = "argc", Argv = "argv";
  if (Main->getNumParams() == 0) {
    // int main() -> int main(int argc, char **argv)
    std::optional<Token> Open = Lexer::findNextToken(Main->getLocation(), SM, LangOpts);
    SourceLocation Close = Main->getFunctionTypeLoc().getRParenLoc();
    if (!Open || !Open->is(tok::l_paren) || Close.isInvalid())
      return Fixes;
    Fixes.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getCharRange(Open->getEndLoc(), Close),
        "int argc, char **argv"));
  } else if (Main->getNumParams() == 2 && !Main->getParamDecl(0)->getName().empty() &&
             !Main->getParamDecl(1)->getName().empty()) {
    Argc = Main->getParamDecl(0)->getName().str();
    Argv = Main->getParamDecl(1)->getName().str();
  } else {
    return Fixes; // unnamed or unusual parameters: no certain fix
  }
  std::string Indent = "  ";
  if (!Body->body_empty()) {
    unsigned Col = SM.getSpellingColumnNumber(Body->body_front()->getBeginLoc());
    Indent = std::string(Col > 0 ? Col - 1 : 0, ' ');
  }
  Fixes.push_back(FixItHint::CreateInsertion(
      Body->getLBracLoc().getLocWithOffset(1),
      "\n" + Indent + "ppx::init(" + Argc + ", " + Argv + ");"));
  return Fixes;
}

} // namespace

void MissingWorkerGuardCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Main = Result.Nodes.getNodeAs<FunctionDecl>("main");
  MainLayout Layout = layoutOfMain(Main);
  ExecutorCreationFinder Finder;
  Finder.setProject({Project, /*LocalOnly=*/false});
  std::optional<ExecutorCreation> Creation;
  for (const Stmt *S : Layout.BeforeGuard)
    if ((Creation = Finder.in(S, *Result.Context)))
      break;
  if (!Creation)
    return;

  diag(Main->getLocation(),
       "main creates a ppx::ProcessPoolExecutor without calling "
       "ppx::init(argc, argv) first; %select{every spawned worker|its fork server|every MPI "
       "rank}0 runs "
       "main again: call ppx::init(argc, argv) as main's first statement")
      << (Creation->Method == StartMethodKind::Forkserver ? 1
          : Creation->Method == StartMethodKind::Mpi      ? 2
                                                          : 0)
      << guardFixes(Main, Layout, *Result.SourceManager, getLangOpts());
  bool Foreign = !Creation->Foreign.empty();
  for (size_t I = 0; I + (Foreign ? 0 : 1) < Creation->Chain.size(); ++I)
    diag(Creation->Chain[I]->getBeginLoc(), "this call leads to creating an executor",
         DiagnosticIDs::Note);
  if (Foreign)
    noteSteps(*this, Creation->Foreign, *Result.SourceManager, Creation->site()->getBeginLoc());
  else
    diag(Creation->site()->getBeginLoc(), "the executor is created here",
         DiagnosticIDs::Note);
  if (Layout.GuardCall)
    diag(Layout.GuardCall->getBeginLoc(), "ppx::init is only called here",
         DiagnosticIDs::Note);
}

} // namespace clang::tidy::picklint
