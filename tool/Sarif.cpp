// SARIF 2.1.0, as GitHub code scanning reads it: repository-relative URIs
// under %SRCROOT%, partialFingerprints, rules with help text, notes as
// related locations and as a code flow, fix-its as fixes, and the run's
// errors as tool execution notifications (so a failed run still writes a
// valid document).
//
// clang's SarifDocumentWriter (clang/Basic/Sarif.h) writes results from a
// live SourceManager with absolute artifact URIs and has no
// partialFingerprints, relatedLocations, fixes or invocations; the report is
// written after the units' SourceManagers are gone. So picklint writes the
// document itself, with llvm::json.

#include "Report.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

namespace clang::tidy::picklint {

namespace {

using llvm::json::Array;
using llvm::json::Object;

struct RuleHelp {
  const char *Name;
  const char *Summary;  // checks/Checks.def
  const char *Markdown; // docs/checks/<name>.md, built in (tool/CMakeLists.txt)
};

const RuleHelp Rules[] = {
#define PICKLINT_CHECK(Name, Class, Summary) {Name, Summary, nullptr},
#include "Checks.def"
};

struct CheckPage {
  const char *Name;
  const char *Markdown;
};

const CheckPage Pages[] = {
#define PICKLINT_CHECK_DOC(Name, Markdown) {Name, Markdown},
#include "CheckHelp.inc"
};

llvm::StringRef pageOf(llvm::StringRef Name) {
  for (const CheckPage &P : Pages)
    if (Name == P.Name)
      return P.Markdown;
  return "";
}

/// The first paragraph of a check page: what the check flags.
std::string firstParagraph(llvm::StringRef Markdown) {
  std::string Out;
  llvm::SmallVector<llvm::StringRef> Lines;
  Markdown.split(Lines, '\n');
  for (llvm::StringRef Line : Lines) {
    Line = Line.trim();
    if (Line.starts_with("#") || (Line.empty() && Out.empty()))
      continue;
    if (Line.empty() || Line.starts_with("```") || Line.starts_with("|"))
      break;
    if (!Out.empty())
      Out += ' ';
    Out += Line.str();
  }
  return Out;
}

/// The page's relative links made absolute against \p Base, so that they
/// work where code scanning shows the help.
std::string absoluteLinks(llvm::StringRef Markdown, llvm::StringRef Base) {
  std::string Out;
  while (true) {
    size_t At = Markdown.find("](");
    if (At == llvm::StringRef::npos)
      break;
    Out += Markdown.take_front(At + 2).str();
    Markdown = Markdown.drop_front(At + 2);
    if (!Markdown.starts_with("http:") && !Markdown.starts_with("https:") &&
        !Markdown.starts_with("#") && !Markdown.starts_with("mailto:"))
      Out += Base.str();
  }
  return Out + Markdown.str();
}

std::string percentEncoded(llvm::StringRef Path) {
  std::string Uri;
  for (char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-_.~").contains(C))
      Uri += C;
    else
      Uri += llvm::formatv("%{0:X-2}", static_cast<unsigned char>(C)).str();
  }
  return Uri;
}

class Writer {
public:
  explicit Writer(const OutputOptions &O) : O(O) {}

  Object artifact(const std::string &File) {
    std::string Relative = relativePath(File, O.Root);
    if (Relative != File)
      return Object{{"uri", percentEncoded(Relative)}, {"uriBaseId", "%SRCROOT%"}};
    return Object{{"uri", "file://" + percentEncoded(File)}};
  }

  Object region(const Span &S) {
    return Object{{"startLine", std::max(1u, S.Line)},
                  {"startColumn", std::max(1u, S.Column)},
                  {"endLine", std::max(1u, S.EndLine)},
                  {"endColumn", std::max(1u, S.EndColumn)}};
  }

  Object location(const Span &S, const std::string *Message) {
    Object L{{"physicalLocation",
              Object{{"artifactLocation", artifact(S.File)}, {"region", region(S)}}}};
    if (Message)
      L["message"] = Object{{"text", *Message}};
    return L;
  }

  Object result(const Finding &F, int64_t RuleIndex) {
    Object R{{"ruleId", F.Check},
             {"level", F.Severity == Finding::Error ? "error" : "warning"},
             {"message", Object{{"text", F.Message}}},
             {"locations", Array{location(F.Where, nullptr)}},
             {"partialFingerprints", Object{{"primaryLocationLineHash", F.Fingerprint}}}};
    if (RuleIndex >= 0)
      R["ruleIndex"] = RuleIndex;
    if (!F.Notes.empty()) {
      Array Related, Steps;
      int64_t Id = 0;
      for (const Note &N : F.Notes) {
        Object L = location(N.Where, &N.Message);
        L["id"] = Id++;
        Related.push_back(std::move(L));
        Steps.push_back(Object{{"location", location(N.Where, &N.Message)}});
      }
      R["relatedLocations"] = std::move(Related);
      // The notes read in order are the path from the submission to the
      // cause (a call chain across units, a capture, a member).
      R["codeFlows"] = Array{Object{{"threadFlows", Array{Object{{"locations", std::move(Steps)}}}}}};
    }
    if (!F.Fixes.empty()) {
      std::map<std::string, Array> ByFile;
      for (const Edit &E : F.Fixes)
        ByFile[E.Where.File].push_back(Object{{"deletedRegion", region(E.Where)},
                                              {"insertedContent", Object{{"text", E.Text}}}});
      Array Changes;
      for (auto &[File, Replacements] : ByFile)
        Changes.push_back(
            Object{{"artifactLocation", artifact(File)}, {"replacements", std::move(Replacements)}});
      R["fixes"] = Array{Object{{"description", Object{{"text", "picklint's fix-it"}}},
                                {"artifactChanges", std::move(Changes)}}};
    }
    return R;
  }

private:
  const OutputOptions &O;
};

} // namespace

void printSarif(llvm::raw_ostream &OS, const Report &R, const OutputOptions &O) {
  Writer W(O);
  // Every picklint check is a rule, with its page as help; checks of other
  // modules the command line turned on are rules with their name only.
  Array RuleList;
  std::vector<std::string> RuleIds;
  for (const RuleHelp &H : Rules) {
    std::string Markdown = absoluteLinks(pageOf(H.Name), O.HelpBaseUri);
    RuleIds.push_back(H.Name);
    RuleList.push_back(Object{
        {"id", H.Name},
        {"name", H.Name},
        {"shortDescription", Object{{"text", H.Summary}}},
        {"fullDescription", Object{{"text", firstParagraph(Markdown)}}},
        {"help", Object{{"text", Markdown}, {"markdown", Markdown}}},
        {"helpUri", O.HelpBaseUri + H.Name + ".md"},
        {"defaultConfiguration", Object{{"level", "warning"}}}});
  }
  for (const Finding &F : R.Findings)
    if (llvm::find(RuleIds, F.Check) == RuleIds.end()) {
      RuleIds.push_back(F.Check);
      RuleList.push_back(Object{{"id", F.Check}, {"name", F.Check}});
    }
  Array Results;
  for (const Finding &F : R.Findings)
    Results.push_back(W.result(F, llvm::find(RuleIds, F.Check) - RuleIds.begin()));

  Array Notifications;
  for (const ToolError &E : R.Errors) {
    Object N{{"level", "error"}, {"message", Object{{"text", E.Message}}}};
    if (!E.Where.File.empty())
      N["locations"] = Array{W.location(E.Where, nullptr)};
    Notifications.push_back(std::move(N));
  }
  // No command line: a report must not depend on -j, or on which shard ran.
  Object Invocation{{"executionSuccessful", R.Errors.empty()},
                    {"toolExecutionNotifications", std::move(Notifications)}};

  Object Run{{"tool", Object{{"driver", Object{{"name", "picklint"},
                                               {"version", PICKLINT_VERSION},
                                               {"informationUri", O.HelpBaseUri},
                                               {"rules", std::move(RuleList)}}}}},
             {"invocations", Array{std::move(Invocation)}},
             {"results", std::move(Results)}};
  if (!O.Root.empty())
    Run["originalUriBaseIds"] =
        Object{{"%SRCROOT%", Object{{"uri", "file://" + percentEncoded(O.Root) + "/"}}}};
  Object Log{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
             {"version", "2.1.0"},
             {"runs", Array{std::move(Run)}}};
  OS << llvm::formatv("{0:2}", llvm::json::Value(std::move(Log))) << "\n";
}

} // namespace clang::tidy::picklint
