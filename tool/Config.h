#ifndef PICKLINT_TOOL_CONFIG_H
#define PICKLINT_TOOL_CONFIG_H

// The standalone program's configuration: clang-tidy's options providers
// (.clang-tidy files, --config, --config-file, the command line), with two
// rules of picklint's own:
//
//  - A gate runs picklint's checks. The checks a .clang-tidy file turns on
//    are narrowed to picklint's (a project's `Checks: '*'` would otherwise
//    run the Clang Static Analyzer, which clang-tidy links in). Checks named
//    on the command line (--checks) run as clang-tidy would run them.
//  - Names are verified: an unknown picklint check in a glob, an unknown
//    option key of a picklint check, each with a did-you-mean.

#include "clang-tidy/ClangTidyOptions.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace clang::tidy::picklint {

struct ConfigInput {
  std::optional<std::string> Checks;           // --checks
  std::optional<std::string> WarningsAsErrors; // --warnings-as-errors
  std::optional<std::string> HeaderFilter;     // --header-filter
  std::optional<std::string> ExcludeHeaderFilter; // --exclude-header-filter
  std::optional<std::string> ConfigText;       // --config
  std::optional<std::string> ConfigFile;       // --config-file
  std::string LineFilter;                      // --line-filter (JSON)
  std::vector<std::string> ExtraArgsBefore;    // the resource dir
};

/// Makes an options provider; null with \p Error set when the input is bad.
std::unique_ptr<ClangTidyOptionsProvider> makeOptionsProvider(const ConfigInput &In,
                                                              std::string &Error);

/// A view of one options provider for one unit's clang-tidy context: every
/// unit reads the same provider (and its cache of .clang-tidy files), one at
/// a time.
std::unique_ptr<ClangTidyOptionsProvider>
sharedView(std::shared_ptr<ClangTidyOptionsProvider> Provider, std::mutex &Lock);

/// The problems of the configuration that applies to \p File: unknown
/// picklint checks and option keys, one line each, with a did-you-mean.
std::vector<std::string> verifyConfig(ClangTidyOptionsProvider &Provider,
                                      llvm::StringRef File, const ConfigInput &In);

} // namespace clang::tidy::picklint

#endif
