#include "Config.h"
#include "model/ClangCompat.h"

#include "clang-tidy/GlobList.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/VirtualFileSystem.h"

namespace clang::tidy::picklint {

namespace {

const char *const PicklintChecks[] = {
#define PICKLINT_CHECK(Name, Class, Summary) Name,
#include "Checks.def"
};

const char NarrowingSource[] = "picklint: picklint's checks only";

/// The sources merged as clang-tidy's getOptions merges them, without
/// picklint's own narrowing.
ClangTidyOptions
mergedSources(const std::vector<ClangTidyOptionsProvider::OptionsSource> &Sources) {
  ClangTidyOptions Merged;
  unsigned Order = 0;
  for (const auto &[Options, Source] : Sources)
    if (Source != NarrowingSource)
      Merged.mergeWith(Options, ++Order);
  return Merged;
}

/// The options of a .clang-tidy-configured project, narrowed to picklint's
/// checks: a last source that enables exactly the picklint checks the
/// others enable.
class GateProvider : public ClangTidyOptionsProvider {
public:
  explicit GateProvider(std::unique_ptr<ClangTidyOptionsProvider> Inner)
      : Inner(std::move(Inner)) {}
  const ClangTidyGlobalOptions &getGlobalOptions() override {
    return Inner->getGlobalOptions();
  }
  std::vector<OptionsSource> getRawOptions(llvm::StringRef FileName) override {
    std::vector<OptionsSource> Sources = Inner->getRawOptions(FileName);
    std::string MergedChecks = mergedSources(Sources).Checks.value_or("");
    CachedGlobList Globs(MergedChecks);
    std::string Only = "-*";
    for (const char *Name : PicklintChecks)
      if (Globs.contains(Name))
        Only += std::string(",") + Name;
    ClangTidyOptions Narrow;
    Narrow.Checks = Only;
    Sources.emplace_back(std::move(Narrow), NarrowingSource);
    return Sources;
  }

private:
  std::unique_ptr<ClangTidyOptionsProvider> Inner;
};

class SharedView : public ClangTidyOptionsProvider {
public:
  SharedView(std::shared_ptr<ClangTidyOptionsProvider> Provider, std::mutex &Lock)
      : Provider(std::move(Provider)), Lock(Lock) {}
  const ClangTidyGlobalOptions &getGlobalOptions() override {
    return Provider->getGlobalOptions(); // set once, at construction
  }
  std::vector<OptionsSource> getRawOptions(llvm::StringRef FileName) override {
    std::lock_guard<std::mutex> Guard(Lock);
    return Provider->getRawOptions(FileName);
  }

private:
  std::shared_ptr<ClangTidyOptionsProvider> Provider;
  std::mutex &Lock;
};

/// The closest of \p Candidates to \p Name, if it is close enough to be
/// what was meant.
std::string closest(llvm::StringRef Name, const llvm::StringSet<> &Candidates) {
  std::string Best;
  unsigned BestDistance = std::max<unsigned>(2, Name.size() / 3) + 1;
  for (const auto &C : Candidates) {
    unsigned D = Name.edit_distance(C.getKey(), true, BestDistance);
    if (D < BestDistance) {
      BestDistance = D;
      Best = C.getKey().str();
    }
  }
  return Best;
}

std::string didYouMean(const std::string &Suggestion) {
  return Suggestion.empty() ? "" : "; did you mean '" + Suggestion + "'?";
}

} // namespace

std::unique_ptr<ClangTidyOptionsProvider> makeOptionsProvider(const ConfigInput &In,
                                                              std::string &Error) {
  ClangTidyGlobalOptions GlobalOptions;
  if (!In.LineFilter.empty()) {
    // Checked as JSON first: the YAML reader would print its own excerpt.
    if (llvm::Expected<llvm::json::Value> Json = llvm::json::parse(In.LineFilter); !Json) {
      Error = "invalid --line-filter: " + llvm::toString(Json.takeError()) +
              " (expected JSON such as [{\"name\":\"file.cpp\",\"lines\":[[1,10]]}])";
      return nullptr;
    }
  }
  if (!In.LineFilter.empty())
    if (std::error_code EC = parseLineFilter(In.LineFilter, GlobalOptions)) {
      Error = "invalid --line-filter: " + EC.message() +
              " (expected JSON such as [{\"name\":\"file.cpp\",\"lines\":[[1,10]]}])";
      return nullptr;
    }
  ClangTidyOptions DefaultOptions;
  DefaultOptions.Checks = "-*,picklint-*";
  DefaultOptions.WarningsAsErrors = "";
  DefaultOptions.HeaderFilterRegex = "";
  DefaultOptions.SystemHeaders = false;
  DefaultOptions.User = llvm::sys::Process::GetEnv("USER");
  DefaultOptions.ExtraArgsBefore = In.ExtraArgsBefore;

  ClangTidyOptions OverrideOptions;
  OverrideOptions.Checks = In.Checks;
  OverrideOptions.WarningsAsErrors = In.WarningsAsErrors;
  OverrideOptions.HeaderFilterRegex = In.HeaderFilter;
  OverrideOptions.ExcludeHeaderFilterRegex = In.ExcludeHeaderFilter;

  auto FS = llvm::vfs::getRealFileSystem();
  std::unique_ptr<ClangTidyOptionsProvider> Provider;
  if (In.ConfigText || In.ConfigFile) {
    if (In.ConfigText && In.ConfigFile) {
      Error = "--config and --config-file are mutually exclusive";
      return nullptr;
    }
    std::string Text, Source = "<command-line-config>";
    if (In.ConfigFile) {
      auto Buffer = llvm::MemoryBuffer::getFile(*In.ConfigFile);
      if (!Buffer) {
        Error = "cannot read config file '" + *In.ConfigFile + "': " +
                Buffer.getError().message();
        return nullptr;
      }
      Text = (*Buffer)->getBuffer().str();
      Source = *In.ConfigFile;
    } else {
      Text = *In.ConfigText;
    }
    llvm::ErrorOr<ClangTidyOptions> Parsed =
        parseConfiguration(llvm::MemoryBufferRef(Text, Source));
    if (!Parsed) {
      Error = "invalid configuration in " + Source + ": " + Parsed.getError().message();
      return nullptr;
    }
    Provider = std::make_unique<ConfigOptionsProvider>(
        std::move(GlobalOptions), ClangTidyOptions::getDefaults().merge(DefaultOptions, 0),
        std::move(*Parsed), std::move(OverrideOptions), FS);
  } else {
    Provider = std::make_unique<FileOptionsProvider>(
        std::move(GlobalOptions), std::move(DefaultOptions), std::move(OverrideOptions), FS);
  }
  // Checks asked for on the command line run as in clang-tidy; otherwise
  // only picklint's.
  if (In.Checks)
    return Provider;
  return std::make_unique<GateProvider>(std::move(Provider));
}

std::unique_ptr<ClangTidyOptionsProvider>
sharedView(std::shared_ptr<ClangTidyOptionsProvider> Provider, std::mutex &Lock) {
  return std::make_unique<SharedView>(std::move(Provider), Lock);
}

std::vector<std::string> verifyConfig(ClangTidyOptionsProvider &Provider,
                                      llvm::StringRef File, const ConfigInput &In) {
  static const compat::ChecksAndOptions Known = compat::allChecksAndOptions();
  std::vector<std::string> Problems;

  ClangTidyOptions Merged = mergedSources(Provider.getRawOptions(File));
  // Named strings: the items split below point into them (a temporary in a
  // range-for's initializer would be gone before the loop body runs).
  std::string CommandLineChecks = In.Checks.value_or("");
  std::string CommandLineWarningsAsErrors = In.WarningsAsErrors.value_or("");

  // Check globs. A .clang-tidy file may name other tools' checks (it is
  // shared with clang-tidy); what looks like picklint's, or what the command
  // line asks for, must exist.
  llvm::StringSet<> CommandLineItems;
  for (llvm::StringRef Item : llvm::split(CommandLineChecks, ','))
    CommandLineItems.insert(Item.trim().ltrim('-').trim());
  for (llvm::StringRef Item : llvm::split(CommandLineWarningsAsErrors, ','))
    CommandLineItems.insert(Item.trim().ltrim('-').trim());
  llvm::StringSet<> Reported;
  // The checks glob and the warnings-as-errors glob name checks alike.
  std::string MergedChecks =
      Merged.Checks.value_or("") + "," + Merged.WarningsAsErrors.value_or("");
  for (llvm::StringRef Item : llvm::split(MergedChecks, ',')) {
    Item = Item.trim();
    if (Item.starts_with("-"))
      Item = Item.drop_front().trim();
    if (Item.empty() || Item == "*" || Item.starts_with("clang-diagnostic-"))
      continue;
    bool Ours = Item.starts_with("picklint-") || Item.starts_with("picklint*");
    if (!Ours && !CommandLineItems.count(Item))
      continue;
    GlobList Glob(Item);
    bool Matches = llvm::any_of(Known.Checks, [&](const auto &C) {
      return Glob.contains(C.getKey());
    });
    if (Matches || !Reported.insert(Item).second)
      continue;
    if (Item.contains('*'))
      Problems.push_back("'" + Item.str() + "' matches no check picklint has (its own, and "
                         "the Clang Static Analyzer's that clang-tidy builds in)");
    else
      Problems.push_back("unknown check '" + Item.str() + "'" +
                         didYouMean(closest(Item, Known.Checks)));
  }

  // Option keys of picklint's checks ("<check>.<key>", or a bare key).
  llvm::StringSet<> LocalKeys;
  for (const auto &O : Known.Options) {
    llvm::StringRef Key = O.getKey();
    if (Key.starts_with("picklint-"))
      LocalKeys.insert(Key.rsplit('.').second);
  }
  for (const auto &Entry : Merged.CheckOptions) {
    llvm::StringRef Key = Entry.getKey();
    auto [Check, Local] = Key.rsplit('.');
    if (Local.empty()) { // a bare key: global, shared with other tools
      if (!LocalKeys.count(Key)) {
        std::string Near = closest(Key, LocalKeys);
        if (!Near.empty())
          Problems.push_back("unknown option '" + Key.str() + "'" + didYouMean(Near));
      }
      continue;
    }
    if (!Check.starts_with("picklint-"))
      continue;
    if (!Known.Checks.count(Check)) {
      Problems.push_back("unknown check '" + Check.str() + "' in option '" + Key.str() + "'" +
                         didYouMean(closest(Check, Known.Checks)));
      continue;
    }
    if (!Known.Options.count(Key)) {
      llvm::StringSet<> Siblings;
      for (const auto &O : Known.Options)
        if (O.getKey().starts_with((Check + ".").str()))
          Siblings.insert(O.getKey().rsplit('.').second);
      Problems.push_back("unknown option '" + Local.str() + "' of " + Check.str() +
                         didYouMean(closest(Local, Siblings)));
    }
  }
  return Problems;
}

} // namespace clang::tidy::picklint
