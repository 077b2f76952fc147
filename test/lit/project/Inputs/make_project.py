#!/usr/bin/env python3
"""make_project.py SRC DEST INCLUDE: copies the project SRC to DEST/src and
writes DEST/build/compile_commands.json with one entry per .cpp file."""
import json
import os
import shutil
import sys

src, dest, include = sys.argv[1:4]
shutil.rmtree(dest, ignore_errors=True)
shutil.copytree(src, os.path.join(dest, "src"))
os.makedirs(os.path.join(dest, "build"))
units = sorted(f for f in os.listdir(os.path.join(dest, "src")) if f.endswith(".cpp"))
entries = [{"directory": os.path.join(dest, "build"),
            "file": os.path.join(dest, "src", f),
            "arguments": ["c++", "-std=c++20", "-I" + include, "-c", os.path.join(dest, "src", f)]}
           for f in units]
with open(os.path.join(dest, "build", "compile_commands.json"), "w") as out:
    json.dump(entries, out, indent=1)
