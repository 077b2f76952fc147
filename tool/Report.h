#ifndef PICKLINT_TOOL_REPORT_H
#define PICKLINT_TOOL_REPORT_H

// What one run of the standalone program found, in one model that every
// output reads: text (clang's diagnostics), JSON (docs/report-schema.json),
// SARIF, clang-tidy's --export-fixes YAML, the baseline and the result cache.
//
// Paths are absolute inside the model. Outputs write them relative to the
// project root where they lie under it, so that reports made on different
// machines (CI shards) name the same file the same way.

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::picklint {

enum class Format { Text, Json, Sarif, CodeQuality };
/// "text", "json" or "sarif".
std::optional<Format> formatNamed(llvm::StringRef Name);

/// The version of the JSON report's schema (docs/report-schema.json).
constexpr int ReportSchemaVersion = 1;

/// A byte range of a file, with 1-based lines and byte columns. An empty
/// range (Length 0) is a point; its end is its start.
struct Span {
  std::string File;
  unsigned Offset = 0, Length = 0;
  unsigned Line = 0, Column = 0, EndLine = 0, EndColumn = 0;
};

struct Note {
  Span Where;
  std::string Message;
};

/// One replacement of a fix-it.
struct Edit {
  Span Where;
  std::string Text;
};

struct Finding {
  enum Level { Warning, Error } Severity = Warning; // Error: WarningsAsErrors
  std::string Check;
  std::string Message;
  Span Where;
  std::vector<Note> Notes;
  std::vector<Edit> Fixes;
  /// Survives line shifts and unrelated edits (Report.cpp, finish()).
  std::string Fingerprint;
  bool Fixed = false; // --fix applied its fix-it
};

/// Something that kept the tool from judging a file (a compiler error), or
/// the run (bad arguments): reported in every format, and exit status 2.
struct ToolError {
  Span Where; // File may be empty
  std::string Message;
};

struct Report {
  std::vector<Finding> Findings;
  std::vector<ToolError> Errors;
  /// The files checked (the units, in the order given).
  std::vector<std::string> Files;
  unsigned SuppressedByNolint = 0;
  unsigned Baselined = 0; // findings left out because the baseline has them
  unsigned Fixed = 0;     // findings whose fix-its --fix applied
};

/// The text of the files a report names, with their line tables
/// (llvm::SourceMgr), read once each.
class SourceFiles {
public:
  /// The buffer of \p File, or null when it cannot be read.
  const llvm::MemoryBuffer *buffer(const std::string &File);
  /// Fills Line/Column/EndLine/EndColumn of \p S from its offsets.
  void locate(Span &S);
  /// The text of line \p Line of \p File, without its end of line.
  llvm::StringRef lineText(const std::string &File, unsigned Line);
  /// Renders one diagnostic as clang does (file:line:col: kind: message,
  /// the source line, a caret, the fix-it).
  void print(llvm::raw_ostream &OS, const Span &Where, llvm::SourceMgr::DiagKind Kind,
             const std::string &Message, const std::vector<Edit> &Fixes, bool Colors);

private:
  llvm::SourceMgr Manager;
  llvm::StringMap<unsigned> Ids; // 0: unreadable
};

/// Turns one unit's clang-tidy results into findings and compiler errors.
/// Relative paths are resolved against the compile command's directory.
void collect(const std::vector<ClangTidyError> &Errors, SourceFiles &Sources, Report &Out);

/// Sorts the findings by place, drops the duplicates that units sharing a
/// header report, and gives each its fingerprint. Deterministic: the order of
/// units and of threads does not show.
void finish(Report &R, SourceFiles &Sources);

/// Where relative paths in the outputs start from.
struct OutputOptions {
  std::string Root;        // absolute, no trailing slash
  std::string HelpBaseUri; // for SARIF rules: <base><check>.md
};

/// \p Path relative to \p Root ('/'-separated) if it lies under it, else as is.
std::string relativePath(llvm::StringRef Path, llvm::StringRef Root);

void printText(llvm::raw_ostream &OS, const Report &R, SourceFiles &Sources, bool Colors);
void printJson(llvm::raw_ostream &OS, const Report &R, const OutputOptions &O);
void printSarif(llvm::raw_ostream &OS, const Report &R, const OutputOptions &O);
/// GitLab's code quality report (a subset of Code Climate's issue format):
/// one issue per finding, and one per tool error (severity blocker).
void printCodeQuality(llvm::raw_ostream &OS, const Report &R, const OutputOptions &O);
/// The report in format \p F (text needs its sources: printText).
void printReport(llvm::raw_ostream &OS, Format F, const Report &R, const OutputOptions &Out,
                 const OutputOptions &SarifOut);
/// clang-tidy's --export-fixes YAML (tooling::TranslationUnitDiagnostics).
void printFixesYaml(llvm::raw_ostream &OS, const Report &R, llvm::StringRef MainFile);

llvm::json::Value toJson(const Report &R, const OutputOptions &O);
llvm::Expected<Report> fromJson(const llvm::json::Value &Doc, llvm::StringRef Root);

/// Reads a JSON report (a shard's, or a cached unit's). Relative paths are
/// made absolute against \p Root.
llvm::Expected<Report> readJson(llvm::StringRef Text, llvm::StringRef Root);

/// Applies the fix-its of the findings (clang-tidy's way: conflicting ones
/// are skipped, the rest cleaned up around and written). Counts the fixed
/// findings in R.Fixed; problems go to R.Errors.
void applyFixes(Report &R);

} // namespace clang::tidy::picklint

#endif
