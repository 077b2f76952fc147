#ifndef PICKLINT_CHECKS_MODEL_SUBMISSIONS_H
#define PICKLINT_CHECKS_MODEL_SUBMISSIONS_H

// What a task submission is. Every check that judges submissions asks this
// model; none re-derives it.
//
// A task submission is a call to ppx::ProcessPoolExecutor::submit or ::map, or
// to a function named in the SubmitFunctions option, whose first argument is
// the callable and whose remaining arguments are the task's arguments (for
// map: the input ranges). ppx::initializer(fn, args...) is one too, always:
// each worker runs fn(args...), pickled as a task is (Python's initializer
// and initargs); only its result stays in the worker.

#include "Names.h"

#include "clang/AST/Expr.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::picklint {

/// The default value of the SubmitFunctions option: functions that take a
/// callable and its arguments (`submit(fn, args...)`).
inline constexpr llvm::StringLiteral DefaultSubmitFunctions =
    "::ppx::ProcessPoolExecutor::submit";
/// The default value of the MapFunctions option: functions that take a
/// callable and ranges of inputs, each element a task's argument.
inline constexpr llvm::StringLiteral DefaultMapFunctions = "::ppx::ProcessPoolExecutor::map";
/// The function that makes a worker initializer from a callable and its
/// arguments: a submission whatever the options say.
inline constexpr llvm::StringLiteral InitializerFunction = "::ppx::initializer";

/// One call that hands a task to an executor.
struct Submission {
  const CallExpr *Call = nullptr;
  /// The callable as the user wrote it (implicit conversions, copies and
  /// temporaries stripped).
  const Expr *Callable = nullptr;
  /// The task's arguments as written, in order (for map: the input ranges).
  llvm::SmallVector<const Expr *, 4> Arguments;
  /// True for map-style submissions, whose arguments are ranges of inputs.
  bool IsMap = false;
  /// True for ppx::initializer: the call runs in each worker before its
  /// tasks, and its result is dropped there (it never crosses).
  bool IsInitializer = false;

  /// The member function submitted through a pointer to member (`&C::run`),
  /// or null. Its receiver is then the first task argument.
  const CXXMethodDecl *memberFunction() const;
  /// The receiver of a pointer-to-member submission, or null.
  const Expr *receiver() const;

  /// The function the task runs, when the callable names one (a function, a
  /// pointer to member function, a lambda's or function object's call
  /// operator), or null.
  const FunctionDecl *calledFunction() const;
  /// True if the submission function takes the task's arguments after the
  /// callable, as `submit(fn, args...)` does (a template whose parameters
  /// are the callable and a pack): only then can a fix add arguments.
  bool forwardsArguments() const;
  /// The type of the task's result (for map: of each result), or a null type
  /// when it cannot be told (a generic lambda, a dependent call).
  QualType resultType() const;
};

/// Recognises task submissions.
class SubmissionModel {
public:
  /// The options' values: name lists (Names.h).
  SubmissionModel(llvm::StringRef SubmitFunctions, llvm::StringRef MapFunctions);

  /// A matcher for calls that may be submissions; binds the call to "call".
  ast_matchers::StatementMatcher matcher() const;

  /// True if \p Call calls one of the submission functions.
  bool isSubmission(const CallExpr *Call) const;
  /// True if \p FD is named by SubmitFunctions or MapFunctions.
  bool isSubmissionFunction(const FunctionDecl *FD) const;

  /// The submission made by \p Call, if it is one.
  std::optional<Submission> fromCall(const CallExpr *Call) const;

  /// Where a parameter of a function ends up as the callable of a task: the
  /// submission in \p FD's body whose callable is its parameter \p Index
  /// (as is, or through std::forward/std::move), possibly after being passed
  /// on to other functions that do so (to a bounded depth). For closures
  /// handed to helper templates that submit them.
  std::optional<Submission> submitsParameter(const FunctionDecl *FD, unsigned Index,
                                             unsigned Depth = 0) const;

private:
  NameList Submit, Map;
  mutable llvm::DenseMap<std::pair<const FunctionDecl *, unsigned>, std::optional<Submission>>
      ParameterMemo;
};

/// The parameter an expression names, through std::forward, std::move and
/// static_cast to a reference type.
const ParmVarDecl *namedParameter(const Expr *E);

/// The function argument of \p Call that binds to parameter \p Param of its
/// callee, or -1 (skips the object argument of member operator calls).
int argumentIndexFor(const CallExpr *Call, unsigned Param);

/// Strips what the compiler added around an expression the user wrote:
/// implicit casts, temporaries, copies of closure objects, parentheses.
const Expr *asWritten(const Expr *E);

} // namespace clang::tidy::picklint

#endif
