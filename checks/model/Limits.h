#ifndef PICKLINT_CHECKS_MODEL_LIMITS_H
#define PICKLINT_CHECKS_MODEL_LIMITS_H

// How far the models follow code, named once.

namespace clang::tidy::picklint {

/// Calls followed inside a translation unit when looking for an observable
/// effect or an executor's creation (a global's initializer, main's
/// statements before the guard).
inline constexpr unsigned MaxCallDepth = 8;

/// Hops followed when a value is handed on: a callable passed from template
/// to template until it is submitted, a member reached through other member
/// functions, a descriptor returned through helpers.
inline constexpr unsigned MaxForwardingDepth = 4;

/// Calls followed across units through the project index.
inline constexpr unsigned MaxCrossUnitDepth = 16;

} // namespace clang::tidy::picklint

#endif
