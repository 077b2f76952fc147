#ifndef PICKLINT_CHECKS_MODEL_CLANGCOMPAT_H
#define PICKLINT_CHECKS_MODEL_CLANGCOMPAT_H

// The differences between the Clang/LLVM lines picklint builds against (19
// and 22), in one place: the models call these, never `#if` on the version.

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/AST/Type.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Path.h"

namespace clang::tidy::picklint::compat {

/// One level of type sugar that only spells a qualified name (LLVM 19's
/// ElaboratedType; LLVM 22 keeps the qualifier on the type itself), or null.
inline const Type *elaboratedNamedType(const Type *T) {
#if PICKLINT_LLVM_VERSION_MAJOR < 22
  if (const auto *ET = dyn_cast<ElaboratedType>(T))
    return ET->getNamedType().getTypePtr();
#else
  (void)T;
#endif
  return nullptr;
}

/// \p Path made absolute against \p Dir (when relative), dots removed.
inline void makeAbsolute(llvm::StringRef Dir, llvm::SmallVectorImpl<char> &Path) {
  if (!llvm::sys::path::is_absolute(Path)) {
    llvm::SmallString<256> Full(Dir);
    llvm::sys::path::append(Full, llvm::StringRef(Path.data(), Path.size()));
    Path.assign(Full.begin(), Full.end());
  }
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
}

/// The checks \p Options enables (no analyzer alpha checks, no custom checks).
inline std::vector<std::string> checkNames(const ClangTidyOptions &Options) {
#if PICKLINT_LLVM_VERSION_MAJOR < 22
  return getCheckNames(Options, false);
#else
  return getCheckNames(Options, false, false);
#endif
}

/// The effective options of the checks \p Options enables.
inline ClangTidyOptions::OptionMap checkOptions(const ClangTidyOptions &Options) {
#if PICKLINT_LLVM_VERSION_MAJOR < 22
  return getCheckOptions(Options, false);
#else
  return getCheckOptions(Options, false, false);
#endif
}

/// Every check the program registered, and every option key
/// ("<check>.<key>") those checks read.
struct ChecksAndOptions {
  llvm::StringSet<> Checks, Options;
};
inline ChecksAndOptions allChecksAndOptions() {
#if PICKLINT_LLVM_VERSION_MAJOR < 22
  NamesAndOptions All = getAllChecksAndOptions(false);
  return {std::move(All.Names), std::move(All.Options)};
#else
  tidy::ChecksAndOptions All = getAllChecksAndOptions(false, false);
  return {std::move(All.Checks), std::move(All.Options)};
#endif
}

/// The diagnostics engine of one unit's clang-tidy run, handed to its
/// context (LLVM 22's context also keeps the options).
class TidyDiagnostics {
public:
  TidyDiagnostics(ClangTidyContext &Context, DiagnosticConsumer &Consumer)
#if PICKLINT_LLVM_VERSION_MAJOR < 22
      : Engine(new DiagnosticIDs(), new DiagnosticOptions(), &Consumer,
               /*ShouldOwnClient=*/false) {
    Context.setDiagnosticsEngine(&Engine);
  }
#else
      : Options(std::make_unique<DiagnosticOptions>()),
        Engine(DiagnosticIDs::create(), *Options, &Consumer, /*ShouldOwnClient=*/false) {
    Context.setDiagnosticsEngine(std::move(Options), &Engine);
  }
#endif

private:
#if PICKLINT_LLVM_VERSION_MAJOR >= 22
  std::unique_ptr<DiagnosticOptions> Options;
#endif
  DiagnosticsEngine Engine;
};

} // namespace clang::tidy::picklint::compat

/// The parameters of a RecursiveASTVisitor TypeLoc traversal override
/// (LLVM 22 added whether to traverse the qualifier).
#if PICKLINT_LLVM_VERSION_MAJOR < 22
#define PICKLINT_TYPELOC_TRAVERSE_PARAMS(TypeLocClass) TypeLocClass
#else
#define PICKLINT_TYPELOC_TRAVERSE_PARAMS(TypeLocClass) TypeLocClass, bool
#endif

#endif
