#include "Baseline.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <map>
#include <tuple>

namespace clang::tidy::picklint {

namespace {

constexpr int BaselineVersion = 1;

auto key(const BaselineEntry &E) { return std::tie(E.Check, E.File, E.Fingerprint); }

} // namespace

llvm::Expected<std::vector<BaselineEntry>> readBaseline(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return llvm::createStringError(Buffer.getError(), "cannot read the baseline '%s': %s",
                                   Path.str().c_str(), Buffer.getError().message().c_str());
  auto Bad = [&](llvm::StringRef Why) {
    return llvm::createStringError("the baseline '%s' is not valid: %s", Path.str().c_str(),
                                   Why.str().c_str());
  };
  llvm::Expected<llvm::json::Value> Doc = llvm::json::parse((*Buffer)->getBuffer());
  if (!Doc)
    return Bad(llvm::toString(Doc.takeError()));
  const llvm::json::Object *O = Doc->getAsObject();
  if (!O || O->getInteger("version") != BaselineVersion)
    return Bad("expected an object with \"version\": 1");
  const llvm::json::Array *Findings = O->getArray("findings");
  if (!Findings)
    return Bad("expected a \"findings\" array");
  std::vector<BaselineEntry> Entries;
  for (const llvm::json::Value &V : *Findings) {
    const llvm::json::Object *F = V.getAsObject();
    std::optional<llvm::StringRef> Check, File, Fingerprint;
    if (F) {
      Check = F->getString("check");
      File = F->getString("file");
      Fingerprint = F->getString("fingerprint");
    }
    if (!Check || !File || !Fingerprint)
      return Bad("each finding needs \"check\", \"file\" and \"fingerprint\"");
    Entries.push_back({Check->str(), File->str(), Fingerprint->str(),
                       F->getString("message").value_or("").str()});
  }
  return Entries;
}

void applyBaseline(Report &R, const std::vector<BaselineEntry> &Baseline,
                   llvm::StringRef Root) {
  std::map<std::tuple<std::string, std::string, std::string>, unsigned> Left;
  for (const BaselineEntry &E : Baseline)
    ++Left[{E.Check, E.File, E.Fingerprint}];
  std::vector<Finding> Kept;
  for (Finding &F : R.Findings) {
    auto It = Left.find({F.Check, relativePath(F.Where.File, Root), F.Fingerprint});
    if (It != Left.end() && It->second > 0) {
      --It->second;
      ++R.Baselined;
      continue;
    }
    Kept.push_back(std::move(F));
  }
  R.Findings = std::move(Kept);
}

std::vector<BaselineEntry> updatedBaseline(const std::vector<BaselineEntry> &Old,
                                           const Report &R, llvm::StringRef Root) {
  llvm::StringSet<> Checked;
  for (const std::string &F : R.Files)
    Checked.insert(relativePath(F, Root));
  // A finding in a header belongs to the header: keep old entries of files
  // this run neither checked nor reported on.
  for (const Finding &F : R.Findings)
    Checked.insert(relativePath(F.Where.File, Root));
  std::vector<BaselineEntry> Entries;
  for (const BaselineEntry &E : Old)
    if (!Checked.count(E.File))
      Entries.push_back(E);
  for (const Finding &F : R.Findings)
    Entries.push_back({F.Check, relativePath(F.Where.File, Root), F.Fingerprint, F.Message});
  return Entries;
}

llvm::Error writeBaseline(llvm::StringRef Path, std::vector<BaselineEntry> Entries) {
  llvm::sort(Entries, [](const BaselineEntry &A, const BaselineEntry &B) {
    return std::tie(A.File, A.Check, A.Fingerprint, A.Message) <
           std::tie(B.File, B.Check, B.Fingerprint, B.Message);
  });
  llvm::StringRef Dir = llvm::sys::path::parent_path(Path);
  if (!Dir.empty())
    if (std::error_code EC = llvm::sys::fs::create_directories(Dir))
      return llvm::createStringError(EC, "cannot create '%s': %s", Dir.str().c_str(),
                                     EC.message().c_str());
  return llvm::writeToOutput(Path, [&](llvm::raw_ostream &OS) {
    OS << "{\n  \"version\": " << BaselineVersion << ",\n  \"findings\": [";
    for (size_t I = 0; I < Entries.size(); ++I) {
      const BaselineEntry &E = Entries[I];
      llvm::json::Object O{{"file", E.File},
                           {"check", E.Check},
                           {"fingerprint", E.Fingerprint},
                           {"message", E.Message}};
      OS << (I ? ",\n    " : "\n    ") << llvm::json::Value(std::move(O));
    }
    OS << (Entries.empty() ? "]\n}\n" : "\n  ]\n}\n");
    return llvm::Error::success();
  });
}

} // namespace clang::tidy::picklint
