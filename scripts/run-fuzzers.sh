#!/usr/bin/env bash
# Runs libFuzzer harnesses built in BUILD (make fuzz) for SECONDS each. Each starts from its
# seed corpus (tests/fuzz/corpus/NAME, committed: every input there, regression inputs of past
# findings included, runs first) and a working corpus of its own (BUILD/corpus/NAME, kept
# between runs). A finding (a crash, a sanitizer report, a golden/RTL difference) stops with
# its input in BUILD/findings/ and the command that reproduces it; fixed, the input goes into
# tests/fuzz/corpus/NAME as a regression input.
#   scripts/run-fuzzers.sh BUILD SECONDS NAME...
set -uo pipefail
build=$1 seconds=$2
shift 2
cd "$(dirname "$0")/.."
mkdir -p "$build/findings"
status=0
for name in "$@"; do
  exe="$build/tests/fuzz/fuzz_$name"
  work="$build/corpus/$name"
  mkdir -p "$work"
  log="$build/findings/$name.log"
  "$exe" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$build/findings/$name-" \
    "$work" "tests/fuzz/corpus/$name" >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  if [ $rc -eq 0 ]; then
    echo "fuzz $name: ${runs:-?} inputs in ${seconds} s, no finding ($(ls "$work" | wc -l) in its corpus)"
  else
    status=1
    artifact=$(grep -o "Test unit written to [^ ]*" "$log" | tail -1 | sed 's/Test unit written to //')
    echo "fuzz $name: FINDING (exit $rc): ${artifact:-see $log}" >&2
    grep -E "ERROR|SUMMARY|mismatch|register 0x" "$log" | head -5 >&2
    [ -n "$artifact" ] && echo "  reproduce: $exe $artifact" >&2
  fi
done
exit $status
