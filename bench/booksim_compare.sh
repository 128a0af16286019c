#!/usr/bin/env bash
# Side by side with BookSim2 on this machine: cposim's switch benchmark
# (configs/bench-switch-speed.yaml: 64 x 100G, uniform load 0.5, 64 B frames) against
# BookSim2's 64-port input-queued router at the same load (bench/booksim_router64.cfg), in
# delivered packets per CPU second. BookSim2 is not part of the project: give the path of a
# BookSim2 checkout (github.com/booksim/booksim2); the script builds src/booksim there if
# missing (it needs flex and bison). Each simulator runs RUNS times, alternately, on one core;
# the table gives medians of whole-process CPU time (user + system, from the kernel's rusage
# in microseconds: bench/cpu_time.py) for both. Runs of like length: BookSim2's 20,000 cycles
# take ~2.5-3 s, cposim simulates 5 ms (~2-2.5 s; the benchmark's own 500 us take 0.2 s, of
# which its start-up, ~15 ms of dynamic linking, SystemC elaboration and the report, would be
# 7%). A benchmark, not a test: nothing here asserts a time.
#   bench/booksim_compare.sh BOOKSIM_CHECKOUT [RUNS]
set -euo pipefail
booksim=${1:?usage: bench/booksim_compare.sh BOOKSIM_CHECKOUT [RUNS]}
runs=${2:-5}
booksim=$(cd "$booksim" && pwd)
cd "$(dirname "$0")/.."
make -s build >/dev/null
if [ ! -x "$booksim/src/booksim" ]; then
  for tool in flex bison; do
    command -v "$tool" >/dev/null || { echo "booksim_compare: building BookSim2 needs $tool (apt-get install $tool)" >&2; exit 2; }
  done
  make -s -C "$booksim/src" >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for round in $(seq "$runs"); do
  # BookSim: packets = accepted packets per node per cycle x 64 nodes x 20,000 cycles.
  bench/cpu_time.py "$work/time" taskset -c 0 "$booksim/src/booksim" bench/booksim_router64.cfg >"$work/booksim.out" 2>&1
  rate=$(grep -m1 "Accepted packet rate average" "$work/booksim.out" | awk '{print $NF}')
  printf 'booksim\t%s\n' "$(awk -v r="$rate" '{print r * 64 * 20000 / $1}' "$work/time")" >>"$work/results"
  bench/cpu_time.py "$work/time" taskset -c 0 build/cposim run configs/bench-switch-speed.yaml \
    --set sim.duration_us=5000 --report "$work/cposim.json" >/dev/null
  python3 - "$work/cposim.json" "$work/time" >>"$work/results" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"cposim\t{r['packets']['delivered'] / float(open(sys.argv[2]).read())}")
PY
done
python3 - "$work/results" "$runs" <<'PY'
import statistics, sys
rows = [line.split("\t") for line in open(sys.argv[1]) if line.strip()]
med = {name: statistics.median(float(v) for n, v in rows if n == name) for name in ("booksim", "cposim")}
print(f"64 ports, uniform load 0.5, medians of {sys.argv[2]} alternating runs on one core, packets per CPU second")
print(f"  BookSim2 64-port IQ router (1-flit packets)    {med['booksim'] / 1e6:.3f} M")
print(f"  cposim 64 x 100G switch (64 B frames, 5 ms)     {med['cposim'] / 1e6:.3f} M   ({med['cposim'] / med['booksim']:.1f}x BookSim2)")
PY
