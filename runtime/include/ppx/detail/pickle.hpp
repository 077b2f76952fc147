// Pickling: how values, results and callables cross the process boundary.
//
// The rule (docs/picklability.md, mirrored by picklint's Picklability model):
//   picklable:   arithmetic types, enums, std::string, the standard containers,
//                optional, variant, tuple, pair, array, complex, durations,
//                unique_ptr/shared_ptr to picklable types, user types with a
//                cereal serialize/save/load (and a default constructor), and,
//                as a task argument or result, function pointers (pickled by
//                reference). String literals travel as std::string.
//   refused:     raw pointers (arrays decay to them), references to objects
//                outside the task, closures with state (lambdas with
//                captures, std::function), types with no serialization.
#ifndef PPX_DETAIL_PICKLE_HPP
#define PPX_DETAIL_PICKLE_HPP

#include <array>
#include <bitset>
#include <queue>
#include <stack>
#include <valarray>
#include <chrono>
#include <complex>
#include <cstdint>
#include <cstring>
#include <deque>
#include <forward_list>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <streambuf>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include <ppx/detail/message.hpp>

#include <cereal/archives/binary.hpp>
#include <cereal/types/array.hpp>
#include <cereal/types/bitset.hpp>
#include <cereal/types/chrono.hpp>
#include <cereal/types/complex.hpp>
#include <cereal/types/deque.hpp>
#include <cereal/types/forward_list.hpp>
#include <cereal/types/list.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/memory.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/queue.hpp>
#include <cereal/types/set.hpp>
#include <cereal/types/stack.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/tuple.hpp>
#include <cereal/types/unordered_map.hpp>
#include <cereal/types/unordered_set.hpp>
#include <cereal/types/utility.hpp>
#include <cereal/types/valarray.hpp>
#include <cereal/types/variant.hpp>
#include <cereal/types/vector.hpp>

namespace cereal {
/// A bool travels as one byte, 0 or 1. cereal's binary archive copies the
/// byte into the bool whatever it is, and a bool holding another value is
/// undefined behaviour: this overload (preferred to cereal's template for
/// arithmetic types, found through the archive's namespace) refuses it.
/// Found by ppx's frames fuzzer (test/fuzz).
inline void CEREAL_LOAD_FUNCTION_NAME(BinaryInputArchive& ar, bool& value) {
  static_assert(sizeof(bool) == 1);
  unsigned char byte = 0;
  ar.loadBinary(&byte, 1);
  if (byte > 1) throw Exception("a bool stored as " + std::to_string(byte) + ", not 0 or 1");
  value = byte != 0;
}
}  // namespace cereal

namespace ppx::detail {

// ---------------------------------------------------------------------------
// Archives over strings and messages, without the copies of std::stringstream.
// ---------------------------------------------------------------------------
class ViewSource : public std::streambuf {
 public:
  explicit ViewSource(std::string_view in) {
    char* p = const_cast<char*>(in.data());
    setg(p, p, p + in.size());
  }
  std::size_t remaining() const { return static_cast<std::size_t>(egptr() - gptr()); }
};

/// Pickles into a string (appending), or into a message builder, which
/// moves a large message into shared memory as it is written.
struct Writer {
  explicit Writer(std::string& out) : own(std::in_place, out), stream(&*own), archive(stream) {}
  explicit Writer(MessageBuilder& out) : stream(&out), archive(stream) {}
  std::optional<MessageBuilder> own;
  std::ostream stream;
  cereal::BinaryOutputArchive archive;
};

struct Reader {
  explicit Reader(std::string_view in) : source(in), stream(&source), archive(stream) {}
  /// The bytes not read yet.
  std::size_t remaining() const { return source.remaining(); }
  ViewSource source;
  std::istream stream;
  cereal::BinaryInputArchive archive;
};

// ---------------------------------------------------------------------------
// Function references: a function is pickled as (module, offset), as Python
// pickles a function by its qualified name; the worker, which runs the same
// executable (possibly at another load address), resolves it back.
// ---------------------------------------------------------------------------
[[noreturn]] void throw_pickling_error(const std::string& what);

/// Reads a string written as cereal writes one, refusing a length above
/// \p limit before anything is allocated: a message cannot make its reader
/// allocate more than it could hold.
inline void load_bounded_string(cereal::BinaryInputArchive& ar, std::string& s,
                                std::uint64_t limit) {
  cereal::size_type size = 0;
  ar(cereal::make_size_tag(size));
  if (size > limit)
    throw_pickling_error("a string of " + std::to_string(size) + " bytes where at most " +
                         std::to_string(limit) + " can be");
  s.resize(static_cast<std::size_t>(size));
  ar(cereal::binary_data(s.data(), s.size()));
}

struct FunctionRef {
  std::string module;   // "" for the main executable
  std::uint64_t offset = 0;
  /// A module is named by its path: no longer than PATH_MAX.
  static constexpr std::uint64_t kMaxModuleName = 4096;
  template <class Archive>
  void save(Archive& ar) const { ar(module, offset); }
  template <class Archive>
  void load(Archive& ar) {
    load_bounded_string(ar, module, kMaxModuleName);
    ar(offset);
  }
};

/// Throws PicklingError if \p address is not in a loaded module's code.
FunctionRef function_ref(const void* address);
/// Throws PicklingError unless the reference names the start of a function
/// of a module loaded in this process (by its symbol table): a frame cannot
/// make a worker jump to an arbitrary offset.
void* resolve_function(const FunctionRef& ref);

// ---------------------------------------------------------------------------
// The picklability rule, as traits.
// ---------------------------------------------------------------------------
template <class T> struct is_function_pointer
    : std::bool_constant<std::is_pointer_v<T> && std::is_function_v<std::remove_pointer_t<T>>> {};

template <class T> struct is_raw_pointer
    : std::bool_constant<(std::is_pointer_v<T> && !is_function_pointer<T>::value) ||
                         std::is_member_pointer_v<T> || std::is_null_pointer_v<T> ||
                         std::is_array_v<T>> {};

template <class T, class = void> struct nested_picklable;

/// True for the standard templates cereal serializes, given picklable
/// arguments; their type arguments are judged recursively. The templates and
/// their rules are picklability.def's, the table picklint reads too.
template <class T> struct std_container : std::false_type {};
#define PPX_PICKLE_STD_TEMPLATE(Template)                                       \
  template <class... A> struct std_container<std::Template<A...>> : std::true_type { \
    static constexpr bool elements = (nested_picklable<A>::value && ...);      \
  };
// Helpers that appear only as template arguments of the above.
#define PPX_PICKLE_STD_HELPER(Template)                                        \
  template <class... A> struct std_container<std::Template<A...>> : std::true_type { \
    static constexpr bool elements = true;                                     \
  };
#include "picklability.def"
// PPX_PICKLE_STD_SPECIAL: the templates with rules of their own.
template <class C, class Tr, class A> struct std_container<std::basic_string<C, Tr, A>>
    : std::true_type {
  static constexpr bool elements = std::is_arithmetic_v<C>;
};
template <class T, std::size_t N> struct std_container<std::array<T, N>> : std::true_type {
  static constexpr bool elements = nested_picklable<T>::value;
};
template <class T, class D> struct std_container<std::unique_ptr<T, D>> : std::true_type {
  static constexpr bool elements =
      !std::is_array_v<T> && !std::is_polymorphic_v<T> &&
      std::is_same_v<D, std::default_delete<T>> && nested_picklable<T>::value;
};
template <class T> struct std_container<std::shared_ptr<T>> : std::true_type {
  static constexpr bool elements =
      !std::is_array_v<T> && !std::is_polymorphic_v<T> && nested_picklable<T>::value;
};
template <class R, class P> struct std_container<std::chrono::duration<R, P>> : std::true_type {
  static constexpr bool elements = std::is_arithmetic_v<R>;
};
template <class C, class D> struct std_container<std::chrono::time_point<C, D>>
    : std::true_type {
  static constexpr bool elements = nested_picklable<D>::value;
};
template <std::size_t N> struct std_container<std::bitset<N>> : std::true_type {
  static constexpr bool elements = true;
};
template <> struct std_container<std::monostate> : std::true_type {
  static constexpr bool elements = true;
};

template <class T>
constexpr bool has_cereal_serialization =
    cereal::traits::is_output_serializable<T, cereal::BinaryOutputArchive>::value &&
    cereal::traits::is_input_serializable<T, cereal::BinaryInputArchive>::value;

/// Picklable inside another value (function pointers only travel at the top).
template <class T, class>
struct nested_picklable : std::false_type {};
template <class T>
struct nested_picklable<T, std::enable_if_t<std::is_arithmetic_v<T> || std::is_enum_v<T>>>
    : std::true_type {};
template <class T>
struct nested_picklable<T, std::enable_if_t<std_container<T>::value>>
    : std::bool_constant<std_container<T>::elements> {};
template <class T>
struct nested_picklable<
    T, std::enable_if_t<std::is_class_v<T> && !std_container<T>::value>>
    : std::bool_constant<has_cereal_serialization<T> && std::is_default_constructible_v<T>> {};

/// Picklable as a task argument or result.
template <class T>
constexpr bool picklable = is_function_pointer<T>::value || nested_picklable<T>::value;



// ---------------------------------------------------------------------------
// Pickler<T>: how one top-level value is written and read.
// ---------------------------------------------------------------------------
template <class T, class = void>
struct Pickler {
  static void save(cereal::BinaryOutputArchive& ar, const T& value) { ar(value); }
  static T load(cereal::BinaryInputArchive& ar) {
    T value{};
    ar(value);
    return value;
  }
};

template <class T>
struct Pickler<T, std::enable_if_t<is_function_pointer<T>::value>> {
  static void save(cereal::BinaryOutputArchive& ar, T fn) {
    bool present = fn != nullptr;
    ar(present);
    if (present) ar(function_ref(reinterpret_cast<const void*>(fn)));
  }
  static T load(cereal::BinaryInputArchive& ar) {
    bool present = false;
    ar(present);
    if (!present) return nullptr;
    FunctionRef ref;
    ar(ref);
    return reinterpret_cast<T>(resolve_function(ref));
  }
};

/// A map chunk of these values (and its results) travels as one block of
/// bytes, written and read with one copy (the bytes cereal writes for them
/// one by one).
template <class T>
constexpr bool pickled_as_block = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;

/// Writes a map chunk's values or results: numbers as one block, the rest
/// one by one.
template <class T>
void save_values(cereal::BinaryOutputArchive& ar, const std::vector<T>& values) {
  if constexpr (pickled_as_block<T>)
    ar(cereal::binary_data(values.data(), values.size() * sizeof(T)));
  else
    for (const T& value : values) Pickler<T>::save(ar, value);
}

/// Reads \p count values written by save_values into \p out (a vector, or a
/// deque for bool). A block must hold exactly the rest of the message;
/// \p what names the message in the error.
template <class T, class Container>
void load_values(Reader& in, std::uint64_t count, Container& out, const char* what) {
  if constexpr (pickled_as_block<T>) {
    if (count > in.remaining() / sizeof(T) || count * sizeof(T) != in.remaining())
      throw_pickling_error(std::string(what) + " announces " + std::to_string(count) +
                           " values in " + std::to_string(in.remaining()) + " bytes");
    out.resize(static_cast<std::size_t>(count));
    in.archive(cereal::binary_data(out.data(), out.size() * sizeof(T)));
  } else {
    if constexpr (requires { out.reserve(std::size_t()); })
      out.reserve(static_cast<std::size_t>(count));
    for (std::uint64_t i = 0; i < count; ++i) out.push_back(Pickler<T>::load(in.archive));
  }
}

template <class T> struct stored_of {
  using type = std::decay_t<T>;
};
// A map's element: its key is const only inside the map.
template <class K, class V> struct stored_of<std::pair<const K, V>> {
  using type = std::pair<K, V>;
};
template <class A>
constexpr bool is_char_array =
    std::is_array_v<std::remove_reference_t<A>> &&
    std::is_same_v<std::remove_cv_t<std::remove_extent_t<std::remove_reference_t<A>>>, char>;

/// The type a task argument is stored as: decayed, with string literals and
/// other character arrays as std::string.
template <class A>
using stored_t = std::conditional_t<is_char_array<A>, std::string,
                                    typename stored_of<std::remove_cvref_t<A>>::type>;

/// An argument as its stored type, without a copy where it already is one.
template <class S, class A>
decltype(auto) to_stored(A&& a) {
  if constexpr (is_char_array<A>) {
    // Up to the first NUL, and never past the array's end.
    constexpr std::size_t n = std::extent_v<std::remove_reference_t<A>>;
    std::size_t len = 0;
    while (len < n && a[len] != '\0') ++len;
    return std::string(a, len);
  } else if constexpr (std::is_same_v<std::remove_cvref_t<A>, S>) {
    return static_cast<const S&>(a);
  } else {
    return S(std::forward<A>(a));
  }
}

}  // namespace ppx::detail

#endif  // PPX_DETAIL_PICKLE_HPP
