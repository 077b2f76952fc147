#include "Evaluation.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/TypeLoc.h"

#include <optional>

namespace clang::tidy::picklint {

bool isUnevaluatedOperand(const Stmt *S) {
  if (const auto *Trait = dyn_cast_or_null<UnaryExprOrTypeTraitExpr>(S))
    return !Trait->isArgumentType() || !Trait->getArgumentType()->isVariableArrayType();
  if (const auto *Typeid = dyn_cast_or_null<CXXTypeidExpr>(S))
    return !Typeid->isPotentiallyEvaluated();
  return isa_and_nonnull<CXXNoexceptExpr, RequiresExpr, ConceptSpecializationExpr>(S);
}

const Stmt *discardedBranch(const IfStmt *If, const ASTContext &Context) {
  if (!If || !If->isConstexpr() || !If->getCond() || If->getCond()->isValueDependent())
    return nullptr;
  bool Value = false;
  if (!If->getCond()->EvaluateAsBooleanCondition(Value, Context))
    return nullptr;
  return Value ? If->getElse() : If->getThen();
}

namespace {
/// Walks up from \p S, asking \p Stop of every parent (and the child it was
/// reached from); stops at the enclosing declaration.
template <class Pred> bool anyAncestor(const Stmt *S, ASTContext &Context, Pred Stop) {
  DynTypedNode Child = DynTypedNode::create(*S);
  for (unsigned Steps = 0; Steps < 256; ++Steps) {
    DynTypedNodeList Parents = Context.getParents(Child);
    if (Parents.empty())
      return false;
    const DynTypedNode &Parent = Parents[0];
    if (Stop(Parent, Child))
      return true;
    if (Parent.get<Decl>() && !Parent.get<VarDecl>())
      return false; // the enclosing function, class or namespace
    Child = Parent;
  }
  return false;
}
} // namespace

namespace {
/// Why the callee of \p S is not odr-used, when S is a call that names it
/// (a function, a member function, an operator); std::nullopt otherwise.
std::optional<NonOdrUseReason> calleeUse(const Stmt *S) {
  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call || !Call->getCallee())
    return std::nullopt;
  const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Callee))
    return Ref->isNonOdrUse();
  if (const auto *Member = dyn_cast<MemberExpr>(Callee))
    return Member->isNonOdrUse();
  return std::nullopt;
}
} // namespace

bool inUnevaluatedOperand(const Stmt *S, ASTContext &Context) {
  if (std::optional<NonOdrUseReason> Use = calleeUse(S))
    return *Use == NOUR_Unevaluated;
  return S && anyAncestor(S, Context, [](const DynTypedNode &Parent, const DynTypedNode &) {
           if (const auto *TL = Parent.get<TypeLoc>())
             return !TL->getAs<DecltypeTypeLoc>().isNull();
           return isUnevaluatedOperand(Parent.get<Stmt>());
         });
}

bool inDiscardedBranch(const Stmt *S, ASTContext &Context) {
  return S && anyAncestor(S, Context, [&](const DynTypedNode &Parent, const DynTypedNode &Child) {
           const auto *If = Parent.get<IfStmt>();
           const Stmt *Discarded = discardedBranch(If, Context);
           return Discarded && Child.get<Stmt>() == Discarded;
         });
}

} // namespace clang::tidy::picklint
