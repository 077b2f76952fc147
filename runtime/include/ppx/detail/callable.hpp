// What can be submitted as a task's callable, and how it is pickled.
//
//   a function or function pointer     pickled by reference (module, offset)
//   a lambda without captures          nothing to pickle: its type identifies it
//   (any empty, default-constructible function object)
//   a pointer to member function       pickled by reference; its object is
//                                      the first task argument, by value
//   anything else (a lambda with captures, std::function, a functor with
//   state) is refused at compile time.
#ifndef PPX_DETAIL_CALLABLE_HPP
#define PPX_DETAIL_CALLABLE_HPP

#include <ppx/detail/pickle.hpp>

#include <cstring>
#include <functional>
#include <type_traits>

namespace ppx::detail {

template <class F>
constexpr bool is_stateless_callable =
    std::is_class_v<F> && std::is_empty_v<F> && std::is_default_constructible_v<F> &&
    std::is_trivially_copyable_v<F>;

template <class F>
constexpr bool is_member_function = std::is_member_function_pointer_v<F>;

template <class F>
constexpr bool is_picklable_callable =
    is_function_pointer<F>::value || is_stateless_callable<F> || is_member_function<F>;

/// How a callable of type F is written and read.
template <class F, class = void>
struct CallablePickler;

template <class F>
struct CallablePickler<F, std::enable_if_t<is_function_pointer<F>::value>> : Pickler<F> {};

template <class F>
struct CallablePickler<F, std::enable_if_t<is_stateless_callable<F>>> {
  static void save(cereal::BinaryOutputArchive&, const F&) {}
  static F load(cereal::BinaryInputArchive&) { return F{}; }
};

template <class F> struct member_class;
template <class M, class C> struct member_class<M C::*> {
  using type = C;
};

// Itanium C++ ABI: a pointer to member function is {ptr, adj}; ptr is the
// function's address, or 1 + the vtable offset for a virtual function.
template <class F>
struct CallablePickler<F, std::enable_if_t<is_member_function<F>>> {
  struct Repr {
    std::uintptr_t ptr;
    std::ptrdiff_t adj;
  };
  static_assert(sizeof(F) == sizeof(Repr), "ppx: unsupported pointer-to-member ABI");
  static void save(cereal::BinaryOutputArchive& ar, const F& fn) {
    Repr r;
    std::memcpy(&r, &fn, sizeof r);
#if defined(__aarch64__) || defined(__arm__)
    bool is_virtual = (r.adj & 1) != 0;  // ARM: the flag is in adj
#else
    bool is_virtual = (r.ptr & 1) != 0;
#endif
    ar(is_virtual, static_cast<std::int64_t>(r.adj));
    if (is_virtual)
      ar(static_cast<std::uint64_t>(r.ptr));
    else
      ar(function_ref(reinterpret_cast<const void*>(r.ptr)));
  }
  static F load(cereal::BinaryInputArchive& ar) {
    bool is_virtual = false;
    std::int64_t adj = 0;
    ar(is_virtual, adj);
    // What a frame says is checked before it is used: the this-adjustment
    // stays inside the object (the offset of one of its bases), a virtual
    // function is an aligned slot of a vtable of reasonable size, and any
    // other function is the start of a function of a loaded module.
#if defined(__aarch64__) || defined(__arm__)
    std::int64_t offset_in_object = adj >> 1;
    bool flag_ok = ((adj & 1) != 0) == is_virtual;
#else
    std::int64_t offset_in_object = adj;
    bool flag_ok = true;
#endif
    using Class = typename member_class<F>::type;
    if (!flag_ok || offset_in_object < 0 ||
        static_cast<std::uint64_t>(offset_in_object) >= sizeof(Class))
      throw_pickling_error("a member function reference with an adjustment of " +
                           std::to_string(adj) + " bytes, outside its object");
    Repr r{0, static_cast<std::ptrdiff_t>(adj)};
    if (is_virtual) {
      std::uint64_t ptr = 0;
      ar(ptr);
#if defined(__aarch64__) || defined(__arm__)
      std::uint64_t slot = ptr;
#else
      std::uint64_t slot = ptr - 1;  // 1 + the offset in the vtable
      if ((ptr & 1) == 0) slot = ~std::uint64_t(0);
#endif
      if (slot % sizeof(void*) != 0 || slot >= (sizeof(void*) << 16))
        throw_pickling_error("a virtual member function reference to vtable offset " +
                             std::to_string(slot) + ", which no vtable has");
      r.ptr = static_cast<std::uintptr_t>(ptr);
    } else {
      FunctionRef ref;
      ar(ref);
      r.ptr = reinterpret_cast<std::uintptr_t>(resolve_function(ref));
    }
    F fn;
    std::memcpy(&fn, &r, sizeof r);
    return fn;
  }
};

/// Stands for the result of a callable that cannot be called with the
/// arguments given; submit refuses it with a clear message.
struct not_invocable {};

template <bool Invocable, class F, class... Stored>
struct result_of {
  using type = not_invocable;
};
template <class F, class... Stored>
struct result_of<true, F, Stored...> {
  using raw = std::invoke_result_t<F, Stored...>;
  using type = std::conditional_t<std::is_void_v<raw>, void,
                                  std::remove_cv_t<std::remove_reference_t<raw>>>;
};

/// The result a callable gives for stored arguments (void stays void).
template <class F, class... Stored>
using result_t = typename result_of<std::is_invocable_v<F, Stored...>, F, Stored...>::type;

template <class... A>
constexpr bool no_raw_pointers = (!is_raw_pointer<A>::value && ...);
/// Raw pointers are reported by no_raw_pointers; this judges the rest.
template <class... A>
constexpr bool all_picklable = ((is_raw_pointer<A>::value || picklable<A>) && ...);

/// Splits a member function's receiver (its object, the first task argument)
/// from the other task arguments.
template <bool Member, class... Stored>
struct TaskArgs {
  static constexpr bool receiver_not_pointer = true;
  static constexpr bool receiver_ok = true;
  static constexpr bool args_not_pointers = no_raw_pointers<Stored...>;
  static constexpr bool args_ok = all_picklable<Stored...>;
};
template <class Receiver, class... Rest>
struct TaskArgs<true, Receiver, Rest...> {
  static constexpr bool receiver_not_pointer = !std::is_pointer_v<Receiver>;
  static constexpr bool receiver_ok =
      std::is_pointer_v<Receiver> || nested_picklable<Receiver>::value;
  static constexpr bool args_not_pointers = no_raw_pointers<Rest...>;
  static constexpr bool args_ok = all_picklable<Rest...>;
};

/// Everything the compiler can say about one submission, as flags; submit
/// turns each false flag into a static_assert with its own message.
template <class F, class... Stored>
struct SubmissionRules : TaskArgs<is_member_function<F>, Stored...> {
  static constexpr bool callable_ok = is_picklable_callable<F>;
  static constexpr bool invocable = std::is_invocable_v<F, Stored...>;
  static constexpr bool result_ok = [] {
    if constexpr (std::is_invocable_v<F, Stored...>) {
      using R = result_t<F, Stored...>;
      return std::is_void_v<R> || picklable<R>;
    } else {
      return true;
    }
  }();
  using Args = TaskArgs<is_member_function<F>, Stored...>;
  static constexpr bool ok = callable_ok && Args::receiver_not_pointer && Args::receiver_ok &&
                             Args::args_not_pointers && Args::args_ok && invocable &&
                             result_ok;
};

}  // namespace ppx::detail

#endif  // PPX_DETAIL_CALLABLE_HPP
