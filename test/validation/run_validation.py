#!/usr/bin/env python3
"""Differential validation: every verdict of the checker against the runtime.

For each program of the corpus (a .cpp file in corpus/, or a folder in
projects/ whose .cpp files make one program, checked through a generated
compile_commands.json and the project index):
  1. picklint (the plugin and the standalone program) says which checks fire
     on which lines;
  2. the program is compiled against ppx: a compile failure is the runtime
     refusing it;
  3. it runs with spawned workers, with forked workers, with a fork server
     and, when MPI is there (--mpiexec), on MPI ranks under
     `mpiexec -n 3 --oversubscribe` (in fresh folders); it fails if it
     crashes, hangs, exits non-zero or reports a task whose result differs
     from the parent's (validate.hpp), or if a spawn, forkserver or MPI run
     differs from the fork run in what it prints or writes (start-up code
     re-run in spawned workers, in the fork server, in every rank). They
     must all agree on failing: the checker gives one verdict for all;
  4. agreement: the lines written `// expect: <check>` are exactly where
     the checks fire, through both entry points, and the runtime fails
     exactly when something is expected.

Prints a confusion matrix per check and entry point, and a closing
"N passed, N failed" line. Any disagreement fails.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

# The checks, from the one list.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "checks",
                       "Checks.def"), encoding="utf-8") as _def:
    CHECKS = re.findall(r'^PICKLINT_CHECK\("(picklint-[a-z-]+)"', _def.read(), re.M)
# The start methods every program runs under; fork re-runs nothing, and is
# the reference the others are compared with.
METHODS = ("spawn", "fork", "forkserver")
# With MPI (--mpiexec): a fourth, every program on 3 ranks of this machine.
MPI_RANKS = 3
DIAG = re.compile(r"^(?P<path>[^:\s][^:]*):(?P<line>\d+):\d+: warning: .*\[(?P<check>picklint-[a-z-]+)\]$")
EXPECT = re.compile(r"//\s*expect:\s*(picklint-[a-z-]+)")


SOURCE_EXTS = (".cpp", ".cc", ".hpp", ".h")


def program_files(program):
    """The files of a program: itself, or every source and header of its folder."""
    if os.path.isdir(program):
        return sorted(os.path.join(root, n) for root, _, names in os.walk(program)
                      for n in names if n.endswith(SOURCE_EXTS))
    return [program]


def units(program):
    return [f for f in program_files(program) if f.endswith((".cpp", ".cc"))]


def expected_findings(program):
    """(check, file relative to the program, line) for every `// expect:`."""
    base = program if os.path.isdir(program) else os.path.dirname(program)
    found = set()
    for path in program_files(program):
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                for check in EXPECT.findall(line):
                    found.add((check, os.path.relpath(path, base), number))
    return found


def findings_in(output, base):
    found = set()
    for line in output.splitlines():
        m = DIAG.match(line)
        if m:
            path = os.path.realpath(os.path.join(base, m["path"]))
            found.add((m["check"], os.path.relpath(path, os.path.realpath(base)), int(m["line"])))
    return found


def lint(args, engine, source):
    flags = ["-std=c++20", "-I" + args.include, "-I" + args.validation_include]
    if engine == "plugin":
        cmd = [args.clang_tidy, "-load=" + args.plugin, "-checks=-*,picklint-*", source, "--"] + flags
    else:
        cmd = [args.picklint, source, "--"] + flags
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if " error: " in proc.stdout or (engine == "tool" and proc.returncode == 2):
        raise RuntimeError("%s could not check %s:\n%s%s" % (engine, source, proc.stdout, proc.stderr))
    return {f for f in findings_in(proc.stdout, os.path.dirname(source))
            if f[1] == os.path.basename(source)}


def lint_project(args, program, workdir):
    """Both entry points over a copy of the project with its own
    compile_commands.json: the standalone with -p (which builds the project
    index), then the plugin with the ProjectIndex option."""
    copy = os.path.join(workdir, "project")
    shutil.copytree(program, copy)
    flags = ["-std=c++20", "-I" + args.include, "-I" + args.validation_include]
    entries = [{"directory": copy, "file": os.path.join(copy, os.path.relpath(u, program)),
                "arguments": [args.cxx] + flags + ["-c", os.path.join(copy, os.path.relpath(u, program))]}
               for u in units(program)]
    with open(os.path.join(copy, "compile_commands.json"), "w") as f:
        json.dump(entries, f, indent=1)
    results = {}
    proc = subprocess.run([args.picklint, "-p", copy, "-j", "2"], capture_output=True, text=True,
                          timeout=600, cwd=copy)
    if " error: " in proc.stdout or proc.returncode == 2:
        raise RuntimeError("tool could not check %s:\n%s%s" % (program, proc.stdout, proc.stderr))
    results["tool"] = findings_in(proc.stdout, copy)
    config = "{CheckOptions: {ProjectIndex: '%s'}}" % os.path.join(copy, ".picklint")
    proc = subprocess.run([args.clang_tidy, "-load=" + args.plugin, "-checks=-*,picklint-*",
                           "-config=" + config, "-p", copy] + [e["file"] for e in entries],
                          capture_output=True, text=True, timeout=600, cwd=copy)
    if " error: " in proc.stdout or proc.returncode != 0:
        raise RuntimeError("plugin could not check %s:\n%s%s" % (program, proc.stdout, proc.stderr))
    results["plugin"] = findings_in(proc.stdout, copy)
    return results


def snapshot(folder):
    files = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, folder)] = f.read()
    return files


def run_program(args, exe, method, timeout, under_mpiexec=True):
    with tempfile.TemporaryDirectory() as cwd:
        env = dict(os.environ, VALIDATE_START_METHOD=method)
        command = [exe]
        if method == "mpi" and under_mpiexec:
            command = [args.mpiexec, "-n", str(MPI_RANKS), "--oversubscribe"] + (
                ["--allow-run-as-root"] if os.geteuid() == 0 else []) + [exe]
            env.setdefault("OMPI_MCA_btl_vader_single_copy_mechanism", "none")
        try:
            proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                                  timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return None, "timed out after %ds" % timeout, {}
        out = proc.stdout + proc.stderr
        if method == "mpi":
            # mpiexec's own report of a failed job is not the program's output.
            out = "\n".join(l for l in out.splitlines() if l.strip() and not l.startswith("-" * 20))
        return proc.returncode, out, snapshot(cwd)


def mpi_libs(args):
    """What a program links for StartMethod::Mpi: ppx::mpi (kept whole, as
    its CMake target asks) and MPI's libraries."""
    if not args.mpiexec:
        return []
    return ["-Wl,--undefined=ppx_mpi_world", args.ppx_mpi_lib] + [
        l for l in args.mpi_libs.split(";") if l]


def fixes_local_method(source):
    """True for a program that fixes spawn, fork or forkserver: it runs alone
    in the MPI run too (under mpiexec every rank would run it, which is not
    how such a program is started)."""
    return any(re.search(r"StartMethod::(Spawn|Fork|Forkserver)\b", open(f, encoding="utf-8").read())
               for f in program_files(source))


def needs_mpi(source):
    """True for a program that fixes StartMethod::Mpi: it needs ppx::mpi."""
    return any("StartMethod::Mpi" in open(f, encoding="utf-8").read()
               for f in program_files(source))


def runtime_verdict(args, source, workdir):
    """(failed, why) under ppx."""
    exe = os.path.join(workdir, os.path.splitext(os.path.basename(source.rstrip("/")))[0] + ".exe")
    cmd = [args.cxx, "-std=c++20", "-O1", "-I" + args.include, "-I" + args.validation_include
           ] + units(source) + mpi_libs(args) + [args.ppx_lib, "-o", exe, "-pthread", "-lsqlite3"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        first = next((l for l in proc.stderr.splitlines() if "error:" in l), "compile error")
        return True, "refused at compile time: " + first.split("error:", 1)[1].strip()[:160]
    verdicts = {}
    results = {}
    methods = METHODS + (("mpi",) if args.mpiexec else ())
    for method in methods:
        code, out, files = run_program(args, exe, method, args.timeout,
                                       under_mpiexec=not fixes_local_method(source))
        if code is None:
            verdicts[method] = method + ": " + out
        elif code != 0 or "VALIDATION: FAIL" in out:
            line = next((l for l in out.splitlines() if "VALIDATION: FAIL" in l or "Error" in l), "")
            verdicts[method] = "%s: exit status %d %s" % (method, code, line.strip()[:160])
        else:
            verdicts[method] = None
            results[method] = (sorted(out.splitlines()), files)
    if verdicts["fork"] is None:
        for method in methods:
            if method != "fork" and verdicts[method] is None and results[method] != results["fork"]:
                verdicts[method] = ("%s: code re-ran with visible effects (output or files differ "
                                    "from fork)" % method)
    failing = [m for m in methods if verdicts[m]]
    # One verdict cannot be right for spawn and forkserver if they disagree:
    # the harness says so. MPI ranks re-run the start-up code too, but all
    # start with the program, before the parent does anything: an effect that
    # spawned workers show (a file truncated after the parent wrote it) may
    # not be seen there. So MPI may pass where they fail; never the reverse.
    if bool(verdicts["spawn"]) != bool(verdicts["forkserver"]) or (
            "mpi" in methods and verdicts["mpi"] and not verdicts["spawn"]):
        rerunning = [m for m in methods if m != "fork"]
        return None, "%s disagree: %s" % (", ".join(rerunning),
                                          "; ".join(verdicts[m] for m in failing))
    if failing:
        return True, verdicts[failing[0]]
    return False, "runs correctly"


def judge(args, source):
    expected = expected_findings(source)
    with tempfile.TemporaryDirectory() as workdir:
        failed, why = runtime_verdict(args, source, workdir)
        if os.path.isdir(source):
            fired = lint_project(args, source, workdir)
        else:
            fired = {engine: lint(args, engine, source) for engine in ("plugin", "tool")}
    return source, expected, failed, why, fired


def main():
    p = argparse.ArgumentParser()
    for name in ("clang-tidy", "plugin", "picklint", "cxx", "include", "ppx-lib"):
        p.add_argument("--" + name, required=True)
    p.add_argument("--validation-include", default=os.path.dirname(os.path.abspath(__file__)))
    p.add_argument("--corpus", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus"))
    p.add_argument("--projects", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "projects"))
    p.add_argument("--timeout", type=int, default=30)
    p.add_argument("--mpiexec", help="run every program under MPI too (needs --ppx-mpi-lib)")
    p.add_argument("--ppx-mpi-lib")
    p.add_argument("--mpi-libs", default="", help="MPI's libraries, ;-separated")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("programs", nargs="*")
    args = p.parse_args()
    for name in ("clang_tidy", "plugin", "picklint", "cxx", "include", "ppx_lib"):
        value = getattr(args, name)
        if os.path.exists(value):
            setattr(args, name, os.path.abspath(value))
    sources = [os.path.abspath(p) for p in args.programs] or (
        sorted(os.path.join(args.corpus, f) for f in os.listdir(args.corpus) if f.endswith(".cpp")) +
        sorted(os.path.join(args.projects, d) for d in os.listdir(args.projects)
               if os.path.isdir(os.path.join(args.projects, d))))

    if not args.mpiexec:
        skipped = [s for s in sources if needs_mpi(s)]
        for s in skipped:
            print("SKIP %s (it fixes StartMethod::Mpi, and ppx was built without MPI)"
                  % os.path.basename(s))
        sources = [s for s in sources if s not in skipped]

    matrix = {(e, c): collections.Counter() for e in ("plugin", "tool") for c in CHECKS}
    passed = failed_programs = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for source, expected, failed, why, fired in pool.map(lambda s: judge(args, s), sources):
            name = os.path.basename(source) + ("/" if os.path.isdir(source) else "")
            problems = []
            if failed is None:
                problems.append(why)
            elif failed != bool(expected):
                problems.append("the runtime says '%s' but the program expects %s" % (
                    why, "findings" if expected else "none"))
            for engine, findings in fired.items():
                for check in CHECKS:
                    exp = {(f, l) for c, f, l in expected if c == check}
                    got = {(f, l) for c, f, l in findings if c == check}
                    m = matrix[(engine, check)]
                    m["TP"] += len(exp & got)
                    m["FP"] += len(got - exp)
                    m["FN"] += len(exp - got)
                    m["TN"] += 1 if not exp and not got else 0
                    for f, line in sorted(got - exp):
                        problems.append("%s: %s fires at %s:%d, not expected" % (engine, check, f, line))
                    for f, line in sorted(exp - got):
                        problems.append("%s: %s expected at %s:%d, silent" % (engine, check, f, line))
            if problems:
                failed_programs += 1
                print("FAIL %s (runtime: %s)" % (name, why))
                for problem in problems:
                    print("     " + problem)
            else:
                passed += 1
                print("ok   %s (%s; runtime: %s)" % (name, ", ".join(sorted({c for c, _, _ in expected})) or "clean", why))

    print("\nConfusion matrix (findings by line; TN counts programs where the check is rightly silent):")
    print("%-8s %-34s %5s %5s %5s %5s %9s %7s" % ("entry", "check", "TP", "FP", "FN", "TN", "precision", "recall"))
    for (engine, check), m in matrix.items():
        precision = m["TP"] / (m["TP"] + m["FP"]) if m["TP"] + m["FP"] else 1.0
        recall = m["TP"] / (m["TP"] + m["FN"]) if m["TP"] + m["FN"] else 1.0
        print("%-8s %-34s %5d %5d %5d %5d %9.2f %7.2f" % (engine, check, m["TP"], m["FP"], m["FN"], m["TN"], precision, recall))
    print("\nvalidation: %d passed, %d failed" % (passed, failed_programs))
    return 1 if failed_programs else 0


if __name__ == "__main__":
    sys.exit(main())
