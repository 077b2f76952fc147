"""Runs ppx_bench and CPython's ProcessPoolExecutor on the same workloads,
side by side, and prints how many times faster ppx is (CPython time / ppx
time; above 1 means ppx is faster).

    python3 bench/compare.py [--ppx build/bin/ppx_bench] [--workers 2]
"""
import argparse
import os
import subprocess
import sys


def run(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    results = {}
    for line in out.splitlines():
        name, value = line.rsplit(" ", 1)
        results[name] = float(value)
    return results


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser()
    p.add_argument("--ppx", default=os.path.join(here, "..", "build", "bin", "ppx_bench"))
    p.add_argument("--python", default=sys.executable)
    p.add_argument("--workers", default="2")
    args = p.parse_args()
    print("%-36s %-6s %12s %12s %8s" % ("workload", "start", "CPython s", "ppx s", "ratio"))
    for method in ("spawn", "fork"):
        ppx = run([args.ppx, method, args.workers])
        py = run([args.python, os.path.join(here, "python_baseline.py"), method, args.workers])
        for name in ppx:
            print("%-36s %-6s %12.4f %12.4f %7.1fx" % (name, method, py[name], ppx[name],
                                                     py[name] / ppx[name]))


if __name__ == "__main__":
    main()
