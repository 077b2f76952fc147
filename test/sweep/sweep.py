#!/usr/bin/env python3
"""picklint over real and awkward code: it must never crash, assert or hang.

Trees (all from Debian's packages on this machine):
  c-headers     /usr/include/*.h, one translation unit each
  cxx-headers   the C++ standard library's headers, one unit each
  llvm          LLVM's ADT and Support headers, one unit each
  cereal        cereal's headers, one unit each
  googletest    GoogleTest's own sources (/usr/src/googletest), as a project
  awkward       test/sweep/awkward/: half-written code, macros hiding
                submissions, unusual lambdas, templates, deep recursion

Every unit is checked with all of picklint's checks and
picklint-side-effect-before-main's AllTranslationUnits (so that start-up
effects are judged in code that does not use ppx), through a generated
compile_commands.json and the project index. A run passes when no unit
crashes (a signal, a stack dump, an assertion), none takes longer than the
timeout, and every finding is one of the judged findings listed in
test/sweep/findings.txt (docs/reliability.md gives each one's verdict).

  sweep.py --picklint build/bin/picklint --sample 12     # what the suite runs
  sweep.py --picklint build/bin/picklint                 # everything
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CXX_DIR = sorted(glob.glob("/usr/include/c++/*"))[-1] if glob.glob("/usr/include/c++/*") else ""


def header_units(paths, limit):
    paths = sorted(p for p in paths if os.path.isfile(p))
    if limit:
        step = max(1, len(paths) // limit)
        paths = paths[::step][:limit]
    return paths


def trees(llvm, limit):
    """(tree, [(unit source text or path, extra flags)])"""
    out = []
    c = header_units(glob.glob("/usr/include/*.h"), limit)
    out.append(("c-headers", [("#include <%s>\n" % os.path.basename(p), []) for p in c]))
    if CXX_DIR:
        cxx = header_units([p for p in glob.glob(CXX_DIR + "/*") if "." not in os.path.basename(p)], limit)
        out.append(("cxx-headers", [("#include <%s>\n" % os.path.basename(p), []) for p in cxx]))
    inc = "/usr/lib/llvm-%s/include" % llvm
    ll = header_units(glob.glob(inc + "/llvm/ADT/*.h") + glob.glob(inc + "/llvm/Support/*.h"), limit)
    out.append(("llvm", [("#include <%s>\n" % os.path.relpath(p, inc), ["-I" + inc]) for p in ll]))
    ce = header_units(glob.glob("/usr/include/cereal/**/*.hpp", recursive=True), limit)
    out.append(("cereal", [("#include <%s>\n" % os.path.relpath(p, "/usr/include"), []) for p in ce]))
    gt = "/usr/src/googletest/googletest"
    srcs = [p for p in glob.glob(gt + "/src/*.cc") if not p.endswith("gtest-all.cc")]
    srcs = header_units(srcs, limit)
    out.append(("googletest", [(p, ["-I" + gt + "/include", "-I" + gt]) for p in srcs]))
    aw = sorted(glob.glob(os.path.join(HERE, "awkward", "*.cpp")))
    out.append(("awkward", [(p, ["-I" + os.path.join(ROOT, "runtime", "include")]) for p in aw]))
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--picklint", required=True)
    p.add_argument("--cxx", default="clang++-19")
    p.add_argument("--llvm", default="19")
    p.add_argument("--sample", type=int, default=0, help="units per tree (0: all)")
    p.add_argument("--timeout", type=int, default=600)
    p.add_argument("-j", "--jobs", type=int, default=2)
    p.add_argument("--findings", default=os.path.join(HERE, "findings.txt"))
    p.add_argument("--print-findings", action="store_true",
                   help="print every finding in the findings.txt format")
    args = p.parse_args()

    with open(args.findings, encoding="utf-8") as f:
        judged = {l.split("  #")[0].strip() for l in f if l.strip() and not l.startswith("#")}

    failures = 0
    units_total = 0
    seen = set()
    with tempfile.TemporaryDirectory() as tmp:
        for tree, units in trees(args.llvm, args.sample):
            folder = os.path.join(tmp, tree)
            os.makedirs(folder)
            entries = []
            for i, (unit, flags) in enumerate(units):
                if os.path.isabs(unit) and os.path.exists(unit):
                    source = unit
                else:
                    source = os.path.join(folder, "unit%03d.cpp" % i)
                    with open(source, "w") as f:
                        f.write(unit)
                entries.append({"directory": folder, "file": source,
                                "arguments": [args.cxx, "-std=c++20"] + flags + ["-c", source]})
            with open(os.path.join(folder, "compile_commands.json"), "w") as f:
                json.dump(entries, f)
            config = "{CheckOptions: {picklint-side-effect-before-main.AllTranslationUnits: true}}"
            start = time.monotonic()
            try:
                proc = subprocess.run([args.picklint, "-p", folder, "-j", str(args.jobs),
                                       "--checks=picklint-*", "--config=" + config],
                                      capture_output=True, text=True, timeout=args.timeout)
            except subprocess.TimeoutExpired:
                print("FAIL %-12s hung (more than %d s)" % (tree, args.timeout))
                failures += 1
                continue
            elapsed = time.monotonic() - start
            units_total += len(entries)
            crashed = (proc.returncode < 0 or proc.returncode > 2 or
                       "Stack dump" in proc.stderr or "Assertion" in proc.stderr or
                       "PLEASE submit a bug report" in proc.stderr)
            findings = []
            for line in proc.stdout.splitlines():
                m = re.match(r"(?P<path>[^:\s][^:]*):(?P<line>\d+):\d+: warning: .*\[(?P<check>picklint-[a-z-]+)\]$", line)
                if m:
                    path = m["path"]
                    if path.startswith(folder):
                        path = tree + "/" + os.path.basename(path)
                    elif path.startswith(HERE):
                        path = os.path.relpath(path, ROOT)
                    findings.append("%s:%s %s" % (path, m["line"], m["check"]))
            errors = sum(1 for l in proc.stdout.splitlines() if ": error: " in l)
            status = "ok  "
            if crashed:
                status = "FAIL"
                failures += 1
                print(proc.stderr[-3000:])
            unjudged = [f for f in findings if f not in judged]
            if unjudged:
                status = "FAIL"
                failures += 1
            seen.update(findings)
            print("%s %-12s %3d units, exit %d, %d compile errors, %d findings, %.1f s%s" % (
                status, tree, len(entries), proc.returncode, errors, len(findings), elapsed,
                " (crashed)" if crashed else ""))
            for f in unjudged:
                print("     not judged yet (add it to test/sweep/findings.txt with its verdict): " + f)
            if args.print_findings:
                for f in findings:
                    print("     finding: " + f)
    print("sweep: %d units, %d distinct findings" % (units_total, len(seen)))
    print("sweep: %d passed, %d failed" % (6 - failures if failures <= 6 else 0, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
