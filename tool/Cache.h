#ifndef PICKLINT_TOOL_CACHE_H
#define PICKLINT_TOOL_CACHE_H

// The result cache: a unit's findings, kept on disk and reused while
// nothing that decides them changed.
//
// An entry is found by its unit's file, and is valid while
//  - its key is the same: picklint's and LLVM's versions, the unit's compile
//    commands, the configuration that applies to it (checks, options,
//    warnings-as-errors, header filter, extra arguments), the line filter
//    and whether the project index is used;
//  - every file the unit read (its main file and every header) has the
//    content it had (a hash of the bytes, not a time stamp);
//  - every question its checks asked of the project index gets the same
//    answer (checked by the caller, tool/Project.cpp).
// Entries are written to a temporary file and renamed, so concurrent runs
// never see half an entry; an entry that cannot be read is ignored and
// written again.

#include "Report.h"
#include "model/ProjectIndex.h"

#include "llvm/ADT/StringMap.h"

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::picklint {

struct CachedUnit {
  Report Result; // the unit's findings and compiler errors, absolute paths
  QuestionLog Questions;
  std::vector<std::string> Inputs; // every file the unit read
};

class ResultCache {
public:
  explicit ResultCache(std::string Dir) : Dir(std::move(Dir)) {}

  /// The unit's entry, if its key and inputs are unchanged.
  std::optional<CachedUnit> lookup(const std::string &File, const std::string &Key);
  void store(const std::string &File, const std::string &Key, const CachedUnit &Unit);

private:
  std::string entryPath(const std::string &File) const;
  std::string contentHash(const std::string &File);

  std::string Dir;
  std::mutex Mutex;
  llvm::StringMap<std::string> Hashes; // per run: files do not change under it
  bool WriteFailed = false;
};

} // namespace clang::tidy::picklint

#endif
