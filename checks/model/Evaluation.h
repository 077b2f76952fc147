#ifndef PICKLINT_CHECKS_MODEL_EVALUATION_H
#define PICKLINT_CHECKS_MODEL_EVALUATION_H

// What code runs: the operands of sizeof, alignof, decltype, noexcept, typeid
// (of a non-polymorphic operand), requires-expressions and concept checks
// are never evaluated, and the discarded branch of `if constexpr` never
// runs. Every model that walks code, and every check that judges a call,
// asks here.

#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"

namespace clang::tidy::picklint {

/// True if \p S is an expression whose operands are never evaluated.
bool isUnevaluatedOperand(const Stmt *S);

/// For `if constexpr`, the branch that is discarded (null if there is none,
/// or the condition depends on a template parameter).
const Stmt *discardedBranch(const IfStmt *If, const ASTContext &Context);

/// True if \p S sits inside an unevaluated operand. For a call that names
/// its callee, Clang's own record says so (the reference is not an odr-use
/// because it is unevaluated); anything else walks up the unit's parent
/// map, which costs building it once per unit.
bool inUnevaluatedOperand(const Stmt *S, ASTContext &Context);

/// True if \p S sits in the discarded branch of an `if constexpr`.
bool inDiscardedBranch(const Stmt *S, ASTContext &Context);

} // namespace clang::tidy::picklint

#endif
