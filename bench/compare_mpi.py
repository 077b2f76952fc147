"""ppx on MPI ranks beside mpi4py.futures.MPIPoolExecutor (issue #17): the
same workloads (round trip, 50,000 submissions, map over 1M items, payloads of
1 MB, 100 MB and 1 GB), the same machine, the same ranks (1 parent and
--workers workers), each under its own mpiexec, run side by side:
mpi4py / ppx, higher is better.

    python3 bench/compare_mpi.py [--ppx build/bin/ppx_bench_mpi] [--workers 2] [--quick]

--quick runs every workload small: a check that the benchmark works, not a
measurement.
"""
import argparse
import os
import subprocess
import sys


def mpiexec(args, ranks):
    command = [args.mpiexec, "-n", str(ranks), "--oversubscribe"]
    if os.geteuid() == 0:
        command.append("--allow-run-as-root")
    return command


def run(cmd):
    env = dict(os.environ)
    env.setdefault("OMPI_MCA_btl_vader_single_copy_mechanism", "none")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env,
                         timeout=3600).stdout
    results = {}
    for line in out.splitlines():
        parts = line.rsplit(" ", 1)
        if len(parts) == 2:
            try:
                results[parts[0]] = float(parts[1])
            except ValueError:
                pass
    return results


def python_with_mpi4py(first):
    """\p first, or Debian's python3 (which python3-mpi4py serves) if first
    cannot import mpi4py (a pyenv or virtualenv interpreter)."""
    for python in (first, "/usr/bin/python3"):
        if subprocess.run([python, "-c", "import mpi4py"], capture_output=True).returncode == 0:
            return python
    sys.exit("compare_mpi.py: no python3 here imports mpi4py: install python3-mpi4py")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser()
    p.add_argument("--ppx", default=os.path.join(here, "..", "build", "bin", "ppx_bench_mpi"))
    p.add_argument("--mpiexec", default="mpiexec")
    p.add_argument("--python", default=sys.executable)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--quick", action="store_true")
    args = p.parse_args()
    quick = ["--quick"] if args.quick else []
    ranks = args.workers + 1
    args.python = python_with_mpi4py(args.python)

    ppx = run(mpiexec(args, ranks) + [args.ppx, "mpi", str(args.workers)] + quick)
    py = run(mpiexec(args, ranks) + [args.python, "-m", "mpi4py.futures",
                                     os.path.join(here, "mpi4py_baseline.py"),
                                     str(args.workers)] + quick)

    print("machine: %d cores available; %d ranks (1 parent, %d workers)" % (
        len(os.sched_getaffinity(0)), ranks, args.workers))
    print("\n== mpi: against mpi4py.futures.MPIPoolExecutor (mpi4py / ppx, higher is better)")
    print("  %-36s %12s %12s %9s" % ("workload", "mpi4py", "ppx", "ratio"))
    for name in py:
        if name not in ppx:
            continue
        if name.startswith("payload "):
            size = int(name.split()[1])
            print("  %-36s %7.2f GB/s  %7.2f GB/s %8.1fx" % (
                "payload %d MB (round trip)" % (size >> 20), size / py[name] / 1e9,
                size / ppx[name] / 1e9, py[name] / ppx[name]))
            continue
        unit, scale = ("us", 1e6) if name == "roundtrip" else ("ms", 1e3) \
            if name == "startup+shutdown" else ("s", 1)
        print("  %-36s %9.3f %-2s %9.3f %-2s %8.1fx" % (
            name, py[name] * scale, unit, ppx[name] * scale, unit, py[name] / ppx[name]))


if __name__ == "__main__":
    main()
