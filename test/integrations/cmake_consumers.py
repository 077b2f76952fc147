#!/usr/bin/env python3
"""Builds test/integrations/consumer as a user's project would, one way of getting
picklint at a time (--use), and checks what a user relies on:

  - the project configures with nothing but the documented lines;
  - a correct program builds with picklint's checks on, and runs;
  - a program with a trap (a banner printed at start-up) fails to build,
    with picklint's finding in the build's output, through the standalone
    program and, where there is one, through clang-tidy and the plugin;
  - the same trap builds without the checks, and prints its banner once per
    spawned worker: the failure above is picklint's, and it is a real one;
  - (package) asking for a ppx version that is not there fails clearly.

--install-from <build> installs picklint from that build folder into a
fresh prefix first (cmake --install), and the consumer uses the prefix.
Prints `N passed, N failed`; exits non-zero when a step failed.
"""
import argparse
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from steps import Steps, run  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--use", required=True,
                    choices=["package", "build-tree", "subdirectory", "fetchcontent", "runtime"])
    ap.add_argument("--source", required=True, help="picklint's source folder")
    ap.add_argument("--work", required=True, help="a scratch folder (emptied)")
    ap.add_argument("--cxx", required=True, help="the consumer's C++ compiler")
    ap.add_argument("--install-from", help="a picklint build folder to install first")
    ap.add_argument("--build-tree", help="a picklint build folder to use as a package")
    ap.add_argument("--cmake", default="cmake")
    ap.add_argument("--ninja", default="ninja")
    ap.add_argument("-j", type=int, default=2)
    args = ap.parse_args()

    steps = Steps()
    env = dict(os.environ)
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    build = os.path.join(args.work, "build")
    defs = [f"-DCONSUMER_USE={args.use}", f"-DPICKLINT_SOURCE={args.source}",
            f"-DCMAKE_CXX_COMPILER={args.cxx}", "-DCMAKE_BUILD_TYPE=Release"]

    if args.install_from:
        prefix = os.path.join(args.work, "prefix")
        rc, out = run([args.cmake, "--install", args.install_from, "--prefix", prefix])
        steps.check(rc == 0, f"cmake --install {args.install_from} --prefix <work>/prefix", out)
        for f in ["bin/picklint", "lib/libpicklint.so", "lib/libppx.a", "include/ppx/ppx.hpp",
                  "lib/cmake/ppx/ppxConfig.cmake", "lib/cmake/ppx/ppxConfigVersion.cmake",
                  "lib/cmake/picklint/picklintConfig.cmake",
                  "lib/cmake/picklint/PicklintChecks.cmake"]:
            steps.check(os.path.exists(os.path.join(prefix, f)), f"installed: {f}")
        defs.append(f"-DCMAKE_PREFIX_PATH={prefix}")
        # A subproject that does not build the checker finds the installed
        # one on PATH.
        env["PATH"] = os.path.join(prefix, "bin") + os.pathsep + env["PATH"]
    if args.build_tree:
        defs.append(f"-DCMAKE_PREFIX_PATH={args.build_tree}")

    configure = [args.cmake, "-G", "Ninja", "-S", os.path.join(HERE, "consumer"), "-B", build] + defs
    rc, out = run(configure, env=env)
    steps.check(rc == 0, f"configure ({args.use})", out)
    if rc != 0:
        return steps.finish()
    if args.use == "fetchcontent" and "g++" in os.path.basename(args.cxx):
        steps.check("the checker is not built" in out,
                    "a GCC subproject says that the checker is not built", out)

    rc, out = run([args.ninja, "-j", str(args.j), "app"], cwd=build, env=env)
    steps.check(rc == 0, "a correct program builds with the checks on", out)
    if rc == 0:
        rc, out = run([os.path.join(build, "app")])
        steps.check(rc == 0 and "sum of squares 30" in out, "and it runs under ppx", out)

    targets = ["trap"]
    if os.path.exists(os.path.join(build, "build.ninja")) and \
            "trap_plugin" in open(os.path.join(build, "build.ninja")).read():
        targets.append("trap_plugin")
    elif args.use in ("package", "build-tree", "subdirectory"):
        steps.check(False, "the plugin target trap_plugin exists")
    for target in targets:
        rc, out = run([args.ninja, "-j", str(args.j), target], cwd=build, env=env)
        steps.check(rc != 0 and "[picklint-side-effect-before-main" in out
                    and "trap.cpp:7:19" in out,
                    f"the trap's build fails with picklint's finding ({target})", out)
        if args.use == "fetchcontent" and target == "trap":
            steps.check(os.path.join(prefix, "bin", "picklint") + ";--checks=" in out,
                        "the GCC subproject uses the installed picklint, found on PATH", out)

    rc, out = run([args.ninja, "trap_unchecked"], cwd=build)
    steps.check(rc == 0, "the same trap builds without the checks", out)
    if rc == 0:
        rc, out = run([os.path.join(build, "trap_unchecked")])
        steps.check(rc == 0 and out.count("starting up") == 3,
                    "and prints its banner in the parent and in each of 2 workers", out)

    if args.use == "package":
        rc, out = run(configure[:-len(defs)] + defs + ["-DCONSUMER_PPX_VERSION=99.0",
                                                        "-B", build + "-v99"], env=env)
        steps.check(rc != 0 and 'requested version "99.0"' in out
                    and "ppxConfig.cmake, version: " in out,
                    "asking for ppx 99.0 fails and names the version found", out)
    return steps.finish()


if __name__ == "__main__":
    sys.exit(main())
