#ifndef PICKLINT_CHECKS_MODEL_LOCATIONS_H
#define PICKLINT_CHECKS_MODEL_LOCATIONS_H

#include "clang/Basic/SourceManager.h"

namespace clang::tidy::picklint {

/// Where to report about code the user wrote: a macro from a system header
/// (`stdout`, `errno`) is reported where it is used, not where it is
/// defined, which clang-tidy would hide as a system header's.
inline SourceLocation userLocation(SourceLocation Loc, const SourceManager &SM) {
  if (Loc.isMacroID() && SM.isInSystemHeader(SM.getSpellingLoc(Loc)))
    return SM.getExpansionLoc(Loc);
  return Loc;
}

} // namespace clang::tidy::picklint

#endif
