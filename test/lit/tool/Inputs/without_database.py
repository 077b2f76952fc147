"""Runs picklint on a copy of a source in a fresh folder under the system's
temporary directory, where no compile_commands.json can be found, and
requires exit status 2."""
import os, shutil, subprocess, sys, tempfile

picklint, source = sys.argv[1], sys.argv[2]
with tempfile.TemporaryDirectory() as d:
    copy = os.path.join(d, os.path.basename(source))
    shutil.copy(source, copy)
    code = subprocess.run([picklint, copy]).returncode
sys.exit(0 if code == 2 else "picklint exited %d, expected 2" % code)
