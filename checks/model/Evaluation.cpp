#include "Evaluation.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/TypeLoc.h"

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

bool inUnevaluatedOperand(const Stmt *S, ASTContext &Context) {
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
