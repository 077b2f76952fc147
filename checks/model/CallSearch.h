#ifndef PICKLINT_CHECKS_MODEL_CALLSEARCH_H
#define PICKLINT_CHECKS_MODEL_CALLSEARCH_H

// Following calls into the functions whose bodies the translation unit has:
// the one memoized walk the models that look through calls share (side
// effects, executor creation).

#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>

namespace clang::tidy::picklint {

template <class Finding>
class CallSearch {
public:
  explicit CallSearch(unsigned MaxDepth) : MaxDepth(MaxDepth) {}

  unsigned maxDepth() const { return MaxDepth; }

  /// The first finding of walking \p FD's definition (its constructor
  /// initializers, then its body) with \p Walk, memoized per function. A
  /// function being searched counts as finding nothing (recursion).
  std::optional<Finding>
  inFunction(const FunctionDecl *FD, unsigned Depth,
             llvm::function_ref<std::optional<Finding>(const Stmt *, unsigned)> Walk) {
    const FunctionDecl *Def = FD ? FD->getDefinition() : nullptr;
    if (!Def || !Def->hasBody() || Depth > MaxDepth)
      return std::nullopt;
    auto [It, Inserted] = Memo.try_emplace(Def, std::nullopt);
    if (!Inserted)
      return It->second;
    std::optional<Finding> Found;
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if ((Found = Walk(Init->getInit(), Depth)))
          break;
    if (!Found)
      Found = Walk(Def->getBody(), Depth);
    Memo[Def] = Found;
    return Found;
  }

private:
  unsigned MaxDepth;
  llvm::DenseMap<const FunctionDecl *, std::optional<Finding>> Memo;
};

} // namespace clang::tidy::picklint

#endif
