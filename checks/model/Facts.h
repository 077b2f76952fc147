#ifndef PICKLINT_CHECKS_MODEL_FACTS_H
#define PICKLINT_CHECKS_MODEL_FACTS_H

// What one translation unit knows about what it defines, keyed by USR so
// that other units can look it up: the facts of the project view.
//
// A unit's facts are local: for each function it defines, what its own body
// does (an observable effect, an executor it creates, the members it uses,
// the descriptors it returns or stores) and which user functions it calls.
// What a call leads to in another unit is not decided here: the project
// index (ProjectIndex.h) joins the facts of every unit, as a linker resolves
// symbols, and answers the checks' questions from the joined graph.

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::picklint {

/// A place in the project's sources (absolute path, 1-based line and column).
struct Place {
  std::string File;
  unsigned Line = 0, Col = 0;
  bool valid() const { return !File.empty() && Line > 0; }
};

/// One note of a path that crosses units: where, and what happens there.
struct Step {
  Place Where;
  std::string Text;
};

/// A call from the function that has the facts to the function \c Usr.
struct Edge {
  std::string Usr;
  Place Site;
};

/// As StartMethodKind, in index shards (the numbers are the format's).
enum class StartMethodFact { Spawn = 0, Fork = 1, Unknown = 2, Forkserver = 3, Mpi = 4 };

/// Why an integer member holds a file descriptor, from one function's body:
/// directly (\c Direct) or because it is assigned what another function
/// returns (\c From).
struct FieldDescriptorFact {
  std::string FieldUsr;
  std::string FieldName;
  std::optional<Step> Direct;
  std::optional<Edge> From;
};

struct FunctionFacts {
  std::string Usr;
  /// As notes name it: 'Db::query'.
  std::string Name;
  Place Where;
  /// Calls to user functions (defined outside system headers), in evaluated
  /// code: what effects and executor creation are followed through.
  std::vector<Edge> Calls;
  /// The first observable effect of the body itself (not through user
  /// functions): Text is what it does ("writes to standard output").
  std::optional<Step> Effect;
  /// An executor the body itself creates, and its start method.
  std::optional<Place> Creates;
  StartMethodFact CreatesMethod = StartMethodFact::Spawn;
  /// Data members the body uses (field USR; the first use, with the
  /// member's name as Text), and member functions it calls on its own object.
  std::vector<std::pair<std::string, Step>> Fields;
  std::vector<Edge> ThisCalls;
  /// It returns a file descriptor: directly (from open, socket, ...), or what
  /// another user function returns.
  std::optional<Step> ReturnsDescriptor;
  std::vector<Edge> ReturnsFrom;
  /// What it does to integer members that makes them descriptors.
  std::vector<FieldDescriptorFact> DescriptorFields;
};

/// One executor construction anywhere in the unit (for the program-level
/// question: does the project spawn?).
struct ExecutorFact {
  Place Where;
  StartMethodFact Method = StartMethodFact::Spawn;
};

/// A file the unit read, and what it looked like then.
struct Stamp {
  std::string File;
  int64_t MTime = 0;
  uint64_t Size = 0;
};

struct UnitFacts {
  /// The main file and the hash of its compile command.
  std::string Source;
  std::string CommandHash;
  /// Every file the unit read (main file and headers), for staleness.
  std::vector<Stamp> Inputs;
  std::vector<FunctionFacts> Functions;
  std::vector<ExecutorFact> Executors;
};

/// The version of the on-disk format; shards of another version are rebuilt.
inline constexpr int FactsFormatVersion = 3;  // 2: StartMethodFact::Forkserver; 3: ::Mpi

llvm::json::Value toJSON(const UnitFacts &U);
/// Reads a shard; an error names what is wrong with it.
llvm::Expected<UnitFacts> unitFactsFromJSON(const llvm::json::Value &V);

/// The USR of \p D, the key of every fact ("" if it has none).
std::string usrOf(const Decl *D);

/// True for the functions whose facts the index keeps: functions with a
/// name, defined outside system headers.
bool isUserFunction(const FunctionDecl *FD);

struct FactsOptions {
  std::string SideEffectFunctions, PureFunctions, HandleFunctions;
};

/// Records the facts of every user function the translation unit defines.
UnitFacts collectFacts(ASTContext &Context, const FactsOptions &Options);

/// Every file a unit read (its main file and every header), absolute, sorted,
/// each once: what a shard's stamps and a cached result depend on.
std::vector<std::string> filesRead(const SourceManager &SM);

} // namespace clang::tidy::picklint

#endif
