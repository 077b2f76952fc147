#include "Names.h"

#include "clang/AST/DeclCXX.h"
#include "clang-tidy/utils/OptionsUtils.h"

#include <algorithm>

namespace clang::tidy::picklint {

std::string qualifiedName(const NamedDecl *D) {
  llvm::SmallVector<std::string, 4> Parts;
  Parts.push_back(D->getNameAsString());
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline() || NS->isAnonymousNamespace())
        continue; // unwritten scopes, as users name things
      Parts.push_back(NS->getName().str());
    } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      Parts.push_back(RD->getIdentifier() ? RD->getName().str() : "(anonymous)");
    } else if (const auto *FD = dyn_cast<FunctionDecl>(DC)) {
      Parts.push_back(FD->getNameAsString());
    } else if (const auto *ED = dyn_cast<EnumDecl>(DC)) {
      if (ED->isScoped())
        Parts.push_back(ED->getName().str());
    }
  }
  std::string Name;
  for (auto It = Parts.rbegin(); It != Parts.rend(); ++It)
    Name += "::" + *It;
  return Name;
}

namespace {
bool isLiteral(llvm::StringRef Entry) {
  return Entry.find_first_of(".*+?[](){}|^$\\") == llvm::StringRef::npos;
}
} // namespace

NameList::NameList(llvm::StringRef Option) {
  for (llvm::StringRef Entry : utils::options::parseStringList(Option)) {
    Entry = Entry.trim();
    if (Entry.empty())
      continue;
    bool Full = Entry.starts_with("::");
    bool Qualified = !Full && Entry.contains("::");
    if (isLiteral(Entry)) {
      (Full ? Exact : Qualified ? Suffix : Unqualified).insert(Entry);
      llvm::StringRef Last = Entry.rsplit("::").second;
      LastComponents.insert(Last.empty() ? Entry : Last);
      continue;
    }
    auto Regex = std::make_shared<llvm::Regex>("^(" + Entry.str() + ")$");
    std::string Error;
    if (!Regex->isValid(Error)) {
      Invalid.push_back(Entry.str() + ": " + Error);
      continue;
    }
    Patterns.push_back({std::move(Regex), Full        ? Pattern::Full
                                          : Qualified ? Pattern::Qualified
                                                      : Pattern::Unqualified});
  }
}

bool NameList::matches(const NamedDecl *D) const {
  if (!D || empty())
    return false;
  // Most names are checked against literal entries: compare the last
  // component before building the qualified name.
  if (Patterns.empty() && D->getDeclName().isIdentifier() &&
      !LastComponents.count(D->getName()))
    return false;
  return matches(qualifiedName(D));
}

bool NameList::matches(llvm::StringRef Name) const {
  if (Exact.count(Name))
    return true;
  llvm::StringRef Unq = Name.rsplit("::").second;
  if (Unq.empty())
    Unq = Name;
  if (Unqualified.count(Unq))
    return true;
  // "a::b" matches "::x::a::b" at a component boundary.
  for (size_t Pos = Name.find("::"); Pos != llvm::StringRef::npos;
       Pos = Name.find("::", Pos + 2))
    if (Suffix.count(Name.drop_front(Pos + 2)))
      return true;
  for (const Pattern &P : Patterns) {
    switch (P.Mode) {
    case Pattern::Full:
      if (P.Regex->match(Name))
        return true;
      break;
    case Pattern::Unqualified:
      if (P.Regex->match(Unq))
        return true;
      break;
    case Pattern::Qualified:
      for (size_t Pos = Name.find("::"); Pos != llvm::StringRef::npos;
           Pos = Name.find("::", Pos + 2))
        if (P.Regex->match(Name.drop_front(Pos + 2)))
          return true;
      break;
    }
  }
  return false;
}

} // namespace clang::tidy::picklint
