#ifndef PICKLINT_CHECKS_NOTES_H
#define PICKLINT_CHECKS_NOTES_H

// Notes every check prints the same way: the steps of a path that goes on in
// other units (from the project index), and where a descriptor came from.

#include "model/Facts.h"
#include "model/Handles.h"

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::picklint {

/// One note per step, at the step's place in its file (loaded into this
/// unit's source manager); a step whose file cannot be read is noted at
/// \p Fallback with its place in the text.
void noteSteps(ClangTidyCheck &Check, llvm::ArrayRef<Step> Steps, SourceManager &SM,
               SourceLocation Fallback);

/// Where a descriptor came from: the local site, then the steps in other
/// units.
void noteOrigin(ClangTidyCheck &Check, const DescriptorOrigin &Origin, SourceManager &SM,
                SourceLocation Fallback);

/// The members that lead from an object to what it holds, outermost first:
/// "'Db' holds 'conn_' ('sqlite3 *') declared here"; a closure's member is
/// named by its capture: "the lambda captures 'ex' ('Executor &') here".
void noteMembers(ClangTidyCheck &Check, llvm::ArrayRef<const FieldDecl *> Path);

} // namespace clang::tidy::picklint

#endif
