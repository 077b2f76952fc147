# lit configuration of picklint's checker tests. Paths come from the build
# directory (lit-paths.json, written by CMake); run through ctest, or by hand:
#   python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv \
#       --param build=build test/lit
import json
import os

import lit.formats

config.name = "picklint"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)

build = lit_config.params.get("build")
if not build:
    lit_config.fatal("run lit with --param build=<picklint build directory>")
with open(os.path.join(os.path.abspath(build), "test", "lit-paths.json")) as f:
    paths = json.load(f)
config.test_exec_root = os.path.join(paths["build"], "test", "lit-out")

here = config.test_source_root
check = ("%s %s --clang-tidy=%s --plugin=%s --picklint=%s --filecheck=%s --include=%s" % (
    paths["python"], os.path.join(here, "check_picklint.py"), paths["clang_tidy"],
    paths["plugin"], paths["picklint"], paths["filecheck"], paths["runtime_include"]))
config.substitutions.append(("%check_picklint", check))
config.substitutions.append(("%expect_exit", "%s %s" % (paths["python"], os.path.join(here, "expect_exit.py"))))
config.substitutions.append(("%picklint", paths["picklint"]))
config.substitutions.append(("%clang_tidy", paths["clang_tidy"]))
config.substitutions.append(("%plugin", paths["plugin"]))
config.substitutions.append(("%runtime_include", paths["runtime_include"]))
config.substitutions.append(("%src_root", paths["source"]))
config.substitutions.append(("%python", paths["python"]))
config.substitutions.append(("%cxx", paths["cxx"]))
config.environment["PATH"] = os.pathsep.join(
    [paths["llvm_tools"], config.environment.get("PATH", os.environ.get("PATH", ""))])
if paths.get("other_clang_tidy"):
    config.available_features.add("other-clang-tidy")
    config.substitutions.append(("%other_clang_tidy", paths["other_clang_tidy"]))
# Every SARIF and JSON report a test makes is validated against its schema.
validate = "%s %s" % (paths["python"], os.path.join(here, "tool", "Inputs", "validate.py"))
config.substitutions.append(("%validate_sarif", "%s %s" % (
    validate, os.path.join(paths["source"], "test", "data", "sarif-schema-2.1.0.json"))))
config.substitutions.append(("%validate_report", "%s %s" % (
    validate, os.path.join(paths["source"], "docs", "report-schema.json"))))
