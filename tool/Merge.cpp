// picklint merge: the reports of N --shard runs, as one run would give them.
//
//   picklint merge [--format=text|json|sarif|codequality] [--project-root=DIR] <report>...
//
// JSON reports merge into any format (findings sorted, a header's findings
// reported once, fingerprints kept from the shards). SARIF reports merge
// into SARIF: the results of every run, sorted and without duplicates, the
// invocations' outcome and notifications combined.

#include "Report.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

#include <tuple>

using namespace clang::tidy::picklint;
namespace json = llvm::json;

namespace {

int usage(const llvm::Twine &Problem) {
  llvm::WithColor::error(llvm::errs(), "picklint merge") << Problem << "\n";
  llvm::errs() << "usage: picklint merge [--format=text|json|sarif|codequality] [--project-root=DIR] "
                  "<report>...\n";
  return 2;
}

/// A merge that cannot be done: the usage line, and a valid report of the
/// asked-for format that says why (an upload step still has a document).
int failed(const llvm::Twine &Problem, Format Output, const OutputOptions &Out) {
  Report R;
  R.Errors.push_back({Span{}, Problem.str()});
  printReport(llvm::outs(), Output, R, Out, Out);
  return usage(Problem);
}

/// A SARIF result's place, for sorting and duplicates.
auto resultKey(const json::Value &V) {
  std::string Uri, Rule, Message;
  int64_t Line = 0, Column = 0;
  if (const json::Object *R = V.getAsObject()) {
    Rule = R->getString("ruleId").value_or("").str();
    if (const json::Object *M = R->getObject("message"))
      Message = M->getString("text").value_or("").str();
    if (const json::Array *Locations = R->getArray("locations"); Locations && !Locations->empty())
      if (const json::Object *L = (*Locations)[0].getAsObject())
        if (const json::Object *P = L->getObject("physicalLocation")) {
          if (const json::Object *A = P->getObject("artifactLocation"))
            Uri = A->getString("uri").value_or("").str();
          if (const json::Object *Region = P->getObject("region")) {
            Line = Region->getInteger("startLine").value_or(0);
            Column = Region->getInteger("startColumn").value_or(0);
          }
        }
  }
  return std::make_tuple(Uri, Line, Column, Rule, Message);
}

int mergeSarif(std::vector<json::Value> Docs) {
  json::Object &First = *Docs.front().getAsObject();
  json::Object &Run = *(*First.getArray("runs"))[0].getAsObject();
  std::vector<json::Value> Results;
  bool Successful = true;
  json::Array Notifications;
  for (json::Value &Doc : Docs) {
    const json::Array *Runs = Doc.getAsObject()->getArray("runs");
    for (const json::Value &RV : *Runs) {
      const json::Object *R = RV.getAsObject();
      if (const json::Array *Rs = R->getArray("results"))
        Results.insert(Results.end(), Rs->begin(), Rs->end());
      if (const json::Array *Inv = R->getArray("invocations"))
        for (const json::Value &IV : *Inv)
          if (const json::Object *I = IV.getAsObject()) {
            Successful &= I->getBoolean("executionSuccessful").value_or(false);
            if (const json::Array *N = I->getArray("toolExecutionNotifications"))
              Notifications.insert(Notifications.end(), N->begin(), N->end());
          }
    }
  }
  llvm::sort(Results, [](const json::Value &A, const json::Value &B) {
    return resultKey(A) < resultKey(B);
  });
  json::Array Merged;
  for (json::Value &Result : Results)
    if (Merged.empty() || resultKey(Result) != resultKey(Merged.back()))
      Merged.push_back(std::move(Result));
  bool Findings = !Merged.empty();
  Run["results"] = std::move(Merged);
  Run["invocations"] = json::Array{json::Object{
      {"executionSuccessful", Successful},
      {"toolExecutionNotifications", std::move(Notifications)}}};
  llvm::outs() << llvm::formatv("{0:2}", json::Value(std::move(First))) << "\n";
  return !Successful ? 2 : Findings ? 1 : 0;
}

} // namespace

int runMerge(int argc, const char **argv) {
  Format Output = Format::Json;
  bool FormatGiven = false;
  OutputOptions Out;
  Out.HelpBaseUri = PICKLINT_DOCS_BASE_URI;
  llvm::SmallString<256> Here;
  llvm::sys::fs::current_path(Here);
  Out.Root = std::string(Here);
  std::vector<std::string> Inputs;
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef Arg = argv[I];
    if (Arg.consume_front("--format=") || Arg.consume_front("-format=")) {
      FormatGiven = true;
      std::optional<Format> Named = formatNamed(Arg);
      if (!Named)
        return usage("unknown format '" + Arg + "'");
      Output = *Named;
    } else if (Arg.consume_front("--project-root=")) {
      llvm::SmallString<256> Root(Arg);
      llvm::sys::fs::make_absolute(Root);
      llvm::sys::path::remove_dots(Root, true);
      Out.Root = std::string(Root);
    } else if (Arg.starts_with("-")) {
      return usage("unknown option '" + Arg + "'");
    } else {
      Inputs.push_back(Arg.str());
    }
  }
  if (Inputs.empty())
    return usage("no reports to merge");

  std::vector<json::Value> Docs;
  bool Sarif = false;
  for (const std::string &Path : Inputs) {
    auto Buffer = llvm::MemoryBuffer::getFile(Path);
    if (!Buffer)
      return failed("cannot read '" + Path + "': " + Buffer.getError().message(), Output, Out);
    llvm::Expected<json::Value> Doc = json::parse((*Buffer)->getBuffer());
    if (!Doc)
      return failed("'" + Path + "' is not JSON: " + llvm::toString(Doc.takeError()), Output,
                    Out);
    const json::Object *O = Doc->getAsObject();
    bool IsSarif = O && O->getString("version") == "2.1.0" && O->getArray("runs") &&
                   !O->getArray("runs")->empty() &&
                   (*O->getArray("runs"))[0].getAsObject();
    if (Docs.empty())
      Sarif = IsSarif;
    else if (IsSarif != Sarif)
      return failed("'" + Path + "' is not of the same kind as '" + Inputs.front() +
                        "' (JSON and SARIF reports do not merge)",
                    Output, Out);
    Docs.push_back(std::move(*Doc));
  }
  if (Sarif) {
    if (FormatGiven && Output != Format::Sarif)
      return usage("SARIF reports merge into SARIF only");
    return mergeSarif(std::move(Docs));
  }

  Report All;
  for (size_t I = 0; I < Docs.size(); ++I) {
    const json::Object *O = Docs[I].getAsObject();
    // Each shard's paths are relative to its own root; the merged report's
    // are relative to this one.
    std::string Root = O ? O->getString("root").value_or("").str() : "";
    llvm::Expected<Report> R = fromJson(Docs[I], Root);
    if (!R)
      return failed("'" + Inputs[I] + "': " + llvm::toString(R.takeError()), Output, Out);
    auto Rebase = [&](Span &S) {
      if (S.File.empty())
        return;
      std::string Relative = relativePath(S.File, Root);
      if (!llvm::sys::path::is_absolute(Relative))
        S.File = Out.Root + "/" + Relative;
    };
    auto RebasePath = [&](std::string &P) {
      Span S{P};
      Rebase(S);
      P = S.File;
    };
    for (Finding &F : R->Findings) {
      Rebase(F.Where);
      for (Note &N : F.Notes)
        Rebase(N.Where);
      for (Edit &E : F.Fixes)
        Rebase(E.Where);
      All.Findings.push_back(std::move(F));
    }
    for (ToolError &E : R->Errors) {
      Rebase(E.Where);
      All.Errors.push_back(std::move(E));
    }
    for (std::string &F : R->Files) {
      RebasePath(F);
      All.Files.push_back(std::move(F));
    }
    All.SuppressedByNolint += R->SuppressedByNolint;
    All.Baselined += R->Baselined;
    All.Fixed += R->Fixed;
  }
  SourceFiles Text;
  finish(All, Text);
  switch (Output) {
  case Format::Json:
  case Format::Sarif:
  case Format::CodeQuality:
    printReport(llvm::outs(), Output, All, Out, Out);
    break;
  case Format::Text:
    printText(llvm::outs(), All, Text, llvm::outs().has_colors());
    break;
  }
  if (!All.Errors.empty())
    return 2;
  return All.Findings.size() > All.Fixed ? 1 : 0;
}
