#ifndef PICKLINT_CHECKS_MODEL_SPAWN_H
#define PICKLINT_CHECKS_MODEL_SPAWN_H

// The spawn start method's facts: a spawned worker re-executes the program,
// so everything that runs before ppx::init (namespace-scope initializers,
// constructor functions, the start of main) runs again in every worker.
// This model finds the worker guard (the call to ppx::init) and the places
// where executors are created.

#include "Limits.h"
#include "CallSearch.h"
#include "ProjectIndex.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace clang::tidy::picklint {

inline constexpr llvm::StringLiteral GuardFunctionName = "::ppx::init";
inline constexpr llvm::StringLiteral ExecutorClassName = "::ppx::ProcessPoolExecutor";

/// What the side-effect model says of creating an executor and of submitting
/// to one (both start processes).
inline constexpr llvm::StringLiteral ExecutorCreationEffect =
    "creates a ppx::ProcessPoolExecutor, which starts worker processes";
inline constexpr llvm::StringLiteral SubmissionEffect =
    "submits a task to a ppx::ProcessPoolExecutor, which starts worker processes";

/// True if \p Call calls the worker guard, ppx::init.
bool isGuardCall(const CallExpr *Call);

/// True if the unit declares the worker guard (it includes ppx). Found by
/// name lookup, not by matching declarations, so that it holds where the
/// matchers see only the main file's declarations (clangd).
bool declaresGuard(ASTContext &Ctx);

/// The statements of \p Main's body, split at the worker guard.
struct MainLayout {
  const FunctionDecl *Main = nullptr;
  /// The top-level statement of main's body that calls ppx::init, or null.
  const Stmt *GuardStmt = nullptr;
  const CallExpr *GuardCall = nullptr;
  /// Top-level statements that run before the guard (all of them if there is
  /// no guard).
  llvm::SmallVector<const Stmt *, 8> BeforeGuard;
};
MainLayout layoutOfMain(const FunctionDecl *Main);

/// How an executor starts its workers, and so where the program's start-up
/// code runs again: Spawn, in every worker; Forkserver, once more per
/// executor, in the fork server that forks its workers; Mpi, in every rank
/// of the MPI job (mpiexec runs the program on each); Fork, nowhere.
enum class StartMethodKind { Spawn, Fork, Unknown, Forkserver, Mpi };

/// The start method of an executor's construction, as far as the code says:
/// the Options argument written in place (`{.start_method = Fork}`), or a
/// local Options variable and the assignments to its start_method. No
/// argument, or no start_method, is Spawn (the default).
StartMethodKind startMethodOf(const CXXConstructExpr *Construction);

/// The start method a project index answer names ("spawn", "fork",
/// "forkserver", "mpi", "unknown").
StartMethodKind startMethodNamed(llvm::StringRef Name);

/// True if \p Construction constructs a ppx::ProcessPoolExecutor.
bool isExecutorConstruction(const CXXConstructExpr *Construction);

/// Where an executor is created, and the calls that lead there.
struct ExecutorCreation {
  /// Outermost first: calls into functions that create the executor, ending
  /// with the construction itself.
  llvm::SmallVector<const Expr *, 4> Chain;
  /// When the last call's callee is in another unit: the rest of the path
  /// there (the project index), ending at the construction.
  std::vector<Step> Foreign;
  /// How the executor created there starts its workers.
  StartMethodKind Method = StartMethodKind::Unknown;
  const Expr *site() const { return Chain.back(); }
};

/// Finds the first creation of a ppx::ProcessPoolExecutor that evaluating a
/// statement reaches, directly or through functions whose bodies are visible.
class ExecutorCreationFinder {
public:
  explicit ExecutorCreationFinder(unsigned MaxDepth = MaxCallDepth) : Functions(MaxDepth) {}
  std::optional<ExecutorCreation> in(const Stmt *S, const ASTContext &Ctx) {
    Context = &Ctx;
    return walk(S, 0);
  }
  /// The first creation calling \p FD reaches (its initializers, its body).
  std::optional<ExecutorCreation> ofFunction(const FunctionDecl *FD) {
    if (FD)
      Context = &FD->getASTContext();
    return inFunction(FD, 0);
  }
  /// Follows calls into other units through \p View's index; or, with
  /// LocalOnly, into no user function at all.
  void setProject(ProjectView V) { View = V; }

private:
  std::optional<ExecutorCreation> walk(const Stmt *S, unsigned Depth);
  std::optional<ExecutorCreation> inFunction(const FunctionDecl *FD, unsigned Depth);
  CallSearch<ExecutorCreation> Functions;
  ProjectView View;
  const ASTContext *Context = nullptr;
};

} // namespace clang::tidy::picklint

#endif
