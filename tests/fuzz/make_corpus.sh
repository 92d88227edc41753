#!/bin/sh
# Seed corpus for the parse/bind fuzzer, taken from the statements of tests/sql/*.test so it
# follows the language: one file per statement block, one per whole test file (a script of
# many statements), plus the kept crash inputs of tests/fuzz/regressions/.
#   tests/fuzz/make_corpus.sh OUT_DIR
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: make_corpus.sh OUT_DIR}
mkdir -p "$out"
for test in "$root"/tests/sql/*.test; do
  stem=$(basename "$test" .test)
  # A block is a directive line, its SQL, optionally "----" and expected rows; blocks end at
  # a blank line (the sqllogictest-like format of tests/sql_runner.cpp).
  awk -v out="$out" -v stem="$stem" '
    function flush() {
      if (sql != "") { n++; f = out "/" stem "_" n ".sql"; printf "%s", sql > f; close(f); all = all sql }
      sql = ""; directive = ""; expected = 0
    }
    /^[ \t\r]*$/ { flush(); next }
    directive == "" { if ($0 !~ /^#/) directive = $0; next }
    $0 == "----" { expected = 1; next }
    !expected { line = $0; gsub(/\$\{SQL_DIR\}/, ".", line); sql = sql line "\n" }
    END { flush(); f = out "/" stem "_all.sql"; printf "%s", all > f; close(f) }
  ' "$test"
done
if [ -d "$root/tests/fuzz/regressions" ]; then
  for input in "$root"/tests/fuzz/regressions/*; do
    [ -f "$input" ] && cp "$input" "$out/regression_$(basename "$input")"
  done
fi
exit 0
