#include "Project.h"
#include "model/ClangCompat.h"

#include "clang-tidy/ClangTidyModule.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA1.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>

namespace clang::tidy::picklint {

namespace {

/// Records the unit's facts once the AST is complete (nothing on a unit
/// that does not compile: its old shard, if any, stays stale).
class FactsConsumer : public ASTConsumer {
public:
  FactsConsumer(const FactsOptions &Options, std::optional<UnitFacts> &Out)
      : Options(Options), Out(Out) {}
  void HandleTranslationUnit(ASTContext &Context) override {
    if (Context.getDiagnostics().hasUncompilableErrorOccurred())
      return;
    Out = collectFacts(Context, Options);
  }

private:
  const FactsOptions &Options;
  std::optional<UnitFacts> &Out;
};

/// Every file the unit read, absolute (what its cached result depends on).
class InputsConsumer : public ASTConsumer {
public:
  explicit InputsConsumer(std::vector<std::string> &Out) : Out(Out) {}
  void HandleTranslationUnit(ASTContext &Context) override {
    Out = filesRead(Context.getSourceManager());
  }

private:
  std::vector<std::string> &Out;
};

/// clang-tidy's consumer (when checking) and the facts collector (when
/// indexing), on one parse.
class UnitActionFactory : public tooling::FrontendActionFactory {
public:
  UnitActionFactory(ClangTidyContext *Tidy, const FactsOptions *Facts,
                    std::optional<UnitFacts> &Out, std::vector<std::string> &Inputs,
                    IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> BaseFS)
      : Facts(Facts), Out(Out), Inputs(Inputs) {
    if (Tidy)
      TidyFactory = std::make_unique<ClangTidyASTConsumerFactory>(*Tidy, std::move(BaseFS));
  }
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<Action>(*this);
  }
  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation, FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCHContainerOps,
                     DiagnosticConsumer *DiagConsumer) override {
    // As clang-tidy: code under `#ifdef __clang_analyzer__` is seen.
    Invocation->getPreprocessorOpts().SetUpStaticAnalyzer = true;
    return FrontendActionFactory::runInvocation(std::move(Invocation), Files,
                                                std::move(PCHContainerOps), DiagConsumer);
  }

private:
  class Action : public ASTFrontendAction {
  public:
    explicit Action(UnitActionFactory &F) : F(F) {}
    std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                   StringRef File) override {
      std::vector<std::unique_ptr<ASTConsumer>> Consumers;
      if (F.TidyFactory)
        Consumers.push_back(F.TidyFactory->createASTConsumer(CI, File));
      if (F.Facts)
        Consumers.push_back(std::make_unique<FactsConsumer>(*F.Facts, F.Out));
      if (F.TidyFactory)
        Consumers.push_back(std::make_unique<InputsConsumer>(F.Inputs));
      return std::make_unique<MultiplexConsumer>(std::move(Consumers));
    }

  private:
    UnitActionFactory &F;
  };

  std::unique_ptr<ClangTidyASTConsumerFactory> TidyFactory;
  const FactsOptions *Facts;
  std::optional<UnitFacts> &Out;
  std::vector<std::string> &Inputs;
};

/// One parse of one unit: its checks (if \p Check) with \p Index, its facts
/// (if \p Collect), the questions its checks asked.
struct Parse {
  UnitResult Result;
  std::optional<UnitFacts> Facts;
  QuestionLog Questions;
  std::vector<std::string> Inputs;
};

Parse parseUnit(const tooling::CompilationDatabase &DB, const std::string &File,
                const ProjectRunOptions &Options, const ProjectIndex *Index, bool Check,
                bool Collect) {
  Parse P;
  P.Result.File = File;
  // A file system with a working directory of its own: ClangTool moves into
  // each compile command's directory, and units run on several threads.
  llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> BaseFS(
      new llvm::vfs::OverlayFileSystem(llvm::vfs::createPhysicalFileSystem()));
  tooling::ClangTool Tool(DB, {File}, std::make_shared<PCHContainerOperations>(), BaseFS);
  std::unique_ptr<ClangTidyContext> Context =
      std::make_unique<ClangTidyContext>(Options.MakeProvider());
  ClangTidyContext *Ctx = Context.get();
  // clang-tidy's --enable-check-profile: the consumer prints the table when
  // the unit is done.
  if (Check && Options.CheckProfile)
    Ctx->setEnableProfiling(true);
  // The options' extra arguments, as clang-tidy adds them.
  Tool.appendArgumentsAdjuster([Ctx](const tooling::CommandLineArguments &Args,
                                     StringRef Filename) {
    ClangTidyOptions Opts = Ctx->getOptionsForFile(Filename);
    tooling::CommandLineArguments Adjusted = Args;
    if (Opts.ExtraArgsBefore) {
      auto I = Adjusted.begin();
      if (I != Adjusted.end() && !StringRef(*I).starts_with("-"))
        ++I; // the compiler's name
      Adjusted.insert(I, Opts.ExtraArgsBefore->begin(), Opts.ExtraArgsBefore->end());
    }
    if (Opts.ExtraArgs)
      Adjusted.insert(Adjusted.end(), Opts.ExtraArgs->begin(), Opts.ExtraArgs->end());
    return Adjusted;
  });
  Tool.appendArgumentsAdjuster(tooling::getStripPluginsAdjuster());

  ClangTidyDiagnosticConsumer DiagConsumer(*Ctx, nullptr, true, false);
  compat::TidyDiagnostics Diagnostics(*Ctx, DiagConsumer);
  Tool.setDiagnosticConsumer(&DiagConsumer);

  setThreadProject(Index, &P.Questions);
  UnitActionFactory Factory(Check ? Ctx : nullptr, Collect ? &Options.Facts : nullptr,
                            P.Facts, P.Inputs, BaseFS);
  Tool.run(&Factory);
  setThreadProject(nullptr, nullptr);
  SourceFiles Sources;
  collect(DiagConsumer.take(), Sources, P.Result.Result);
  P.Result.Result.SuppressedByNolint = Ctx->getStats().ErrorsIgnoredNOLINT;
  P.Result.Result.Files = {File};
  if (P.Facts)
    P.Facts->Source = File;
  return P;
}

std::string commandHash(const tooling::CompilationDatabase &DB, const std::string &File,
                        const FactsOptions &Options) {
  llvm::SHA1 Hash;
  // The fact collector's options shape the facts too.
  for (const std::string *Option : {&Options.SideEffectFunctions, &Options.PureFunctions,
                                    &Options.HandleFunctions}) {
    Hash.update(*Option);
    Hash.update(llvm::StringRef("\0", 1));
  }
  for (const tooling::CompileCommand &C : DB.getCompileCommands(File)) {
    Hash.update(C.Directory);
    for (const std::string &Arg : C.CommandLine) {
      Hash.update(Arg);
      Hash.update(llvm::StringRef("\0", 1));
    }
  }
  return llvm::toHex(Hash.final(), /*LowerCase=*/true);
}

/// Runs \p Work(I) for I in [0, N) on \p Jobs threads.
void forEach(size_t N, unsigned Jobs, const std::function<void(size_t)> &Work) {
  if (Jobs <= 1 || N <= 1) {
    for (size_t I = 0; I < N; ++I)
      Work(I);
    return;
  }
  llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(std::min<size_t>(Jobs, N)));
  for (size_t I = 0; I < N; ++I)
    Pool.async([&Work, I] { Work(I); });
  Pool.wait();
}

/// The shards on disk, and which of them still describe their unit.
class Shards {
public:
  Shards(std::string Dir, bool Verbose) : Dir(std::move(Dir)), Verbose(Verbose) {}

  /// The unit's shard as last written, current or not (what it read then).
  std::optional<UnitFacts> lastKnown(const std::string &File) {
    return read(File, /*WarnIfUnreadable=*/false);
  }

  /// The unit's shard, if it is current: same command, same inputs.
  std::optional<UnitFacts> current(const std::string &File, const std::string &Hash) {
    std::optional<UnitFacts> Unit = read(File, /*WarnIfUnreadable=*/true);
    if (!Unit || Unit->CommandHash != Hash)
      return std::nullopt;
    for (const Stamp &S : Unit->Inputs) {
      Stamp Now = stamp(S.File);
      if (Now.MTime != S.MTime || Now.Size != S.Size)
        return std::nullopt;
    }
    return Unit;
  }

  void write(const UnitFacts &Unit) {
    if (llvm::Error E = writeShard(Dir, Unit)) {
      std::string Message = llvm::toString(std::move(E));
      std::lock_guard<std::mutex> Lock(Mutex);
      if (!WriteFailed)
        warn("cannot write the project index: " + Message +
             "; this run's verdicts use it, the next run indexes again");
      WriteFailed = true;
    }
  }

  /// Removes the shards of units the project no longer has.
  void prune(const std::vector<std::string> &Units) {
    llvm::StringSet<> Keep;
    for (const std::string &U : Units)
      Keep.insert(shardPath(Dir, U));
    llvm::SmallString<256> UnitsDir(Dir);
    llvm::sys::path::append(UnitsDir, "units");
    std::error_code EC;
    std::vector<std::string> Remove;
    for (llvm::sys::fs::directory_iterator It(UnitsDir, EC), End; It != End && !EC;
         It.increment(EC))
      if (llvm::StringRef(It->path()).ends_with(".json") && !Keep.count(It->path()))
        Remove.push_back(It->path());
    for (const std::string &Path : Remove)
      llvm::sys::fs::remove(Path);
  }

private:
  /// The unit's shard on disk, if there is one and it is the unit's.
  std::optional<UnitFacts> read(const std::string &File, bool WarnIfUnreadable) {
    std::string Path = shardPath(Dir, File);
    if (!llvm::sys::fs::exists(Path))
      return std::nullopt;
    llvm::Expected<UnitFacts> Unit = readShard(Path);
    if (!Unit) {
      std::string Why = llvm::toString(Unit.takeError());
      if (WarnIfUnreadable)
        warn("index shard '" + Path + "' cannot be read (" + Why + "); rebuilding it");
      return std::nullopt;
    }
    if (Unit->Source != File)
      return std::nullopt;
    return std::move(*Unit);
  }

  Stamp stamp(const std::string &File) {
    std::lock_guard<std::mutex> Lock(Mutex);
    auto It = Stamps.find(File);
    if (It == Stamps.end())
      It = Stamps.try_emplace(File, stampOf(File)).first;
    return It->second;
  }
  void warn(const std::string &Message) {
    llvm::WithColor::warning(llvm::errs(), "picklint") << Message << "\n";
  }

  std::string Dir;
  bool Verbose;
  std::mutex Mutex;
  llvm::StringMap<Stamp> Stamps;
  bool WriteFailed = false;
};

} // namespace

namespace {

/// The unit's cached result, if its entry is valid and every question its
/// checks asked gets the same answer from \p Index.
std::optional<Parse> fromCache(const ProjectRunOptions &Options, const std::string &File,
                               const std::string &Key, const ProjectIndex *Index) {
  if (!Options.Cache)
    return std::nullopt;
  std::optional<CachedUnit> Unit = Options.Cache->lookup(File, Key);
  if (!Unit)
    return std::nullopt;
  for (const QuestionLog::Entry &Q : Unit->Questions.Entries)
    if (!Index || Index->digest(Q.Kind, Q.Key, Q.Key2) != Q.Answer)
      return std::nullopt;
  Parse P;
  P.Result.File = File;
  P.Result.Result = std::move(Unit->Result);
  P.Result.FromCache = true;
  P.Questions = std::move(Unit->Questions);
  P.Inputs = std::move(Unit->Inputs);
  return P;
}

/// Keeps a unit's result, unless the compiler stopped it (a unit that does
/// not compile is parsed again next time, to report its errors).
void toCache(const ProjectRunOptions &Options, const Parse &P, const std::string &Key) {
  if (!Options.Cache || P.Result.FromCache || !P.Result.Result.Errors.empty() ||
      P.Inputs.empty())
    return;
  Options.Cache->store(P.Result.File, Key, CachedUnit{P.Result.Result, P.Questions, P.Inputs});
}

/// Parses \p File for its facts only, and writes its shard (command \p Hash).
std::optional<UnitFacts> indexUnit(const tooling::CompilationDatabase &DB, const std::string &File,
                                   const std::string &Hash, const ProjectRunOptions &Options,
                                   Shards &Disk) {
  Parse P = parseUnit(DB, File, Options, nullptr, /*Check=*/false, /*Collect=*/true);
  if (P.Facts) {
    P.Facts->CommandHash = Hash;
    Disk.write(*P.Facts);
  }
  return std::move(P.Facts);
}

/// Step 1 of the project view: the facts of each of \p Units, from its shard
/// when that is current, else by indexing it (units in \p Skip are left
/// stale: their parse comes later). Returns which units were stale.
std::vector<bool> bringUpToDate(const tooling::CompilationDatabase &DB,
                                const std::vector<std::string> &Units,
                                const llvm::StringSet<> &Skip, const ProjectRunOptions &Options,
                                Shards &Disk, std::vector<std::optional<UnitFacts>> &Facts,
                                std::vector<std::string> &Hashes) {
  Facts.assign(Units.size(), std::nullopt);
  Hashes.assign(Units.size(), std::string());
  forEach(Units.size(), Options.Jobs, [&](size_t I) {
    Hashes[I] = commandHash(DB, Units[I], Options.Facts);
    Facts[I] = Disk.current(Units[I], Hashes[I]);
  });
  std::vector<size_t> IndexOnly;
  std::vector<bool> Stale(Units.size());
  for (size_t I = 0; I < Units.size(); ++I) {
    Stale[I] = !Facts[I];
    if (!Facts[I] && !Skip.count(Units[I]))
      IndexOnly.push_back(I);
  }
  forEach(IndexOnly.size(), Options.Jobs, [&](size_t K) {
    size_t I = IndexOnly[K];
    Facts[I] = indexUnit(DB, Units[I], Hashes[I], Options, Disk);
  });
  return Stale;
}

} // namespace

std::vector<std::vector<std::string>>
unitsReading(const tooling::CompilationDatabase &DB, const std::vector<std::string> &Headers,
             const ProjectRunOptions &Options) {
  // What each unit read, from its shard even when stale: a header's edit
  // makes its includers stale, and they are about to be checked (and
  // indexed) anyway; parsing them here too would parse them twice. Only
  // units that have no shard yet are indexed now.
  Shards Disk(Options.IndexDir, Options.Verbose);
  const std::vector<std::string> &Units = Options.ProjectUnits;
  std::vector<std::optional<UnitFacts>> Facts(Units.size());
  forEach(Units.size(), Options.Jobs, [&](size_t I) { Facts[I] = Disk.lastKnown(Units[I]); });
  std::vector<size_t> Unindexed;
  for (size_t I = 0; I < Units.size(); ++I)
    if (!Facts[I])
      Unindexed.push_back(I);
  forEach(Unindexed.size(), Options.Jobs, [&](size_t K) {
    size_t I = Unindexed[K];
    Facts[I] = indexUnit(DB, Units[I], commandHash(DB, Units[I], Options.Facts), Options, Disk);
  });
  // Paths compared as the file system resolves them (a header may be named
  // through a symbolic link or with "..").
  auto Real = [](const std::string &Path) {
    llvm::SmallString<256> Out;
    if (llvm::sys::fs::real_path(Path, Out))
      return Path;
    return std::string(Out);
  };
  llvm::StringMap<size_t> Wanted;
  for (size_t H = 0; H < Headers.size(); ++H)
    Wanted[Real(Headers[H])] = H;
  std::vector<std::vector<std::string>> Readers(Headers.size());
  for (size_t I = 0; I < Facts.size(); ++I) {
    if (!Facts[I])
      continue;
    for (const Stamp &S : Facts[I]->Inputs)
      if (auto It = Wanted.find(Real(S.File)); It != Wanted.end())
        Readers[It->second].push_back(Units[I]);
  }
  return Readers;
}

std::vector<UnitResult> checkProject(const tooling::CompilationDatabase &DB,
                                     const std::vector<std::string> &Files,
                                     const ProjectRunOptions &Options,
                                     ProjectRunStats &Stats) {
  std::vector<Parse> Parses(Files.size());
  std::vector<std::string> Keys(Files.size());
  auto Done = [&](size_t K) {
    if (Options.OnUnitDone)
      Options.OnUnitDone(Parses[K].Result);
  };
  if (Options.IndexDir.empty()) {
    forEach(Files.size(), Options.Jobs, [&](size_t K) {
      if (Options.Cache)
        Keys[K] = Options.CacheKey(Files[K]);
      if (std::optional<Parse> Hit = fromCache(Options, Files[K], Keys[K], nullptr))
        Parses[K] = std::move(*Hit);
      else
        Parses[K] = parseUnit(DB, Files[K], Options, nullptr, /*Check=*/true, /*Collect=*/false);
      toCache(Options, Parses[K], Keys[K]);
      Done(K);
    });
  } else {
    Shards Disk(Options.IndexDir, Options.Verbose);
    // The project's units: the database's, and the checked files.
    std::vector<std::string> Units = Options.ProjectUnits;
    llvm::StringSet<> InProject;
    for (const std::string &U : Units)
      InProject.insert(U);
    for (const std::string &F : Files)
      if (InProject.insert(F).second)
        Units.push_back(F);
    Stats.Units = Units.size();

    // 1. Which shards are current; the others are indexed, except the
    //    checked units' (indexed in the parse that checks them).
    std::vector<std::optional<UnitFacts>> Facts;
    std::vector<std::string> Hashes;
    llvm::StringSet<> Checked;
    for (const std::string &F : Files)
      Checked.insert(F);
    std::vector<bool> Stale = bringUpToDate(DB, Units, Checked, Options, Disk, Facts, Hashes);
    auto Join = [&] {
      auto Index = std::make_shared<ProjectIndex>();
      for (const std::optional<UnitFacts> &U : Facts)
        if (U)
          Index->add(*U);
      return Index;
    };
    std::shared_ptr<ProjectIndex> Before = Join();

    // 2. One parse per checked unit: checks, and facts where stale. A unit
    //    whose facts are current and whose cached result still holds is not
    //    parsed at all.
    llvm::StringMap<size_t> UnitOf;
    for (size_t I = 0; I < Units.size(); ++I)
      UnitOf[Units[I]] = I;
    forEach(Files.size(), Options.Jobs, [&](size_t K) {
      size_t I = UnitOf.lookup(Files[K]);
      if (Options.Cache)
        Keys[K] = Options.CacheKey(Files[K]);
      std::optional<Parse> Hit;
      if (!Stale[I])
        Hit = fromCache(Options, Files[K], Keys[K], Before.get());
      Parses[K] = Hit ? std::move(*Hit)
                      : parseUnit(DB, Files[K], Options, Before.get(), /*Check=*/true, Stale[I]);
      Done(K);
    });
    bool Changed = false;
    for (size_t K = 0; K < Files.size(); ++K) {
      size_t I = UnitOf[Files[K]];
      if (!Parses[K].Facts)
        continue;
      Parses[K].Facts->CommandHash = Hashes[I];
      Disk.write(*Parses[K].Facts);
      Facts[I] = std::move(Parses[K].Facts);
      Changed = true;
    }
    for (size_t I = 0; I < Units.size(); ++I)
      if (Stale[I]) {
        ++Stats.Indexed;
        if (Options.Verbose)
          llvm::errs() << "picklint: indexed " << Units[I] << "\n";
      }

    // 3. Units whose questions now get other answers are checked again.
    if (Changed) {
      std::shared_ptr<ProjectIndex> After = Join();
      std::vector<size_t> Again;
      for (size_t K = 0; K < Files.size(); ++K)
        for (const QuestionLog::Entry &Q : Parses[K].Questions.Entries)
          if (After->digest(Q.Kind, Q.Key, Q.Key2) != Q.Answer) {
            Again.push_back(K);
            break;
          }
      forEach(Again.size(), Options.Jobs, [&](size_t J) {
        size_t K = Again[J];
        Parses[K] = parseUnit(DB, Files[K], Options, After.get(), /*Check=*/true, false);
        if (Options.Verbose)
          llvm::errs() << "picklint: checked again with the new index: " << Files[K] << "\n";
      });
      Stats.CheckedAgain = Again.size();
    }
    for (size_t K = 0; K < Files.size(); ++K)
      toCache(Options, Parses[K], Keys[K]);
    if (!Options.ProjectUnits.empty())
      Disk.prune(Units);
  }
  std::vector<UnitResult> Results;
  for (Parse &P : Parses) {
    Stats.FromCache += P.Result.FromCache;
    Results.push_back(std::move(P.Result));
  }
  return Results;
}

} // namespace clang::tidy::picklint
