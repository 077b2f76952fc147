#include "ClangCompat.h"
#include "Locations.h"

#include "clang/Basic/FileManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace clang::tidy::picklint {

Place placeOf(SourceLocation Loc, const SourceManager &SM) {
  Place P;
  if (Loc.isInvalid())
    return P;
  Loc = SM.getFileLoc(Loc);
  PresumedLoc Presumed = SM.getPresumedLoc(Loc, /*UseLineDirectives=*/false);
  if (Presumed.isInvalid())
    return P;
  llvm::SmallString<256> Path(Presumed.getFilename());
  llvm::ErrorOr<std::string> Dir =
      SM.getFileManager().getVirtualFileSystem().getCurrentWorkingDirectory();
  compat::makeAbsolute(Dir ? *Dir : std::string(), Path);
  P.File = std::string(Path);
  P.Line = Presumed.getLine();
  P.Col = Presumed.getColumn();
  return P;
}

SourceLocation locationOf(const Place &P, SourceManager &SM) {
  if (!P.valid())
    return {};
  llvm::Expected<FileEntryRef> File = SM.getFileManager().getFileRef(P.File);
  if (!File) {
    llvm::consumeError(File.takeError());
    return {};
  }
  FileID ID = SM.translateFile(*File);
  if (ID.isInvalid())
    ID = SM.createFileID(*File, SourceLocation(), SrcMgr::C_User);
  if (ID.isInvalid())
    return {};
  return SM.translateLineCol(ID, P.Line, P.Col);
}

} // namespace clang::tidy::picklint
