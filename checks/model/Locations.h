#ifndef PICKLINT_CHECKS_MODEL_LOCATIONS_H
#define PICKLINT_CHECKS_MODEL_LOCATIONS_H

#include "Facts.h"

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

/// The place of a location, as the project index records it: the file
/// (absolute, dots removed) and the line and column where the code is
/// written, or where the macro that wrote it is used.
Place placeOf(SourceLocation Loc, const SourceManager &SM);

/// A location for a place in another unit's file, loading the file into
/// this unit's source manager; invalid if the file cannot be read.
SourceLocation locationOf(const Place &P, SourceManager &SM);

} // namespace clang::tidy::picklint

#endif
