#!/usr/bin/env python3
"""Runs the frames fuzzer from its seed corpus for a while.

  run_fuzz.py FUZZER [--seconds N] [--corpus DIR] [--jobs J]

The seeds (valid frames and task bodies) are written by the fuzzer itself
(PPX_FUZZ_WRITE_SEEDS). Without --corpus the run starts from the seeds in a
temporary folder; with it, the corpus is kept and grows from run to run.
Exits with the fuzzer's status: non-zero if it found a crash, a sanitizer
report, a leak, a timeout or an allocation beyond its limit. Prints the
fuzzer's final statistics (runs, coverage, corpus).
"""
import argparse
import os
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("fuzzer")
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--corpus", help="a corpus folder to keep (made if missing)")
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()
    args.fuzzer = os.path.abspath(args.fuzzer)

    with tempfile.TemporaryDirectory(prefix="ppx-fuzz-") as tmp:
        seeds = os.path.join(tmp, "seeds")
        os.mkdir(seeds)
        env = dict(os.environ, PPX_FUZZ_WRITE_SEEDS=seeds)
        subprocess.run([args.fuzzer], env=env, check=True)
        corpus = args.corpus or os.path.join(tmp, "corpus")
        os.makedirs(corpus, exist_ok=True)
        env = dict(os.environ)
        env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0")
        env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
        cmd = [args.fuzzer, f"-max_total_time={args.seconds}", "-timeout=10",
               "-rss_limit_mb=2048", "-malloc_limit_mb=1024", "-print_final_stats=1",
               f"-artifact_prefix={tmp}/", corpus, seeds]
        if args.jobs > 1:
            cmd[1:1] = [f"-jobs={args.jobs}", f"-workers={args.jobs}"]
        print("run:", " ".join(cmd), flush=True)
        r = subprocess.run(cmd, env=env, cwd=tmp)
        crashes = [f for f in os.listdir(tmp) if f.startswith(("crash-", "leak-", "timeout-", "oom-"))]
        for name in crashes:
            with open(os.path.join(tmp, name), "rb") as f:
                print(f"{name}: {f.read()[:256].hex()}")
        if r.returncode != 0:
            print(f"run_fuzz: the fuzzer found a fault (exit {r.returncode})", file=sys.stderr)
        return r.returncode


if __name__ == "__main__":
    sys.exit(main())
