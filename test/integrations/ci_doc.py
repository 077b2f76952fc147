#!/usr/bin/env python3
"""Runs the CI recipes of docs/ci.md, so that what the page shows is tested.

Each code block of the page preceded by `<!-- tested: NAME -->` is read. For
the workflows (YAML), the steps that install picklint are skipped: the
build tree's picklint stands in for the installed one. The installed files'
paths (/usr/local/...) are replaced by the build's. The steps then run in a
copy of test/integrations/ci-sample, a small project that uses ppx:

  github           clean: passes, SARIF valid; with a trap: fails, SARIF
                   valid and holding the finding
  baseline-create  + github-baseline: the trap is baselined and passes; a
                   new trap fails
  gitlab           with a trap: fails, and the code quality report holds it
  run-clang-tidy   with a trap: fails with the finding; clean: passes
  clang-tidy-diff  a branch adding a trap: the finding; one that does not:
                   nothing; a clang-tidy that fails: a failure

Prints `N passed, N failed`.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from steps import Steps  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))

TRAP = """#include <ppx/ppx.hpp>

int scaled(ppx::ProcessPoolExecutor &pool, int k) {
  return pool.submit([k](int x) { return x * k; }, 2).get();
}
"""
# Put in front of src/main.cpp: a banner printed at start-up.
SECOND_TRAP = """#include <cstdio>
static const bool banner = [] {
  std::puts("starting up");
  return true;
}();
"""


def blocks(page):
    """{name: code} for each block marked <!-- tested: name -->."""
    out = {}
    for m in re.finditer(r"<!-- tested: ([\w-]+) -->\n```\w*\n(.*?)```", page, re.S):
        out[m.group(1)] = m.group(2)
    return out


class Project:
    def __init__(self, work, env):
        self.dir = os.path.join(work, "project")
        self.env = env
        shutil.rmtree(self.dir, ignore_errors=True)
        shutil.copytree(os.path.join(HERE, "ci-sample"), self.dir)
        # A clone of a project whose main branch is on its remote (origin),
        # as a CI checkout is.
        origin = os.path.join(work, "origin.git")
        shutil.rmtree(origin, ignore_errors=True)
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", origin], env=env, check=True)
        for args in (["init", "-q", "-b", "main"], ["config", "user.email", "ci@example.com"],
                     ["config", "user.name", "CI"], ["add", "-A"],
                     ["commit", "-q", "-m", "sample"], ["remote", "add", "origin", origin],
                     ["push", "-q", "origin", "main"]):
            self.git(*args)

    def git(self, *args):
        subprocess.run(["git", *args], cwd=self.dir, env=self.env, check=True,
                       stdout=subprocess.DEVNULL)

    def write(self, rel, text):
        path = os.path.join(self.dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def remove(self, rel):
        os.remove(os.path.join(self.dir, rel))

    def sh(self, script):
        """As GitHub Actions runs a step: bash -e, without pipefail."""
        p = subprocess.run(["bash", "-e", "-c", script], cwd=self.dir, env=self.env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        return p.returncode, p.stdout

    def read(self, rel):
        with open(os.path.join(self.dir, rel)) as f:
            return f.read()


def github_steps(workflow_yaml):
    """The run: scripts of the workflow's job, except the install steps."""
    doc = yaml.safe_load(workflow_yaml)
    steps = doc if isinstance(doc, list) else next(iter(doc["jobs"].values()))["steps"]
    return [(s.get("name", ""), s["run"]) for s in steps
            if "run" in s and not s.get("name", "").startswith("Install")]


def run_steps(project, steps):
    """Runs the steps in order as a job does, stopping at the first failure:
    (exit status of the last step run, output)."""
    output = ""
    for name, script in steps:
        rc, out = project.sh(script)
        output += f"--- {name}\n{out}"
        if rc != 0:
            return rc, output
    return 0, output


def sarif_findings(project, schema):
    import jsonschema
    doc = json.loads(project.read("picklint.sarif"))
    jsonschema.validate(doc, schema)
    return [r["ruleId"] for run in doc["runs"] for r in run["results"]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True, help="picklint's build folder")
    ap.add_argument("--work", required=True)
    ap.add_argument("--cxx", required=True)
    args = ap.parse_args()
    steps = Steps()
    build = os.path.abspath(args.build)
    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)

    page = open(os.path.join(SOURCE, "docs", "ci.md")).read()
    # The installed prefix of the page is the build tree here.
    page = page.replace("/usr/local/lib/libpicklint.so", os.path.join(build, "lib", "libpicklint.so"))
    page = page.replace("clang++-19", args.cxx)
    found = blocks(page)
    for name in ("github", "baseline-create", "github-baseline", "gitlab", "run-clang-tidy",
                 "clang-tidy-diff"):
        steps.check(name in found, f"docs/ci.md has the tested block '{name}'")

    env = dict(os.environ)
    env["PATH"] = os.path.join(build, "bin") + os.pathsep + env["PATH"]
    env["CMAKE_PREFIX_PATH"] = build  # ppx's package, as installed in /usr/local
    for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(k, None)
    schema = json.load(open(os.path.join(SOURCE, "test", "data", "sarif-schema-2.1.0.json")))

    # GitHub: a clean project passes, a trap fails; the SARIF is valid.
    if "github" in found:
        project = Project(work, env)
        gh = github_steps(found["github"])
        steps.check([n for n, _ in gh] == ["Configure", "picklint"],
                    "the workflow's steps past the install are Configure and picklint", gh)
        rc, out = run_steps(project, gh)
        steps.check(rc == 0 and sarif_findings(project, schema) == [],
                    "github: a clean project passes, with a valid empty SARIF report", out)
        project.write("src/tasks.cpp", TRAP)
        rc, out = run_steps(project, gh)
        found_rules = sarif_findings(project, schema) if os.path.exists(
            os.path.join(project.dir, "picklint.sarif")) else None
        steps.check(rc == 1 and found_rules == ["picklint-lambda-capture"],
                    "github: a trap fails the job; the SARIF report holds the finding",
                    f"exit {rc}, rules {found_rules}\n{out}")

        # The baseline: the existing trap is accepted, a new one is not.
        if "baseline-create" in found and "github-baseline" in found:
            rc, out = project.sh(found["baseline-create"])
            steps.check(rc == 0 and os.path.exists(os.path.join(project.dir, "picklint-baseline.json")),
                        "baseline-create: makes picklint-baseline.json and stages it", out)
            base = [("Configure", gh[0][1])] + github_steps(found["github-baseline"])
            rc, out = run_steps(project, base)
            steps.check(rc == 0, "github-baseline: the baselined trap passes", out)
            main_cpp = project.read("src/main.cpp")
            project.write("src/main.cpp", SECOND_TRAP + main_cpp)
            rc, out = run_steps(project, base)
            rules = sarif_findings(project, schema)
            steps.check(rc == 1 and rules == ["picklint-side-effect-before-main"],
                        "github-baseline: a new trap fails, and only it is reported",
                        f"exit {rc}, rules {rules}\n{out}")
            project.write("src/main.cpp", main_cpp)

    # GitLab: the code quality report.
    if "gitlab" in found:
        project = Project(work, env)
        job = next(iter(yaml.safe_load(found["gitlab"]).values()))
        script = [("script", line) for line in job["script"]]
        project.write("src/tasks.cpp", TRAP)
        rc, out = run_steps(project, script)
        report = job["artifacts"]["reports"]["codequality"]
        issues = json.loads(project.read(report)) if os.path.exists(
            os.path.join(project.dir, report)) else None
        steps.check(rc == 1 and issues is not None and len(issues) == 1
                    and issues[0]["check_name"] == "picklint-lambda-capture"
                    and issues[0]["location"]["path"] == "src/tasks.cpp",
                    "gitlab: a trap fails the job; the code quality report holds it",
                    f"exit {rc}, {issues}\n{out}")

    # run-clang-tidy with the plugin.
    if "run-clang-tidy" in found:
        project = Project(work, env)
        project.sh(f"cmake -S . -B build -G Ninja -DCMAKE_CXX_COMPILER={args.cxx} "
                   "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON")
        rc, out = project.sh(found["run-clang-tidy"])
        steps.check(rc == 0 and "warning:" not in out and "error:" not in out,
                    "run-clang-tidy: a clean project passes", out)
        project.write("src/tasks.cpp", TRAP)
        rc, out = project.sh(found["run-clang-tidy"])
        steps.check(rc != 0 and "tasks.cpp:4:22: error:" in out and "picklint-lambda-capture" in out,
                    "run-clang-tidy: a trap fails with the finding", out)

    # clang-tidy-diff: only what the change touches.
    if "clang-tidy-diff" in found:
        project = Project(work, env)
        project.sh(f"cmake -S . -B build -G Ninja -DCMAKE_CXX_COMPILER={args.cxx} "
                   "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON")
        # A pull request's branch: a commit that adds a trap.
        project.git("checkout", "-q", "-b", "feature")
        project.write("src/tasks.cpp", TRAP)
        project.git("commit", "-q", "-am", "a trap")
        rc, out = project.sh(found["clang-tidy-diff"])
        steps.check(rc != 0 and "tasks.cpp:4:22: warning:" in out and "picklint-lambda-capture" in out,
                    "clang-tidy-diff: a branch that adds a trap: its finding, and a failure", out)
        # One that does not.
        project.git("reset", "-q", "--hard", "main")
        project.write("src/main.cpp", project.read("src/main.cpp") + "// a comment\n")
        project.git("commit", "-q", "-am", "a comment")
        rc, out = project.sh(found["clang-tidy-diff"])
        steps.check(rc == 0 and "warning:" not in out and "error:" not in out,
                    "clang-tidy-diff: a branch that adds none: nothing", out)
        # A plugin that cannot load fails the step (it must not pass unchecked).
        project.git("reset", "-q", "--hard", "HEAD~1")
        project.write("src/tasks.cpp", TRAP)
        project.git("commit", "-q", "-am", "a trap")
        rc, out = project.sh(found["clang-tidy-diff"].replace(
            "-clang-tidy-binary clang-tidy-19", "-clang-tidy-binary /bin/false"))
        steps.check(rc != 0, "clang-tidy-diff: a clang-tidy that fails fails the step", out)

    return steps.finish()


if __name__ == "__main__":
    sys.exit(main())
