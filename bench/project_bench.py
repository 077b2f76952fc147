#!/usr/bin/env python3
"""The project view's cost, side by side with the compiler's parse.

Generates a project of N translation units (classes declared in headers with
methods defined in other units, call chains that cross units, globals, a few
units that submit tasks, some of them traps), then times over the same units
with the same -j:

  parse        clang++ -fsyntax-only, every unit        (the baseline)
  per-file     picklint --no-index -p                   (checks, no index)
  cold         picklint -p, no index, no result cache   (index + checks)
  cached       picklint -p, nothing changed             (the result cache answers)
  warm         picklint -p --no-cache, nothing changed  (checks with the index)
  one edit     picklint -p, one unit's file edited      (that unit again)
  index cold   picklint -p --index-only, no index yet
  index warm   picklint -p --index-only, nothing changed (bringing it up to date)

and prints each against the baseline. Targets: cold <= 1.25x parse; index
warm <= 5% of index cold (issue #10); a cached re-run of an unchanged project
<= 5% of the cold run (issue #12).

  python3 bench/project_bench.py --picklint build/bin/picklint --units 200 -j 2
"""
import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HEADERS = ["string", "vector", "map", "algorithm", "sstream", "memory"]


def generate(root, units, include):
    src = os.path.join(root, "src")
    os.makedirs(src)
    for k in range(units):
        with open(os.path.join(src, "w%d.hpp" % k), "w") as f:
            f.write("#pragma once\n")
            for h in HEADERS:
                f.write("#include <%s>\n" % h)
            f.write("#include <cstdio>\n")
            f.write("struct Widget%d {\n  std::string name;\n  std::FILE* log = nullptr;\n"
                    "  std::vector<int> values;\n  int total() const;\n  int describe(int x);\n"
                    "  template <class A> void serialize(A& a) { a(name, values); }\n};\n"
                    "int step%d(int x);\n" % (k, k))
        with open(os.path.join(src, "w%d.cpp" % k), "w") as f:
            f.write('#include "w%d.hpp"\n' % k)
            if k > 0:
                f.write('#include "w%d.hpp"\n' % (k - 1))
            submits = k % 10 == 0
            if submits:
                f.write("#include <ppx/ppx.hpp>\n")
            f.write("int Widget%d::total() const {\n  int s = 0;\n  for (int v : values) s += v;\n"
                    "  return s;\n}\n" % k)
            # describe() uses the handle in every 7th unit: a trap for the
            # units that submit it.
            if k % 7 == 0:
                f.write("int Widget%d::describe(int x) { return std::fputs(name.c_str(), log) + x; }\n" % k)
            else:
                f.write("int Widget%d::describe(int x) { std::ostringstream o; o << name << x; "
                        "return static_cast<int>(o.str().size()); }\n" % k)
            f.write("int step%d(int x) {\n  std::map<int, std::string> m;\n  m[x] = std::to_string(x);\n"
                    % k)
            if k > 0:
                f.write("  return step%d(x + 1) + static_cast<int>(m.size());\n}\n" % (k - 1))
            else:
                f.write("  return static_cast<int>(m.size());\n}\n")
            if k % 25 == 3:
                f.write("static const int registered%d = (std::puts(\"unit %d\"), 1);\n" % (k, k))
            else:
                f.write("static const int registered%d = step%d(1);\n" % (k, k))
            if submits:
                f.write("int run%d(ppx::ProcessPoolExecutor& pool) {\n  Widget%d w;\n" % (k, k))
                if k > 0:
                    f.write("  Widget%d prev;\n  auto a = pool.submit(&Widget%d::describe, prev, 2);\n"
                            % (k - 1, k - 1))
                f.write("  auto b = pool.submit(&Widget%d::total, w);\n  auto c = pool.submit(step%d, 3);\n"
                        "  return b.get() + c.get();\n}\n" % (k, k))
        if k == 0:
            with open(os.path.join(src, "main.cpp"), "w") as f:
                f.write('#include "w0.hpp"\n#include <ppx/ppx.hpp>\n'
                        "int run0(ppx::ProcessPoolExecutor& pool);\n"
                        "int main(int argc, char** argv) {\n  ppx::init(argc, argv);\n"
                        "  ppx::ProcessPoolExecutor pool;\n  return run0(pool);\n}\n")
    files = sorted(os.path.join(src, f) for f in os.listdir(src) if f.endswith(".cpp"))
    return files


def write_database(root, files, cxx, include):
    build = os.path.join(root, "build")
    os.makedirs(build, exist_ok=True)
    entries = [{"directory": build, "file": f,
                "arguments": [cxx, "-std=c++20", "-I" + include, "-c", f]} for f in files]
    with open(os.path.join(build, "compile_commands.json"), "w") as out:
        json.dump(entries, out)
    return build


def timed(cmd, ok=(0, 1)):
    start = time.monotonic()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.monotonic() - start
    if proc.returncode not in ok:
        sys.exit("failed (%d): %s\n%s" % (proc.returncode, " ".join(cmd), proc.stderr[-2000:]))
    return elapsed, proc


def parse_only(files, cxx, include, jobs):
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for code in pool.map(lambda f: subprocess.run(
                [cxx, "-std=c++20", "-I" + include, "-fsyntax-only", f]).returncode, files):
            if code:
                sys.exit("the generated project does not compile")
    return time.monotonic() - start


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser()
    p.add_argument("--picklint", required=True)
    p.add_argument("--cxx", default="clang++-19")
    p.add_argument("--include", default=os.path.join(here, "..", "runtime", "include"))
    p.add_argument("--units", type=int, default=200)
    p.add_argument("-j", "--jobs", type=int, default=2)
    p.add_argument("--keep", help="generate into this folder and keep it")
    args = p.parse_args()
    picklint = os.path.abspath(args.picklint)
    include = os.path.abspath(args.include)

    root = args.keep or tempfile.mkdtemp(prefix="picklint-project-bench-")
    if args.keep:
        shutil.rmtree(root, ignore_errors=True)
    files = generate(root, args.units, include)
    build = write_database(root, files, args.cxx, include)
    index = os.path.join(build, ".picklint")
    j = ["-j", str(args.jobs)]
    print("project: %d units, -j %d (%s)" % (len(files), args.jobs, root))

    rows = []
    base = parse_only(files, args.cxx, include, args.jobs)
    rows.append(("parse (clang++ -fsyntax-only)", base))
    t, _ = timed([picklint, "--no-index", "--no-cache", "-p", build] + j)
    rows.append(("per-file (picklint --no-index)", t))
    shutil.rmtree(index, ignore_errors=True)
    cold_time, cold = timed([picklint, "-p", build, "--verbose"] + j)
    rows.append(("cold (index + checks)", cold_time))
    cached_time, cached = timed([picklint, "-p", build, "--verbose"] + j)
    rows.append(("cached (unchanged, the result cache)", cached_time))
    if cached.stdout != cold.stdout:
        sys.exit("the cached run's findings differ from the cold run's")
    t, warm = timed([picklint, "-p", build, "--verbose", "--no-cache"] + j)
    rows.append(("warm (unchanged, --no-cache)", t))
    with open(files[len(files) // 2], "a") as f:
        f.write("// edited\n")
    t, _ = timed([picklint, "-p", build, "--verbose"] + j)
    rows.append(("one unit edited (result cache)", t))
    shutil.rmtree(index, ignore_errors=True)
    index_cold, _ = timed([picklint, "-p", build, "--index-only"] + j)
    rows.append(("index only, cold", index_cold))
    index_warm, _ = timed([picklint, "-p", build, "--index-only"] + j)
    rows.append(("index only, unchanged", index_warm))

    for label, seconds in rows:
        print("%-42s %8.2f s  %5.2fx parse" % (label, seconds, seconds / base))
    summary = [l for l in cold.stderr.splitlines() if "project index" in l]
    print("cold run: " + (summary[-1].split(": ", 2)[-1] if summary else "?"))
    findings = sum(1 for l in cold.stdout.splitlines() if ": warning: " in l)
    print("findings: %d" % findings)
    print("index up to date on an unchanged project: %.1f%% of the cold index time"
          % (100.0 * index_warm / index_cold))
    print("cached re-run of an unchanged project: %.1f%% of the cold run (target <= 5%%)"
          % (100.0 * cached_time / cold_time))
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
