"""Runs a program under mpiexec on this machine:
run_mpi.py [--expect-exit N --expect-output TEXT] MPIEXEC N PROGRAM ARGS...

Adds what one machine with few cores and a root user need (oversubscription,
--allow-run-as-root), bounds the run (a hang fails, it does not stall the
suite), passes the program's output through and exits with its status."""
import os
import subprocess
import sys


def mpiexec_command(mpiexec, ranks):
    command = [mpiexec, "-n", str(ranks), "--oversubscribe"]
    if os.geteuid() == 0:
        command.append("--allow-run-as-root")
    return command


def main():
    args = sys.argv[1:]
    expect_exit, expect_output = None, None
    while args and args[0].startswith("--expect-"):
        if args[0] == "--expect-exit":
            expect_exit = int(args[1])
        else:
            expect_output = args[1]
        args = args[2:]
    mpiexec, ranks, program = args[0], int(args[1]), args[2:]
    env = dict(os.environ)
    # Shared memory between ranks on one host, without the kernel module
    # (CMA) that containers often forbid.
    env.setdefault("OMPI_MCA_btl_vader_single_copy_mechanism", "none")
    try:
        proc = subprocess.run(mpiexec_command(mpiexec, ranks) + program, env=env, timeout=540,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    except subprocess.TimeoutExpired:
        print("run_mpi.py: the MPI job did not end within 540 s", file=sys.stderr)
        return 1
    print(proc.stdout)
    if expect_exit is None:
        return proc.returncode
    # A job whose rank ended with a status ends with it (mpiexec's rule).
    if proc.returncode != expect_exit:
        print("run_mpi.py: expected the job's exit status %d, got %d" % (expect_exit, proc.returncode))
        return 1
    if expect_output and expect_output not in proc.stdout:
        print("run_mpi.py: expected %r in the output" % expect_output)
        return 1
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
