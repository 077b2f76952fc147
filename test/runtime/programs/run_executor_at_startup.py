"""Runs the program (argv[2]: the start method, spawn or forkserver) whose executor is a namespace-scope variable: the pool
breaks, and both the worker's and the parent's messages name start-up (not
only a missing guard) and the check that finds it."""
import os
import subprocess
import sys

method = sys.argv[2] if len(sys.argv) > 2 else "spawn"
proc = subprocess.run([sys.argv[1]], capture_output=True, text=True, timeout=30,
                      env=dict(os.environ, PPX_TEST_START_METHOD=method))
out, err = proc.stdout, proc.stderr
print(out, err, sep="\n")
assert proc.returncode == 3, "expected exit status 3, got %d" % proc.returncode
assert "BrokenProcessPool:" in out, out
assert "during start-up" in out and "picklint-side-effect-before-main" in out, out
said = err.count("created an executor before ppx::init(argc, argv) ran")
assert 1 <= said <= 2, err
assert "namespace-scope variable" in err and "picklint-side-effect-before-main" in err, err
print("1 passed, 0 failed")
