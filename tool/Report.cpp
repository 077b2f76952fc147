#include "Report.h"

#include "PicklintModule.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace clang::tidy::picklint {

namespace {

/// Turns file offsets into 1-based lines and columns; reads each file once.
class LineTable {
public:
  Location locate(const std::string &File, unsigned Offset) {
    Location L{File, 0, 0};
    if (File.empty())
      return L;
    auto [It, Inserted] = Starts.try_emplace(File);
    if (Inserted) {
      It->second.push_back(0);
      if (auto Buffer = llvm::MemoryBuffer::getFile(File)) {
        llvm::StringRef Text = (*Buffer)->getBuffer();
        for (size_t I = 0; I < Text.size(); ++I)
          if (Text[I] == '\n')
            It->second.push_back(I + 1);
      }
    }
    const std::vector<size_t> &Lines = It->second;
    auto Next = std::upper_bound(Lines.begin(), Lines.end(), size_t(Offset));
    size_t Index = Next - Lines.begin(); // 1-based line
    L.Line = static_cast<unsigned>(Index);
    L.Column = static_cast<unsigned>(Offset - Lines[Index - 1] + 1);
    return L;
  }

private:
  llvm::StringMap<std::vector<size_t>> Starts;
};

llvm::json::Object locationJson(const Location &L) {
  return llvm::json::Object{{"file", L.File}, {"line", L.Line}, {"column", L.Column}};
}

void printJson(llvm::raw_ostream &OS, const std::vector<Finding> &Findings) {
  llvm::json::Array All;
  for (const Finding &F : Findings) {
    llvm::json::Array Notes;
    for (const Note &N : F.Notes) {
      llvm::json::Object O = locationJson(N.Where);
      O["message"] = N.Message;
      Notes.push_back(std::move(O));
    }
    llvm::json::Object O = locationJson(F.Where);
    O["severity"] = F.Severity == Finding::Error ? "error" : "warning";
    O["check"] = F.Check;
    O["message"] = F.Message;
    O["notes"] = std::move(Notes);
    All.push_back(std::move(O));
  }
  OS << llvm::formatv("{0:2}", llvm::json::Value(std::move(All))) << "\n";
}

std::string fileUri(const std::string &Path) {
  std::string Uri = "file://";
  for (char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-_.~").contains(C))
      Uri += C;
    else
      Uri += llvm::formatv("%{0:X-2}", static_cast<unsigned char>(C)).str();
  }
  return Uri;
}

llvm::json::Object sarifLocation(const Location &L, const std::string *Message) {
  llvm::json::Object Region{{"startLine", std::max(1u, L.Line)},
                            {"startColumn", std::max(1u, L.Column)}};
  llvm::json::Object O{
      {"physicalLocation",
       llvm::json::Object{{"artifactLocation", llvm::json::Object{{"uri", fileUri(L.File)}}},
                          {"region", std::move(Region)}}}};
  if (Message)
    O["message"] = llvm::json::Object{{"text", *Message}};
  return O;
}

void printSarif(llvm::raw_ostream &OS, const std::vector<Finding> &Findings) {
  // One rule per check of the module, in Checks.def order.
  llvm::json::Array Rules;
  std::vector<std::string> RuleIds;
#define PICKLINT_CHECK(Name, Class, Summary)                                           \
  RuleIds.push_back(Name);                                                             \
  Rules.push_back(llvm::json::Object{                                                  \
      {"id", Name},                                                                    \
      {"shortDescription", llvm::json::Object{{"text", Summary}}},                     \
      {"helpUri", "docs/checks/" Name ".md"}});
#include "Checks.def"
  llvm::json::Array Results;
  for (const Finding &F : Findings) {
    llvm::json::Object R{{"ruleId", F.Check},
                         {"level", F.Severity == Finding::Error ? "error" : "warning"},
                         {"message", llvm::json::Object{{"text", F.Message}}},
                         {"locations", llvm::json::Array{sarifLocation(F.Where, nullptr)}}};
    auto Rule = std::find(RuleIds.begin(), RuleIds.end(), F.Check);
    if (Rule != RuleIds.end())
      R["ruleIndex"] = static_cast<int64_t>(Rule - RuleIds.begin());
    llvm::json::Array Related;
    for (const Note &N : F.Notes)
      Related.push_back(sarifLocation(N.Where, &N.Message));
    if (!Related.empty())
      R["relatedLocations"] = std::move(Related);
    Results.push_back(std::move(R));
  }
  llvm::json::Object Log{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       llvm::json::Array{llvm::json::Object{
           {"tool", llvm::json::Object{{"driver",
                                        llvm::json::Object{{"name", "picklint"},
                                                           {"version", PICKLINT_VERSION},
                                                           {"rules", std::move(Rules)}}}}},
           {"results", std::move(Results)}}}}};
  OS << llvm::formatv("{0:2}", llvm::json::Value(std::move(Log))) << "\n";
}

} // namespace

void collectFindings(const std::vector<clang::tidy::ClangTidyError> &Errors,
                     std::vector<Finding> &Out) {
  LineTable Lines;
  for (const clang::tidy::ClangTidyError &E : Errors) {
    Finding F;
    F.Severity = E.DiagLevel == clang::tooling::Diagnostic::Error ? Finding::Error
                                                                   : Finding::Warning;
    F.Check = E.DiagnosticName;
    F.Message = E.Message.Message;
    F.Where = Lines.locate(E.Message.FilePath, E.Message.FileOffset);
    for (const clang::tooling::DiagnosticMessage &N : E.Notes)
      F.Notes.push_back({Lines.locate(N.FilePath, N.FileOffset), N.Message});
    Out.push_back(std::move(F));
  }
}

void printFindings(llvm::raw_ostream &OS, Format F, const std::vector<Finding> &Findings) {
  if (F == Format::Json)
    printJson(OS, Findings);
  else if (F == Format::Sarif)
    printSarif(OS, Findings);
}

} // namespace clang::tidy::picklint
