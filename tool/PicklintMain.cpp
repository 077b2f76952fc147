// picklint: the standalone program. Runs the same checks as the clang-tidy
// plugin over the files it is given, reading .clang-tidy files, CheckOptions
// and NOLINT comments as clang-tidy does.
//
//   picklint [options] <source>... [-- <compiler args>]
//
// Exit status: 0 no findings, 1 findings, 2 the tool could not do its job.

#include "PicklintModule.h"
#include "Project.h"
#include "model/ClangCompat.h"
#include "Report.h"

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

using namespace clang;
using namespace clang::tidy;
namespace cl = llvm::cl;

// The standalone program registers the module directly; the plugin registers
// it behind its version guard (checks/PluginEntry.cpp).
static ClangTidyModuleRegistry::Add<picklint::PicklintModule>
    Registration(picklint::ModuleName, picklint::ModuleDescription);

namespace {

enum ExitCode { ExitClean = 0, ExitFindings = 1, ExitToolError = 2 };

cl::OptionCategory Category("picklint options");

cl::list<std::string> Sources(cl::Positional, cl::desc("<source>..."),
                              cl::cat(Category));
cl::opt<std::string> BuildPath("p", cl::desc("Build directory holding compile_commands.json"),
                               cl::value_desc("build dir"), cl::cat(Category));
cl::opt<std::string> Checks("checks",
                            cl::desc("Glob list of checks to run (default: picklint-*);\n"
                                     "as clang-tidy's --checks, it is added to the\n"
                                     "checks of .clang-tidy files"),
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
cl::opt<picklint::Format> OutputFormat(
    "format", cl::desc("Output format"), cl::init(picklint::Format::Text),
    cl::values(clEnumValN(picklint::Format::Text, "text", "clang-style diagnostics"),
               clEnumValN(picklint::Format::Json, "json", "a JSON array of findings"),
               clEnumValN(picklint::Format::Sarif, "sarif", "SARIF 2.1.0")),
    cl::cat(Category));
cl::opt<unsigned> Jobs("j", cl::desc("Number of files to check in parallel (0: one per core)"),
                       cl::init(1), cl::cat(Category));
cl::opt<bool> Fix("fix", cl::desc("Apply the fix-its of the findings"), cl::cat(Category));
cl::opt<bool> ListChecks("list-checks", cl::desc("List the enabled checks and exit"),
                         cl::cat(Category));
cl::opt<bool> DumpConfig("dump-config",
                         cl::desc("Print the effective configuration and exit"),
                         cl::cat(Category));
cl::opt<bool> Quiet("quiet", cl::desc("Do not print the summary of suppressed findings"),
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
cl::opt<bool> Verbose("verbose", cl::desc("Say which units are indexed and checked again"),
                      cl::cat(Category));

const char Overview[] =
    "picklint: finds task submissions that cannot cross a process boundary.\n\n"
    "  picklint [options] <source>... [-- <compiler args>]\n\n"
    "Exit status: 0 no findings, 1 findings, 2 the tool could not do its job.\n";

int fail(const llvm::Twine &Message) {
  llvm::WithColor::error(llvm::errs(), "picklint") << Message << "\n";
  return ExitToolError;
}

/// Where clang's builtin headers are: they sit next to clang, not next to us.
std::string resourceDir() {
  if (std::optional<std::string> Env = llvm::sys::Process::GetEnv("PICKLINT_RESOURCE_DIR"))
    return *Env;
  return PICKLINT_CLANG_RESOURCE_DIR;
}

std::unique_ptr<ClangTidyOptionsProvider> makeOptionsProvider(std::string &Error) {
  ClangTidyGlobalOptions GlobalOptions;
  ClangTidyOptions DefaultOptions;
  DefaultOptions.Checks = "-*,picklint-*";
  DefaultOptions.WarningsAsErrors = "";
  DefaultOptions.HeaderFilterRegex = "";
  DefaultOptions.SystemHeaders = false;
  DefaultOptions.User = llvm::sys::Process::GetEnv("USER");
  DefaultOptions.ExtraArgsBefore = std::vector<std::string>{"-resource-dir=" + resourceDir()};

  ClangTidyOptions OverrideOptions;
  if (Checks.getNumOccurrences())
    OverrideOptions.Checks = Checks;
  if (HeaderFilter.getNumOccurrences())
    OverrideOptions.HeaderFilterRegex = HeaderFilter;

  auto FS = llvm::vfs::getRealFileSystem();
  std::string ConfigText = Config, ConfigSource = "<command-line-config>";
  if (ConfigFile.getNumOccurrences()) {
    if (Config.getNumOccurrences()) {
      Error = "--config and --config-file are mutually exclusive";
      return nullptr;
    }
    auto Text = llvm::MemoryBuffer::getFile(ConfigFile);
    if (!Text) {
      Error = "cannot read config file '" + ConfigFile + "': " + Text.getError().message();
      return nullptr;
    }
    ConfigText = (*Text)->getBuffer().str();
    ConfigSource = ConfigFile;
  }
  if (Config.getNumOccurrences() || ConfigFile.getNumOccurrences()) {
    llvm::ErrorOr<ClangTidyOptions> Parsed =
        parseConfiguration(llvm::MemoryBufferRef(ConfigText, ConfigSource));
    if (!Parsed) {
      Error = "invalid configuration in " + ConfigSource + ": " + Parsed.getError().message();
      return nullptr;
    }
    return std::make_unique<ConfigOptionsProvider>(
        std::move(GlobalOptions), ClangTidyOptions::getDefaults().merge(DefaultOptions, 0),
        std::move(*Parsed), std::move(OverrideOptions), FS);
  }
  return std::make_unique<FileOptionsProvider>(std::move(GlobalOptions),
                                               std::move(DefaultOptions),
                                               std::move(OverrideOptions), FS);
}

std::string absolute(llvm::StringRef Path) {
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

} // namespace

int main(int argc, const char **argv) {
  llvm::InitLLVM X(argc, argv);

  // Everything after "--" is the compile command for every source.
  std::string FixedError;
  std::unique_ptr<tooling::CompilationDatabase> Compilations =
      tooling::FixedCompilationDatabase::loadFromCommandLine(argc, argv, FixedError);
  if (!FixedError.empty())
    return fail(FixedError);

  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "picklint " << PICKLINT_VERSION << " (Clang/LLVM "
       << PICKLINT_LLVM_VERSION_MAJOR << ")\n";
  });
  std::string ParseErrors;
  llvm::raw_string_ostream ParseErrorStream(ParseErrors);
  if (!cl::ParseCommandLineOptions(argc, argv, Overview, &ParseErrorStream)) {
    llvm::errs() << ParseErrorStream.str();
    llvm::errs() << "Run 'picklint --help' for usage.\n";
    return ExitToolError;
  }

  std::string ProviderError;
  std::unique_ptr<ClangTidyOptionsProvider> Provider = makeOptionsProvider(ProviderError);
  if (!Provider)
    return fail(ProviderError);
  std::string FirstFile = Sources.empty() ? absolute("dummy.cpp") : absolute(Sources.front());
  ClangTidyOptions Effective = Provider->getOptions(FirstFile);
  std::vector<std::string> Enabled = picklint::compat::checkNames(Effective);

  if (ListChecks) {
    llvm::outs() << "Enabled checks:";
    for (const std::string &Name : Enabled)
      llvm::outs() << "\n    " << Name;
    llvm::outs() << "\n\n";
    return ExitClean;
  }
  if (DumpConfig) {
    Effective.CheckOptions = picklint::compat::checkOptions(Effective);
    llvm::outs() << configurationAsText(ClangTidyOptions::getDefaults().merge(Effective, 0))
                 << "\n";
    return ExitClean;
  }
  if (Enabled.empty())
    return fail("no checks enabled by '" + Effective.Checks.value_or("") + "'");
  if (Sources.empty() && (BuildPath.empty() || Compilations))
    return fail("no input files; usage: picklint [options] <source>... [-- <compiler args>], "
                "or picklint -p <build dir> to check every file of compile_commands.json");
  if (NoIndex && (IndexDir.getNumOccurrences() || IndexOnly))
    return fail("--no-index cannot be combined with --index-dir or --index-only");
  if (Fix && OutputFormat != picklint::Format::Text)
    return fail("--fix works with --format=text only");

  std::vector<std::string> Files;
  for (const std::string &Source : Sources) {
    if (!llvm::sys::fs::exists(Source))
      return fail("no such file: '" + Source + "'");
    if (llvm::sys::fs::is_directory(Source))
      return fail("'" + Source + "' is a directory, not a source file");
    Files.push_back(absolute(Source));
  }

  bool FromDatabase = !Compilations;
  if (!Compilations) {
    std::string Error;
    if (!BuildPath.empty()) {
      Compilations = tooling::CompilationDatabase::loadFromDirectory(BuildPath, Error);
      if (!Compilations)
        return fail("cannot load a compilation database from '" + BuildPath + "': " + Error);
      // -p with no file: every entry of the database.
      if (Files.empty()) {
        for (const std::string &F : Compilations->getAllFiles())
          Files.push_back(absolute(F));
        if (Files.empty())
          return fail("the compilation database in '" + BuildPath + "' lists no file");
      }
    } else {
      Compilations = tooling::CompilationDatabase::autoDetectFromSource(Files.front(), Error);
      if (!Compilations)
        return fail("no compilation database found for '" + Sources.front() +
                    "'; pass -p <build dir> or give the compiler arguments after '--'");
    }
  }
  // As in clang-tidy, a file the database does not list gets the command of
  // its nearest neighbour in the database.

  llvm::InitializeAllTargetInfos();
  llvm::InitializeAllTargetMCs();
  llvm::InitializeAllAsmParsers();

  // The project view: the index lives beside the compilation database
  // (or where --index-dir says) and covers every unit the database lists.
  picklint::ProjectRunOptions Run;
  Run.Jobs = Jobs == 0 ? std::max(1u, std::thread::hardware_concurrency())
                       : static_cast<unsigned>(Jobs);
  Run.Verbose = Verbose;
  if (!NoIndex) {
    if (IndexDir.getNumOccurrences())
      Run.IndexDir = absolute(IndexDir);
    else if (!BuildPath.empty() && FromDatabase)
      Run.IndexDir = absolute(BuildPath + "/.picklint");
  }
  if (IndexOnly && Run.IndexDir.empty())
    return fail("--index-only needs -p <build dir> or --index-dir");
  if (!Run.IndexDir.empty() && FromDatabase)
    for (const std::string &F : Compilations->getAllFiles())
      Run.ProjectUnits.push_back(absolute(F));
  std::mutex ProviderMutex;
  Run.MakeProvider = [&ProviderMutex] {
    std::lock_guard<std::mutex> Lock(ProviderMutex);
    std::string Error;
    return makeOptionsProvider(Error);
  };
  auto Option = [&](llvm::StringRef Check, llvm::StringRef Key, llvm::StringRef Default) {
    for (std::string Name : {(Check + "." + Key).str(), Key.str()})
      if (auto It = Effective.CheckOptions.find(Name); It != Effective.CheckOptions.end())
        return It->second.Value;
    return Default.str();
  };
  Run.Facts.SideEffectFunctions =
      Option("picklint-side-effect-before-main", "SideEffectFunctions", "");
  Run.Facts.PureFunctions = Option("picklint-side-effect-before-main", "PureFunctions", "");
  Run.Facts.HandleFunctions = Option("picklint-unpicklable-argument", "HandleFunctions", "");

  picklint::ProjectRunStats Stats;
  std::vector<std::string> ToCheck = IndexOnly ? std::vector<std::string>() : Files;
  std::vector<picklint::UnitResult> Units =
      picklint::checkProject(*Compilations, ToCheck, Run, Stats);
  if (Verbose && !Run.IndexDir.empty())
    llvm::errs() << "picklint: project index " << Run.IndexDir << ": " << Stats.Units
                 << " units, " << Stats.Indexed << " indexed, " << Stats.CheckedAgain
                 << " checked again\n";
  if (IndexOnly)
    return ExitClean;
  std::vector<std::vector<ClangTidyError>> Results(Files.size());
  std::vector<std::unique_ptr<ClangTidyContext>> Contexts(Files.size());
  for (size_t I = 0; I < Files.size(); ++I) {
    Results[I] = std::move(Units[I].Errors);
    Contexts[I] = std::move(Units[I].Context);
  }

  bool CompileErrors = false;
  std::vector<picklint::Finding> Findings;
  for (size_t I = 0; I < Files.size(); ++I) {
    for (const ClangTidyError &E : Results[I])
      if (E.DiagLevel == ClangTidyError::Error)
        CompileErrors = true;
    if (OutputFormat == picklint::Format::Text) {
      unsigned WarningsAsErrors = 0;
      llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> BaseFS(
          new llvm::vfs::OverlayFileSystem(llvm::vfs::getRealFileSystem()));
      handleErrors(Results[I], *Contexts[I], Fix && !CompileErrors ? FB_Fix : FB_NoFix,
                   WarningsAsErrors, BaseFS);
    }
    picklint::collectFindings(Results[I], Findings);
  }
  if (OutputFormat != picklint::Format::Text)
    picklint::printFindings(llvm::outs(), OutputFormat, Findings);

  bool AnyFinding = llvm::any_of(Findings, [](const picklint::Finding &F) {
    return F.Severity != picklint::Finding::Error;
  });
  if (CompileErrors) {
    llvm::errs() << "picklint: the compiler reported errors; fix them so that every "
                    "submission can be judged.\n";
    return ExitToolError;
  }
  return AnyFinding ? ExitFindings : ExitClean;
}
