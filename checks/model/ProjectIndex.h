#ifndef PICKLINT_CHECKS_MODEL_PROJECTINDEX_H
#define PICKLINT_CHECKS_MODEL_PROJECTINDEX_H

// The project index: the facts of every unit of a project, joined by USR as a
// linker joins symbols, and the questions the checks ask of it when a call
// leaves their translation unit (a function, method or constructor whose body
// is in another unit).
//
// Every answer is a path of steps (file, line, column, what happens there)
// that the checks print as notes. An answer whose path runs through a file
// that changed since it was indexed is not given: a stale index yields
// today's per-file verdict, never a wrong path.
//
// On disk (docs/project-view.md): <dir>/units/<hash>.json, one shard per
// unit, written atomically; <dir> is <build dir>/.picklint by default.

#include "Facts.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <mutex>
#include <set>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::picklint {

/// The default value of the ProjectIndex option: no index, per-file verdicts.
inline constexpr llvm::StringLiteral DefaultProjectIndex = "";

/// What a question leads to in other units.
struct ForeignPath {
  /// Notes, outermost first; the last one is where it happens.
  std::vector<Step> Steps;
  /// For effects: what it does ("writes to standard output"); for executor
  /// creations: "spawn", "fork" or "unknown".
  std::string What;
};

enum class Question {
  Effect,            ///< the first observable effect of calling a function
  Creation,          ///< an executor that calling a function creates
  FieldUse,          ///< a member function reaching a data member
  DescriptorField,   ///< why a data member holds a file descriptor
  ReturnsDescriptor, ///< why a function returns a file descriptor
  Spawns,            ///< how the project's executors start their workers
};

/// The questions a unit's checks asked, with the answers they got: when the
/// index changes, a unit whose answers change is checked again.
struct QuestionLog {
  struct Entry {
    Question Kind;
    std::string Key, Key2;
    std::string Answer;
  };
  std::vector<Entry> Entries;
};

class ProjectIndex {
public:
  /// Joins the facts of one unit (a function defined in several units, such
  /// as an inline function of a header, keeps its first facts).
  void add(const UnitFacts &Unit);

  std::optional<ForeignPath> effectOf(llvm::StringRef Usr) const;
  std::optional<ForeignPath> creationIn(llvm::StringRef Usr) const;
  std::optional<ForeignPath> fieldUse(llvm::StringRef MethodUsr, llvm::StringRef FieldUsr) const;
  std::optional<ForeignPath> descriptorField(llvm::StringRef FieldUsr) const;
  std::optional<ForeignPath> returnsDescriptor(llvm::StringRef Usr) const;
  /// How the project's executors start their workers: none if the index
  /// knows no executor; else the first one that spawns (What "spawn", or
  /// "unknown" when the code does not tell), or, when every one forks, the
  /// first of them (What "fork").
  std::optional<ForeignPath> projectStartMethod() const;

  /// Asks again (for a unit checked before the index changed): the answer's
  /// digest, as recorded in a QuestionLog.
  std::string digest(Question Kind, llvm::StringRef Key, llvm::StringRef Key2) const;

  size_t functions() const { return Functions.size(); }

  /// Reads every shard of \p Dir; a shard that cannot be read is skipped
  /// with a one-line warning in \p Warnings.
  static std::shared_ptr<ProjectIndex> load(llvm::StringRef Dir,
                                            std::vector<std::string> &Warnings);

private:
  std::optional<ForeignPath> ask(Question Kind, llvm::StringRef Key,
                                 llvm::StringRef Key2) const;
  std::optional<ForeignPath> resolve(Question Kind, llvm::StringRef Key, llvm::StringRef Key2,
                                     unsigned Depth) const;
  bool fresh(const ForeignPath &P) const;

  llvm::StringMap<FunctionFacts> Functions;
  /// Field USR -> the functions that make it a descriptor.
  llvm::StringMap<std::vector<FieldDescriptorFact>> DescriptorFields;
  std::vector<ExecutorFact> Executors;
  llvm::StringMap<Stamp> Stamps;

  mutable std::mutex Mutex;
  mutable std::map<std::string, std::optional<ForeignPath>> Memo;
  /// Questions being answered (a cycle), and whether the current search
  /// was cut short by one or by the depth limit.
  mutable std::set<std::string> InProgress;
  mutable bool CutShort = false;
  mutable llvm::StringMap<bool> FreshFiles;
};

/// How a model treats a call into a user function: through the index when
/// the body is in another unit; or, while the unit's own facts are being
/// recorded, not at all (the call is recorded as an edge instead).
struct ProjectView {
  const ProjectIndex *Index = nullptr;
  bool LocalOnly = false;
};

/// The index the checks of the current translation unit use: the one the
/// standalone tool set for this thread (setThreadProject), else the one the
/// ProjectIndex option names (loaded once per process), else none.
const ProjectIndex *projectIndexFor(llvm::StringRef OptionValue);

/// The standalone tool's way in: the index and the question log of the unit
/// this thread checks (null: none).
void setThreadProject(const ProjectIndex *Index, QuestionLog *Log);
/// The log of the unit this thread checks, if the tool keeps one.
QuestionLog *threadQuestionLog();

/// Shard file of a unit inside an index directory.
std::string shardPath(llvm::StringRef Dir, llvm::StringRef Source);

/// Writes a unit's shard atomically (a temporary file, then a rename), so
/// that concurrent runs and readers never see half a shard.
llvm::Error writeShard(llvm::StringRef Dir, const UnitFacts &Unit);

/// Reads one shard.
llvm::Expected<UnitFacts> readShard(llvm::StringRef Path);

/// The current stamp of a file (mtime 0 and size 0 if it is gone).
Stamp stampOf(llvm::StringRef File);

} // namespace clang::tidy::picklint

#endif
