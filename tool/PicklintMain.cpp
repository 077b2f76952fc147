// picklint: the standalone program. Runs the same checks as the clang-tidy
// plugin over the files it is given, reading .clang-tidy files, CheckOptions
// and NOLINT comments as clang-tidy does, and accepting clang-tidy's command
// line (docs/cli.md).
//
//   picklint [options] <source>... [-- <compiler args>]
//   picklint -p <build dir>                 every file of the database
//   picklint merge <report.json|sarif>...   the reports of --shard runs
//
// Exit status: 0 no findings, 1 findings, 2 the tool could not do its job.

#include "Baseline.h"
#include "Config.h"
#include "PicklintModule.h"
#include "Project.h"
#include "Report.h"
#include "model/ClangCompat.h"

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang/Driver/Types.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SHA1.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <chrono>
#include <map>
#include <mutex>
#include <thread>

using namespace clang;
using namespace clang::tidy;
using namespace clang::tidy::picklint;
namespace cl = llvm::cl;

// The standalone program registers the module directly; the plugin registers
// it behind its version guard (checks/PluginEntry.cpp).
static ClangTidyModuleRegistry::Add<PicklintModule> Registration(ModuleName,
                                                                 ModuleDescription);

int runMerge(int argc, const char **argv); // tool/Merge.cpp

namespace {

enum ExitCode { ExitClean = 0, ExitFindings = 1, ExitToolError = 2 };

cl::OptionCategory Category("picklint options");

// What picklint and clang-tidy share.
cl::list<std::string> Sources(cl::Positional, cl::desc("<source>..."), cl::cat(Category));
cl::opt<std::string> BuildPath("p", cl::desc("Build directory holding compile_commands.json;\n"
                                             "with no source named, check all its entries"),
                               cl::value_desc("build dir"), cl::cat(Category));
cl::opt<std::string> Checks("checks",
                            cl::desc("Glob list of checks to run (default: picklint-*). As\n"
                                     "clang-tidy's, it is added to the checks of .clang-tidy\n"
                                     "files; without it only picklint's checks run"),
                            cl::cat(Category));
cl::opt<std::string> WarningsAsErrors("warnings-as-errors",
                                      cl::desc("Glob list of checks whose findings are errors"),
                                      cl::cat(Category));
cl::opt<std::string> Config("config",
                            cl::desc("Configuration in YAML, as in a .clang-tidy file"),
                            cl::cat(Category));
cl::opt<std::string> ConfigFile("config-file",
                                cl::desc("Read the configuration from this file"),
                                cl::cat(Category));
cl::opt<std::string> HeaderFilter("header-filter",
                                  cl::desc("Regular expression of headers to report from"),
                                  cl::cat(Category));
cl::opt<std::string> ExcludeHeaderFilter(
    "exclude-header-filter",
    cl::desc("Regular expression of headers not to report from (after --header-filter)"),
    cl::cat(Category));
cl::opt<bool> UseColor("use-color", cl::desc("Colour the text output (default: on a terminal)"),
                       cl::cat(Category));
cl::opt<bool> AllowNoChecks("allow-no-checks",
                            cl::desc("Exit 0 when no check is enabled, instead of 2"),
                            cl::cat(Category));
cl::opt<std::string> LineFilter(
    "line-filter",
    cl::desc("Report only these lines, as clang-tidy's --line-filter:\n"
             "[{\"name\":\"file.cpp\",\"lines\":[[9,19],[30,40]]},...]"),
    cl::cat(Category));
cl::list<std::string> ExtraArgs("extra-arg",
                                cl::desc("Add this argument to the end of each compile command"),
                                cl::cat(Category));
cl::list<std::string> ExtraArgsBefore(
    "extra-arg-before", cl::desc("Add this argument to the start of each compile command"),
    cl::cat(Category));
cl::opt<bool> Fix("fix", cl::desc("Apply the fix-its of the findings"), cl::cat(Category));
cl::opt<std::string> ExportFixes("export-fixes",
                                 cl::desc("Write the findings and their fix-its to this file\n"
                                          "as clang-tidy's YAML (for clang-apply-replacements)"),
                                 cl::value_desc("file"), cl::cat(Category));
cl::opt<bool> ListChecks("list-checks", cl::desc("List the enabled checks and exit"),
                         cl::cat(Category));
cl::opt<bool> DumpConfig("dump-config",
                         cl::desc("Print the effective configuration and exit"),
                         cl::cat(Category));
cl::opt<bool> VerifyConfig("verify-config",
                           cl::desc("Check the configuration (check names, option keys) and\n"
                                    "exit: 0 when it is valid, 2 when it is not"),
                           cl::cat(Category));
cl::opt<bool> Quiet("quiet", cl::desc("Print no progress line and no closing summary"),
                    cl::cat(Category));

// picklint's own.
cl::opt<Format> OutputFormat(
    "format", cl::desc("Output format"), cl::init(Format::Text),
    cl::values(clEnumValN(Format::Text, "text", "clang-style diagnostics"),
               clEnumValN(Format::Json, "json", "JSON (docs/report-schema.json)"),
               clEnumValN(Format::Sarif, "sarif", "SARIF 2.1.0"),
               clEnumValN(Format::CodeQuality, "codequality", "GitLab code quality (Code Climate)")),
    cl::cat(Category));
cl::opt<unsigned> Jobs("j", cl::desc("Number of files to check in parallel (0: one per core)"),
                       cl::init(1), cl::Prefix, cl::cat(Category));
cl::opt<bool> ExitZero("exit-zero", cl::desc("Exit 0 even when there are findings"),
                       cl::cat(Category));
cl::opt<bool> Statistics("statistics", cl::desc("Print the number of findings of each check"),
                         cl::cat(Category));
cl::opt<std::string> Baseline("baseline",
                              cl::desc("Report only the findings this baseline does not hold"),
                              cl::value_desc("file"), cl::cat(Category));
cl::opt<bool> UpdateBaseline("update-baseline",
                             cl::desc("Write this run's findings into the --baseline file"),
                             cl::cat(Category));
cl::opt<std::string> ProjectRoot(
    "project-root",
    cl::desc("Paths in reports and baselines are relative to this folder\n"
             "(default: the git work tree around the current folder, else the current folder)"),
    cl::value_desc("dir"), cl::cat(Category));
cl::opt<std::string> SarifRoot("sarif-root",
                               cl::desc("%SRCROOT% of SARIF reports (default: the project root)"),
                               cl::value_desc("dir"), cl::cat(Category));
cl::opt<std::string> HelpBaseUri("help-base-uri",
                                 cl::desc("Where the check pages are, for SARIF rules"),
                                 cl::init(PICKLINT_DOCS_BASE_URI), cl::cat(Category));
cl::opt<std::string> Shard("shard",
                           cl::desc("Check the I-th of N stable parts of the files (1 <= I <= N)"),
                           cl::value_desc("I/N"), cl::cat(Category));
cl::opt<std::string> CacheDir(
    "cache-dir",
    cl::desc("Where the result cache lives (default with -p: <index dir>/cache)"),
    cl::value_desc("dir"), cl::cat(Category));
cl::opt<bool> NoCache("no-cache", cl::desc("Neither read nor write the result cache"),
                      cl::cat(Category));
cl::opt<std::string> IndexDir(
    "index-dir",
    cl::desc("Where the project index lives (default with -p: <build dir>/.picklint)"),
    cl::value_desc("dir"), cl::cat(Category));
cl::opt<bool> NoIndex("no-index",
                      cl::desc("Check each file on its own, without the project index"),
                      cl::cat(Category));
cl::opt<bool> IndexOnly("index-only",
                        cl::desc("Bring the project index up to date and check nothing\n"
                                 "(for the plugin's ProjectIndex option)"),
                        cl::cat(Category));
cl::opt<bool> EnableCheckProfile(
    "enable-check-profile",
    cl::desc("Print each unit's time per check to standard error, as clang-tidy does\n"
             "(units are then checked one at a time, and the result cache is not read)"),
    cl::cat(Category));
cl::opt<bool> CheckIncluders(
    "check-includers",
    cl::desc("Check a named file that the compilation database does not list (a header)\n"
             "through the database's units that include it (needs -p and the index)"),
    cl::cat(Category));
cl::opt<bool> Verbose("verbose", cl::desc("Say which units are indexed, checked again or cached"),
                      cl::cat(Category));

const char Overview[] =
    "picklint: finds task submissions that cannot cross a process boundary.\n\n"
    "  picklint [options] <source>... [-- <compiler args>]\n"
    "  picklint -p <build dir> [options]          (every file of the database)\n"
    "  picklint merge [--format=F] <report>...    (the JSON or SARIF of --shard runs)\n\n"
    "Exit status: 0 no findings, 1 findings, 2 the tool could not do its job.\n";

std::string absolute(llvm::StringRef Path) {
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

/// The git work tree around the current folder, else the current folder.
std::string defaultRoot() {
  std::string Here = absolute(".");
  for (llvm::StringRef Dir = Here; !Dir.empty(); Dir = llvm::sys::path::parent_path(Dir)) {
    llvm::SmallString<256> Git(Dir);
    llvm::sys::path::append(Git, ".git");
    if (llvm::sys::fs::exists(Git))
      return Dir.str();
  }
  return Here;
}

/// Where clang's builtin headers are: they sit next to clang, not next to us.
std::string resourceDir() {
  if (std::optional<std::string> Env = llvm::sys::Process::GetEnv("PICKLINT_RESOURCE_DIR"))
    return *Env;
  return PICKLINT_CLANG_RESOURCE_DIR;
}

/// The format the command line asks for, read before (or without) parsing
/// it, so that a run that fails early still writes a document of that format.
Format requestedFormat(int argc, const char **argv) {
  Format F = Format::Text;
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef Arg = argv[I];
    if (Arg == "--")
      break;
    llvm::StringRef Value;
    if (Arg.consume_front("--format=") || Arg.consume_front("-format="))
      Value = Arg;
    else if ((Arg == "--format" || Arg == "-format") && I + 1 < argc)
      Value = argv[I + 1];
    if (std::optional<Format> Named = formatNamed(Value))
      F = *Named;
  }
  return F;
}

struct Run {
  Format Output = Format::Text;
  OutputOptions Out, SarifOut;

  /// A run that could not do its job: one line on stderr, and, for the
  /// machine formats, a valid document that says so.
  int fail(const llvm::Twine &Text) {
    // One line: LLVM's messages may hold several, and excerpts with carets.
    std::string Message, Full = Text.str();
    llvm::SmallVector<llvm::StringRef> Lines;
    llvm::StringRef(Full).split(Lines, '\n');
    for (llvm::StringRef Line : Lines) {
      Line = Line.trim();
      if (Line.empty() || Line.find_first_not_of("^~ ") == llvm::StringRef::npos)
        continue;
      Message += (Message.empty() ? "" : "; ") + Line.str();
    }
    llvm::WithColor::error(llvm::errs(), "picklint") << Message << "\n";
    Report R;
    R.Errors.push_back({Span{}, Message});
    printReport(llvm::outs(), Output, R, Out, SarifOut);
    return ExitToolError;
  }
};

/// "I/N" -> (I, N), 1 <= I <= N.
std::optional<std::pair<unsigned, unsigned>> parseShard(llvm::StringRef Text) {
  auto [I, N] = Text.split('/');
  unsigned Index, Count;
  if (I.getAsInteger(10, Index) || N.getAsInteger(10, Count) || Count == 0 || Index == 0 ||
      Index > Count)
    return std::nullopt;
  return std::make_pair(Index, Count);
}

/// Progress on a terminal: files done of all, findings so far, time.
class Progress {
public:
  Progress(size_t Total, bool Enabled) : Total(Total), Enabled(Enabled) {}
  void unitDone(const UnitResult &U) {
    std::lock_guard<std::mutex> Lock(Mutex);
    ++Done;
    for (const Finding &F : U.Result.Findings) // a header's, once
      Seen.insert(F.Where.File + ":" + std::to_string(F.Where.Offset) + ":" + F.Check);
    if (!Enabled)
      return;
    double Seconds = std::chrono::duration<double>(Clock::now() - Start).count();
    llvm::errs() << llvm::format("\r\x1b[K[%zu/%zu] files, %zu finding%s so far, %.1fs", Done,
                                 Total, Seen.size(), Seen.size() == 1 ? "" : "s", Seconds);
    llvm::errs().flush();
  }
  void clear() {
    if (Enabled && Done)
      llvm::errs() << "\r\x1b[K";
  }

private:
  using Clock = std::chrono::steady_clock;
  size_t Total, Done = 0;
  llvm::StringSet<> Seen;
  bool Enabled;
  std::mutex Mutex;
  Clock::time_point Start = Clock::now();
};

std::string plural(size_t N, llvm::StringRef One, llvm::StringRef Many) {
  return std::to_string(N) + " " + (N == 1 ? One : Many).str();
}

} // namespace

int main(int argc, const char **argv) {
  llvm::InitLLVM X(argc, argv);
  if (argc > 1 && llvm::StringRef(argv[1]) == "merge")
    return runMerge(argc - 1, argv + 1);

  Run R;
  R.Output = requestedFormat(argc, argv);
  R.Out.Root = R.SarifOut.Root = defaultRoot();
  R.Out.HelpBaseUri = R.SarifOut.HelpBaseUri = PICKLINT_DOCS_BASE_URI;

  // Everything after "--" is the compile command for every source: flags, or
  // a whole compiler command line as CMake's CXX_CLANG_TIDY passes it.
  // (CommonOptionsParser does this too, but where no database is found it
  // runs "without flags"; picklint's contract is exit 2 and a clear line.
  // Its ArgumentsAdjustingCompilations is used below for --extra-arg.)
  std::string FixedError;
  std::unique_ptr<tooling::CompilationDatabase> Compilations =
      tooling::FixedCompilationDatabase::loadFromCommandLine(argc, argv, FixedError);
  // The driver that reads those arguments may complain and still succeed (a
  // whole compile command with -o and -c): only a failure is one.
  if (!Compilations && !FixedError.empty())
    return R.fail(llvm::StringRef(FixedError).trim());

  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "picklint " << PICKLINT_VERSION << " (Clang/LLVM " << PICKLINT_LLVM_VERSION_MAJOR
       << ")\n";
  });
  std::string ParseErrors;
  llvm::raw_string_ostream ParseErrorStream(ParseErrors);
  if (!cl::ParseCommandLineOptions(argc, argv, Overview, &ParseErrorStream)) {
    llvm::StringRef First = llvm::StringRef(ParseErrors).trim();
    First.consume_front("picklint: ");
    llvm::errs() << ParseErrorStream.str() << "Run 'picklint --help' for usage.\n";
    if (R.Output != Format::Text)
      R.fail(First.split('\n').first.str());
    return ExitToolError;
  }
  R.Output = OutputFormat;
  if (ProjectRoot.getNumOccurrences())
    R.Out.Root = R.SarifOut.Root = absolute(ProjectRoot);
  if (SarifRoot.getNumOccurrences())
    R.SarifOut.Root = absolute(SarifRoot);
  R.Out.HelpBaseUri = R.SarifOut.HelpBaseUri = HelpBaseUri;

  ConfigInput In;
  if (Checks.getNumOccurrences())
    In.Checks = Checks;
  if (WarningsAsErrors.getNumOccurrences())
    In.WarningsAsErrors = WarningsAsErrors;
  if (HeaderFilter.getNumOccurrences())
    In.HeaderFilter = HeaderFilter;
  if (ExcludeHeaderFilter.getNumOccurrences())
    In.ExcludeHeaderFilter = ExcludeHeaderFilter;
  if (Config.getNumOccurrences())
    In.ConfigText = Config;
  if (ConfigFile.getNumOccurrences())
    In.ConfigFile = ConfigFile;
  In.LineFilter = LineFilter;
  // (-fno-caret-diagnostics: no "N warnings generated." from the compiler;
  // the closing summary says it.)
  In.ExtraArgsBefore = {"-resource-dir=" + resourceDir(), "-fno-caret-diagnostics"};
  std::string ProviderError;
  std::unique_ptr<ClangTidyOptionsProvider> Provider = makeOptionsProvider(In, ProviderError);
  if (!Provider)
    return R.fail(ProviderError);

  // The configuration of the first source (run-clang-tidy asks for
  // --list-checks with the source "" or "-").
  std::string FirstFile = Sources.empty() || Sources.front().empty() || Sources.front() == "-"
                              ? absolute("dummy.cpp")
                              : absolute(Sources.front());
  ClangTidyOptions Effective = Provider->getOptions(FirstFile);
  std::vector<std::string> Enabled = compat::checkNames(Effective);
  if (ListChecks) {
    llvm::outs() << "Enabled checks:";
    for (const std::string &Name : Enabled)
      llvm::outs() << "\n    " << Name;
    llvm::outs() << "\n\n";
    return ExitClean;
  }
  if (DumpConfig) {
    Effective.CheckOptions = compat::checkOptions(Effective);
    llvm::outs() << configurationAsText(ClangTidyOptions::getDefaults().merge(Effective, 0))
                 << "\n";
    return ExitClean;
  }

  // A source that is missing is an error of the run, not its end: the
  // others are still checked (exit 2 all the same).
  std::vector<std::string> Files;
  std::vector<ToolError> BadSources;
  for (const std::string &Source : Sources) {
    std::string Problem;
    if (!llvm::sys::fs::exists(Source))
      Problem = "no such file: '" + Source + "'";
    else if (llvm::sys::fs::is_directory(Source))
      Problem = "'" + Source + "' is a directory, not a source file";
    if (Problem.empty()) {
      Files.push_back(absolute(Source));
      continue;
    }
    BadSources.push_back({Span{}, Problem});
  }

  // Names in the configuration that picklint does not know: an error with
  // --verify-config, a warning otherwise (once each).
  {
    std::vector<std::string> Problems;
    llvm::StringSet<> Seen;
    llvm::StringSet<> Dirs;
    for (const std::string &F : Files.empty() ? std::vector<std::string>{FirstFile} : Files)
      if (Dirs.insert(llvm::sys::path::parent_path(F)).second)
        for (std::string &P : verifyConfig(*Provider, F, In))
          if (Seen.insert(P).second)
            Problems.push_back(std::move(P));
    if (VerifyConfig) {
      for (const std::string &P : Problems)
        llvm::WithColor::error(llvm::errs(), "picklint") << P << "\n";
      if (!Problems.empty())
        return ExitToolError;
      llvm::outs() << "No config errors detected.\n";
      return ExitClean;
    }
    for (const std::string &P : Problems)
      llvm::WithColor::warning(llvm::errs(), "picklint") << P << "\n";
  }
  if (Sources.size() == 1 && !BadSources.empty())
    return R.fail(BadSources.front().Message);
  for (const ToolError &E : BadSources)
    llvm::WithColor::error(llvm::errs(), "picklint") << E.Message << "\n";
  if (!Sources.empty() && Files.empty())
    return R.fail("none of the sources exists");

  if (Enabled.empty()) {
    if (AllowNoChecks)
      return ExitClean;
    return R.fail("no checks enabled: the configuration turns on none of picklint's checks "
                  "(see --list-checks)");
  }
  if (Files.empty() && (BuildPath.empty() || Compilations))
    return R.fail("no input files; usage: picklint [options] <source>... [-- <compiler args>], "
                  "or picklint -p <build dir> to check every file of compile_commands.json");
  if (NoIndex && (IndexDir.getNumOccurrences() || IndexOnly))
    return R.fail("--no-index cannot be combined with --index-dir or --index-only");
  if (UpdateBaseline && Baseline.empty())
    return R.fail("--update-baseline needs --baseline <file>: the file to write");
  if (NoCache && CacheDir.getNumOccurrences())
    return R.fail("--no-cache cannot be combined with --cache-dir");
  std::optional<std::pair<unsigned, unsigned>> ShardOf;
  if (Shard.getNumOccurrences() && !(ShardOf = parseShard(Shard)))
    return R.fail("invalid --shard '" + Shard + "': expected I/N with 1 <= I <= N");
  std::vector<BaselineEntry> Accepted;
  if (!Baseline.empty() && !(UpdateBaseline && !llvm::sys::fs::exists(Baseline))) {
    llvm::Expected<std::vector<BaselineEntry>> Read = readBaseline(Baseline);
    if (!Read && !UpdateBaseline)
      return R.fail(llvm::toString(Read.takeError()));
    if (!Read) // --update-baseline writes it anew
      llvm::WithColor::warning(llvm::errs(), "picklint")
          << llvm::toString(Read.takeError()) << "; writing it anew\n";
    else
      Accepted = std::move(*Read);
  }

  bool FromDatabase = !Compilations;
  if (!Compilations) {
    std::string Error;
    if (!BuildPath.empty()) {
      Compilations = tooling::CompilationDatabase::loadFromDirectory(BuildPath, Error);
      if (!Compilations) {
        // LLVM tries each kind of database and says why each failed; only
        // the JSON one is meant here.
        std::string Why;
        llvm::SmallVector<llvm::StringRef> Lines;
        llvm::StringRef(Error).split(Lines, '\n', -1, /*KeepEmpty=*/false);
        for (llvm::StringRef Line : Lines)
          if (!Line.trim().starts_with("fixed-compilation-database"))
            Why += (Why.empty() ? "" : "\n") + Line.str();
        return R.fail("cannot load a compilation database from '" + BuildPath + "': " + Why);
      }
    } else {
      Compilations = tooling::CompilationDatabase::autoDetectFromSource(Files.front(), Error);
      if (!Compilations)
        return R.fail("no compilation database found for '" + Sources.front() +
                      "'; pass -p <build dir> or give the compiler arguments after '--'");
    }
  }
  // As in clang-tidy, a file the database does not list gets the command of
  // its nearest neighbour in the database; --extra-arg(-before) is added to
  // every command, as CommonOptionsParser does.
  auto Adjusted = std::make_unique<tooling::ArgumentsAdjustingCompilations>(
      std::move(Compilations));
  Adjusted->appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
      ExtraArgsBefore, tooling::ArgumentInsertPosition::BEGIN));
  Adjusted->appendArgumentsAdjuster(
      tooling::getInsertArgumentAdjuster(ExtraArgs, tooling::ArgumentInsertPosition::END));
  std::vector<std::string> AllFiles;
  if (FromDatabase) {
    for (const std::string &F : Adjusted->getAllFiles())
      AllFiles.push_back(absolute(F));
    // -p with no file: every entry of the database.
    if (Files.empty()) {
      Files = AllFiles;
      if (Files.empty())
        return R.fail("the compilation database in '" + BuildPath + "' lists no file");
    }
  }
  if (ShardOf) {
    std::vector<std::string> Part;
    for (const std::string &F : Files)
      if (llvm::xxh3_64bits(relativePath(F, R.Out.Root)) % ShardOf->second ==
          ShardOf->first - 1)
        Part.push_back(F);
    Files = std::move(Part);
  }

  llvm::InitializeAllTargetInfos();
  llvm::InitializeAllTargetMCs();
  llvm::InitializeAllAsmParsers();

  // The project view: the index lives beside the compilation database
  // (or where --index-dir says) and covers every unit the database lists.
  ProjectRunOptions Opts;
  Opts.Jobs = Jobs == 0 ? std::max(1u, std::thread::hardware_concurrency())
                        : static_cast<unsigned>(Jobs);
  Opts.Verbose = Verbose;
  // Each unit's table is printed whole: one unit at a time. A cached result
  // has no time to show: the cache is not used.
  Opts.CheckProfile = EnableCheckProfile;
  if (EnableCheckProfile)
    Opts.Jobs = 1;
  if (!NoIndex) {
    if (IndexDir.getNumOccurrences())
      Opts.IndexDir = absolute(IndexDir);
    else if (!BuildPath.empty() && FromDatabase)
      Opts.IndexDir = absolute(BuildPath + "/.picklint");
  }
  if (IndexOnly && Opts.IndexDir.empty())
    return R.fail("--index-only needs -p <build dir> or --index-dir");
  if (!Opts.IndexDir.empty() && FromDatabase)
    Opts.ProjectUnits = AllFiles;
  // One options provider for every unit (it caches the .clang-tidy files it
  // read); each unit's context gets a locked view of it.
  std::mutex ProviderMutex;
  std::shared_ptr<ClangTidyOptionsProvider> SharedProvider = std::move(Provider);
  Opts.MakeProvider = [&] { return sharedView(SharedProvider, ProviderMutex); };
  auto Option = [&](llvm::StringRef Check, llvm::StringRef Key, llvm::StringRef Default) {
    for (std::string Name : {(Check + "." + Key).str(), Key.str()})
      if (auto It = Effective.CheckOptions.find(Name); It != Effective.CheckOptions.end())
        return It->second.Value;
    return Default.str();
  };
  Opts.Facts.SideEffectFunctions =
      Option("picklint-side-effect-before-main", "SideEffectFunctions", "");
  Opts.Facts.PureFunctions = Option("picklint-side-effect-before-main", "PureFunctions", "");
  Opts.Facts.HandleFunctions = Option("picklint-unpicklable-argument", "HandleFunctions", "");

  // --check-includers: a header is judged where it is used, in the units
  // that include it (a header-only change in a pre-commit hook). Other
  // files the database does not list (a new .cpp) are checked as they are.
  if (CheckIncluders) {
    if (Opts.IndexDir.empty() || !FromDatabase)
      return R.fail("--check-includers needs -p <build dir> and the project index");
    llvm::StringSet<> Listed;
    for (const std::string &F : AllFiles)
      Listed.insert(F);
    auto IsHeader = [](llvm::StringRef File) {
      llvm::StringRef Ext = llvm::sys::path::extension(File);
      return !Ext.empty() &&
             driver::types::onlyPrecompileType(driver::types::lookupTypeForExtension(Ext.drop_front()));
    };
    std::vector<std::string> Units, Headers;
    for (const std::string &F : Files)
      (!Listed.count(F) && IsHeader(F) ? Headers : Units).push_back(F);
    if (!Headers.empty()) {
      std::vector<std::vector<std::string>> Readers = unitsReading(*Adjusted, Headers, Opts);
      llvm::StringSet<> Seen;
      for (const std::string &U : Units)
        Seen.insert(U);
      for (size_t H = 0; H < Headers.size(); ++H) {
        if (Readers[H].empty()) {
          // As clang-tidy would: the header alone, with a neighbour's command.
          if (!Quiet)
            llvm::errs() << "picklint: '" << relativePath(Headers[H], R.Out.Root)
                         << "' is included by no unit of the compilation database: checking it "
                            "on its own\n";
          if (Seen.insert(Headers[H]).second)
            Units.push_back(Headers[H]);
        }
        for (const std::string &U : Readers[H])
          if (Seen.insert(U).second)
            Units.push_back(U);
      }
    }
    Files = std::move(Units);
  }

  // The result cache: with -p beside the index, or where --cache-dir says.
  std::optional<ResultCache> Cache;
  if (!NoCache && !IndexOnly && !EnableCheckProfile) {
    std::string Dir = CacheDir.getNumOccurrences() ? absolute(CacheDir)
                      : !Opts.IndexDir.empty()    ? Opts.IndexDir + "/cache"
                      : !BuildPath.empty() && FromDatabase
                          ? absolute(BuildPath + "/.picklint/cache")
                          : std::string();
    if (!Dir.empty())
      Cache.emplace(Dir);
  }
  if (Cache) {
    Opts.Cache = &*Cache;
    Opts.CacheKey = [&](const std::string &File) {
      llvm::SHA1 Hash;
      auto Add = [&](llvm::StringRef Part) {
        Hash.update(Part);
        Hash.update(llvm::StringRef("\0", 1));
      };
      Add(PICKLINT_VERSION);
      Add(std::to_string(PICKLINT_LLVM_VERSION_MAJOR));
      Add(File);
      for (const tooling::CompileCommand &C : Adjusted->getCompileCommands(File)) {
        Add(C.Directory);
        for (const std::string &Arg : C.CommandLine)
          Add(Arg);
      }
      {
        Add(configurationAsText(sharedView(SharedProvider, ProviderMutex)->getOptions(File)));
      }
      Add(LineFilter);
      Add(Opts.IndexDir.empty() ? "per-file" : "project");
      return llvm::toHex(Hash.final(), /*LowerCase=*/true);
    };
  }

  Progress Bar(Files.size(), !Quiet && !IndexOnly && llvm::sys::Process::StandardErrIsDisplayed());
  Opts.OnUnitDone = [&](const UnitResult &U) { Bar.unitDone(U); };

  ProjectRunStats Stats;
  std::vector<UnitResult> Units =
      checkProject(*Adjusted, IndexOnly ? std::vector<std::string>() : Files, Opts, Stats);
  Bar.clear();
  if (Verbose && !Opts.IndexDir.empty())
    llvm::errs() << "picklint: project index " << Opts.IndexDir << ": " << Stats.Units
                 << " units, " << Stats.Indexed << " indexed, " << Stats.CheckedAgain
                 << " checked again\n";
  if (Verbose && Cache)
    llvm::errs() << "picklint: result cache: " << Stats.FromCache << " of " << Files.size()
                 << " files from the cache\n";
  if (IndexOnly)
    return ExitClean;

  // One report for the run: sorted, headers reported once, fingerprinted.
  Report All;
  SourceFiles Text;
  for (UnitResult &U : Units) {
    Report &Unit = U.Result;
    All.Files.push_back(U.File);
    All.SuppressedByNolint += Unit.SuppressedByNolint;
    std::move(Unit.Findings.begin(), Unit.Findings.end(), std::back_inserter(All.Findings));
    std::move(Unit.Errors.begin(), Unit.Errors.end(), std::back_inserter(All.Errors));
  }
  std::move(BadSources.begin(), BadSources.end(), std::back_inserter(All.Errors));
  finish(All, Text);
  applyBaseline(All, Accepted, R.Out.Root);
  if (UpdateBaseline) {
    if (!All.Errors.empty()) {
      printText(llvm::errs(), All, Text, false);
      return R.fail("the baseline is not written: some files could not be checked");
    }
    std::vector<BaselineEntry> Updated = updatedBaseline(Accepted, All, R.Out.Root);
    if (llvm::Error E = writeBaseline(Baseline, Updated))
      return R.fail("cannot write the baseline: " + llvm::toString(std::move(E)));
    if (!Quiet)
      llvm::errs() << "picklint: wrote " << plural(Updated.size(), "finding", "findings")
                   << " to the baseline " << Baseline << "\n";
    return ExitClean;
  }
  size_t CompilerErrors = All.Errors.size();
  if (Fix)
    applyFixes(All);

  switch (R.Output) {
  case Format::Text:
    if (UseColor.getNumOccurrences()) { // colours whatever stdout is, as clang-tidy's
      llvm::WithColor::setAutoDetectFunction(
          UseColor ? +[](const llvm::raw_ostream &) { return true; }
                   : +[](const llvm::raw_ostream &) { return false; });
      llvm::outs().enable_colors(UseColor);
    }
    printText(llvm::outs(), All, Text,
              UseColor.getNumOccurrences() ? bool(UseColor) : llvm::outs().has_colors());
    break;
  default:
    printReport(llvm::outs(), R.Output, All, R.Out, R.SarifOut);
    break;
  }
  if (!ExportFixes.empty())
    if (llvm::Error E = llvm::writeToOutput(ExportFixes, [&](llvm::raw_ostream &OS) {
          printFixesYaml(OS, All, Files.empty() ? "" : Files.front());
          return llvm::Error::success();
        }))
      return R.fail("cannot write --export-fixes: " + llvm::toString(std::move(E)));

  size_t Open = All.Findings.size() - All.Fixed;
  llvm::outs().flush(); // the summary follows the report, also when both go to one pipe
  if (Statistics) {
    std::map<std::string, size_t> ByCheck;
    for (const char *Name : {
#define PICKLINT_CHECK(Name, Class, Summary) Name,
#include "Checks.def"
         })
      ByCheck[Name] = 0;
    for (const Finding &F : All.Findings)
      ++ByCheck[F.Check];
    for (const auto &[Check, N] : ByCheck)
      llvm::errs() << llvm::format("%6zu  ", N) << Check << "\n";
  }
  if (!Quiet) {
    std::string Summary = "picklint: " + plural(All.Findings.size(), "finding", "findings") +
                          " in " + plural(All.Files.size(), "file", "files");
    std::vector<std::string> Asides;
    if (All.SuppressedByNolint)
      Asides.push_back(std::to_string(All.SuppressedByNolint) + " suppressed by NOLINT");
    if (All.Baselined)
      Asides.push_back(std::to_string(All.Baselined) + " in the baseline");
    if (Fix)
      Asides.push_back(std::to_string(All.Fixed) + " fixed");
    if (Stats.FromCache)
      Asides.push_back(plural(Stats.FromCache, "file", "files") + " from the cache");
    if (!Asides.empty())
      Summary += " (" + llvm::join(Asides, ", ") + ")";
    llvm::errs() << Summary << "\n";
  }
  if (CompilerErrors)
    llvm::errs() << "picklint: the compiler reported errors; fix them so that every "
                    "submission can be judged.\n";
  if (All.Errors.size() > CompilerErrors)
    llvm::errs() << "picklint: some fix-its could not be applied (see above).\n";
  if (!All.Errors.empty())
    return ExitToolError;
  if (Open == 0 || ExitZero)
    return ExitClean;
  return ExitFindings;
}
