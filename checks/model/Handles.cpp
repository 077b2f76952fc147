#include "Handles.h"

#include "clang/AST/DeclTemplate.h"
#include "clang-tidy/utils/OptionsUtils.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::tidy::picklint {

std::string qualifiedName(const NamedDecl *D) {
  PrintingPolicy Policy(D->getASTContext().getLangOpts());
  Policy.SuppressInlineNamespace = true;
  Policy.SuppressUnwrittenScope = true;
  std::string Name;
  llvm::raw_string_ostream OS(Name);
  OS << "::";
  D->printQualifiedName(OS, Policy);
  return OS.str();
}

HandleModel::HandleModel(llvm::StringRef HandleTypes) {
  for (llvm::StringRef Name : utils::options::parseStringList(HandleTypes)) {
    Name = Name.trim();
    if (Name.empty())
      continue;
    Names.push_back(Name.starts_with("::") ? Name.str() : "::" + Name.str());
  }
}

bool HandleModel::isHandleName(QualType T) const {
  auto Listed = [this](const NamedDecl *D) {
    if (!D || !D->getDeclName().isIdentifier())
      return false;
    std::string Name = qualifiedName(D);
    return llvm::is_contained(Names, Name);
  };
  // Look at every level of sugar: 'FILE' and 'pthread_t' are typedefs.
  const Type *Ty = T.getTypePtr();
  while (true) {
    if (const auto *TT = dyn_cast<TypedefType>(Ty)) {
      if (Listed(TT->getDecl()))
        return true;
      Ty = TT->desugar().getTypePtr();
    } else if (const auto *ET = dyn_cast<ElaboratedType>(Ty)) {
      Ty = ET->getNamedType().getTypePtr();
    } else if (const auto *ST = dyn_cast<SubstTemplateTypeParmType>(Ty)) {
      Ty = ST->getReplacementType().getTypePtr();
    } else {
      break;
    }
  }
  return Listed(Ty->getAsRecordDecl());
}

bool HandleModel::isHandle(QualType T) const {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType();
  if (isHandleName(T))
    return true;
  if (const auto *PT = T->getAs<PointerType>())
    return isHandleName(PT->getPointeeType());
  return false;
}

std::optional<HandlePath> HandleModel::findHandle(QualType T) {
  if (T.isNull())
    return std::nullopt;
  T = T.getNonReferenceType();
  if (isHandle(T))
    return HandlePath{{}, T};
  if (T->isAnyPointerType())
    return std::nullopt;
  if (const auto *AT = T->getAsArrayTypeUnsafe())
    return findHandle(AT->getElementType());
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return std::nullopt;
  // Smart pointers, optionals and containers: look at what they hold.
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD)) {
    if (qualifiedName(Spec).rfind("::std::", 0) == 0) {
      for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
        if (Arg.getKind() != TemplateArgument::Type)
          continue;
        QualType Held = Arg.getAsType();
        if (const auto *PT = Held->getAs<PointerType>())
          if (isHandleName(PT->getPointeeType()))
            return HandlePath{{}, Held};
        if (auto Path = findHandle(Held))
          return Path;
      }
      return std::nullopt;
    }
  }
  return findInRecord(RD);
}

std::optional<HandlePath> HandleModel::findInRecord(const CXXRecordDecl *RD) {
  RD = RD->getDefinition();
  if (!RD)
    return std::nullopt;
  auto [It, Inserted] = Memo.try_emplace(RD, std::nullopt);
  if (!Inserted)
    return It->second; // known, or in progress (a cycle): nothing new there
  std::optional<HandlePath> Found;
  for (const FieldDecl *F : RD->fields()) {
    if (auto Inner = findHandle(F->getType())) {
      Inner->Members.insert(Inner->Members.begin(), F);
      Found = std::move(Inner);
      break;
    }
  }
  if (!Found)
    for (const CXXBaseSpecifier &Base : RD->bases())
      if ((Found = findHandle(Base.getType())))
        break;
  Memo[RD] = Found;
  return Found;
}

} // namespace clang::tidy::picklint
