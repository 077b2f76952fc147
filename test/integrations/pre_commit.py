#!/usr/bin/env python3
"""picklint's pre-commit hooks (.pre-commit-hooks.yaml) under the real
pre-commit, on throwaway git repositories, as a team adds them by `repo:`.

The hooks' files are copied into a scratch hook repository and committed, so
that what is tested is this tree's, committed or not. A user repository has
a class in a header, a unit that submits its method, and a unit that submits
a task; its compilation database is in build/. Then:

  - the first commit passes;
  - a commit adding a capturing-lambda submission is refused, with the finding;
  - the fixed file commits;
  - a header-only change that makes the submitted method use a handle is
    refused, with the finding at the submission in the unit that includes it;
  - the picklint-plugin hook (clang-tidy and the plugin) refuses the lambda too;
  - in a repository with no compilation database the hook prints one line
    that says how to make one and how to point at it, and refuses;
  - with the documented fallback (compiler flags after `--` in args) it
    checks, a header too (as C++).

Prints `N passed, N failed`; exits non-zero when a step failed.
"""
import argparse
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from steps import Steps, run  # noqa: E402

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

STORE_H = """#pragma once
#include <cstdio>
#include <string>
#include <cereal/types/string.hpp>

struct Store {
  std::string name;
  int size() const { return static_cast<int>(name.size()); }
  template <class A> void serialize(A &a) { a(name); }
};
"""
STORE_H_WITH_LOG = """#pragma once
#include <cstdio>
#include <string>
#include <cereal/types/string.hpp>

struct Store {
  std::string name;
  std::FILE *log = stderr;
  int size() const {
    std::fputs(name.c_str(), log);
    return static_cast<int>(name.size());
  }
  template <class A> void serialize(A &a) { a(name); }
};
"""
MAIN_CPP = """#include <ppx/ppx.hpp>
#include "store.h"

int main(int argc, char **argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool({.max_workers = 2});
  Store s{"abc"};
  return pool.submit(&Store::size, s).get() == 3 ? 0 : 1;
}
"""
TASKS_GOOD = """#include <ppx/ppx.hpp>

int times(int x, int k) { return x * k; }

int scaled(ppx::ProcessPoolExecutor &pool, int k) {
  return pool.submit(times, 2, k).get();
}
"""
TRAP_HEADER = """#pragma once
#include <ppx/ppx.hpp>

inline int scaled(ppx::ProcessPoolExecutor &pool, int k) {
  return pool.submit([k](int x) { return x * k; }, 2).get();
}
"""
TASKS_TRAP = """#include <ppx/ppx.hpp>

int scaled(ppx::ProcessPoolExecutor &pool, int k) {
  return pool.submit([k](int x) { return x * k; }, 2).get();
}
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def git(repo, env, *args):
    rc, out = run(["git", *args], repo, env)
    if rc != 0:
        raise SystemExit(f"git {' '.join(args)} failed in {repo}:\n{out}")
    return out.strip()


def make_repo(path, env):
    os.makedirs(path)
    git(path, env, "init", "-q", "-b", "main")
    git(path, env, "config", "user.email", "dev@example.com")
    git(path, env, "config", "user.name", "Dev")
    git(path, env, "config", "commit.gpgsign", "false")


def hook_config(hook_repo, rev, hook, args):
    return json.dumps({"repos": [{"repo": hook_repo, "rev": rev,
                                  "hooks": [{"id": hook, "args": args}]}]}, indent=2)


def commit(repo, env, message):
    """git commit -a (with new files): (refused?, output, HEAD moved?)."""
    before = run(["git", "rev-parse", "-q", "--verify", "HEAD"], repo, env)[1]
    git(repo, env, "add", "-A")
    rc, out = run(["git", "commit", "-q", "-m", message], repo, env)
    after = run(["git", "rev-parse", "-q", "--verify", "HEAD"], repo, env)[1]
    return rc, out, before != after


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--picklint", required=True)
    ap.add_argument("--clang-tidy", required=True)
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--pre-commit", default="pre-commit")
    args = ap.parse_args()
    for name in ("picklint", "work"):
        setattr(args, name, os.path.abspath(getattr(args, name)))
    steps = Steps()

    if not shutil.which(args.pre_commit):
        print(f"FAIL  pre-commit is not installed ({args.pre_commit}): scripts/install-deps.sh installs it")
        print("0 passed, 1 failed")
        return 1
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    env = dict(os.environ)
    env["PRE_COMMIT_HOME"] = os.path.join(args.work, "pre-commit-home")
    # picklint installed: on PATH, as the hook expects.
    env["PATH"] = os.path.dirname(os.path.abspath(args.picklint)) + os.pathsep + env["PATH"]
    for k in ("PICKLINT", "CLANG_TIDY", "PICKLINT_PLUGIN"):
        env.pop(k, None)
    # clang-tidy-19 on PATH is the one the plugin was built for.
    tools = os.path.join(args.work, "tools")
    os.makedirs(tools)
    os.symlink(os.path.abspath(args.clang_tidy), os.path.join(tools, "clang-tidy-19"))
    env["PATH"] = tools + os.pathsep + env["PATH"]
    for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(k, None)
    runtime_include = os.path.join(SOURCE, "runtime", "include")

    # The hook repository: this tree's hook files, committed.
    hooks = os.path.join(args.work, "hooks")
    make_repo(hooks, env)
    shutil.copy2(os.path.join(SOURCE, ".pre-commit-hooks.yaml"), hooks)
    os.makedirs(os.path.join(hooks, "scripts"))
    shutil.copy2(os.path.join(SOURCE, "scripts", "picklint-pre-commit"),
                 os.path.join(hooks, "scripts"))
    git(hooks, env, "add", "-A")
    git(hooks, env, "commit", "-q", "-m", "hooks")
    rev = git(hooks, env, "rev-parse", "HEAD")

    # The user's repository, with its compilation database in build/.
    repo = os.path.join(args.work, "project")
    make_repo(repo, env)
    write(os.path.join(repo, "include", "store.h"), STORE_H)
    write(os.path.join(repo, "src", "main.cpp"), MAIN_CPP)
    write(os.path.join(repo, "src", "tasks.cpp"), TASKS_GOOD)
    write(os.path.join(repo, ".gitignore"), "build/\n")
    write(os.path.join(repo, "build", "compile_commands.json"), json.dumps([
        {"directory": repo, "file": f"src/{f}",
         "command": f"{args.cxx} -std=c++20 -I{runtime_include} -Iinclude -c src/{f}"}
        for f in ("main.cpp", "tasks.cpp")]))
    write(os.path.join(repo, ".pre-commit-config.yaml"), hook_config(hooks, rev, "picklint", []))
    rc, out = run([args.pre_commit, "install"], repo, env)
    steps.check(rc == 0, "pre-commit install", out)

    rc, out, moved = commit(repo, env, "first")
    steps.check(rc == 0 and moved, "the first commit passes the picklint hook", out)

    write(os.path.join(repo, "src", "tasks.cpp"), TASKS_TRAP)
    rc, out, moved = commit(repo, env, "a capturing lambda")
    steps.check(rc != 0 and not moved and "tasks.cpp:4:22" in out
                and "[picklint-lambda-capture]" in out,
                "a commit adding a capturing-lambda submission is refused with the finding", out)

    # The fix (not the first version again: that would be nothing to commit).
    write(os.path.join(repo, "src", "tasks.cpp"), TASKS_GOOD.replace("times, 2, k", "times, 3, k"))
    rc, out, moved = commit(repo, env, "the fix")
    steps.check(rc == 0 and moved, "the fixed file commits", out)

    write(os.path.join(repo, "include", "store.h"), STORE_H_WITH_LOG)
    rc, out, moved = commit(repo, env, "a header-only change")
    steps.check(rc != 0 and not moved and "main.cpp:8:36" in out
                and "[picklint-unpicklable-receiver]" in out and "store.h:8:14: note" in out,
                "a header-only change is refused through the unit that includes it", out)
    git(repo, env, "checkout", "--", "include/store.h")

    # The plugin hook.
    # Its defaults: clang-tidy-19 on PATH, the plugin beside picklint.
    write(os.path.join(repo, ".pre-commit-config.yaml"), hook_config(
        hooks, rev, "picklint-plugin", []))
    write(os.path.join(repo, "src", "tasks.cpp"), TASKS_TRAP)
    rc, out, moved = commit(repo, env, "a capturing lambda, plugin hook")
    steps.check(rc != 0 and not moved and "tasks.cpp:4:22: error:" in out
                and "picklint-lambda-capture" in out,
                "the picklint-plugin hook refuses the capturing lambda", out)
    write(os.path.join(repo, "src", "tasks.cpp"), TASKS_GOOD.replace("times, 2, k", "times, 4, k"))
    rc, out, moved = commit(repo, env, "the fix, plugin hook")
    steps.check(rc == 0 and moved, "and passes the fixed file", out)

    # No compilation database.
    bare = os.path.join(args.work, "bare")
    make_repo(bare, env)
    write(os.path.join(bare, "src", "tasks.cpp"), TASKS_TRAP)
    write(os.path.join(bare, ".pre-commit-config.yaml"), hook_config(hooks, rev, "picklint", []))
    run([args.pre_commit, "install"], bare, env)
    rc, out, moved = commit(bare, env, "no database")
    lines = [l for l in out.splitlines() if l.startswith("picklint:")]
    steps.check(rc != 0 and not moved and len(lines) == 1
                and "no compile_commands.json" in lines[0]
                and "CMAKE_EXPORT_COMPILE_COMMANDS=ON" in lines[0] and "[-p, build]" in lines[0],
                "with no compilation database: one line says how to make one and point at it",
                out)

    # The documented fallback: the flags in the hook's args.
    write(os.path.join(bare, ".pre-commit-config.yaml"), hook_config(
        hooks, rev, "picklint", ["--", "-std=c++20", f"-I{runtime_include}"]))
    rc, out, moved = commit(bare, env, "flags")
    steps.check(rc != 0 and not moved and "[picklint-lambda-capture]" in out,
                "with the flags in args (-- <flags>) the lambda is refused", out)
    write(os.path.join(bare, "src", "tasks.cpp"), TASKS_GOOD)
    rc, out, moved = commit(bare, env, "flags, fixed")
    steps.check(rc == 0 and moved, "and the fixed file commits", out)
    # A header, with the flags: read as C++ (not as a C header).
    write(os.path.join(bare, "include", "scaled.h"), TRAP_HEADER)
    rc, out, moved = commit(bare, env, "flags, a header")
    steps.check(rc != 0 and not moved and "scaled.h:5:22" in out
                and "[picklint-lambda-capture]" in out and "error:" not in out,
                "with the flags, a staged header is checked as C++ and refused for its trap", out)

    return steps.finish()


if __name__ == "__main__":
    sys.exit(main())
