"""Runs the program (argv[2]: the start method, spawn or forkserver) without a worker guard and checks how it fails."""
import subprocess
import sys

method = sys.argv[2] if len(sys.argv) > 2 else "spawn"
proc = subprocess.run([sys.argv[1], method], capture_output=True, text=True, timeout=30)
out, err = proc.stdout, proc.stderr
print(out, err, sep="\n")
assert proc.returncode == 3, "expected exit status 3, got %d" % proc.returncode
assert "BrokenProcessPool:" in out and "ppx::init(argc, argv)" in out, out
assert "picklint-missing-worker-guard" in out, out
# A worker says why it stopped; no cascade: at most one message per worker
# (the parent may end the second worker before it has spoken).
said = err.count("created an executor before ppx::init(argc, argv) ran")
assert 1 <= said <= 2, err
print("1 passed, 0 failed")
