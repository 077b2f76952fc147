#include "Picklability.h"
#include "Handles.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang-tidy/utils/OptionsUtils.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::picklint {

namespace {

/// Standard class templates ppx pickles (runtime/include/ppx/detail/pickle.hpp,
/// std_container) when every type argument is picklable inside a value.
const llvm::StringSet<> &cerealStdTemplates() {
  static const llvm::StringSet<> Names = {
      "::std::vector", "::std::deque", "::std::list", "::std::forward_list",
      "::std::set", "::std::multiset", "::std::unordered_set",
      "::std::unordered_multiset", "::std::map", "::std::multimap",
      "::std::unordered_map", "::std::unordered_multimap", "::std::optional",
      "::std::pair", "::std::tuple", "::std::variant", "::std::complex",
      "::std::queue", "::std::priority_queue", "::std::stack", "::std::valarray",
      "::std::array", "::std::chrono::time_point"};
  return Names;
}

/// Standard templates that are fine as template arguments of the above,
/// whatever their own arguments.
const llvm::StringSet<> &helperTemplates() {
  static const llvm::StringSet<> Names = {"::std::allocator", "::std::less",
                                          "::std::hash", "::std::equal_to",
                                          "::std::monostate", "::std::bitset"};
  return Names;
}

} // namespace

PicklabilityModel::PicklabilityModel(llvm::StringRef FunctionWrapperTypes)
    : Wrappers(FunctionWrapperTypes) {}

std::optional<CallableVerdict> PicklabilityModel::whyNotCallable(QualType T) const {
  if (T.isNull() || T->isDependentType())
    return std::nullopt;
  T = T.getNonReferenceType();
  if (T->isFunctionType() || T->isFunctionPointerType() || T->isMemberFunctionPointerType())
    return std::nullopt;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !(RD = RD->getDefinition()))
    return std::nullopt;
  if (RD->isLambda())
    return RD->captures_begin() == RD->captures_end()
               ? std::nullopt
               : std::optional(CallableVerdict{CallableProblem::Closure, RD});
  std::string Name = qualifiedName(RD);
  if (Wrappers.matches(Name))
    return CallableVerdict{CallableProblem::Wrapper, RD};
  if (Name == "::std::_Bind" || Name == "::std::_Bind_result")
    return CallableVerdict{CallableProblem::Bind, RD};
  // An empty, trivially copyable, default-constructible function object is
  // rebuilt from its type alone, as a captureless lambda is.
  if (RD->isEmpty() && RD->isTriviallyCopyable() &&
      (RD->hasDefaultConstructor() || RD->needsImplicitDefaultConstructor()))
    return std::nullopt;
  return CallableVerdict{CallableProblem::StatefulObject, RD};
}

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
  return whyNotAt(T, /*Nested=*/false);
}

QualType PicklabilityModel::elementType(QualType Range, const ASTContext &Context) {
  Range = Range.getNonReferenceType();
  if (const ArrayType *AT = Context.getAsArrayType(Range))
    return AT->getElementType();
  const CXXRecordDecl *RD = Range->getAsCXXRecordDecl();
  if (!RD || !(RD = RD->getDefinition()))
    return QualType();
  for (const NamedDecl *ND : RD->lookup(&Context.Idents.get("value_type")))
    if (const auto *TD = dyn_cast<TypedefNameDecl>(ND))
      return TD->getUnderlyingType();
  return QualType();
}

std::optional<PickleVerdict> PicklabilityModel::whyNotElement(QualType Element) {
  Element = Element.getNonReferenceType().getUnqualifiedType();
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          Element->getAsCXXRecordDecl());
      Spec && qualifiedName(Spec) == "::std::pair") {
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
      if (Arg.getKind() == TemplateArgument::Type)
        if (auto V = whyNotAt(Arg.getAsType().getUnqualifiedType(), /*Nested=*/true))
          return V;
    return std::nullopt;
  }
  return whyNot(Element);
}

std::optional<PickleVerdict> PicklabilityModel::whyNotAt(QualType T, bool Nested) {
  if (T.isNull() || T->isDependentType())
    return std::nullopt;
  if (!Nested)
    T = T.getNonReferenceType().getUnqualifiedType();
  if (const auto *AT = T->getAsArrayTypeUnsafe()) {
    // A string literal or char array travels as std::string.
    if (!Nested && AT->isConstantArrayType() && AT->getElementType()->isCharType())
      return std::nullopt;
    return PickleVerdict{PickleProblem::RawPointer, T};
  }
  if (T->isFunctionPointerType() || T->isFunctionType())
    // Pickled by reference as a task argument or result; not inside a value.
    return Nested ? std::optional(PickleVerdict{PickleProblem::RawPointer, T}) : std::nullopt;
  if (T->isAnyPointerType() || T->isMemberPointerType() || T->isNullPtrType())
    return PickleVerdict{PickleProblem::RawPointer, T};
  if (T->isReferenceType())
    return PickleVerdict{PickleProblem::RawPointer, T};
  if (T->isArithmeticType() || T->isEnumeralType())
    return std::nullopt;
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
    return whyNotRecord(T, RD);
  return PickleVerdict{PickleProblem::NoSerialization, T};
}

std::optional<PickleVerdict> PicklabilityModel::whyNotRecord(QualType T,
                                                            const CXXRecordDecl *RD) {
  if (RD->isLambda()) {
    // A captureless lambda converts to a function pointer.
    if (RD->getDefinition() && RD->captures_begin() == RD->captures_end() &&
        !T.isConstQualified())
      return std::nullopt;
    return PickleVerdict{PickleProblem::Closure, T};
  }
  // Inside a value, a const element cannot be loaded into.
  if (T.isConstQualified())
    return PickleVerdict{PickleProblem::NoSerialization, T};
  auto [It, Inserted] = Memo.try_emplace(RD, std::nullopt);
  if (!Inserted)
    return It->second;
  std::optional<PickleVerdict> Verdict = judgeRecord(T, RD);
  Memo[RD] = Verdict;
  return Verdict;
}

std::optional<PickleVerdict> PicklabilityModel::judgeRecord(QualType T,
                                                           const CXXRecordDecl *RD) {
  std::string Name = qualifiedName(RD);
  if (Name == "::std::function" || Name == "::std::move_only_function" ||
      Name == "::std::_Bind" || Name == "::std::_Bind_result" ||
      Name == "::std::reference_wrapper")
    return PickleVerdict{PickleProblem::Closure, T};
  if (Name.rfind("::std::", 0) != 0) {
    if (!hasSerializationMember(RD) && !hasFreeSerialization(RD))
      return PickleVerdict{PickleProblem::NoSerialization, T};
    const CXXRecordDecl *Def = RD->getDefinition();
    if (Def && !Def->hasDefaultConstructor() && !Def->needsImplicitDefaultConstructor())
      return PickleVerdict{PickleProblem::NoSerialization, T};
    return std::nullopt;
  }
  if (helperTemplates().contains(Name))
    return std::nullopt;
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!Spec)
    return PickleVerdict{PickleProblem::NoSerialization, T};
  llvm::ArrayRef<TemplateArgument> Args = Spec->getTemplateArgs().asArray();
  auto TypeArg = [&](unsigned I) {
    return I < Args.size() && Args[I].getKind() == TemplateArgument::Type
               ? Args[I].getAsType()
               : QualType();
  };
  if (Name == "::std::basic_string") {
    QualType C = TypeArg(0);
    return !C.isNull() && C->isArithmeticType()
               ? std::nullopt
               : std::optional(PickleVerdict{PickleProblem::NoSerialization, T});
  }
  if (Name == "::std::chrono::duration") {
    QualType R = TypeArg(0);
    return !R.isNull() && R->isArithmeticType()
               ? std::nullopt
               : std::optional(PickleVerdict{PickleProblem::NoSerialization, T});
  }
  if (Name == "::std::unique_ptr" || Name == "::std::shared_ptr") {
    QualType Pointee = TypeArg(0);
    if (Pointee.isNull() || Pointee->isArrayType())
      return PickleVerdict{PickleProblem::NoSerialization, T};
    if (const CXXRecordDecl *P = Pointee->getAsCXXRecordDecl())
      if (P->getDefinition() && P->getDefinition()->isPolymorphic())
        return PickleVerdict{PickleProblem::NoSerialization, T};
    if (Name == "::std::unique_ptr") {
      const CXXRecordDecl *Deleter = TypeArg(1).isNull() ? nullptr : TypeArg(1)->getAsCXXRecordDecl();
      if (!Deleter || qualifiedName(Deleter) != "::std::default_delete")
        return PickleVerdict{PickleProblem::NoSerialization, T};
    }
    return whyNotAt(Pointee, /*Nested=*/true);
  }
  if (!cerealStdTemplates().contains(Name))
    return PickleVerdict{PickleProblem::NoSerialization, T};
  for (const TemplateArgument &Arg : Args) {
    if (Arg.getKind() == TemplateArgument::Type) {
      if (auto V = whyNotAt(Arg.getAsType(), /*Nested=*/true))
        return V;
    } else if (Arg.getKind() == TemplateArgument::Pack) {
      for (const TemplateArgument &P : Arg.pack_elements())
        if (P.getKind() == TemplateArgument::Type)
          if (auto V = whyNotAt(P.getAsType(), /*Nested=*/true))
            return V;
    }
  }
  return std::nullopt;
}

} // namespace clang::tidy::picklint
