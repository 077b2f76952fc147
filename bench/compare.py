"""ppx side by side with its anchors, in the same run (issue #14's targets):

  round trip   one task at a time, against a raw ping-pong of 24 bytes
               between two processes over a pipe pair and a socket pair
               (pipe_baseline.c): ppx / raw, lower is better (target <= 1.5x);
  start-up     a worker's start (one worker replaced after every task) under
               spawn and forkserver, and a pool's start and shutdown under
               each method, side by side (issue #16): ppx and CPython;
  CPython      start-up, round trip, 50,000 submissions and map over 1M items
               against concurrent.futures.ProcessPoolExecutor on the same
               workloads: CPython / ppx, higher is better (targets >= 20x);
  payloads     a std::vector<double> of 1 MB, 100 MB and 1 GB sent to a task
               that returns it, against the same bytes echoed over a socket
               pair with buffers allocated once: payload bytes / round-trip
               time, in GB/s (target >= 2 GB/s at 100 MB).

    python3 bench/compare.py [--ppx build/bin/ppx_bench]
        [--baseline build/bin/pipe_baseline] [--workers 2] [--quick]
        [--start-methods spawn,fork,forkserver]

--quick runs every workload small: a check that the benchmark works, not a
measurement.
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
    bin_dir = os.path.join(here, "..", "build", "bin")
    p = argparse.ArgumentParser()
    p.add_argument("--ppx", default=os.path.join(bin_dir, "ppx_bench"))
    p.add_argument("--baseline", default=os.path.join(bin_dir, "pipe_baseline"))
    p.add_argument("--python", default=sys.executable)
    p.add_argument("--workers", default="2")
    p.add_argument("--start-methods", default="spawn,fork,forkserver")
    p.add_argument("--quick", action="store_true")
    args = p.parse_args()
    quick = ["--quick"] if args.quick else []

    print("machine: %d cores available; %s workers" % (len(os.sched_getaffinity(0)), args.workers))
    raw = run([args.baseline, "pingpong", "1000" if args.quick else "100000"])
    copies = {}  # payload size -> the socket pair's seconds, measured once
    starts = {}  # method -> (ppx, CPython) results, for the start-up table
    for method in args.start_methods.split(","):
        ppx = run([args.ppx, method, args.workers] + quick)
        py = run([args.python, os.path.join(here, "python_baseline.py"), method, args.workers]
                 + quick)
        starts[method] = (ppx, py)

        print("\n== %s: round trip against the raw channel (ppx / raw, lower is better)" % method)
        for name, value in raw.items():
            print("  %-30s %10.1f us   ppx %8.1f us   %6.2fx" % (
                name, value * 1e6, ppx["roundtrip"] * 1e6, ppx["roundtrip"] / value))

        print("\n== %s: against CPython's ProcessPoolExecutor (CPython / ppx, higher is better)"
              % method)
        print("  %-36s %12s %12s %9s" % ("workload", "CPython", "ppx", "ratio"))
        for name in py:
            unit, scale = ("us", 1e6) if name == "roundtrip" else ("s", 1)
            line = "  %-36s %9.3f %-2s %9.3f %-2s %8.1fx" % (
                name, py[name] * scale, unit, ppx[name] * scale, unit, py[name] / ppx[name])
            words = name.split()
            if words[0] in ("submit", "map"):
                n = float(words[1])
                line += "   (%.0fk vs %.0fk %s/s)" % (
                    n / ppx[name] / 1e3, n / py[name] / 1e3,
                    "tasks" if words[0] == "submit" else "items")
            print(line)

        print("\n== %s: payload round trip against a socket pair (GB/s, higher is better)"
              % method)
        for name in ppx:
            if not name.startswith("payload "):
                continue
            size = int(name.split()[1])
            if size not in copies:
                copy = run([args.baseline, "copy", str(size), "10" if size <= (1 << 20) else "2"])
                copies[size] = copy["copy/socketpair/%d" % size]
            base = copies[size]
            print("  %-10s socketpair %6.2f GB/s   ppx %6.2f GB/s   %5.2fx" % (
                "%d MB" % (size >> 20), size / base / 1e9, size / ppx[name] / 1e9,
                base / ppx[name]))


    print("\n== worker start-up by start method (ms, lower is better; ratio to spawn)")
    print("  %-12s %-18s %10s %10s %12s" % ("method", "workload", "ppx", "CPython", "ppx / spawn"))
    for name in ("worker start", "startup+shutdown"):
        for method, (ppx, py) in starts.items():
            if name not in ppx:
                print("  %-12s %-18s %10s %10s %12s" % (method, name, "-", "-", "(refused)"))
                continue
            spawn = starts.get("spawn", (None,))[0]
            ratio = "%11.2fx" % (ppx[name] / spawn[name]) if spawn and name in spawn else ""
            print("  %-12s %-18s %10.2f %10.2f %12s" % (
                method, name, ppx[name] * 1e3, py.get(name, float("nan")) * 1e3, ratio))


if __name__ == "__main__":
    main()
