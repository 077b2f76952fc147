#include "SubmissionCheck.h"
#include "model/Evaluation.h"

namespace clang::tidy::picklint {

SubmissionCheck::SubmissionCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      SubmitFunctions(Options.getLocalOrGlobal("SubmitFunctions",
                                               DefaultSubmitFunctions)),
      MapFunctions(Options.getLocalOrGlobal("MapFunctions", DefaultMapFunctions)),
      Submissions(SubmitFunctions, MapFunctions) {}

void SubmissionCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "SubmitFunctions", SubmitFunctions);
  Options.store(Opts, "MapFunctions", MapFunctions);
}

void SubmissionCheck::registerMatchers(ast_matchers::MatchFinder *Finder) {
  Finder->addMatcher(Submissions.matcher(), this);
}

void SubmissionCheck::check(const ast_matchers::MatchFinder::MatchResult &Result) {
  // A call in an unevaluated operand (decltype, sizeof, noexcept, ...) never
  // runs, and no task is built from it.
  for (const auto &[Name, Node] : Result.Nodes.getMap())
    if (const auto *S = Node.get<Stmt>(); S && inUnevaluatedOperand(S, *Result.Context))
      return;
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  if (!Call) {
    checkOther(Result);
    return;
  }
  if (std::optional<Submission> S = Submissions.fromCall(Call))
    checkSubmission(*S, *Result.Context);
}

HandleSubmissionCheck::HandleSubmissionCheck(StringRef Name, ClangTidyContext *Context)
    : SubmissionCheck(Name, Context),
      ProjectIndexDir(Options.getLocalOrGlobal("ProjectIndex", DefaultProjectIndex)),
      Project(projectIndexFor(ProjectIndexDir)),
      HandleTypes(Options.getLocalOrGlobal("HandleTypes", DefaultHandleTypes)),
      HandleFunctions(Options.getLocalOrGlobal("HandleFunctions", DefaultHandleFunctions)),
      Handles(HandleTypes, HandleFunctions) {
  Handles.setProject({project(), /*LocalOnly=*/false});
}

void HandleSubmissionCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  SubmissionCheck::storeOptions(Opts);
  Options.store(Opts, "ProjectIndex", ProjectIndexDir);
  Options.store(Opts, "HandleTypes", HandleTypes);
  Options.store(Opts, "HandleFunctions", HandleFunctions);
}

} // namespace clang::tidy::picklint
