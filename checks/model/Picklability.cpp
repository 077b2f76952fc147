#include "Picklability.h"
#include "Handles.h"

#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::picklint {

namespace {

/// Standard class templates cereal serializes when their type arguments are
/// serializable (cereal/types/*.hpp).
const llvm::StringSet<> &cerealStdTemplates() {
  static const llvm::StringSet<> Names = {
      "::std::basic_string", "::std::vector", "::std::array", "::std::deque",
      "::std::list", "::std::forward_list", "::std::map", "::std::multimap",
      "::std::unordered_map", "::std::unordered_multimap", "::std::set",
      "::std::multiset", "::std::unordered_set", "::std::unordered_multiset",
      "::std::pair", "::std::tuple", "::std::optional", "::std::variant",
      "::std::bitset", "::std::complex", "::std::chrono::duration",
      "::std::chrono::time_point", "::std::unique_ptr", "::std::shared_ptr",
      "::std::valarray", "::std::queue", "::std::priority_queue", "::std::stack",
      // Helpers that only appear as template arguments of the above.
      "::std::allocator", "::std::char_traits", "::std::less", "::std::hash",
      "::std::equal_to", "::std::default_delete", "::std::ratio",
      "::std::monostate"};
  return Names;
}

} // namespace

bool PicklabilityModel::hasFreeSerialization(const CXXRecordDecl *RD) {
  // cereal finds free serialize/save/load functions by argument-dependent
  // lookup: in the record's own namespace (or in namespace cereal).
  ASTContext &Ctx = RD->getASTContext();
  const CXXRecordDecl *Canon = RD->getCanonicalDecl();
  auto Serializes = [&](const DeclContext *DC) {
    for (llvm::StringRef Name : {"serialize", "save", "load", "save_minimal",
                                 "load_minimal"}) {
      for (const NamedDecl *ND : DC->lookup(&Ctx.Idents.get(Name))) {
        const FunctionDecl *FD = ND->getAsFunction();
        if (!FD || FD->getNumParams() < 2)
          continue;
        const CXXRecordDecl *Param =
            FD->getParamDecl(1)->getType().getNonReferenceType()->getAsCXXRecordDecl();
        if (Param && Param->getCanonicalDecl() == Canon)
          return true;
      }
    }
    return false;
  };
  if (Serializes(RD->getDeclContext()->getRedeclContext()))
    return true;
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (const auto *NS = dyn_cast<NamespaceDecl>(D); NS && NS->getName() == "cereal")
      if (Serializes(NS))
        return true;
  return false;
}

bool PicklabilityModel::hasSerializationMember(const CXXRecordDecl *RD) {
  RD = RD ? RD->getDefinition() : nullptr;
  if (!RD)
    return false;
  for (const Decl *D : RD->decls()) {
    const auto *ND = dyn_cast<NamedDecl>(D);
    if (!ND || !ND->getDeclName().isIdentifier())
      continue;
    llvm::StringRef Name = ND->getName();
    if (Name == "serialize" || Name == "save" || Name == "load" ||
        Name == "save_minimal" || Name == "load_minimal")
      return true;
  }
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (hasSerializationMember(Base.getType()->getAsCXXRecordDecl()))
      return true;
  return false;
}

std::optional<PickleVerdict> PicklabilityModel::whyNot(QualType T) {
  if (T.isNull() || T->isDependentType())
    return std::nullopt;
  T = T.getNonReferenceType().getUnqualifiedType();
  if (const auto *AT = T->getAsArrayTypeUnsafe()) {
    // A string literal or char array travels as std::string.
    if (AT->getElementType()->isAnyCharacterType())
      return std::nullopt;
    return PickleVerdict{PickleProblem::RawPointer, T};
  }
  if (T->isFunctionPointerType() || T->isFunctionType() ||
      T->isMemberFunctionPointerType())
    return std::nullopt; // pickled by reference
  if (T->isAnyPointerType() || T->isMemberDataPointerType() || T->isNullPtrType())
    return PickleVerdict{PickleProblem::RawPointer, T};
  if (T->isArithmeticType() || T->isEnumeralType())
    return std::nullopt;
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
    return whyNotRecord(T, RD);
  return std::nullopt;
}

std::optional<PickleVerdict> PicklabilityModel::whyNotRecord(QualType T,
                                                            const CXXRecordDecl *RD) {
  if (RD->isLambda()) {
    // A captureless lambda converts to a function pointer.
    if (RD->getDefinition() && RD->captures_begin() == RD->captures_end())
      return std::nullopt;
    return PickleVerdict{PickleProblem::Closure, T};
  }
  auto [It, Inserted] = Memo.try_emplace(RD, std::nullopt);
  if (!Inserted)
    return It->second;
  std::optional<PickleVerdict> Verdict;
  std::string Name = qualifiedName(RD);
  if (Name == "::std::function" || Name == "::std::move_only_function" ||
      Name == "::std::_Bind" || Name == "::std::reference_wrapper") {
    Verdict = PickleVerdict{PickleProblem::Closure, T};
  } else if (Name.rfind("::std::", 0) == 0) {
    const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
    if (!Spec || !cerealStdTemplates().contains(Name)) {
      Verdict = PickleVerdict{PickleProblem::NoSerialization, T};
    } else {
      for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
        if (Arg.getKind() == TemplateArgument::Type)
          if ((Verdict = whyNot(Arg.getAsType())))
            break;
        if (Arg.getKind() == TemplateArgument::Pack)
          for (const TemplateArgument &P : Arg.pack_elements())
            if (P.getKind() == TemplateArgument::Type)
              if ((Verdict = whyNot(P.getAsType())))
                break;
        if (Verdict)
          break;
      }
      // unique_ptr<T> and shared_ptr<T> hold a pointer to T, which cereal
      // follows; the pointer itself is not the problem.
    }
  } else if (!hasSerializationMember(RD) && !hasFreeSerialization(RD)) {
    Verdict = PickleVerdict{PickleProblem::NoSerialization, T};
  }
  Memo[RD] = Verdict;
  return Verdict;
}

} // namespace clang::tidy::picklint
