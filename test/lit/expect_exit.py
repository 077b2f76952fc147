#!/usr/bin/env python3
"""expect_exit.py N cmd args...: runs cmd, passes its output through, and
fails unless it exits with status N (lit's `not` only knows zero/non-zero)."""
import subprocess
import sys

expected = int(sys.argv[1])
code = subprocess.run(sys.argv[2:]).returncode
if code != expected:
    sys.exit("expect_exit: %s exited %d, expected %d" % (sys.argv[2], code, expected))
