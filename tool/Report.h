#ifndef PICKLINT_TOOL_REPORT_H
#define PICKLINT_TOOL_REPORT_H

// Findings as the standalone tool reports them in machine-readable formats.

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace clang::tidy::picklint {

enum class Format { Text, Json, Sarif };

struct Location {
  std::string File;
  unsigned Line = 0, Column = 0;
};

struct Note {
  Location Where;
  std::string Message;
};

struct Finding {
  enum Level { Warning, Error } Severity = Warning;
  std::string Check;
  std::string Message;
  Location Where;
  std::vector<Note> Notes;
};

/// Appends the findings of one file's run, with offsets turned into lines
/// and columns.
void collectFindings(const std::vector<clang::tidy::ClangTidyError> &Errors,
                     std::vector<Finding> &Out);

void printFindings(llvm::raw_ostream &OS, Format F, const std::vector<Finding> &Findings);

} // namespace clang::tidy::picklint

#endif
