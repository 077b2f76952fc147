#include "Picklability.h"
#include "Names.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang-tidy/utils/OptionsUtils.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::picklint {

namespace {

/// The standard class templates ppx pickles when every type argument is
/// picklable inside a value: the runtime's table.
const llvm::StringSet<> &cerealStdTemplates() {
  static const llvm::StringSet<> Names = {
#define PPX_PICKLE_STD_TEMPLATE(Template) "::std::" #Template,
#include "ppx/detail/picklability.def"
  };
  return Names;
}

/// Standard templates that are fine as template arguments of the above,
/// whatever their own arguments.
const llvm::StringSet<> &helperTemplates() {
  static const llvm::StringSet<> Names = {
#define PPX_PICKLE_STD_HELPER(Template) "::std::" #Template,
#include "ppx/detail/picklability.def"
  };
  return Names;
}

/// Standard callable wrappers, never picklable.
const llvm::StringSet<> &closureTemplates() {
  static const llvm::StringSet<> Names = {
#define PPX_PICKLE_CLOSURE(Template) "::std::" #Template,
#include "ppx/detail/picklability.def"
      // std::bind's result, as libstdc++ names it.
      "::std::_Bind", "::std::_Bind_result"};
  return Names;
}

/// What a cereal hook of this name does: save, load.
std::optional<std::pair<bool, bool>> hookOf(llvm::StringRef Name) {
#define PPX_PICKLE_HOOK(Hook, Saves, Loads)                                      \
  if (Name == #Hook)                                                            \
    return std::make_pair(bool(Saves), bool(Loads));
#include "ppx/detail/picklability.def"
  return std::nullopt;
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

SerializationHooks PicklabilityModel::freeHooks(const CXXRecordDecl *RD) {
  // cereal finds free serialize/save/load functions by argument-dependent
  // lookup: in the record's own namespace (or in namespace cereal).
  SerializationHooks Hooks;
  ASTContext &Ctx = RD->getASTContext();
  const CXXRecordDecl *Canon = RD->getCanonicalDecl();
  auto Collect = [&](const DeclContext *DC) {
#define PPX_PICKLE_HOOK(Hook, Saves, Loads)                                      \
  for (const NamedDecl *ND : DC->lookup(&Ctx.Idents.get(#Hook))) {              \
    const FunctionDecl *FD = ND->getAsFunction();                               \
    if (!FD || FD->getNumParams() < 2)                                          \
      continue;                                                                 \
    const CXXRecordDecl *Param =                                                \
        FD->getParamDecl(1)->getType().getNonReferenceType()->getAsCXXRecordDecl(); \
    if (Param && Param->getCanonicalDecl() == Canon) {                          \
      Hooks.Output |= bool(Saves);                                              \
      Hooks.Input |= bool(Loads);                                               \
    }                                                                           \
  }
#include "ppx/detail/picklability.def"
  };
  Collect(RD->getDeclContext()->getRedeclContext());
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (const auto *NS = dyn_cast<NamespaceDecl>(D); NS && NS->getName() == "cereal")
      Collect(NS);
  return Hooks;
}

SerializationHooks PicklabilityModel::memberHooks(const CXXRecordDecl *RD) {
  SerializationHooks Hooks;
  RD = RD ? RD->getDefinition() : nullptr;
  if (!RD)
    return Hooks;
  for (const Decl *D : RD->decls()) {
    const auto *ND = dyn_cast<NamedDecl>(D);
    if (!ND || !ND->getDeclName().isIdentifier())
      continue;
    if (std::optional<std::pair<bool, bool>> Hook = hookOf(ND->getName())) {
      Hooks.Output |= Hook->first;
      Hooks.Input |= Hook->second;
    }
  }
  for (const CXXBaseSpecifier &Base : RD->bases()) {
    SerializationHooks Inherited = memberHooks(Base.getType()->getAsCXXRecordDecl());
    Hooks.Output |= Inherited.Output;
    Hooks.Input |= Inherited.Input;
  }
  return Hooks;
}

bool PicklabilityModel::isSerializable(const CXXRecordDecl *RD) {
  SerializationHooks Member = memberHooks(RD), Free = freeHooks(RD);
  return (Member.Output || Free.Output) && (Member.Input || Free.Input);
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
  // A closure is no value: even a lambda without captures has no
  // serialization (as a task's callable it travels by its type instead).
  if (RD->isLambda())
    return PickleVerdict{PickleProblem::Closure, T};
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
  if (closureTemplates().contains(Name))
    return PickleVerdict{PickleProblem::Closure, T};
  if (Name.rfind("::std::", 0) != 0) {
    if (!isSerializable(RD))
      return PickleVerdict{PickleProblem::NoSerialization, T};
    const CXXRecordDecl *Def = RD->getDefinition();
    if (Def && !Def->hasDefaultConstructor() && !Def->needsImplicitDefaultConstructor())
      return PickleVerdict{PickleProblem::NoSerialization, T};
    return std::nullopt;
  }
  if (helperTemplates().contains(Name) || Name == "::std::monostate" ||
      Name == "::std::bitset")
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
  if (Name == "::std::array")
    return whyNotAt(TypeArg(0), /*Nested=*/true);
  if (Name == "::std::chrono::time_point")
    return whyNotAt(TypeArg(1), /*Nested=*/true);
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
