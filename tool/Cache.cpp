#include "Cache.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA1.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/xxhash.h"

namespace clang::tidy::picklint {

namespace {
constexpr int CacheVersion = 1;
}

std::string ResultCache::entryPath(const std::string &File) const {
  llvm::SHA1 Hash;
  Hash.update(File);
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, llvm::sys::path::filename(File) + "." +
                                    llvm::toHex(Hash.final(), true).substr(0, 16) + ".json");
  return std::string(Path);
}

std::string ResultCache::contentHash(const std::string &File) {
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    if (auto It = Hashes.find(File); It != Hashes.end())
      return It->second;
  }
  std::string Hash = "missing";
  if (auto Buffer = llvm::MemoryBuffer::getFile(File, false, false))
    Hash = llvm::utohexstr(llvm::xxh3_64bits((*Buffer)->getBuffer())) + "-" +
           std::to_string((*Buffer)->getBufferSize());
  std::lock_guard<std::mutex> Lock(Mutex);
  Hashes[File] = Hash;
  return Hash;
}

std::optional<CachedUnit> ResultCache::lookup(const std::string &File,
                                              const std::string &Key) {
  auto Buffer = llvm::MemoryBuffer::getFile(entryPath(File));
  if (!Buffer)
    return std::nullopt;
  llvm::Expected<llvm::json::Value> Doc = llvm::json::parse((*Buffer)->getBuffer());
  if (!Doc) { // corrupt: ignored, and written again after this run's parse
    llvm::consumeError(Doc.takeError());
    return std::nullopt;
  }
  const llvm::json::Object *O = Doc->getAsObject();
  // The key hashes picklint's version too; the version is also kept in the
  // clear, so that an entry from another picklint is never read.
  if (!O || O->getInteger("version") != CacheVersion || O->getString("key") != Key ||
      O->getString("file") != File || O->getString("picklint") != PICKLINT_VERSION)
    return std::nullopt;
  const llvm::json::Array *Inputs = O->getArray("inputs");
  const llvm::json::Array *Questions = O->getArray("questions");
  const llvm::json::Value *Result = O->get("report");
  if (!Inputs || !Questions || !Result)
    return std::nullopt;
  CachedUnit Unit;
  for (const llvm::json::Value &V : *Inputs) {
    const llvm::json::Array *Pair = V.getAsArray();
    if (!Pair || Pair->size() != 2)
      return std::nullopt;
    std::optional<llvm::StringRef> Path = (*Pair)[0].getAsString();
    std::optional<llvm::StringRef> Hash = (*Pair)[1].getAsString();
    if (!Path || !Hash || contentHash(Path->str()) != *Hash)
      return std::nullopt;
    Unit.Inputs.push_back(Path->str());
  }
  for (const llvm::json::Value &V : *Questions) {
    const llvm::json::Array *Q = V.getAsArray();
    if (!Q || Q->size() != 4)
      return std::nullopt;
    std::optional<int64_t> Kind = (*Q)[0].getAsInteger();
    std::optional<llvm::StringRef> K1 = (*Q)[1].getAsString(), K2 = (*Q)[2].getAsString(),
                                    Answer = (*Q)[3].getAsString();
    if (!Kind || !K1 || !K2 || !Answer)
      return std::nullopt;
    Unit.Questions.Entries.push_back(
        {static_cast<Question>(*Kind), K1->str(), K2->str(), Answer->str()});
  }
  llvm::Expected<Report> R = fromJson(*Result, "");
  if (!R) {
    llvm::consumeError(R.takeError());
    return std::nullopt;
  }
  Unit.Result = std::move(*R);
  return Unit;
}

void ResultCache::store(const std::string &File, const std::string &Key,
                        const CachedUnit &Unit) {
  llvm::json::Array Inputs, Questions;
  for (const std::string &Input : Unit.Inputs)
    Inputs.push_back(llvm::json::Array{Input, contentHash(Input)});
  for (const QuestionLog::Entry &Q : Unit.Questions.Entries)
    Questions.push_back(
        llvm::json::Array{static_cast<int64_t>(Q.Kind), Q.Key, Q.Key2, Q.Answer});
  llvm::json::Object Doc{{"version", CacheVersion},
                         {"picklint", PICKLINT_VERSION},
                         {"key", Key},
                         {"file", File},
                         {"inputs", std::move(Inputs)},
                         {"questions", std::move(Questions)},
                         {"report", toJson(Unit.Result, OutputOptions{})}};
  std::error_code EC = llvm::sys::fs::create_directories(Dir);
  llvm::Error Err = EC ? llvm::errorCodeToError(EC)
                       : llvm::writeToOutput(entryPath(File), [&](llvm::raw_ostream &OS) {
                           OS << llvm::json::Value(std::move(Doc));
                           return llvm::Error::success();
                         });
  if (Err) {
    std::string Message = llvm::toString(std::move(Err));
    std::lock_guard<std::mutex> Lock(Mutex);
    if (!WriteFailed)
      llvm::WithColor::warning(llvm::errs(), "picklint")
          << "cannot write the result cache in '" << Dir << "': " << Message
          << "; results are not cached\n";
    WriteFailed = true;
  }
}

} // namespace clang::tidy::picklint
