#include "Report.h"
#include "model/ClangCompat.h"

#include "clang/Format/Format.h"
#include "clang/Tooling/Core/Replacement.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA1.h"
#include "llvm/Support/YAMLTraits.h"

#include <tuple>

namespace clang::tidy::picklint {

std::optional<Format> formatNamed(llvm::StringRef Name) {
  if (Name == "text")
    return Format::Text;
  if (Name == "json")
    return Format::Json;
  if (Name == "sarif")
    return Format::Sarif;
  if (Name == "codequality")
    return Format::CodeQuality;
  return std::nullopt;
}

// --- Source files --------------------------------------------------------

const llvm::MemoryBuffer *SourceFiles::buffer(const std::string &File) {
  auto [It, Inserted] = Ids.try_emplace(File, 0);
  if (Inserted) {
    if (auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/false,
                                                  /*RequiresNullTerminator=*/false))
      It->second = Manager.AddNewSourceBuffer(std::move(*Buffer), llvm::SMLoc());
  }
  return It->second ? Manager.getMemoryBuffer(It->second) : nullptr;
}

void SourceFiles::locate(Span &S) {
  const llvm::MemoryBuffer *Buffer = buffer(S.File);
  if (!Buffer) {
    S.Line = S.EndLine = 1;
    S.Column = S.EndColumn = 1;
    return;
  }
  unsigned Id = Ids.lookup(S.File);
  size_t Size = Buffer->getBufferSize();
  auto At = [&](size_t Offset) {
    return Manager.getLineAndColumn(
        llvm::SMLoc::getFromPointer(Buffer->getBufferStart() + std::min(Offset, Size)), Id);
  };
  std::tie(S.Line, S.Column) = At(S.Offset);
  std::tie(S.EndLine, S.EndColumn) = At(size_t(S.Offset) + S.Length);
}

llvm::StringRef SourceFiles::lineText(const std::string &File, unsigned Line) {
  const llvm::MemoryBuffer *Buffer = buffer(File);
  if (!Buffer || Line == 0)
    return "";
  llvm::SMLoc Start = Manager.FindLocForLineAndColumn(Ids.lookup(File), Line, 1);
  if (!Start.isValid())
    return "";
  llvm::StringRef Rest(Start.getPointer(), Buffer->getBufferEnd() - Start.getPointer());
  return Rest.take_until([](char C) { return C == '\n' || C == '\r'; });
}

void SourceFiles::print(llvm::raw_ostream &OS, const Span &Where,
                        llvm::SourceMgr::DiagKind Kind, const std::string &Message,
                        const std::vector<Edit> &Fixes, bool Colors) {
  const llvm::MemoryBuffer *Buffer = Where.File.empty() ? nullptr : buffer(Where.File);
  if (!Buffer) {
    llvm::SMDiagnostic D(Where.File, Kind, Message);
    D.print(nullptr, OS, Colors);
    return;
  }
  const char *Base = Buffer->getBufferStart();
  size_t Size = Buffer->getBufferSize();
  auto Loc = [&](size_t Offset) {
    return llvm::SMLoc::getFromPointer(Base + std::min(Offset, Size));
  };
  std::vector<llvm::SMRange> Ranges;
  if (Where.Length && Where.EndLine == Where.Line)
    Ranges.push_back({Loc(Where.Offset), Loc(size_t(Where.Offset) + Where.Length)});
  std::vector<llvm::SMFixIt> FixIts;
  for (const Edit &E : Fixes)
    if (E.Where.File == Where.File && E.Where.Line == Where.Line &&
        E.Where.EndLine == Where.Line)
      FixIts.emplace_back(
          llvm::SMRange(Loc(E.Where.Offset), Loc(size_t(E.Where.Offset) + E.Where.Length)),
          E.Text);
  Manager.PrintMessage(OS, Manager.GetMessage(Loc(Where.Offset), Kind, Message, Ranges, FixIts),
                       Colors);
}

// --- From clang-tidy's results -------------------------------------------

namespace {

std::string absoluteIn(llvm::StringRef Dir, llvm::StringRef Path) {
  if (Path.empty())
    return "";
  llvm::SmallString<256> Full(Path);
  compat::makeAbsolute(Dir, Full);
  return std::string(Full);
}

Span spanOf(const tooling::DiagnosticMessage &M, llvm::StringRef Dir, SourceFiles &Sources) {
  Span S;
  S.File = absoluteIn(Dir, M.FilePath);
  S.Offset = M.FileOffset;
  // The range that starts at the diagnostic, if the check gave one.
  for (const tooling::FileByteRange &R : M.Ranges)
    if (absoluteIn(Dir, R.FilePath) == S.File && R.FileOffset == M.FileOffset) {
      S.Length = R.Length;
      break;
    }
  if (!S.File.empty())
    Sources.locate(S);
  return S;
}

} // namespace

void collect(const std::vector<ClangTidyError> &Errors, SourceFiles &Sources, Report &Out) {
  for (const ClangTidyError &E : Errors) {
    llvm::StringRef Dir = E.BuildDirectory;
    if (E.DiagLevel == tooling::Diagnostic::Error && !E.IsWarningAsError) {
      Out.Errors.push_back({spanOf(E.Message, Dir, Sources), E.Message.Message});
      continue;
    }
    Finding F;
    F.Severity = E.IsWarningAsError ? Finding::Error : Finding::Warning;
    F.Check = E.DiagnosticName;
    F.Message = E.Message.Message;
    F.Where = spanOf(E.Message, Dir, Sources);
    for (const tooling::DiagnosticMessage &N : E.Notes)
      F.Notes.push_back({spanOf(N, Dir, Sources), N.Message});
    for (const auto &[File, Replacements] : E.Message.Fix)
      for (const tooling::Replacement &R : Replacements) {
        Edit Change;
        Change.Where.File = absoluteIn(Dir, R.getFilePath());
        Change.Where.Offset = R.getOffset();
        Change.Where.Length = R.getLength();
        Sources.locate(Change.Where);
        Change.Text = R.getReplacementText().str();
        F.Fixes.push_back(std::move(Change));
      }
    llvm::sort(F.Fixes, [](const Edit &A, const Edit &B) {
      return std::tie(A.Where.File, A.Where.Offset, A.Where.Length) <
             std::tie(B.Where.File, B.Where.Offset, B.Where.Length);
    });
    Out.Findings.push_back(std::move(F));
  }
}

// --- Order and fingerprints ----------------------------------------------

namespace {

/// The text without any whitespace: a formatter's changes inside a line
/// (spaces added, removed or re-indented) leave it alone.
std::string normalised(llvm::StringRef Text) {
  std::string Out;
  for (char C : Text)
    if (!llvm::isSpace(C))
      Out += C;
  return Out;
}

/// The text a finding points at: its range, or the token that starts there.
llvm::StringRef anchorText(const Finding &F, SourceFiles &Sources) {
  const llvm::MemoryBuffer *Buffer = Sources.buffer(F.Where.File);
  if (!Buffer || F.Where.Offset >= Buffer->getBufferSize())
    return "";
  llvm::StringRef From = Buffer->getBuffer().drop_front(F.Where.Offset);
  if (F.Where.Length)
    return From.take_front(F.Where.Length);
  size_t Token = From.find_if_not([](char C) { return llvm::isAlnum(C) || C == '_'; });
  return From.take_front(std::max<size_t>(1, Token));
}

auto placeKey(const Finding &F) {
  return std::tie(F.Where.File, F.Where.Offset, F.Check, F.Message);
}

} // namespace

void finish(Report &R, SourceFiles &Sources) {
  llvm::sort(R.Findings,
                    [](const Finding &A, const Finding &B) { return placeKey(A) < placeKey(B); });
  R.Findings.erase(std::unique(R.Findings.begin(), R.Findings.end(),
                               [](const Finding &A, const Finding &B) {
                                 return placeKey(A) == placeKey(B);
                               }),
                   R.Findings.end());
  auto ErrorKey = [](const ToolError &E) {
    return std::tie(E.Where.File, E.Where.Offset, E.Message);
  };
  llvm::sort(R.Errors, [&](const ToolError &A, const ToolError &B) {
    return ErrorKey(A) < ErrorKey(B);
  });
  R.Errors.erase(std::unique(R.Errors.begin(), R.Errors.end(),
                             [&](const ToolError &A, const ToolError &B) {
                               return ErrorKey(A) == ErrorKey(B);
                             }),
                 R.Errors.end());

  llvm::sort(R.Files);
  R.Files.erase(std::unique(R.Files.begin(), R.Files.end()), R.Files.end());

  // A fingerprint names a finding by what it is, not where it is: the
  // check, the flagged line's text and the flagged token, whitespace
  // normalised, and which occurrence of those it is in its file (as GitHub's
  // primaryLocationLineHash). Inserting lines above it, or editing other
  // lines, leaves it alone.
  std::map<std::tuple<std::string, std::string, std::string>, unsigned> Seen;
  for (Finding &F : R.Findings) {
    if (!F.Fingerprint.empty()) // merged from a shard's report
      continue;
    llvm::SHA1 Hash;
    Hash.update(F.Check);
    Hash.update(llvm::StringRef("\0", 1));
    Hash.update(normalised(Sources.lineText(F.Where.File, F.Where.Line)));
    Hash.update(llvm::StringRef("\0", 1));
    Hash.update(normalised(anchorText(F, Sources)));
    std::string Digest = llvm::toHex(Hash.final(), /*LowerCase=*/true).substr(0, 16);
    unsigned N = ++Seen[{F.Where.File, F.Check, Digest}];
    F.Fingerprint = Digest + ":" + std::to_string(N);
  }
}

// --- Paths ---------------------------------------------------------------

std::string relativePath(llvm::StringRef Path, llvm::StringRef Root) {
  if (!Root.empty() && Path.starts_with(Root) &&
      (Path.size() == Root.size() || llvm::sys::path::is_separator(Path[Root.size()])))
    return llvm::sys::path::convert_to_slash(Path.drop_front(Root.size()).ltrim('/'));
  return Path.str();
}

// --- Text ----------------------------------------------------------------

void printText(llvm::raw_ostream &OS, const Report &R, SourceFiles &Sources, bool Colors) {
  for (const ToolError &E : R.Errors)
    Sources.print(OS, E.Where, llvm::SourceMgr::DK_Error, E.Message, {}, Colors);
  for (const Finding &F : R.Findings) {
    std::string Message = F.Message + " [" + F.Check +
                          (F.Severity == Finding::Error ? ",-warnings-as-errors]" : "]");
    Sources.print(OS, F.Where,
                  F.Severity == Finding::Error ? llvm::SourceMgr::DK_Error
                                               : llvm::SourceMgr::DK_Warning,
                  Message, F.Fixes, Colors);
    for (const Note &N : F.Notes)
      Sources.print(OS, N.Where, llvm::SourceMgr::DK_Note, N.Message, {}, Colors);
  }
}

// --- JSON ----------------------------------------------------------------

namespace {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

Object spanJson(const Span &S, const OutputOptions &O) {
  Object J;
  if (!S.File.empty())
    J["file"] = relativePath(S.File, O.Root);
  J["line"] = S.Line;
  J["column"] = S.Column;
  J["endLine"] = S.EndLine;
  J["endColumn"] = S.EndColumn;
  J["offset"] = S.Offset;
  J["length"] = S.Length;
  return J;
}

const char *severityName(Finding::Level L) { return L == Finding::Error ? "error" : "warning"; }

} // namespace

llvm::json::Value toJson(const Report &R, const OutputOptions &O) {
  Array Findings;
  std::map<std::string, int64_t> ByCheck;
  for (const Finding &F : R.Findings) {
    Object J = spanJson(F.Where, O);
    J["check"] = F.Check;
    J["severity"] = severityName(F.Severity);
    J["message"] = F.Message;
    J["fingerprint"] = F.Fingerprint;
    J["fixed"] = F.Fixed;
    Array Notes, Fixes;
    for (const Note &N : F.Notes) {
      Object NJ = spanJson(N.Where, O);
      NJ["message"] = N.Message;
      Notes.push_back(std::move(NJ));
    }
    for (const Edit &E : F.Fixes) {
      Object EJ = spanJson(E.Where, O);
      EJ["replacement"] = E.Text;
      Fixes.push_back(std::move(EJ));
    }
    J["notes"] = std::move(Notes);
    J["fixes"] = std::move(Fixes);
    Findings.push_back(std::move(J));
    ++ByCheck[F.Check];
  }
  Array Errors;
  for (const ToolError &E : R.Errors) {
    Object J = spanJson(E.Where, O);
    J["message"] = E.Message;
    Errors.push_back(std::move(J));
  }
  Array Files;
  for (const std::string &F : R.Files)
    Files.push_back(relativePath(F, O.Root));
  Object Counts;
  for (const auto &[Check, N] : ByCheck)
    Counts[Check] = N;
  Object Doc{{"version", ReportSchemaVersion},
             {"tool", Object{{"name", "picklint"}, {"version", PICKLINT_VERSION}}},
             {"root", O.Root},
             {"files", std::move(Files)},
             {"findings", std::move(Findings)},
             {"errors", std::move(Errors)},
             {"summary", Object{{"findings", static_cast<int64_t>(R.Findings.size())},
                                {"files", static_cast<int64_t>(R.Files.size())},
                                {"suppressedByNolint", R.SuppressedByNolint},
                                {"baselined", R.Baselined},
                                {"fixed", R.Fixed},
                                {"byCheck", std::move(Counts)}}}};
  return Doc;
}

void printJson(llvm::raw_ostream &OS, const Report &R, const OutputOptions &O) {
  OS << llvm::formatv("{0:2}", toJson(R, O)) << "\n";
}

void printCodeQuality(llvm::raw_ostream &OS, const Report &R, const OutputOptions &O) {
  llvm::json::Array Issues;
  auto Location = [&](const Span &S) {
    return Object{{"path", S.File.empty() ? std::string(".") : relativePath(S.File, O.Root)},
                  {"lines", Object{{"begin", std::max(1u, S.Line)}}}};
  };
  for (const Finding &F : R.Findings) {
    std::string Description = F.Message;
    for (const Note &N : F.Notes)
      Description += "; note: " + N.Message;
    Issues.push_back(Object{{"type", "issue"},
                            {"check_name", F.Check},
                            {"description", Description},
                            {"categories", llvm::json::Array{"Bug Risk"}},
                            {"severity", F.Severity == Finding::Error ? "critical" : "major"},
                            {"fingerprint", F.Fingerprint},
                            {"location", Location(F.Where)}});
  }
  // A file picklint could not judge is reported too: a gate must not pass
  // silently over it. Its fingerprint is the error's place, its text, and
  // its rank among the run's errors (two alike stay two issues).
  for (size_t I = 0; I < R.Errors.size(); ++I) {
    const ToolError &E = R.Errors[I];
    llvm::SHA1 Hash;
    for (const std::string &Part :
         {relativePath(E.Where.File, O.Root), std::to_string(E.Where.Line),
          std::to_string(E.Where.Column), E.Message, std::to_string(I)}) {
      Hash.update(Part);
      Hash.update(llvm::StringRef("\0", 1));
    }
    Issues.push_back(Object{{"type", "issue"},
                            {"check_name", "picklint-error"},
                            {"description", E.Message},
                            {"categories", llvm::json::Array{"Bug Risk"}},
                            {"severity", "blocker"},
                            {"fingerprint", llvm::toHex(Hash.final(), /*LowerCase=*/true)},
                            {"location", Location(E.Where)}});
  }
  OS << llvm::formatv("{0:2}", llvm::json::Value(std::move(Issues))) << "\n";
}

void printReport(llvm::raw_ostream &OS, Format F, const Report &R, const OutputOptions &Out,
                 const OutputOptions &SarifOut) {
  switch (F) {
  case Format::Json:
    printJson(OS, R, Out);
    break;
  case Format::Sarif:
    printSarif(OS, R, SarifOut);
    break;
  case Format::CodeQuality:
    printCodeQuality(OS, R, Out);
    break;
  case Format::Text:
    break; // printText: it needs the sources
  }
}

namespace {

class JsonReader {
public:
  explicit JsonReader(llvm::StringRef Root) : Root(Root) {}
  std::string Problem;

  bool span(const Object *J, Span &S) {
    if (!J)
      return fail("expected an object");
    if (std::optional<llvm::StringRef> File = J->getString("file"))
      S.File = absoluteIn(Root, *File);
    return number(J, "line", S.Line) && number(J, "column", S.Column) &&
           number(J, "endLine", S.EndLine) && number(J, "endColumn", S.EndColumn) &&
           number(J, "offset", S.Offset) && number(J, "length", S.Length);
  }
  bool string(const Object *J, llvm::StringRef Key, std::string &Out) {
    std::optional<llvm::StringRef> S = J->getString(Key);
    if (!S)
      return fail(("'" + Key + "' is missing or not a string").str());
    Out = S->str();
    return true;
  }
  bool number(const Object *J, llvm::StringRef Key, unsigned &Out) {
    std::optional<int64_t> N = J->getInteger(Key);
    if (!N || *N < 0)
      return fail(("'" + Key + "' is missing or not a count").str());
    Out = static_cast<unsigned>(*N);
    return true;
  }
  const Array *array(const Object *J, llvm::StringRef Key) {
    const Array *A = J->getArray(Key);
    if (!A)
      fail(("'" + Key + "' is missing or not an array").str());
    return A;
  }

private:
  bool fail(std::string Message) {
    if (Problem.empty())
      Problem = std::move(Message);
    return false;
  }
  std::string Root;
};

} // namespace

llvm::Expected<Report> readJson(llvm::StringRef Text, llvm::StringRef Root) {
  llvm::Expected<Value> Parsed = llvm::json::parse(Text);
  if (!Parsed)
    return Parsed.takeError();
  return fromJson(*Parsed, Root);
}

llvm::Expected<Report> fromJson(const llvm::json::Value &Parsed, llvm::StringRef Root) {
  const Object *Doc = Parsed.getAsObject();
  if (!Doc)
    return llvm::createStringError("not a picklint JSON report (expected an object)");
  if (Doc->getInteger("version") != ReportSchemaVersion)
    return llvm::createStringError("not a picklint JSON report of version %d",
                                   ReportSchemaVersion);
  JsonReader In(Root);
  Report R;
  auto Bad = [&] {
    return llvm::createStringError("malformed picklint JSON report: %s", In.Problem.c_str());
  };
  const Array *Files = In.array(Doc, "files");
  const Array *Findings = In.array(Doc, "findings");
  const Array *Errors = In.array(Doc, "errors");
  const Object *Summary = Doc->getObject("summary");
  if (!Files || !Findings || !Errors || !Summary)
    return Bad();
  for (const Value &F : *Files)
    if (std::optional<llvm::StringRef> S = F.getAsString())
      R.Files.push_back(absoluteIn(Root, *S));
  for (const Value &V : *Findings) {
    const Object *J = V.getAsObject();
    Finding F;
    std::string Severity;
    if (!In.span(J, F.Where) || !In.string(J, "check", F.Check) ||
        !In.string(J, "message", F.Message) || !In.string(J, "severity", Severity) ||
        !In.string(J, "fingerprint", F.Fingerprint))
      return Bad();
    F.Severity = Severity == "error" ? Finding::Error : Finding::Warning;
    F.Fixed = J->getBoolean("fixed").value_or(false);
    const Array *Notes = In.array(J, "notes");
    const Array *Fixes = In.array(J, "fixes");
    if (!Notes || !Fixes)
      return Bad();
    for (const Value &NV : *Notes) {
      Note N;
      if (!In.span(NV.getAsObject(), N.Where) || !In.string(NV.getAsObject(), "message", N.Message))
        return Bad();
      F.Notes.push_back(std::move(N));
    }
    for (const Value &EV : *Fixes) {
      Edit E;
      if (!In.span(EV.getAsObject(), E.Where) ||
          !In.string(EV.getAsObject(), "replacement", E.Text))
        return Bad();
      F.Fixes.push_back(std::move(E));
    }
    R.Findings.push_back(std::move(F));
  }
  for (const Value &V : *Errors) {
    ToolError E;
    if (!In.span(V.getAsObject(), E.Where) || !In.string(V.getAsObject(), "message", E.Message))
      return Bad();
    R.Errors.push_back(std::move(E));
  }
  if (!In.number(Summary, "suppressedByNolint", R.SuppressedByNolint) ||
      !In.number(Summary, "baselined", R.Baselined) || !In.number(Summary, "fixed", R.Fixed))
    return Bad();
  return R;
}

// --- clang-tidy's export-fixes YAML --------------------------------------

namespace {

tooling::DiagnosticMessage messageOf(const std::string &Message, const Span &S) {
  tooling::DiagnosticMessage M;
  M.Message = Message;
  M.FilePath = S.File;
  M.FileOffset = S.Offset;
  if (S.Length) {
    tooling::FileByteRange Range;
    Range.FilePath = S.File;
    Range.FileOffset = S.Offset;
    Range.Length = S.Length;
    M.Ranges.push_back(Range);
  }
  return M;
}

} // namespace

void printFixesYaml(llvm::raw_ostream &OS, const Report &R, llvm::StringRef MainFile) {
  tooling::TranslationUnitDiagnostics TU;
  TU.MainSourceFile = MainFile.str();
  for (const Finding &F : R.Findings) {
    tooling::Diagnostic D(F.Check,
                          F.Severity == Finding::Error ? tooling::Diagnostic::Error
                                                       : tooling::Diagnostic::Warning,
                          /*BuildDirectory=*/"");
    D.Message = messageOf(F.Message, F.Where);
    for (const Edit &E : F.Fixes) {
      llvm::Error Err = D.Message.Fix[E.Where.File].add(
          tooling::Replacement(E.Where.File, E.Where.Offset, E.Where.Length, E.Text));
      llvm::consumeError(std::move(Err)); // the edits of one finding never overlap
    }
    for (const Note &N : F.Notes)
      D.Notes.push_back(messageOf(N.Message, N.Where));
    TU.Diagnostics.push_back(std::move(D));
  }
  llvm::yaml::Output YAML(OS);
  YAML << TU;
}

// --- --fix ---------------------------------------------------------------

void applyFixes(Report &R) {
  // A finding is fixed whole or not at all: one that conflicts with a fix
  // already taken is left as it is (clang-tidy does the same).
  std::map<std::string, tooling::Replacements> ByFile;
  for (Finding &F : R.Findings) {
    if (F.Fixes.empty())
      continue;
    std::map<std::string, tooling::Replacements> Trial = ByFile;
    bool Fits = true;
    for (const Edit &E : F.Fixes)
      if (llvm::Error Err = Trial[E.Where.File].add(
              tooling::Replacement(E.Where.File, E.Where.Offset, E.Where.Length, E.Text))) {
        llvm::consumeError(std::move(Err));
        Fits = false;
        break;
      }
    if (!Fits)
      continue;
    ByFile = std::move(Trial);
    F.Fixed = true;
    ++R.Fixed;
  }
  for (const auto &[File, Replacements] : ByFile) {
    auto Code = llvm::MemoryBuffer::getFile(File);
    if (!Code) {
      R.Errors.push_back({Span{File}, "cannot read the file to fix it: " +
                                          Code.getError().message()});
      continue;
    }
    llvm::StringRef Text = (*Code)->getBuffer();
    llvm::Expected<tooling::Replacements> Cleaned =
        format::cleanupAroundReplacements(Text, Replacements, format::getNoStyle());
    llvm::Expected<std::string> Fixed =
        Cleaned ? tooling::applyAllReplacements(Text, *Cleaned)
                : llvm::Expected<std::string>(Cleaned.takeError());
    if (!Fixed) {
      R.Errors.push_back({Span{File}, "cannot apply the fixes: " + llvm::toString(Fixed.takeError())});
      continue;
    }
    if (llvm::Error Err = llvm::writeToOutput(File, [&](llvm::raw_ostream &OS) {
          OS << *Fixed;
          return llvm::Error::success();
        }))
      R.Errors.push_back({Span{File}, "cannot write the fixed file: " + llvm::toString(std::move(Err))});
  }
}

} // namespace clang::tidy::picklint
