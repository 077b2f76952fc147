#include "Limits.h"
#include "ProjectIndex.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA1.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

namespace clang::tidy::picklint {

namespace {

std::string quoted(llvm::StringRef Name) { return "'" + Name.str() + "'"; }

std::optional<ForeignPath> prepend(Step First, std::optional<ForeignPath> Rest) {
  if (!Rest)
    return std::nullopt;
  Rest->Steps.insert(Rest->Steps.begin(), std::move(First));
  return Rest;
}

const char *methodName(StartMethodFact M) {
  switch (M) {
  case StartMethodFact::Spawn:
    return "spawn";
  case StartMethodFact::Fork:
    return "fork";
  case StartMethodFact::Forkserver:
    return "forkserver";
  case StartMethodFact::Mpi:
    return "mpi";
  case StartMethodFact::Unknown:
    break;
  }
  return "unknown";
}

std::string memoKey(Question Kind, llvm::StringRef Key, llvm::StringRef Key2) {
  return std::to_string(static_cast<int>(Kind)) + "\x1f" + Key.str() + "\x1f" + Key2.str();
}

} // namespace

void ProjectIndex::add(const UnitFacts &Unit) {
  std::lock_guard<std::mutex> Lock(Mutex);
  Memo.clear();
  for (const Stamp &S : Unit.Inputs)
    Stamps.try_emplace(S.File, S);
  for (const FunctionFacts &F : Unit.Functions) {
    if (!Functions.try_emplace(F.Usr, F).second)
      continue;
    for (const FieldDescriptorFact &D : F.DescriptorFields)
      DescriptorFields[D.FieldUsr].push_back(D);
  }
  for (const ExecutorFact &E : Unit.Executors)
    Executors.push_back(E);
}

bool ProjectIndex::fresh(const ForeignPath &P) const {
  for (const Step &S : P.Steps) {
    if (S.Where.File.empty())
      continue; // a step without a place: nothing to compare
    auto [It, Inserted] = FreshFiles.try_emplace(S.Where.File, false);
    if (Inserted) {
      auto Known = Stamps.find(S.Where.File);
      Stamp Now = stampOf(S.Where.File);
      It->second = Known != Stamps.end() && Known->second.MTime == Now.MTime &&
                   Known->second.Size == Now.Size;
    }
    if (!It->second)
      return false;
  }
  return true;
}

std::optional<ForeignPath> ProjectIndex::resolve(Question Kind, llvm::StringRef Key,
                                                 llvm::StringRef Key2, unsigned Depth) const {
  if (Depth > MaxCrossUnitDepth) {
    CutShort = true;
    return std::nullopt;
  }
  std::string MK = memoKey(Kind, Key, Key2);
  if (auto It = Memo.find(MK); It != Memo.end()) {
    if (!It->second && InProgress.count(MK))
      CutShort = true; // a cycle: nothing new down this way, for now
    return It->second;
  }
  Memo[MK] = std::nullopt;
  InProgress.insert(MK);
  bool OuterCutShort = CutShort;
  CutShort = false;
  std::optional<ForeignPath> Found;
  auto Function = [&](llvm::StringRef Usr) -> const FunctionFacts * {
    auto It = Functions.find(Usr);
    return It == Functions.end() ? nullptr : &It->second;
  };
  auto NameOf = [&](llvm::StringRef Usr) {
    const FunctionFacts *F = Function(Usr);
    return F ? quoted(F->Name) : std::string("a function");
  };
  // Follows a list of calls: the first one whose callee answers.
  auto Through = [&](const FunctionFacts &F, const std::vector<Edge> &Edges,
                     llvm::StringRef Verb) -> std::optional<ForeignPath> {
    for (const Edge &E : Edges)
      if (auto Inner = resolve(Kind, E.Usr, Key2, Depth + 1))
        return prepend(Step{E.Site, quoted(F.Name) + " " + Verb.str() + " " + NameOf(E.Usr)},
                       std::move(Inner));
    return std::nullopt;
  };

  switch (Kind) {
  case Question::Effect:
    if (const FunctionFacts *F = Function(Key)) {
      if (F->Effect)
        Found = ForeignPath{{Step{F->Effect->Where, quoted(F->Name) + " " + F->Effect->Text}},
                            F->Effect->Text};
      else
        Found = Through(*F, F->Calls, "calls");
    }
    break;
  case Question::Creation:
    if (const FunctionFacts *F = Function(Key)) {
      if (F->Creates)
        Found = ForeignPath{{Step{*F->Creates, quoted(F->Name) + " creates the executor"}},
                            methodName(F->CreatesMethod)};
      else
        Found = Through(*F, F->Calls, "calls");
    }
    break;
  case Question::FieldUse:
    if (const FunctionFacts *F = Function(Key)) {
      for (const auto &[FieldUsr, Use] : F->Fields)
        if (FieldUsr == Key2) {
          Found = ForeignPath{{Step{Use.Where, quoted(F->Name) + " uses " + quoted(Use.Text)}}, ""};
          break;
        }
      if (!Found)
        Found = Through(*F, F->ThisCalls, "calls");
    }
    break;
  case Question::ReturnsDescriptor:
    if (const FunctionFacts *F = Function(Key)) {
      if (F->ReturnsDescriptor)
        Found = ForeignPath{{*F->ReturnsDescriptor}, ""};
      else
        Found = Through(*F, F->ReturnsFrom, "returns what it gets from");
    }
    break;
  case Question::DescriptorField:
    if (auto It = DescriptorFields.find(Key); It != DescriptorFields.end())
      for (const FieldDescriptorFact &D : It->second) {
        if (D.Direct)
          Found = ForeignPath{{*D.Direct}, ""};
        else if (D.From)
          Found = prepend(Step{D.From->Site, quoted(D.FieldName) + " is assigned what " +
                                                 NameOf(D.From->Usr) + " returns"},
                          resolve(Question::ReturnsDescriptor, D.From->Usr, "", Depth + 1));
        if (Found)
          break;
      }
    break;
  case Question::Spawns: {
    // The one that re-runs most: an executor that spawns (or may), then one
    // on MPI ranks, then one with a fork server, then one that forks.
    struct Rank {
      StartMethodFact Method, Also;
      const char *Step;
    };
    static constexpr Rank Order[] = {
        {StartMethodFact::Spawn, StartMethodFact::Unknown,
         "an executor that spawns its workers is created"},
        {StartMethodFact::Mpi, StartMethodFact::Mpi,
         "an executor whose workers are MPI ranks (each runs the program) is created"},
        {StartMethodFact::Forkserver, StartMethodFact::Forkserver,
         "an executor whose fork server runs the program again is created"},
    };
    for (const Rank &R : Order)
      for (const ExecutorFact &E : Executors)
        if (!Found && (E.Method == R.Method || E.Method == R.Also))
          Found = ForeignPath{{Step{E.Where, R.Step}}, methodName(E.Method)};
    if (!Found && !Executors.empty())
      Found = ForeignPath{{Step{Executors.front().Where, "an executor that forks is created"}},
                          "fork"};
    break;
  }
  }
  if (Found && !fresh(*Found))
    Found.reset();
  InProgress.erase(MK);
  // "Nothing" found while a cycle or the depth limit cut the search short
  // depends on where the search began: not remembered.
  if (!Found && CutShort)
    Memo.erase(MK);
  else
    Memo[MK] = Found;
  CutShort = CutShort || OuterCutShort;
  return Found;
}

std::optional<ForeignPath> ProjectIndex::ask(Question Kind, llvm::StringRef Key,
                                             llvm::StringRef Key2) const {
  if (Key.empty() && Kind != Question::Spawns)
    return std::nullopt; // a declaration without a USR: nothing to look up
  std::optional<ForeignPath> Answer;
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    CutShort = false;
    Answer = resolve(Kind, Key, Key2, 0);
  }
  if (QuestionLog *Log = threadQuestionLog())
    Log->Entries.push_back({Kind, Key.str(), Key2.str(), digest(Kind, Key, Key2)});
  return Answer;
}

std::string ProjectIndex::digest(Question Kind, llvm::StringRef Key,
                                 llvm::StringRef Key2) const {
  std::optional<ForeignPath> Answer;
  if (!Key.empty() || Kind == Question::Spawns) {
    std::lock_guard<std::mutex> Lock(Mutex);
    CutShort = false;
    Answer = resolve(Kind, Key, Key2, 0);
  }
  if (!Answer)
    return "none";
  std::string D = Answer->What;
  for (const Step &S : Answer->Steps)
    D += "|" + S.Where.File + ":" + std::to_string(S.Where.Line) + ":" +
         std::to_string(S.Where.Col) + ":" + S.Text;
  return D;
}

std::optional<ForeignPath> ProjectIndex::effectOf(llvm::StringRef Usr) const {
  return ask(Question::Effect, Usr, "");
}
std::optional<ForeignPath> ProjectIndex::creationIn(llvm::StringRef Usr) const {
  return ask(Question::Creation, Usr, "");
}
std::optional<ForeignPath> ProjectIndex::fieldUse(llvm::StringRef MethodUsr,
                                                  llvm::StringRef FieldUsr) const {
  return ask(Question::FieldUse, MethodUsr, FieldUsr);
}
std::optional<ForeignPath> ProjectIndex::descriptorField(llvm::StringRef FieldUsr) const {
  return ask(Question::DescriptorField, FieldUsr, "");
}
std::optional<ForeignPath> ProjectIndex::returnsDescriptor(llvm::StringRef Usr) const {
  return ask(Question::ReturnsDescriptor, Usr, "");
}
std::optional<ForeignPath> ProjectIndex::projectStartMethod() const {
  return ask(Question::Spawns, "", "");
}

// ---------------------------------------------------------------------------
// On disk
// ---------------------------------------------------------------------------

Stamp stampOf(llvm::StringRef File) {
  Stamp S;
  S.File = File.str();
  llvm::sys::fs::file_status Status;
  if (!llvm::sys::fs::status(File, Status)) {
    S.MTime = std::chrono::duration_cast<std::chrono::nanoseconds>(
                  Status.getLastModificationTime().time_since_epoch())
                  .count();
    S.Size = Status.getSize();
  }
  return S;
}

std::string shardPath(llvm::StringRef Dir, llvm::StringRef Source) {
  llvm::SHA1 Hash;
  Hash.update(Source);
  std::string Name = llvm::toHex(Hash.final(), /*LowerCase=*/true).substr(0, 20);
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, "units",
                          llvm::sys::path::filename(Source).str() + "." + Name + ".json");
  return std::string(Path);
}

llvm::Error writeShard(llvm::StringRef Dir, const UnitFacts &Unit) {
  std::string Path = shardPath(Dir, Unit.Source);
  if (std::error_code EC =
          llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Path)))
    return llvm::createStringError(EC, "cannot create '%s': %s",
                                   llvm::sys::path::parent_path(Path).str().c_str(),
                                   EC.message().c_str());
  // A temporary file renamed into place: concurrent runs never read half a
  // shard.
  return llvm::writeToOutput(Path, [&](llvm::raw_ostream &OS) {
    OS << toJSON(Unit);
    return llvm::Error::success();
  });
}

llvm::Expected<UnitFacts> readShard(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return llvm::createStringError(Buffer.getError(), "%s", Buffer.getError().message().c_str());
  llvm::Expected<llvm::json::Value> Value = llvm::json::parse((*Buffer)->getBuffer());
  if (!Value)
    return Value.takeError();
  return unitFactsFromJSON(*Value);
}

std::shared_ptr<ProjectIndex> ProjectIndex::load(llvm::StringRef Dir,
                                                 std::vector<std::string> &Warnings) {
  auto Index = std::make_shared<ProjectIndex>();
  llvm::SmallString<256> Units(Dir);
  llvm::sys::path::append(Units, "units");
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Units, EC), End; It != End && !EC;
       It.increment(EC)) {
    if (!llvm::StringRef(It->path()).ends_with(".json"))
      continue;
    llvm::Expected<UnitFacts> Unit = readShard(It->path());
    if (!Unit) {
      Warnings.push_back("index shard '" + It->path() +
                         "' cannot be read (" + llvm::toString(Unit.takeError()) +
                         "); it is ignored");
      continue;
    }
    Index->add(*Unit);
  }
  return Index;
}

// ---------------------------------------------------------------------------
// Who uses which index
// ---------------------------------------------------------------------------

namespace {
struct ThreadProject {
  const ProjectIndex *Index = nullptr;
  QuestionLog *Log = nullptr;
  bool Set = false;
};
thread_local ThreadProject Current;
} // namespace

void setThreadProject(const ProjectIndex *Index, QuestionLog *Log) {
  Current.Index = Index;
  Current.Log = Log;
  Current.Set = Index || Log;
}

QuestionLog *threadQuestionLog() { return Current.Log; }

const ProjectIndex *projectIndexFor(llvm::StringRef OptionValue) {
  if (Current.Set)
    return Current.Index;
  if (OptionValue.empty())
    return nullptr;
  // Loaded once per process and directory; the plugin's checks of every
  // translation unit share it.
  // A relative path is relative to the compile command's directory, where
  // clang-tidy works while it checks a file.
  llvm::SmallString<256> Dir(OptionValue);
  llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_dots(Dir, /*remove_dot_dot=*/true);
  static std::mutex Mutex;
  static llvm::StringMap<std::shared_ptr<ProjectIndex>> Loaded;
  std::lock_guard<std::mutex> Lock(Mutex);
  auto [It, Inserted] = Loaded.try_emplace(Dir);
  if (Inserted) {
    std::vector<std::string> Warnings;
    if (!llvm::sys::fs::is_directory(Dir))
      Warnings.push_back("the project index '" + std::string(Dir) +
                         "' does not exist; build it with 'picklint -p <build dir>'; "
                         "checking file by file");
    else
      It->second = ProjectIndex::load(Dir, Warnings);
    for (const std::string &W : Warnings)
      llvm::errs() << "picklint: warning: " << W << "\n";
  }
  return It->second.get();
}

} // namespace clang::tidy::picklint
