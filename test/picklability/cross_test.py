#!/usr/bin/env python3
"""The picklability rule, through both halves.

Every entry of runtime/include/ppx/detail/picklability.def, and a generated
set of composite types (nested containers, optional of pair of ..., user
types with each combination of cereal hooks), is judged by

  the runtime:  ppx::detail::picklable<T>, compiled and printed;
  the checker:  picklint-unpicklable-argument on a task argument of type T
                (through a stub of ppx, so that the runtime's static_asserts
                do not stop the compile);

and any difference fails the test.

  cross_test.py --cxx clang++-19 --include runtime/include --picklint build/bin/picklint
"""
import argparse
import itertools
import os
import re
import subprocess
import sys
import tempfile

USER_TYPES = r'''
#pragma once
#include <array>
#include <bitset>
#include <chrono>
#include <complex>
#include <deque>
#include <forward_list>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <set>
#include <stack>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <valarray>
#include <variant>
#include <vector>

enum class Color { Red, Green };
struct Ser { int x = 0; template <class A> void serialize(A& a) { a(x); } };
struct SaveLoad {
  int x = 0;
  template <class A> void save(A& a) const { a(x); }
  template <class A> void load(A& a) { a(x); }
};
struct SaveOnly { int x = 0; template <class A> void save(A& a) const { a(x); } };
struct LoadOnly { int x = 0; template <class A> void load(A& a) { a(x); } };
struct Minimal {
  int x = 0;
  template <class A> int save_minimal(const A&) const { return x; }
  template <class A> void load_minimal(const A&, const int& v) { x = v; }
};
namespace lib {
struct FreeSer { int x = 0; };
template <class A> void serialize(A& a, FreeSer& v) { a(v.x); }
struct FreeSaveOnly { int x = 0; };
template <class A> void save(A& a, const FreeSaveOnly& v) { a(v.x); }
struct FreeSaveLoad { int x = 0; };
template <class A> void save(A& a, const FreeSaveLoad& v) { a(v.x); }
template <class A> void load(A& a, FreeSaveLoad& v) { a(v.x); }
}  // namespace lib
struct Derived : Ser { int y = 0; };
struct NoDefault {
  explicit NoDefault(int v) : x(v) {}
  int x;
  template <class A> void serialize(A& a) { a(x); }
};
struct Plain { int x = 0; };
struct Poly { virtual ~Poly() = default; int x = 0; template <class A> void serialize(A& a) { a(x); } };
inline auto lambda_plain = [] { return 1; };
using PlainLambda = decltype(lambda_plain);
'''

STUB = r'''
#pragma once
namespace ppx {
struct ProcessPoolExecutor {
  template <class F, class... A> int submit(F&& f, A&&... a);
};
}  // namespace ppx
'''

# Atoms judged alone and inside every template.
ATOMS = ["int", "double", "bool", "char", "Color", "std::string", "std::wstring",
         "Ser", "SaveLoad", "SaveOnly", "LoadOnly", "Minimal", "lib::FreeSer",
         "lib::FreeSaveOnly", "lib::FreeSaveLoad", "Derived", "NoDefault", "Plain", "Poly",
         "int*", "const char*", "std::function<int()>", "PlainLambda",
         "std::reference_wrapper<int>", "std::monostate", "std::bitset<4>",
         "std::chrono::milliseconds", "std::chrono::duration<double>",
         "std::chrono::system_clock::time_point", "std::complex<double>"]
# Keys that the hashed and ordered containers accept.
KEYS = ["int", "std::string"]

ONE_ARG = ["std::vector<{}>", "std::deque<{}>", "std::list<{}>", "std::forward_list<{}>",
           "std::optional<{}>", "std::queue<{}>", "std::stack<{}>", "std::valarray<{}>",
           "std::array<{}, 2>", "std::unique_ptr<{}>", "std::shared_ptr<{}>",
           "std::tuple<{}>", "std::variant<std::monostate, {}>", "std::pair<int, {}>"]
KEYED = ["std::set<{}>", "std::multiset<{}>", "std::unordered_set<{}>",
         "std::unordered_multiset<{}>", "std::priority_queue<{}>"]
MAPS = ["std::map<{}, {}>", "std::multimap<{}, {}>", "std::unordered_map<{}, {}>",
        "std::unordered_multimap<{}, {}>"]
# Types that a template cannot hold at all (they would not compile).
NOT_HELD = {"NoDefault": ["std::valarray<{}>", "std::array<{}, 2>"],
            "std::reference_wrapper<int>": ["std::valarray<{}>", "std::array<{}, 2>",
                                            "std::optional<{}>"],
            "PlainLambda": ["std::valarray<{}>", "std::array<{}, 2>"]}
NESTED = ["std::optional<std::pair<int, {}>>", "std::vector<std::optional<{}>>",
          "std::map<std::string, std::vector<{}>>", "std::tuple<int, std::vector<{}>, std::string>",
          "std::unique_ptr<std::vector<{}>>", "std::variant<int, std::optional<{}>>",
          "std::array<std::vector<{}>, 3>", "std::deque<std::pair<{}, std::string>>"]


def types():
    out = list(ATOMS)
    for atom in ATOMS:
        for tmpl in ONE_ARG + NESTED:
            if tmpl in NOT_HELD.get(atom, []) or ("{}>, 3>" in tmpl and atom in NOT_HELD):
                continue
            out.append(tmpl.format(atom))
    for key in KEYS:
        for tmpl in KEYED:
            out.append(tmpl.format(key))
        for tmpl in MAPS:
            for atom in ATOMS:
                if atom in ("NoDefault", "std::reference_wrapper<int>", "PlainLambda"):
                    continue
                out.append(tmpl.format(key, atom))
    out += ["std::unique_ptr<Poly>", "std::shared_ptr<Poly>", "std::unique_ptr<int[]>",
            "std::priority_queue<int, std::vector<int>, std::greater<int>>",
            "std::set<int, std::greater<int>>", "std::map<int, int, std::greater<int>>",
            "std::basic_string<char16_t>", "std::chrono::duration<std::complex<double>>"]
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cxx", required=True)
    p.add_argument("--include", required=True, help="the runtime's include directory")
    p.add_argument("--picklint", required=True)
    args = p.parse_args()
    all_types = types()
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "types.hpp"), "w") as f:
            f.write(USER_TYPES)
        os.makedirs(os.path.join(tmp, "stub", "ppx"))
        with open(os.path.join(tmp, "stub", "ppx", "ppx.hpp"), "w") as f:
            f.write(STUB)
        # The runtime's verdicts.
        runtime = os.path.join(tmp, "runtime.cpp")
        with open(runtime, "w") as f:
            f.write('#include "types.hpp"\n#include <ppx/ppx.hpp>\n#include <cstdio>\nint main() {\n')
            for i, t in enumerate(all_types):
                f.write('  std::printf("%%d %%d\\n", %d, int(ppx::detail::picklable<%s>));\n' % (i, t))
            f.write("}\n")
        exe = os.path.join(tmp, "runtime")
        proc = subprocess.run([args.cxx, "-std=c++20", "-I" + tmp, "-I" + args.include, runtime,
                               "-o", exe, "-fsyntax-only" if False else "-O0"],
                              capture_output=True, text=True)
        if proc.returncode:
            sys.exit("the runtime side does not compile:\n" + proc.stderr[-4000:])
        out = subprocess.run([exe], capture_output=True, text=True, check=True).stdout
        runtime_ok = {int(a): b == "1" for a, b in (l.split() for l in out.splitlines())}

        # The checker's verdicts: one task argument per line.
        checker = os.path.join(tmp, "checker.cpp")
        first_line = 4
        with open(checker, "w") as f:
            f.write('#include "types.hpp"\n#include <ppx/ppx.hpp>\nint sink(...);\n')
            f.write("template <class T> T& value();\n")
            f.write("void judge(ppx::ProcessPoolExecutor& ex) {\n")
            first_line = 6
            for t in all_types:
                f.write("  ex.submit(sink, value<%s>());\n" % t)
            f.write("}\n")
        proc = subprocess.run([args.picklint, "-checks=-*,picklint-unpicklable-argument", checker,
                               "--", "-std=c++20", "-I" + tmp, "-I" + os.path.join(tmp, "stub")],
                              capture_output=True, text=True)
        if proc.returncode == 2 or ": error: " in proc.stdout:
            sys.exit("the checker side does not compile:\n" + proc.stdout[-4000:] + proc.stderr[-2000:])
        flagged = set()
        for line in proc.stdout.splitlines():
            m = re.match(r".*checker\.cpp:(\d+):\d+: warning: ", line)
            if m:
                flagged.add(int(m.group(1)) - first_line)

    failed = 0
    for i, t in enumerate(all_types):
        checker_ok = i not in flagged
        if checker_ok != runtime_ok[i]:
            failed += 1
            print("DIFFER %-60s runtime: %s, checker: %s" % (
                t, "picklable" if runtime_ok[i] else "refused",
                "accepts" if checker_ok else "flags"))
    picklable = sum(runtime_ok.values())
    print("%d types (%d picklable, %d refused by the runtime)" % (
        len(all_types), picklable, len(all_types) - picklable))
    print("picklability: %d passed, %d failed" % (len(all_types) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
