"""make_project.py <dir> <ppx include dir>: a small project (a git work tree,
so that it is its own project root) with findings in .cpp files and in a
header two units include, and its compile_commands.json in <dir>/build
(relative file names)."""
import json
import os
import subprocess
import sys

root, include = os.path.abspath(sys.argv[1]), sys.argv[2]
files = {
    "src/capture.cpp": """#include <ppx/ppx.hpp>
int scale(int x, int k) { return x * k; }
int main(int argc, char **argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor ex;
  int k = 3;
  int a = ex.submit([k](int x) { return x * k; }, 2).get();
  int b = ex.submit([&k](int x) { return x * k; }, 2).get(); // NOLINT(picklint-lambda-capture)
  return a + b + ex.submit(scale, 2, k).get();
}
""",
    "src/clean.cpp": """#include <ppx/ppx.hpp>
int twice(int x) { return 2 * x; }
int run() {
  ppx::ProcessPoolExecutor ex;
  return ex.submit(twice, 21).get();
}
""",
    "include/shared.h": """#pragma once
#include <ppx/ppx.hpp>
#include <cstdio>
inline int offset = 1;
inline int shared_task(ppx::ProcessPoolExecutor &ex) {
  return ex.submit([](int x) { return x + offset; }, 1).get() +
         ex.submit([n = offset](int x) { return x + n; }, 1).get();
}
""",
    "src/user1.cpp": """#include "shared.h"
int user1(ppx::ProcessPoolExecutor &ex) { return shared_task(ex); }
""",
    "src/user2.cpp": """#include "shared.h"
int user2(ppx::ProcessPoolExecutor &ex) { return shared_task(ex) + 1; }
""",
}
for name, text in files.items():
    path = os.path.join(root, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
os.makedirs(os.path.join(root, "build"), exist_ok=True)
entries = [{"directory": root,
            "file": name,
            "command": "c++ -std=c++20 -I%s -Iinclude -c %s -o build/%s.o" % (include, name, os.path.basename(name))}
           for name in sorted(files) if name.endswith(".cpp")]
with open(os.path.join(root, "build", "compile_commands.json"), "w") as f:
    json.dump(entries, f, indent=1)
subprocess.run(["git", "init", "-q", root], check=True)
