#!/usr/bin/env bash
# A/B speed of two cposim binaries on the same scenario: runs them alternately on one core
# (A, B, A, B, ...) so that drifts of the machine's speed hit both alike, and prints each
# one's median delivered packets per wall-clock and per CPU second and the ratio B/A.
# A benchmark, not a test: nothing here asserts a time.
#   bench/ab_speed.sh BIN_A BIN_B [RUNS] [SCENARIO] [-- cposim run options ...]
# Defaults: 8 runs each of configs/bench-switch-speed.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
a=${1:?usage: bench/ab_speed.sh BIN_A BIN_B [RUNS] [SCENARIO] [-- options]}
b=${2:?usage: bench/ab_speed.sh BIN_A BIN_B [RUNS] [SCENARIO] [-- options]}
shift 2
runs=8
scenario=configs/bench-switch-speed.yaml
if [ $# -gt 0 ] && [ "$1" != "--" ]; then runs=$1; shift; fi
if [ $# -gt 0 ] && [ "$1" != "--" ]; then scenario=$1; shift; fi
[ $# -gt 0 ] && [ "$1" = "--" ] && shift
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for i in $(seq "$runs"); do
  for which in a b; do
    bin=$a; [ $which = b ] && bin=$b
    taskset -c 0 "$bin" run "$scenario" --report "$out/$which.$i.json" "$@" >/dev/null
  done
done
python3 - "$out" "$runs" "$a" "$b" <<'PY'
import json, statistics, sys
out, runs, names = sys.argv[1], int(sys.argv[2]), {"a": sys.argv[3], "b": sys.argv[4]}
med = {}
for w in "ab":
    rs = [json.load(open(f"{out}/{w}.{i}.json")) for i in range(1, runs + 1)]
    wall = statistics.median(r["packets"]["delivered"] / r["sim"]["wall_s"] for r in rs) / 1e6
    cpu = statistics.median(r["packets"]["delivered"] / r["sim"]["cpu_s"] for r in rs) / 1e6
    ev = statistics.median(r["sim"]["events_per_packet"] for r in rs)
    med[w] = (wall, cpu)
    print(f"{w.upper()} {names[w]}: median {wall:6.2f} M packets/wall-s  {cpu:6.2f} M packets/CPU-s"
          f"  {ev:.3f} events/packet  ({runs} runs)")
print(f"B/A: wall {med['b'][0] / med['a'][0]:.3f}  CPU {med['b'][1] / med['a'][1]:.3f}")
PY
