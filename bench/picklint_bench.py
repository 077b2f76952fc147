#!/usr/bin/env python3
"""picklint's cost side by side with the compiler's parse (issue #14).

On one generated heavy unit (standard headers, ppx, a few hundred
submissions and globals), each of these runs best of 3, with its wall time
and peak memory, against `clang++ -fsyntax-only` of the same unit:

  picklint, all checks        the standalone program (--no-index --no-cache)
  picklint, each check alone
  plugin                      clang-tidy -load libpicklint.so -checks=-*,picklint-*
  clang-tidy bugprone-*       clang-tidy -checks=-*,bugprone-* (an anchor)

then each check's own time from clang-tidy's --enable-check-profile, as a
share of the parse (target: none above 3%; all checks at most 1.10x parse).
Last, a generated stress file with 1k, 10k and 100k submissions and globals:
picklint's time per 1k items and against the parse, which stay flat when the
cost grows linearly.

  python3 bench/picklint_bench.py --build build [--llvm 19] [--quick]

--quick (the suite's smoke test) runs a small unit, one check alone, no
anchor and one stress size, once each: a check that the benchmark works.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HEADERS = ["algorithm", "filesystem", "fstream", "functional", "future", "iostream", "map",
           "memory", "regex", "sstream", "string", "thread", "unordered_map", "vector"]
CHECKS = ["lambda-capture", "unpicklable-receiver", "unpicklable-argument",
          "side-effect-before-main", "missing-worker-guard"]


def heavy_unit(submissions, headers):
    out = ["#include <ppx/ppx.hpp>"] + ["#include <%s>" % h for h in headers]
    out.append("""
struct Point {
  double x = 0, y = 0;
  double norm() const { return x * x + y * y; }
  template <class A> void serialize(A& a) { a(x, y); }
};
int square(int x) { return x * x; }
std::string greet(std::string name) { return "hello " + name; }
double total(std::vector<double> v) { double s = 0; for (double d : v) s += d; return s; }
""")
    for k in range(submissions // 10):
        out.append("const int table%d[] = {%d, %d, %d};" % (k, k, k + 1, k + 2))
        out.append("static std::map<int, std::string> names%d;" % k)
    out.append("int main(int argc, char** argv) {\n  ppx::init(argc, argv);\n"
               "  ppx::ProcessPoolExecutor pool;\n  long sum = 0;")
    for k in range(submissions):
        kind = k % 5
        if kind == 0:
            out.append("  sum += pool.submit(square, %d).get();" % k)
        elif kind == 1:
            out.append('  sum += pool.submit(greet, std::string("n%d")).get().size();' % k)
        elif kind == 2:
            out.append("  sum += pool.submit(&Point::norm, Point{%d, 1}).get();" % k)
        elif kind == 3:
            out.append("  sum += pool.submit([](int v) { return v + 1; }, %d).get();" % k)
        else:
            out.append("  for (int r : pool.map(square, std::vector<int>{%d, 2})) sum += r;" % k)
    out.append("  return sum > 0 ? 0 : 1;\n}\n")
    return "\n".join(out)


def stress_unit(n):
    """n submissions and n globals, in functions of 1000 submissions."""
    out = ["#include <ppx/ppx.hpp>", "#include <string>",
           "int square(int x) { return x * x; }"]
    for k in range(n):
        out.append("int g%d = %d;" % (k, k))
    per = 1000
    for f in range(0, n, per):
        out.append("long part%d(ppx::ProcessPoolExecutor& pool) {\n  long s = 0;" % f)
        for k in range(f, min(n, f + per)):
            out.append("  s += pool.submit(square, g%d).get();" % k)
        out.append("  return s;\n}")
    out.append("int main(int argc, char** argv) {\n  ppx::init(argc, argv);\n"
               "  ppx::ProcessPoolExecutor pool;\n  long s = 0;")
    for f in range(0, n, per):
        out.append("  s += part%d(pool);" % f)
    out.append("  return s > 0 ? 0 : 1;\n}\n")
    return "\n".join(out)


def measure(cmd, runs, ok=(0, 1)):
    """Best wall time of `runs` runs, and the largest peak RSS (MiB)."""
    best, peak = 1e9, 0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        took = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code not in ok:
            sys.exit("failed (%d): %s\n%s" % (code, " ".join(cmd), err.decode()[-2000:]))
        best = min(best, took)
        peak = max(peak, usage.ru_maxrss / 1024)
    return best, peak


def check_profile(cmd):
    """Each check's wall time (s) from clang-tidy's --enable-check-profile."""
    err = subprocess.run(cmd[:1] + ["--enable-check-profile"] + cmd[1:], capture_output=True,
                         text=True).stderr
    times = {}
    for line in err.splitlines():
        m = re.match(r"\s*([\d.]+)\s*\(\s*[\d.]+%\)\s+([\d.]+)\s*\(\s*[\d.]+%\)\s+"
                     r"([\d.]+)\s*\(\s*[\d.]+%\)\s+([\d.]+)\s*\(\s*[\d.]+%\)\s+(\S+)", line)
        if m and (m.group(5).startswith("picklint-") or m.group(5) == "Total"):
            times[m.group(5)] = times.get(m.group(5), 0) + float(m.group(4))
    return times


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--llvm", default="19")
    p.add_argument("--submissions", type=int, default=300)
    p.add_argument("--quick", action="store_true", help="small sizes, one run: a smoke test")
    args = p.parse_args()
    runs = 1 if args.quick else 3
    picklint = os.path.join(args.build, "bin", "picklint")
    plugin = os.path.join(args.build, "lib", "libpicklint.so")
    tidy = "clang-tidy-" + args.llvm
    flags = ["-std=c++20", "-I", os.path.join(ROOT, "runtime", "include")]

    with tempfile.TemporaryDirectory() as tmp:
        heavy = os.path.join(tmp, "heavy.cpp")
        with open(heavy, "w") as f:
            headers = ["string", "vector"] if args.quick else HEADERS
            submissions = 30 if args.quick else args.submissions
            f.write(heavy_unit(submissions, headers))
        print("machine: %d cores available" % len(os.sched_getaffinity(0)))
        print("heavy unit: %d submissions, %d standard headers, ppx\n" %
              (submissions, len(headers)))
        parse, parse_mem = measure(["clang++-" + args.llvm, "-fsyntax-only"] + flags + [heavy],
                                   runs, ok=(0,))
        print("  %-34s %8s %8s %10s" % ("", "seconds", "x parse", "peak MiB"))
        print("  %-34s %8.2f %8.2f %10.0f" % ("clang++ -fsyntax-only", parse, 1.0, parse_mem))
        tool = [picklint, "--no-index", "--no-cache", "--quiet"]
        rows = [("picklint, all checks", tool + [heavy, "--"] + flags)]
        for check in CHECKS[:1] if args.quick else CHECKS:
            rows.append(("picklint, %s" % check,
                         tool + ["--checks=-*,picklint-" + check, heavy, "--"] + flags))
        plugin_cmd = [tidy, "-load", plugin, "-checks=-*,picklint-*", heavy, "--"] + flags
        rows.append(("plugin, all checks", plugin_cmd))
        if not args.quick:
            rows.append(("clang-tidy, bugprone-*",
                         [tidy, "-checks=-*,bugprone-*", heavy, "--"] + flags))
        for name, cmd in rows:
            s, mem = measure(cmd, runs)
            print("  %-34s %8.2f %8.2f %10.0f" % (name, s, s / parse, mem))

        print("\n  each check's own time (--enable-check-profile, plugin), share of the parse:")
        for check, s in sorted(check_profile(plugin_cmd).items(), key=lambda kv: -kv[1]):
            print("  %-34s %8.3f s %7.2f%%" % (check if check != "Total" else "all checks", s,
                                               100 * s / parse))

        sizes = [100] if args.quick else [1000, 10000, 100000]
        print("\nstress file: N submissions and N globals")
        print("  %8s %10s %10s %8s %10s %18s" % ("N", "parse s", "picklint s", "x parse",
                                                 "checks s", "checks ms per 1k"))
        for n in sizes:
            stress = os.path.join(tmp, "stress%d.cpp" % n)
            with open(stress, "w") as f:
                f.write(stress_unit(n))
            ps, _ = measure(["clang++-" + args.llvm, "-fsyntax-only"] + flags + [stress],
                            1, ok=(0,))
            ls, _ = measure(tool + [stress, "--"] + flags, 1)
            own = check_profile([tidy, "-load", plugin, "-checks=-*,picklint-*", stress, "--"]
                                + flags).get("Total", 0)
            print("  %8d %10.2f %10.2f %8.2f %10.3f %18.1f" % (n, ps, ls, ls / ps, own,
                                                              own / n * 1e6))


if __name__ == "__main__":
    main()
