#ifndef PICKLINT_CHECKS_MODEL_SIDEEFFECTS_H
#define PICKLINT_CHECKS_MODEL_SIDEEFFECTS_H

// What a side effect is: something observable outside the process's own
// memory, or the acquisition of something: I/O on files, streams and
// terminals, opening files, sockets or databases, starting threads or
// processes, changing the environment or the working directory, installing
// signal handlers. Building in-process state (containers, strings, math,
// registration into maps) is not one.
//
// Decided through calls into functions whose bodies the translation unit has,
// to a bounded depth, memoized.

#include "Limits.h"
#include "CallSearch.h"
#include "Names.h"
#include "ProjectIndex.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace clang::tidy::picklint {

/// The default value of the SideEffectFunctions option (added to the built-in
/// list, which knows what each of its functions does).
inline constexpr llvm::StringLiteral DefaultSideEffectFunctions = "";
/// The default value of the PureFunctions option.
inline constexpr llvm::StringLiteral DefaultPureFunctions = "";

/// One observable effect and how evaluation reaches it.
struct SideEffect {
  /// Calls from the outermost evaluated code down to the effect: each step is
  /// the call expression and the function it calls.
  struct Step {
    const Expr *Site;
    const FunctionDecl *Callee; ///< null for the final, effectful expression
  };
  llvm::SmallVector<Step, 4> Chain;
  /// What the effect does, for instance "writes to standard output".
  std::string What;
  /// Where the chain goes on in other units (the project index), after the
  /// last step's callee, whose body is not in this translation unit.
  std::vector<picklint::Step> Foreign;

  const Expr *site() const { return Chain.back().Site; }
};

/// True if calling the coroutine \p Def runs none of its body: its promise's
/// initial_suspend() suspends at once.
bool suspendsInitially(const FunctionDecl *Def);

class SideEffectModel {
public:
  SideEffectModel(llvm::StringRef ExtraSideEffectFunctions,
                  llvm::StringRef PureFunctions, unsigned MaxDepth = MaxCallDepth);

  /// The first observable effect of evaluating \p S, if any.
  std::optional<SideEffect> ofStmt(const Stmt *S, const ASTContext &Context);
  /// The first observable effect of calling \p FD, if any (memoized).
  std::optional<SideEffect> ofFunction(const FunctionDecl *FD);

  /// Follows calls into other units through \p View's index; or, with
  /// LocalOnly, into no user function at all.
  void setProject(ProjectView V) { View = V; }

private:
  std::optional<SideEffect> walk(const Stmt *S, unsigned Depth);
  std::optional<SideEffect> ofCall(const Expr *Site, const FunctionDecl *Callee,
                                   llvm::ArrayRef<const Expr *> Args,
                                   unsigned Depth);
  std::optional<SideEffect> ofFunctionAt(const FunctionDecl *FD, unsigned Depth);

  llvm::StringMap<std::string> Known; ///< the built-in list: name -> what it does
  NameList Extra, Pure;               ///< the options
  CallSearch<SideEffect> Functions;
  ProjectView View;
  const ASTContext *Context = nullptr;
};

} // namespace clang::tidy::picklint

#endif
