#include "SideEffects.h"
#include "Names.h"
#include "Names.h"
#include "Evaluation.h"
#include "Spawn.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang-tidy/utils/OptionsUtils.h"

namespace clang::tidy::picklint {

namespace {

struct KnownEffect {
  const char *What;
  std::initializer_list<const char *> Names;
};

// The built-in list: C and POSIX functions by what they do.
const KnownEffect BuiltinEffects[] = {
    {"writes to standard output",
     {"::printf", "::puts", "::putchar", "::vprintf", "::putc_unlocked",
      "::putchar_unlocked", "::std::print", "::std::println"}},
    {"writes to a stream",
     {"::fprintf", "::fputs", "::fputc", "::putc", "::fwrite", "::vfprintf",
      "::perror", "::fflush", "::dprintf", "::psignal"}},
    {"reads input",
     {"::scanf", "::getchar", "::fgets", "::fread", "::getline", "::read",
      "::pread", "::recv", "::recvfrom", "::recvmsg", "::fscanf", "::getc"}},
    {"writes to a file descriptor",
     {"::write", "::pwrite", "::writev", "::send", "::sendto", "::sendmsg",
      "::syslog", "::openlog"}},
    {"opens a file",
     {"::fopen", "::freopen", "::open", "::openat", "::creat", "::opendir",
      "::tmpfile", "::mkstemp", "::memfd_create", "::dlopen", "::mmap"}},
    {"changes the file system",
     {"::remove", "::unlink", "::rename", "::mkdir", "::rmdir", "::truncate",
      "::ftruncate", "::symlink", "::link", "::chmod", "::chown"}},
    {"opens a socket",
     {"::socket", "::socketpair", "::connect", "::bind", "::listen",
      "::accept", "::accept4", "::getaddrinfo", "::gethostbyname"}},
    {"opens a database connection",
     {"::sqlite3_open", "::sqlite3_open_v2", "::sqlite3_open16", "::PQconnectdb",
      "::PQsetdbLogin", "::mysql_real_connect", "::redisConnect",
      "::curl_easy_perform"}},
    {"starts a process",
     {"::system", "::popen", "::fork", "::vfork", "::posix_spawn",
      "::posix_spawnp", "::execv", "::execve", "::execvp", "::execl",
      "::execlp", "::execle", "::daemon"}},
    {"starts a thread", {"::pthread_create"}},
    {"changes the environment",
     {"::setenv", "::putenv", "::unsetenv", "::clearenv", "::chdir",
      "::fchdir", "::umask", "::setlocale", "::setrlimit", "::setuid",
      "::setgid", "::setsid", "::chroot"}},
    {"installs a signal handler",
     {"::signal", "::sigaction", "::raise", "::kill", "::alarm", "::atexit",
      "::at_quick_exit"}},
    {"ends the process",
     {"::exit", "::_exit", "::_Exit", "::abort", "::quick_exit"}},
    {"sleeps", {"::sleep", "::usleep", "::nanosleep"}},
};

// Standard objects whose use is I/O.
const char *const StandardStreams[] = {"::std::cout", "::std::cerr",
                                       "::std::clog", "::std::cin",
                                       "::std::wcout", "::std::wcerr",
                                       "::std::wclog", "::std::wcin"};

// Standard classes whose construction (with arguments) acquires something.
struct KnownClass {
  const char *Name;
  const char *What;
};
const KnownClass EffectfulClasses[] = {
    {"::std::thread", "starts a thread"},
    {"::std::jthread", "starts a thread"},
    {"::std::basic_ofstream", "opens a file"},
    {"::std::basic_ifstream", "opens a file"},
    {"::std::basic_fstream", "opens a file"},
    {"::std::basic_filebuf", "opens a file"},
};

} // namespace

// std::suspend_always, or an awaiter whose await_ready() is a constant false.
bool suspendsInitially(const FunctionDecl *Def) {
  const auto *Body = dyn_cast_or_null<CoroutineBodyStmt>(Def ? Def->getBody() : nullptr);
  if (!Body)
    return false;
  const auto *InitExpr = dyn_cast_or_null<Expr>(Body->getInitSuspendStmt());
  const auto *Init =
      dyn_cast_or_null<CoroutineSuspendExpr>(InitExpr ? InitExpr->IgnoreImplicit() : nullptr);
  if (!Init)
    return false;
  QualType Awaiter = Init->getCommonExpr() ? Init->getCommonExpr()->getType() : QualType();
  if (const CXXRecordDecl *RD = Awaiter.isNull() ? nullptr : Awaiter->getAsCXXRecordDecl()) {
    std::string Name = qualifiedName(RD);
    if (Name == "::std::suspend_always")
      return true;
    if (Name == "::std::suspend_never")
      return false;
  }
  bool Ready = true;
  const Expr *ReadyExpr = Init->getReadyExpr();
  return ReadyExpr && !ReadyExpr->isValueDependent() &&
         ReadyExpr->EvaluateAsBooleanCondition(Ready, Def->getASTContext()) && !Ready;
}

namespace {

/// The coroutine whose frame a handle expression resumes, when the code says
/// it: `g.h.resume()` where `g` was initialized by a call to a coroutine.
const FunctionDecl *resumedCoroutine(const Expr *Handle) {
  const Expr *E = Handle ? Handle->IgnoreParenImpCasts() : nullptr;
  while (const auto *M = dyn_cast_or_null<MemberExpr>(E))
    E = M->getBase()->IgnoreParenImpCasts();
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  const Expr *Init = Var && Var->getInit() ? Var->getInit()->IgnoreImplicit() : nullptr;
  while (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Init))
    Init = Construct->getNumArgs() == 1 ? Construct->getArg(0)->IgnoreImplicit() : nullptr;
  const auto *Call = dyn_cast_or_null<CallExpr>(Init);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
  return Def && isa_and_nonnull<CoroutineBodyStmt>(Def->getBody()) ? Def : nullptr;
}

const char *streamName(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  if (!Ref)
    return nullptr;
  std::string Name = qualifiedName(Ref->getDecl());
  for (const char *S : StandardStreams)
    if (Name == S)
      return S;
  return nullptr;
}

} // namespace

SideEffectModel::SideEffectModel(llvm::StringRef ExtraSideEffectFunctions,
                                 llvm::StringRef PureFunctions, unsigned MaxDepth)
    : Extra(ExtraSideEffectFunctions), Pure(PureFunctions), Functions(MaxDepth) {
  for (const KnownEffect &E : BuiltinEffects)
    for (const char *Name : E.Names)
      Known[Name] = E.What;
}

std::optional<SideEffect> SideEffectModel::ofStmt(const Stmt *S, const ASTContext &Ctx) {
  Context = &Ctx;
  return walk(S, 0);
}

std::optional<SideEffect> SideEffectModel::ofFunction(const FunctionDecl *FD) {
  if (FD)
    Context = &FD->getASTContext();
  return ofFunctionAt(FD, 0);
}

std::optional<SideEffect> SideEffectModel::ofFunctionAt(const FunctionDecl *FD,
                                                        unsigned Depth) {
  return Functions.inFunction(FD, Depth,
                              [this](const Stmt *S, unsigned D) { return walk(S, D); });
}

std::optional<SideEffect> SideEffectModel::ofCall(const Expr *Site,
                                                  const FunctionDecl *Callee,
                                                  llvm::ArrayRef<const Expr *> Args,
                                                  unsigned Depth) {
  // Arguments are evaluated first.
  for (const Expr *Arg : Args)
    if (auto Effect = walk(Arg, Depth))
      return Effect;
  if (!Callee)
    return std::nullopt;
  std::string Name = qualifiedName(Callee);
  if (Pure.matches(Name))
    return std::nullopt;
  if (auto It = Known.find(Name); It != Known.end())
    return SideEffect{{{Site, nullptr}}, It->second};
  if (Extra.matches(Name))
    return SideEffect{{{Site, nullptr}}, "has a side effect"};
  // Stream insertion and extraction on a standard stream.
  if (Callee->getOverloadedOperator() == OO_LessLess ||
      Callee->getOverloadedOperator() == OO_GreaterGreater) {
    const Expr *Stream = nullptr;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Site))
      Stream = Op->getArg(0);
    else if (const auto *M = dyn_cast<CXXMemberCallExpr>(Site))
      Stream = M->getImplicitObjectArgument();
    while (Stream) {
      if (const char *S = streamName(Stream)) {
        return SideEffect{{{Site, nullptr}},
                          std::string(llvm::StringRef(S).starts_with("::std::cin") ||
                                              llvm::StringRef(S).starts_with("::std::wcin")
                                          ? "reads from '"
                                          : "writes to '") +
                              llvm::StringRef(S).drop_front(2).str() + "'"};
      }
      // Chained insertions: (std::cout << a) << b.
      const auto *Inner = dyn_cast<CXXOperatorCallExpr>(Stream->IgnoreParenImpCasts());
      Stream = Inner && Inner->getNumArgs() > 0 ? Inner->getArg(0) : nullptr;
    }
  }
  // Creating an executor, or submitting to one, starts processes.
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
      Method && qualifiedName(Method->getParent()) == ExecutorClassName) {
    if (isa<CXXConstructorDecl>(Method))
      return SideEffect{{{Site, nullptr}}, std::string(ExecutorCreationEffect)};
    if (Method->getName() == "submit" || Method->getName() == "map")
      return SideEffect{{{Site, nullptr}}, std::string(SubmissionEffect)};
  }
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Callee)) {
    std::string Class = qualifiedName(Ctor->getParent());
    for (const KnownClass &K : EffectfulClasses)
      if (Class == K.Name && !Args.empty())
        return SideEffect{{{Site, nullptr}}, K.What};
  }
  if (Depth >= Functions.maxDepth())
    return std::nullopt;
  // A coroutine that suspends at once runs none of its body when called; its
  // body runs where its handle is resumed.
  if (suspendsInitially(Callee->getDefinition()))
    return std::nullopt;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
      Method && qualifiedName(Method->getParent()) == "::std::coroutine_handle" &&
      (Method->getName() == "resume" || Method->getOverloadedOperator() == OO_Call) &&
      !Args.empty())
    if (const FunctionDecl *Coroutine = resumedCoroutine(Args.front()))
      if (auto Inner = walk(cast<CoroutineBodyStmt>(Coroutine->getBody())->getBody(), Depth + 1)) {
        Inner->Chain.insert(Inner->Chain.begin(), SideEffect::Step{Site, Coroutine});
        return Inner;
      }
  if (View.LocalOnly && isUserFunction(Callee))
    return std::nullopt; // recorded as an edge of the unit's facts
  if (auto Inner = ofFunctionAt(Callee, Depth + 1)) {
    Inner->Chain.insert(Inner->Chain.begin(), SideEffect::Step{Site, Callee});
    return Inner;
  }
  if (View.Index && !Callee->hasBody())
    if (std::optional<ForeignPath> Path = View.Index->effectOf(usrOf(Callee))) {
      SideEffect Effect{{{Site, Callee}}, Path->What};
      Effect.Foreign = std::move(Path->Steps);
      return Effect;
    }
  return std::nullopt;
}

std::optional<SideEffect> SideEffectModel::walk(const Stmt *S, unsigned Depth) {
  if (!S)
    return std::nullopt;
  // A lambda's body runs when it is called, not where it is written; only its
  // captures are evaluated here.
  if (const auto *L = dyn_cast<LambdaExpr>(S)) {
    for (const Expr *Init : L->capture_inits())
      if (auto Effect = walk(Init, Depth))
        return Effect;
    return std::nullopt;
  }
  if (isUnevaluatedOperand(S) || isa<DeclRefExpr>(S))
    return std::nullopt;
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    llvm::SmallVector<const Expr *, 4> Args;
    // The callee expression itself (a member call's object, a function
    // returning a function pointer) is evaluated too.
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
      Args.push_back(Member->getImplicitObjectArgument());
    for (const Expr *A : Call->arguments())
      Args.push_back(A);
    if (auto Effect = ofCall(Call, Call->getDirectCallee(), Args, Depth))
      return Effect;
    return std::nullopt;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    llvm::SmallVector<const Expr *, 4> Args(Construct->arguments());
    return ofCall(Construct, Construct->getConstructor(), Args, Depth);
  }
  // The discarded branch of `if constexpr` never runs.
  const Stmt *Discarded =
      Context ? discardedBranch(dyn_cast<IfStmt>(S), *Context) : nullptr;
  for (const Stmt *Child : S->children())
    if (Child != Discarded)
      if (auto Effect = walk(Child, Depth))
        return Effect;
  return std::nullopt;
}

} // namespace clang::tidy::picklint
