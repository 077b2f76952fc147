#!/usr/bin/env python3
"""Runs one lit test through both of picklint's entry points and checks them.

The project's own equivalent of LLVM's check_clang_tidy.py:

  check_picklint.py [options] <source> <checks> <temp> [-- <tool args> [-- <compiler args>]]

For each entry point (the clang-tidy plugin and the standalone program) it
copies <source> to a temporary file with the CHECK lines blanked, runs the
checks over it, and verifies with FileCheck:

  CHECK-MESSAGES  the warnings (no other warning or error may appear)
  CHECK-NOTES     the warnings and their notes (nothing else may appear)
  CHECK-FIXES     the file after --fix

It also requires that both entry points print the same diagnostics, and that
the standalone program exits 1 when it reports findings and 0 otherwise.
<checks> is a check name or a comma-separated list of globs. <tool args> are
given to both entry points (both accept -config=..., -header-filter=...).
"""

import argparse
import os
import re
import subprocess
import sys


def fail(message):
    sys.exit("check_picklint: " + message)


def run(cmd):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL, text=True)
    return proc.returncode, proc.stdout


def filecheck(args, input_file, source, prefixes, implicit_not, extra=()):
    cmd = [args.filecheck, "-input-file=" + input_file, source,
           "-check-prefixes=" + ",".join(prefixes),
           "-implicit-check-not=" + implicit_not, "-dump-input=fail"] + list(extra)
    code, out = run(cmd)
    return code, out


DIAG = re.compile(r"^(?P<path>[^:\s][^:]*):(?P<line>\d+):(?P<col>\d+): "
                  r"(?P<kind>warning|error|note): (?P<msg>.*)$")


def diagnostics(output):
    """The diagnostic lines of an output, with the temporary file's path cut."""
    lines = []
    for line in output.splitlines():
        m = DIAG.match(line)
        if m:
            # Types of lambdas name the (per-entry-point) temporary file.
            msg = re.sub(r"[^\s']*\.(plugin|tool)\.[a-z]+", "<file>", m["msg"])
            lines.append("%s:%s:%s: %s: %s" % (os.path.basename(m["path"]).split(".")[0],
                                               m["line"], m["col"], m["kind"], msg))
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--picklint", required=True)
    parser.add_argument("--filecheck", required=True)
    parser.add_argument("--include", action="append", default=[])
    parser.add_argument("--std", default="c++20")
    parser.add_argument("--engine", choices=["both", "plugin", "tool"], default="both")
    parser.add_argument("--check-suffix", default="",
                        help="use CHECK-MESSAGES-<suffix> etc. instead of CHECK-MESSAGES")
    parser.add_argument("source")
    parser.add_argument("checks")
    parser.add_argument("temp")
    argv = sys.argv[1:]
    rest = []
    if "--" in argv:
        i = argv.index("--")
        argv, rest = argv[:i], argv[i + 1:]
    args = parser.parse_args(argv)
    tool_args, compiler_args = rest, []
    if "--" in rest:
        i = rest.index("--")
        tool_args, compiler_args = rest[:i], rest[i + 1:]
    compiler_args = ["-std=" + args.std] + ["-I" + p for p in args.include] + compiler_args

    with open(args.source, encoding="utf-8") as f:
        text = f.read()
    suffix = "-" + args.check_suffix if args.check_suffix else ""
    msg_prefix, notes_prefix, fix_prefix = ("CHECK-MESSAGES" + suffix,
                                            "CHECK-NOTES" + suffix,
                                            "CHECK-FIXES" + suffix)
    has = {p: re.search(r"//\s*" + re.escape(p) + r"(-NOT|-NEXT|-SAME|-DAG)?:", text)
           is not None for p in (msg_prefix, notes_prefix, fix_prefix)}
    cleaned = re.sub(r"//\s*CHECK-[A-Z0-9-]*:[^\r\n]*", "//", text)

    checks = ",".join("-*" if i == 0 else c for i, c in
                      enumerate(["-*"] + args.checks.split(",")))
    ext = os.path.splitext(args.source)[1] or ".cpp"
    engines = ["plugin", "tool"] if args.engine == "both" else [args.engine]
    seen = {}
    for engine in engines:
        temp = "%s.%s%s" % (args.temp, engine, ext)
        os.makedirs(os.path.dirname(temp) or ".", exist_ok=True)
        with open(temp, "w", encoding="utf-8") as f:
            f.write(cleaned)
        if engine == "plugin":
            cmd = [args.clang_tidy, "-load=" + args.plugin, "-checks=" + checks]
            cmd += ["-fix"] if has[fix_prefix] else []
        else:
            cmd = [args.picklint, "-checks=" + checks]
            cmd += ["-fix"] if has[fix_prefix] else []
        cmd += [temp] + tool_args + ["--"] + compiler_args
        code, output = run(cmd)
        print("------------------------ %s: %s" % (engine, " ".join(cmd)))
        print(output)
        diags = diagnostics(output)
        if any(": error: " in d for d in diags):
            fail("%s: the test file does not compile" % engine)
        warned = any(": warning: " in d for d in diags)
        expected = 1 if warned else 0
        if engine == "tool" and has[fix_prefix]:
            # With --fix, 1 only while some finding is left unfixed.
            m = re.search(r"^picklint: (\d+) findings? in .*?(\d+) fixed", output, re.M)
            if not m:
                fail("picklint --fix printed no summary with the fixed count")
            expected = 1 if int(m.group(1)) > int(m.group(2)) else 0
        if engine == "tool" and code != expected:
            fail("picklint exited %d, expected %d" % (code, expected))
        if engine == "plugin" and code != 0:
            fail("clang-tidy exited %d" % code)

        out_file = temp + ".out"
        with open(out_file, "w", encoding="utf-8") as f:
            f.write(output)
        if has[msg_prefix]:
            code, fc = filecheck(args, out_file, args.source, [msg_prefix],
                                 "{{warning|error}}:")
            if code:
                print(fc)
                fail("%s: %s lines do not match" % (engine, msg_prefix))
        if has[notes_prefix]:
            notes_file = temp + ".notes"
            with open(notes_file, "w", encoding="utf-8") as f:
                f.write("\n".join(l for l in output.splitlines()
                                  if "note: FIX-IT applied suggested code changes" not in l))
            code, fc = filecheck(args, notes_file, args.source, [notes_prefix],
                                 "{{note|warning|error}}:")
            if code:
                print(fc)
                fail("%s: %s lines do not match" % (engine, notes_prefix))
        if not has[msg_prefix] and not has[notes_prefix] and warned:
            fail("%s: unexpected warnings (the test has no %s lines)" % (engine, msg_prefix))
        if has[fix_prefix]:
            code, fc = filecheck(args, temp, args.source, [fix_prefix], "{{^}}CHECK-NEVER-MATCHES",
                                 ["-strict-whitespace"])
            if code:
                print(fc)
                fail("%s: %s lines do not match the fixed file" % (engine, fix_prefix))
        seen[engine] = [d for d in diags if "FIX-IT applied" not in d]

    if len(seen) == 2 and seen["plugin"] != seen["tool"]:
        print("plugin:\n  " + "\n  ".join(seen["plugin"]))
        print("tool:\n  " + "\n  ".join(seen["tool"]))
        fail("the plugin and the standalone program disagree")


if __name__ == "__main__":
    main()
