#include "ClangCompat.h"
#include "Facts.h"
#include "Handles.h"
#include "Evaluation.h"
#include "Limits.h"
#include "Locations.h"
#include "ProjectIndex.h"
#include "SideEffects.h"
#include "Spawn.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/FileManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace clang::tidy::picklint {

// ---------------------------------------------------------------------------
// Keys and scope
// ---------------------------------------------------------------------------

std::string usrOf(const Decl *D) {
  llvm::SmallString<128> Buf;
  if (!D || index::generateUSRForDecl(D->getCanonicalDecl(), Buf))
    return "";
  return std::string(Buf);
}

bool isUserFunction(const FunctionDecl *FD) {
  if (!FD || FD->isDependentContext() || FD->isImplicit())
    return false;
  if (FD->isTemplateInstantiation() || FD->getPrimaryTemplate())
    return false; // instantiated where used: the unit has the body
  if (const auto *M = dyn_cast<CXXMethodDecl>(FD)) {
    const CXXRecordDecl *RD = M->getParent();
    if (RD->isLambda() || isa<ClassTemplateSpecializationDecl>(RD) ||
        RD->isDependentContext())
      return false;
  }
  const SourceManager &SM = FD->getASTContext().getSourceManager();
  SourceLocation Loc = FD->getCanonicalDecl()->getLocation();
  return Loc.isValid() && !SM.isInSystemHeader(Loc);
}

// ---------------------------------------------------------------------------
// JSON: compact arrays; every shard starts with its format version.
// ---------------------------------------------------------------------------

namespace {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

Value toValue(const FieldDescriptorFact &D);
Value toValue(const FunctionFacts &F);

Value toValue(const Place &P) { return Array{P.File, P.Line, P.Col}; }
Value toValue(const Step &S) { return Array{toValue(S.Where), S.Text}; }
Value toValue(const Edge &E) { return Array{E.Usr, toValue(E.Site)}; }
template <class T> Value toValue(const std::vector<T> &V) {
  Array A;
  for (const T &X : V)
    A.push_back(toValue(X));
  return A;
}
template <class T> Value toValue(const std::optional<T> &O) {
  return O ? toValue(*O) : Value(nullptr);
}

Value toValue(const FieldDescriptorFact &D) {
  return Array{D.FieldUsr, D.FieldName, toValue(D.Direct), toValue(D.From)};
}

Value toValue(const FunctionFacts &F) {
  Array Fields;
  for (const auto &[Usr, Use] : F.Fields)
    Fields.push_back(Array{Usr, toValue(Use)});
  return Object{{"usr", F.Usr},
                {"name", F.Name},
                {"at", toValue(F.Where)},
                {"calls", toValue(F.Calls)},
                {"effect", toValue(F.Effect)},
                {"creates", toValue(F.Creates)},
                {"method", static_cast<int>(F.CreatesMethod)},
                {"fields", std::move(Fields)},
                {"this_calls", toValue(F.ThisCalls)},
                {"returns_fd", toValue(F.ReturnsDescriptor)},
                {"returns_from", toValue(F.ReturnsFrom)},
                {"fd_fields", toValue(F.DescriptorFields)}};
}

/// Reading: every accessor fails with a message naming what is missing.
class Reader {
public:
  std::string Error;
  bool ok() const { return Error.empty(); }
  bool fail(llvm::StringRef Why) {
    if (Error.empty())
      Error = Why.str();
    return false;
  }

  bool read(const Value *V, std::string &Out) {
    std::optional<llvm::StringRef> S = V ? V->getAsString() : std::nullopt;
    if (!S)
      return fail("expected a string");
    Out = S->str();
    return true;
  }
  bool read(const Value *V, unsigned &Out) {
    std::optional<int64_t> I = V ? V->getAsInteger() : std::nullopt;
    if (!I || *I < 0)
      return fail("expected a number");
    Out = static_cast<unsigned>(*I);
    return true;
  }
  bool read(const Value *V, Place &Out) {
    const Array *A = V ? V->getAsArray() : nullptr;
    if (!A || A->size() != 3)
      return fail("expected a place");
    return read(&(*A)[0], Out.File) && read(&(*A)[1], Out.Line) && read(&(*A)[2], Out.Col);
  }
  bool read(const Value *V, Step &Out) {
    const Array *A = V ? V->getAsArray() : nullptr;
    if (!A || A->size() != 2)
      return fail("expected a step");
    return read(&(*A)[0], Out.Where) && read(&(*A)[1], Out.Text);
  }
  bool read(const Value *V, Edge &Out) {
    const Array *A = V ? V->getAsArray() : nullptr;
    if (!A || A->size() != 2)
      return fail("expected a call");
    return read(&(*A)[0], Out.Usr) && read(&(*A)[1], Out.Site);
  }
  bool read(const Value *V, FieldDescriptorFact &Out) {
    const Array *A = V ? V->getAsArray() : nullptr;
    if (!A || A->size() != 4)
      return fail("expected a descriptor member");
    return read(&(*A)[0], Out.FieldUsr) && read(&(*A)[1], Out.FieldName) &&
           read(&(*A)[2], Out.Direct) && read(&(*A)[3], Out.From);
  }
  bool read(const Value *V, std::pair<std::string, Step> &Out) {
    const Array *A = V ? V->getAsArray() : nullptr;
    if (!A || A->size() != 2)
      return fail("expected a member use");
    return read(&(*A)[0], Out.first) && read(&(*A)[1], Out.second);
  }
  bool read(const Value *V, Stamp &Out) {
    const Array *A = V ? V->getAsArray() : nullptr;
    std::optional<int64_t> MTime, Size;
    if (!A || A->size() != 3 || !(MTime = (*A)[1].getAsInteger()) ||
        !(Size = (*A)[2].getAsInteger()))
      return fail("expected an input stamp");
    Out.MTime = *MTime;
    Out.Size = static_cast<uint64_t>(*Size);
    return read(&(*A)[0], Out.File);
  }
  template <class T> bool read(const Value *V, std::optional<T> &Out) {
    if (!V || V->kind() == Value::Null) {
      Out.reset();
      return true;
    }
    Out.emplace();
    return read(V, *Out);
  }
  template <class T> bool read(const Value *V, std::vector<T> &Out) {
    const Array *A = V ? V->getAsArray() : nullptr;
    if (!A)
      return fail("expected a list");
    Out.clear();
    for (const Value &X : *A) {
      Out.emplace_back();
      if (!read(&X, Out.back()))
        return false;
    }
    return true;
  }
  bool read(const Value *V, FunctionFacts &F) {
    const Object *O = V ? V->getAsObject() : nullptr;
    if (!O)
      return fail("expected a function");
    unsigned Method = 0;
    bool Ok = read(O->get("usr"), F.Usr) && read(O->get("name"), F.Name) &&
              read(O->get("at"), F.Where) && read(O->get("calls"), F.Calls) &&
              read(O->get("effect"), F.Effect) && read(O->get("creates"), F.Creates) &&
              read(O->get("method"), Method) && read(O->get("fields"), F.Fields) &&
              read(O->get("this_calls"), F.ThisCalls) &&
              read(O->get("returns_fd"), F.ReturnsDescriptor) &&
              read(O->get("returns_from"), F.ReturnsFrom) &&
              read(O->get("fd_fields"), F.DescriptorFields);
    if (Ok && Method > static_cast<unsigned>(StartMethodFact::Mpi))
      return fail("unknown start method");
    F.CreatesMethod = static_cast<StartMethodFact>(Method);
    return Ok;
  }
  bool read(const Value *V, ExecutorFact &E) {
    const Array *A = V ? V->getAsArray() : nullptr;
    unsigned Method = 0;
    if (!A || A->size() != 2)
      return fail("expected an executor");
    if (!read(&(*A)[0], E.Where) || !read(&(*A)[1], Method))
      return false;
    if (Method > static_cast<unsigned>(StartMethodFact::Mpi))
      return fail("unknown start method");
    E.Method = static_cast<StartMethodFact>(Method);
    return true;
  }
};

} // namespace

llvm::json::Value toJSON(const UnitFacts &U) {
  Array Inputs, Executors;
  for (const Stamp &S : U.Inputs)
    Inputs.push_back(Array{S.File, S.MTime, static_cast<int64_t>(S.Size)});
  for (const ExecutorFact &E : U.Executors)
    Executors.push_back(Array{toValue(E.Where), static_cast<int>(E.Method)});
  return Object{{"picklint_index", FactsFormatVersion},
                {"source", U.Source},
                {"command", U.CommandHash},
                {"inputs", std::move(Inputs)},
                {"functions", toValue(U.Functions)},
                {"executors", std::move(Executors)}};
}

llvm::Expected<UnitFacts> unitFactsFromJSON(const llvm::json::Value &V) {
  const Object *O = V.getAsObject();
  if (!O || !O->getInteger("picklint_index"))
    return llvm::createStringError(std::errc::invalid_argument, "not a picklint index shard");
  if (*O->getInteger("picklint_index") != FactsFormatVersion)
    return llvm::createStringError(std::errc::invalid_argument,
                                   "index format %d, this picklint reads %d",
                                   static_cast<int>(*O->getInteger("picklint_index")),
                                   FactsFormatVersion);
  UnitFacts U;
  Reader R;
  if (!(R.read(O->get("source"), U.Source) && R.read(O->get("command"), U.CommandHash) &&
        R.read(O->get("inputs"), U.Inputs) && R.read(O->get("functions"), U.Functions) &&
        R.read(O->get("executors"), U.Executors)))
    return llvm::createStringError(std::errc::invalid_argument, "malformed shard: %s",
                                   R.Error.c_str());
  return U;
}

// ---------------------------------------------------------------------------
// Collecting a unit's facts
// ---------------------------------------------------------------------------

namespace {

StartMethodFact methodFact(StartMethodKind K) {
  switch (K) {
  case StartMethodKind::Spawn:
    return StartMethodFact::Spawn;
  case StartMethodKind::Fork:
    return StartMethodFact::Fork;
  case StartMethodKind::Forkserver:
    return StartMethodFact::Forkserver;
  case StartMethodKind::Mpi:
    return StartMethodFact::Mpi;
  case StartMethodKind::Unknown:
    break;
  }
  return StartMethodFact::Unknown;
}

std::string displayName(const FunctionDecl *FD) {
  std::string Name = qualifiedName(FD);
  return llvm::StringRef(Name).starts_with("::") ? Name.substr(2) : Name;
}

/// The direct callee of a call or construction, if it is a user function.
const FunctionDecl *userCallee(const Stmt *S) {
  const FunctionDecl *Callee = nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    Callee = Call->getDirectCallee();
  else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
    Callee = Construct->getConstructor();
  return isUserFunction(Callee) ? Callee : nullptr;
}

/// What one function's own body does, calls to user functions recorded as
/// edges rather than followed.
class FunctionCollector : public RecursiveASTVisitor<FunctionCollector> {
public:
  FunctionCollector(ASTContext &Ctx, HandleModel &Handles, FunctionFacts &Out)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Handles(Handles), Out(Out) {}

  // Code that never runs: unevaluated operands, discarded branches.
  bool TraverseStmt(Stmt *S) {
    if (!S || isUnevaluatedOperand(S))
      return true;
    if (const Stmt *Discarded = discardedBranch(dyn_cast<IfStmt>(S), Ctx)) {
      for (Stmt *Child : S->children())
        if (Child != Discarded)
          TraverseStmt(Child);
      return true;
    }
    return RecursiveASTVisitor::TraverseStmt(S);
  }

  // A lambda's body runs when it is called, not where it is written; code in
  // unevaluated operands never runs.
  bool TraverseLambdaExpr(LambdaExpr *L) {
    for (Expr *Init : L->capture_inits())
      if (Init)
        TraverseStmt(Init);
    return true;
  }
  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *) { return true; }
  bool TraverseCXXNoexceptExpr(CXXNoexceptExpr *) { return true; }
  bool TraverseDecltypeTypeLoc(PICKLINT_TYPELOC_TRAVERSE_PARAMS(DecltypeTypeLoc)) {
    return true;
  }

  bool VisitCallExpr(CallExpr *Call) {
    if (const FunctionDecl *Callee = userCallee(Call))
      addCall(Callee, Call);
    else
      throughBody(Call->getDirectCallee(), Call);
    if (Nested)
      return true; // another function's body: its members are its own
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      const Expr *Object = Member->getImplicitObjectArgument();
      if (Object && isa<CXXThisExpr>(Object->IgnoreParenImpCasts()))
        if (const CXXMethodDecl *Method = Member->getMethodDecl())
          if (std::string Usr = usrOf(Method); isUserFunction(Method) && !Usr.empty())
            Out.ThisCalls.push_back({Usr, placeOf(Call->getExprLoc(), SM)});
    }
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    if (const FunctionDecl *Callee = userCallee(Construct))
      addCall(Callee, Construct);
    else
      throughBody(Construct->getConstructor(), Construct);
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) {
    if (const auto *Field = dyn_cast<FieldDecl>(E->getMemberDecl()); Field && !Nested)
      useField(Field, E->getMemberLoc());
    return true;
  }
  void useField(const FieldDecl *Field, SourceLocation Loc) {
    std::string Usr = usrOf(Field);
    if (!Usr.empty() && SeenFields.insert(Usr).second) {
      Out.Fields.push_back({Usr, Step{placeOf(Loc, SM), Field->getName().str()}});
      FieldsUsed.push_back(Field);
    }
  }
  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Nested)
      return true;
    if (Op->getOpcode() == BO_Assign)
      if (const auto *Member = dyn_cast<MemberExpr>(Op->getLHS()->IgnoreParenImpCasts()))
        if (const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl()))
          assignedFromCall(Field, Op->getRHS());
    return true;
  }

  /// A member assigned what a user function returns: whether that is a
  /// descriptor is the index's to answer.
  void assignedFromCall(const FieldDecl *Field, const Expr *Value) {
    if (!Field->getType()->isIntegerType())
      return;
    const auto *Call = dyn_cast<CallExpr>(Value->IgnoreParenImpCasts());
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (!isUserFunction(Callee) || !Callee->getReturnType()->isIntegerType() ||
        usrOf(Field).empty())
      return;
    Out.DescriptorFields.push_back({usrOf(Field), Field->getName().str(), std::nullopt,
                                    Edge{usrOf(Callee), placeOf(Call->getBeginLoc(), SM)}});
  }

  std::vector<const FieldDecl *> FieldsUsed;

private:
  /// A call into code that is not indexed on its own (a template's
  /// instantiation, a lambda called where it is written, an implicit member
  /// of the unit's own code): the user functions it calls are this
  /// function's edges, reached through it.
  void throughBody(const FunctionDecl *Callee, const Expr *Site) {
    const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
    if (!Def || !Def->hasBody() || SM.isInSystemHeader(Def->getLocation()) ||
        Depth >= MaxForwardingDepth || !Through.insert(Def).second)
      return;
    ++Depth;
    bool WasNested = Nested;
    Nested = true;
    const Expr *OuterSite = CurrentSite;
    if (!CurrentSite)
      CurrentSite = Site;
    TraverseStmt(Def->getBody());
    CurrentSite = OuterSite;
    Nested = WasNested;
    --Depth;
  }

  void addCall(const FunctionDecl *Callee, const Expr *Site) {
    if (CurrentSite)
      Site = CurrentSite; // the call in this function's own body that leads here
    std::string Usr = usrOf(Callee);
    if (!Usr.empty() && SeenCalls.insert(Usr).second)
      Out.Calls.push_back({Usr, placeOf(Site->getBeginLoc(), SM)});
  }

  ASTContext &Ctx;
  const SourceManager &SM;
  HandleModel &Handles;
  FunctionFacts &Out;
  llvm::StringSet<> SeenCalls, SeenFields;
  llvm::SmallPtrSet<const FunctionDecl *, 8> Through;
  unsigned Depth = 0;
  bool Nested = false;
  const Expr *CurrentSite = nullptr;
};

/// Every function definition of the unit's user code, and every executor
/// construction.
class UnitCollector : public RecursiveASTVisitor<UnitCollector> {
public:
  UnitCollector(ASTContext &Ctx, const FactsOptions &Options, UnitFacts &Out)
      : Ctx(Ctx), SM(Ctx.getSourceManager()),
        Effects(Options.SideEffectFunctions, Options.PureFunctions),
        Handles(DefaultHandleTypes, Options.HandleFunctions.empty()
                                        ? llvm::StringRef(DefaultHandleFunctions)
                                        : llvm::StringRef(Options.HandleFunctions)),
        Out(Out) {
    ProjectView Local{nullptr, /*LocalOnly=*/true};
    Effects.setProject(Local);
    Creations.setProject(Local);
    Handles.setProject(Local);
  }

  // Facts are about user code: system headers are not walked, and templates
  // are judged where they are instantiated, not indexed.
  bool TraverseDecl(Decl *D) {
    if (D && !isa<TranslationUnitDecl>(D) && SM.isInSystemHeader(D->getLocation()))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    if (isExecutorConstruction(Construct) && !SM.isInSystemHeader(Construct->getBeginLoc()))
      Out.Executors.push_back(
          {placeOf(Construct->getBeginLoc(), SM), methodFact(startMethodOf(Construct))});
    return true;
  }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (!FD->doesThisDeclarationHaveABody() || !isUserFunction(FD) ||
        SM.isInSystemHeader(FD->getLocation()))
      return true;
    FunctionFacts F;
    F.Usr = usrOf(FD);
    if (F.Usr.empty())
      return true;
    F.Name = displayName(FD);
    F.Where = placeOf(FD->getLocation(), SM);

    FunctionCollector Body(Ctx, Handles, F);
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
      for (const CXXCtorInitializer *Init : Ctor->inits()) {
        Body.TraverseStmt(Init->getInit());
        if (const FieldDecl *Field = Init->getMember()) {
          Body.useField(Field, Init->getMemberLocation());
          Body.assignedFromCall(Field, Init->getInit());
        }
      }
    // A coroutine that suspends at once runs none of its body when called.
    bool RunsWhenCalled = !suspendsInitially(FD);
    Body.TraverseStmt(FD->getBody());
    if (!RunsWhenCalled)
      F.Calls.clear();

    if (std::optional<SideEffect> Effect = RunsWhenCalled ? Effects.ofFunction(FD) : std::nullopt)
      F.Effect = Step{placeOf(Effect->Chain.front().Site->getBeginLoc(), SM), Effect->What};
    if (std::optional<ExecutorCreation> Creation =
            RunsWhenCalled ? Creations.ofFunction(FD) : std::nullopt) {
      F.Creates = placeOf(Creation->Chain.front()->getBeginLoc(), SM);
      const auto *Construct = dyn_cast<CXXConstructExpr>(Creation->site());
      F.CreatesMethod = Construct ? methodFact(startMethodOf(Construct)) : StartMethodFact::Unknown;
      if (Creation->Chain.size() > 1)
        F.CreatesMethod = StartMethodFact::Unknown; // built inside library code
    }
    // Descriptors: returned, or stored in members.
    if (FD->getReturnType()->isIntegerType()) {
      if (std::optional<DescriptorOrigin> Origin = Handles.returnedDescriptor(FD)) {
        Place Where = Origin->Site ? placeOf(Origin->Site->getBeginLoc(), SM) : F.Where;
        F.ReturnsDescriptor = Step{Where, Origin->How};
      } else {
        collectReturnEdges(FD, F);
      }
    }
    for (const FieldDecl *Field : Body.FieldsUsed)
      if (std::optional<DescriptorOrigin> Origin = Handles.descriptorMemberIn(FD, Field);
          Origin && Origin->Site)
        F.DescriptorFields.push_back({usrOf(Field), Field->getName().str(),
                                      Step{placeOf(Origin->Site->getBeginLoc(), SM), Origin->How},
                                      std::nullopt});
    Out.Functions.push_back(std::move(F));
    return true;
  }

private:
  /// `return g();` and `int fd = g(); ... return fd;` with g a user function:
  /// FD returns a descriptor if g does, which the index answers.
  void collectReturnEdges(const FunctionDecl *FD, FunctionFacts &F) {
    struct Returns : RecursiveASTVisitor<Returns> {
      const SourceManager &SM;
      FunctionFacts &F;
      Returns(const SourceManager &SM, FunctionFacts &F) : SM(SM), F(F) {}
      bool TraverseLambdaExpr(LambdaExpr *) { return true; }
      void from(const Expr *Value) {
        const auto *Call = dyn_cast_or_null<CallExpr>(Value ? Value->IgnoreParenImpCasts() : nullptr);
        const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
        if (isUserFunction(Callee) && Callee->getReturnType()->isIntegerType())
          F.ReturnsFrom.push_back({usrOf(Callee), placeOf(Call->getBeginLoc(), SM)});
      }
      bool VisitReturnStmt(ReturnStmt *Ret) {
        const Expr *Value = Ret->getRetValue();
        if (!Value)
          return true;
        from(Value);
        if (const auto *Ref = dyn_cast<DeclRefExpr>(Value->IgnoreParenImpCasts()))
          if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()); Var && Var->isLocalVarDecl())
            Returned.insert(Var);
        return true;
      }
      llvm::SmallPtrSet<const VarDecl *, 4> Returned;
    } R(SM, F);
    R.TraverseStmt(FD->getBody());
    if (R.Returned.empty())
      return;
    // The returned variables' initializers and assignments.
    struct Assignments : RecursiveASTVisitor<Assignments> {
      Returns &R;
      explicit Assignments(Returns &R) : R(R) {}
      bool TraverseLambdaExpr(LambdaExpr *) { return true; }
      bool VisitVarDecl(VarDecl *V) {
        if (R.Returned.count(V) && V->hasInit())
          R.from(V->getInit());
        return true;
      }
      bool VisitBinaryOperator(BinaryOperator *Op) {
        if (Op->getOpcode() == BO_Assign)
          if (const auto *Ref = dyn_cast<DeclRefExpr>(Op->getLHS()->IgnoreParenImpCasts()))
            if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()); Var && R.Returned.count(Var))
              R.from(Op->getRHS());
        return true;
      }
    } A(R);
    A.TraverseStmt(FD->getBody());
  }

  ASTContext &Ctx;
  const SourceManager &SM;
  SideEffectModel Effects;
  ExecutorCreationFinder Creations;
  HandleModel Handles;
  UnitFacts &Out;
};

} // namespace

UnitFacts collectFacts(ASTContext &Context, const FactsOptions &Options) {
  UnitFacts Unit;
  const SourceManager &SM = Context.getSourceManager();
  if (OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID()))
    Unit.Source = placeOf(SM.getLocForStartOfFile(SM.getMainFileID()), SM).File;
  UnitCollector Collector(Context, Options, Unit);
  Collector.TraverseAST(Context);
  // Every file the unit read, as it was: what makes the shard stale.
  for (const std::string &Path : filesRead(SM))
    Unit.Inputs.push_back(stampOf(Path));
  return Unit;
}

std::vector<std::string> filesRead(const SourceManager &SM) {
  llvm::ErrorOr<std::string> Dir =
      SM.getFileManager().getVirtualFileSystem().getCurrentWorkingDirectory();
  llvm::StringSet<> Seen;
  std::vector<std::string> Files;
  for (auto It = SM.fileinfo_begin(), End = SM.fileinfo_end(); It != End; ++It) {
    llvm::SmallString<256> Path(It->first.getName());
    compat::makeAbsolute(Dir ? *Dir : std::string(), Path);
    if (Seen.insert(Path).second)
      Files.push_back(std::string(Path));
  }
  llvm::sort(Files);
  return Files;
}

} // namespace clang::tidy::picklint
