#ifndef PICKLINT_CHECKS_MODEL_NAMES_H
#define PICKLINT_CHECKS_MODEL_NAMES_H

// Names as users write them, and the name lists of the options
// (SubmitFunctions, MapFunctions, HandleTypes, HandleFunctions,
// SideEffectFunctions, PureFunctions, FunctionWrapperTypes): one parser and
// one matching rule for all of them, clang-tidy's matchesAnyListedName
// conventions (docs/options.md).

#include "clang/AST/Decl.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Regex.h"

#include <memory>
#include <string>
#include <vector>

namespace clang::tidy::picklint {

/// The qualified name of \p D as users write it, with a leading "::": no
/// inline namespaces (std::__cxx11), no template arguments
/// (`::my::Tmpl::run` for every `my::Tmpl<...>::run`).
std::string qualifiedName(const NamedDecl *D);

/// A ';'-separated list of names or regular expressions:
///   `::ns::name`  the fully qualified name, from the global namespace;
///   `ns::name`    a qualified name that ends with these components;
///   `name`        the unqualified name.
/// Each entry must match the whole name (or the whole trailing components);
/// an entry may be a POSIX extended regular expression (`::my::.*::run`).
class NameList {
public:
  explicit NameList(llvm::StringRef Option);

  bool matches(const NamedDecl *D) const;
  /// The same for a name already qualified by qualifiedName().
  bool matches(llvm::StringRef QualifiedName) const;
  bool empty() const { return Exact.empty() && Patterns.empty(); }
  /// Entries that are not valid regular expressions, for --verify-config.
  const std::vector<std::string> &invalid() const { return Invalid; }

private:
  /// Literal entries, by kind: fully qualified ("::a::b"), suffix ("a::b"),
  /// unqualified ("b").
  llvm::StringSet<> Exact, Suffix, Unqualified;
  /// The last component of every literal entry: a quick filter.
  llvm::StringSet<> LastComponents;
  struct Pattern {
    std::shared_ptr<llvm::Regex> Regex;
    enum Kind { Full, Qualified, Unqualified } Mode;
  };
  std::vector<Pattern> Patterns;
  std::vector<std::string> Invalid;
};

} // namespace clang::tidy::picklint

#endif
