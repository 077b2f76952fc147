#!/usr/bin/env bash
# The demo: picklint over examples/, each trap of the mission beside its fix;
# then the programs themselves under ppx, to show that what picklint flags
# really fails and what it accepts really works.
#   scripts/demo.sh [build dir]
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD="${1:-build}"
PICKLINT="$BUILD/bin/picklint"
FLAGS=(-std=c++20 -Iruntime/include)
status=0
bold=$'\e[1m'; dim=$'\e[2m'; off=$'\e[0m'
[ -t 1 ] || { bold=""; dim=""; off=""; }

section() { printf '\n%s== %s ==%s\n' "$bold" "$1" "$off"; }

expect_lint() {  # expect_lint <file> <expected exit status>
  local file="$1" want="$2" got
  printf '%s$ picklint %s -- %s%s\n' "$dim" "$file" "${FLAGS[*]}" "$off"
  "$PICKLINT" "$file" -- "${FLAGS[@]}" 2>/dev/null
  got=$?
  if [ "$got" -ne "$want" ]; then
    echo "demo: picklint exited $got on $file, expected $want" >&2
    status=1
  elif [ "$want" -eq 0 ]; then
    echo "no findings"
  fi
}

run_example() {  # run_example <target>
  local exe="$BUILD/examples/example-$1"
  [ -x "$exe" ] || { echo "(not built: $exe)"; return; }
  printf '%s$ %s%s\n' "$dim" "$exe" "$off"
  "$exe"
  echo "(exit status $?)"
}

for dir in examples/*/; do
  dir="${dir%/}"
  name=$(basename "$dir")
  section "$name: the trap"
  expect_lint "$dir/trap.cpp" 1
  section "$name: the fix"
  expect_lint "$dir/fixed.cpp" 0
done

section "Under ppx: the traps fail, the fixes work"
echo "lambda-capture/trap.cpp does not compile; the compiler says:"
${CXX:-c++} -std=c++20 -fsyntax-only -Iruntime/include examples/lambda-capture/trap.cpp 2>&1 \
  | grep -m1 -o 'ppx: the task.s callable cannot be pickled.*' || true
run_example lambda-capture-fixed
run_example database-receiver-trap
run_example database-receiver-fixed
echo "banner-before-guard/trap (2 spawned workers re-run the banner):"
run_example banner-before-guard-trap
run_example banner-before-guard-fixed

if [ "$status" -ne 0 ]; then
  echo "demo: picklint's verdicts on examples/ were not the expected ones" >&2
fi
exit "$status"
