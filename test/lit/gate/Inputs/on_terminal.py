"""on_terminal.py <command>...: runs the command with its standard error on a
pseudo-terminal and prints what it wrote there (escapes shown as <ESC>)."""
import os
import pty
import subprocess
import sys

master, slave = pty.openpty()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=slave)
os.close(slave)
out = b""
while True:
    try:
        chunk = os.read(master, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
proc.wait()
sys.stdout.write(out.decode(errors="replace").replace("\x1b", "<ESC>").replace("\r", "<CR>\n"))
sys.exit(proc.returncode)
