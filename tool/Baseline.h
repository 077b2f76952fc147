#ifndef PICKLINT_TOOL_BASELINE_H
#define PICKLINT_TOOL_BASELINE_H

// The baseline: findings a team accepted when it adopted picklint. A run with
// --baseline reports only findings the baseline does not hold; a run with
// --update-baseline writes the findings of this run into it.
//
// An entry is a check, a file relative to the project root and a
// fingerprint (Report.cpp, finish()), so that it survives line shifts and
// unrelated edits. The file is JSON, one entry per line, sorted: a change to
// it reads well in a diff.

#include "Report.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace clang::tidy::picklint {

struct BaselineEntry {
  std::string Check, File, Fingerprint, Message;
};

/// Reads a baseline (an error when it is missing or malformed).
llvm::Expected<std::vector<BaselineEntry>> readBaseline(llvm::StringRef Path);

/// Removes from \p R the findings the baseline holds; counts them in
/// R.Baselined.
void applyBaseline(Report &R, const std::vector<BaselineEntry> &Baseline,
                   llvm::StringRef Root);

/// The baseline after this run: the findings of \p R, and the entries of
/// \p Old for files this run did not check.
std::vector<BaselineEntry> updatedBaseline(const std::vector<BaselineEntry> &Old,
                                           const Report &R, llvm::StringRef Root);

llvm::Error writeBaseline(llvm::StringRef Path, std::vector<BaselineEntry> Entries);

} // namespace clang::tidy::picklint

#endif
