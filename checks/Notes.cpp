#include "Notes.h"
#include "model/Locations.h"

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

} // namespace clang::tidy::picklint
