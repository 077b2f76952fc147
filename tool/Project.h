#ifndef PICKLINT_TOOL_PROJECT_H
#define PICKLINT_TOOL_PROJECT_H

// The standalone program's project view (docs/project-view.md): brings the
// project index up to date and checks the units with it, parsing each unit
// once where it can.
//
//   1. Shards of units whose inputs (main file, headers, compile command)
//      did not change are reused; units that are not checked in this run
//      and are stale are indexed (parsed for their facts only).
//   2. Each checked unit is parsed once: its checks run with the index as it
//      is, and, if it was stale, its facts are recorded in the same parse.
//      Every question its checks ask of the index is logged with its answer.
//   3. The index is joined again with the new facts; a unit whose logged
//      questions now get other answers is checked again. Only such units
//      (those whose verdicts depend on a fact that just changed) are parsed
//      a second time.

#include "Cache.h"
#include "Report.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "model/ProjectIndex.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace clang::tidy::picklint {

/// One unit's run of the checks: its findings (no fingerprints yet), its
/// compiler errors, what NOLINT suppressed.
struct UnitResult {
  std::string File;
  Report Result;
  bool FromCache = false;
};

struct ProjectRunOptions {
  /// Where the index lives; empty: no index (per-file verdicts).
  std::string IndexDir;
  /// Every unit of the project (the database's entries): what the index
  /// covers. The checked files are a subset, or files the database lacks.
  std::vector<std::string> ProjectUnits;
  unsigned Jobs = 1;
  bool Verbose = false;
  /// Print each unit's check profile (clang-tidy's table) to standard error.
  bool CheckProfile = false;
  /// Makes the options provider of one unit's clang-tidy context.
  std::function<std::unique_ptr<ClangTidyOptionsProvider>()> MakeProvider;
  /// Options of the fact collector (the side-effect and handle lists).
  FactsOptions Facts;
  /// The result cache (null: none) and the key of a unit's entry.
  ResultCache *Cache = nullptr;
  std::function<std::string(const std::string &File)> CacheKey;
  /// Called once per checked file as its first result is known, from the
  /// thread that made it (for the progress line).
  std::function<void(const UnitResult &)> OnUnitDone;
};

struct ProjectRunStats {
  size_t Units = 0, Indexed = 0, CheckedAgain = 0, FromCache = 0;
};

/// Checks \p Files (in this order) with the project view.
std::vector<UnitResult> checkProject(const tooling::CompilationDatabase &DB,
                                     const std::vector<std::string> &Files,
                                     const ProjectRunOptions &Options,
                                     ProjectRunStats &Stats);

/// For each of \p Headers, the units of the project (Options.ProjectUnits)
/// that read it, directly or not, as the project index last saw them
/// (Options.IndexDir); units the index has never seen are indexed first.
std::vector<std::vector<std::string>>
unitsReading(const tooling::CompilationDatabase &DB, const std::vector<std::string> &Headers,
             const ProjectRunOptions &Options);

} // namespace clang::tidy::picklint

#endif
