#include "Notes.h"
#include "model/Locations.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/LambdaCapture.h"

namespace clang::tidy::picklint {

namespace {
/// Text from the index is not a format string.
std::string escaped(llvm::StringRef Text) {
  std::string Out;
  for (char C : Text) {
    Out += C;
    if (C == '%')
      Out += '%';
  }
  return Out;
}
} // namespace

void noteSteps(ClangTidyCheck &Check, llvm::ArrayRef<Step> Steps, SourceManager &SM,
               SourceLocation Fallback) {
  for (const Step &S : Steps) {
    SourceLocation Loc = locationOf(S.Where, SM);
    if (Loc.isValid())
      Check.diag(Loc, escaped(S.Text) + " here", DiagnosticIDs::Note);
    else
      Check.diag(Fallback,
                 escaped(S.Text + " at " + S.Where.File + ":" + std::to_string(S.Where.Line) + ":" +
                     std::to_string(S.Where.Col)),
                 DiagnosticIDs::Note);
  }
}

void noteOrigin(ClangTidyCheck &Check, const DescriptorOrigin &Origin, SourceManager &SM,
                SourceLocation Fallback) {
  if (Origin.Site)
    Check.diag(Origin.Site->getBeginLoc(), escaped(Origin.How) + " here", DiagnosticIDs::Note);
  noteSteps(Check, Origin.Foreign, SM, Fallback);
}

void noteMembers(ClangTidyCheck &Check, llvm::ArrayRef<const FieldDecl *> Path) {
  for (const FieldDecl *Member : Path) {
    const auto *Closure = dyn_cast<CXXRecordDecl>(Member->getParent());
    if (Closure && Closure->isLambda()) {
      unsigned Index = Member->getFieldIndex();
      auto Captures = Closure->captures();
      if (Index < static_cast<unsigned>(std::distance(Captures.begin(), Captures.end()))) {
        const LambdaCapture &C = *std::next(Captures.begin(), Index);
        std::string Name = C.capturesThis()
                               ? (C.getCaptureKind() == LCK_StarThis ? "'*this'" : "'this'")
                           : C.capturesVariable()
                               ? "'" + C.getCapturedVar()->getName().str() + "'"
                               : "a value";
        Check.diag(C.getLocation(), "the lambda captures " + Name + " (%0) here",
                   DiagnosticIDs::Note)
            << Member->getType();
        continue;
      }
    }
    Check.diag(Member->getLocation(), "%0 holds %1 (%2) declared here", DiagnosticIDs::Note)
        << Member->getParent() << Member << Member->getType();
  }
}

} // namespace clang::tidy::picklint
