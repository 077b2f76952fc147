#ifndef PICKLINT_CHECKS_MODEL_PICKLABILITY_H
#define PICKLINT_CHECKS_MODEL_PICKLABILITY_H

// What ppx can pickle. The rule is the runtime's table,
// runtime/include/ppx/detail/picklability.def, which this model expands (the
// one exception to "the checks never include runtime code"); the rest of the
// rule is written out next to it, as in runtime/include/ppx/detail/pickle.hpp:
// arithmetic types, enums, std::string, the standard containers, optional,
// variant, tuple, pair, array, smart pointers to picklable non-polymorphic
// types, user types with a cereal serialize/save/load and a default
// constructor, and, as a task argument or result, function pointers (pickled
// by reference). Character arrays travel as std::string. Raw pointers,
// closures, std::function and types without serialization do not.

#include "Names.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"

#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::picklint {

enum class PickleProblem {
  RawPointer,      ///< a pointer (not a function pointer) or an array that decays to one
  Closure,         ///< a lambda with captures, std::function or another callable object
  NoSerialization, ///< a class type cereal cannot serialize
};

/// Why a task's callable cannot be pickled.
enum class CallableProblem {
  Closure,       ///< a lambda with captures
  Wrapper,       ///< std::function or another function wrapper
  Bind,          ///< a std::bind expression
  StatefulObject ///< another function object with data members
};

struct CallableVerdict {
  CallableProblem Problem;
  /// The closure type, wrapper or class.
  const CXXRecordDecl *Record;
};

/// The default value of the FunctionWrapperTypes option.
inline constexpr llvm::StringLiteral DefaultFunctionWrapperTypes =
    "::std::function;::std::move_only_function;::std::copyable_function;"
    "::boost::function;::folly::Function;::absl::AnyInvocable;::absl::FunctionRef";

struct PickleVerdict {
  PickleProblem Problem;
  /// The type that has the problem (may be nested inside the one asked about).
  QualType Culprit;
};

/// Which cereal hooks a type has: one that saves, one that loads.
struct SerializationHooks {
  bool Output = false, Input = false;
};

class PicklabilityModel {
public:
  explicit PicklabilityModel(llvm::StringRef FunctionWrapperTypes = DefaultFunctionWrapperTypes);

  /// Why a task's callable of type \p T cannot be pickled, or std::nullopt:
  /// functions and function pointers travel by reference, lambdas without
  /// captures and other empty function objects by their type, pointers to
  /// member functions by reference (their object is the first argument).
  std::optional<CallableVerdict> whyNotCallable(QualType T) const;

  /// Why a value of type \p T cannot be pickled, or std::nullopt if it can.
  /// \p T is the type of the expression handed to the submission, before decay.
  std::optional<PickleVerdict> whyNot(QualType T);

  /// Why an element of a map's input range cannot be pickled: as a task
  /// argument, except that a map's pair<const K, V> travels as pair<K, V>.
  std::optional<PickleVerdict> whyNotElement(QualType Element);

  /// The element type of a range (its value_type, or an array's element).
  static QualType elementType(QualType Range, const ASTContext &Context);

  /// The cereal hooks (picklability.def) \p RD or a base declares as members.
  static SerializationHooks memberHooks(const CXXRecordDecl *RD);
  /// The free hooks for \p RD declared where cereal looks for them.
  static SerializationHooks freeHooks(const CXXRecordDecl *RD);
  /// True if \p RD's hooks, members and free, both save and load it.
  static bool isSerializable(const CXXRecordDecl *RD);

private:
  std::optional<PickleVerdict> whyNotAt(QualType T, bool Nested);
  std::optional<PickleVerdict> whyNotRecord(QualType T, const CXXRecordDecl *RD);
  std::optional<PickleVerdict> judgeRecord(QualType T, const CXXRecordDecl *RD);
  llvm::DenseMap<const CXXRecordDecl *, std::optional<PickleVerdict>> Memo;
  NameList Wrappers;
};

} // namespace clang::tidy::picklint

#endif
