#!/usr/bin/env bash
# `make check`: the whole suite under ctest; then the validation suite's
# confusion matrix (ctest keeps a passing test's output only in its log) and
# ctest's totals once more, as the last line.
#   scripts/check.sh [build dir] [jobs]
set -uo pipefail
BUILD="${1:-build}"
JOBS="${2:-$(nproc)}"
cd "$BUILD" || exit 2
ctest --output-on-failure -j "$JOBS" | tee ctest-output.txt
status=${PIPESTATUS[0]}
if grep -q '^Confusion matrix' Testing/Temporary/LastTest.log 2>/dev/null; then
  echo
  echo "== Validation: the checker's verdicts against the runtime =="
  sed -n '/^Confusion matrix/,/^validation: /p' Testing/Temporary/LastTest.log
  echo
  grep -E '^[0-9]+% tests passed' ctest-output.txt | tail -1
fi
exit "$status"
