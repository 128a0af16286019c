#!/usr/bin/env bash
# Simulator speed of every mode against the default, on the same traffic where it can be:
# configs/bench-switch-speed.yaml (64 x 100G, 0.5 uniform load, 64 B frames) with one setting
# changed per mode, and configs/incast-pfc.yaml (sources paused; its 200 us and 3 ms, where
# it pauses and resumes all the time). The crossbars run twice. At their default 256 B
# cells a 64 B frame takes a 276 B slot, so the crossbar carries 30% of the line rate: the
# load of 0.5 overloads it, the frames it cannot carry park at its inputs (636,000 at the
# end of 500 us; the full buffer drops the rest), and such a run's cost is mostly that
# memory. At 64 B cells a frame takes a slot of its own wire time and the same traffic
# fits (iSLIP carries all of it, FIFO inputs up to their head-of-line limit of ~59%).
# The modes run in turn, RUNS rounds, on one core; the table gives medians of injected
# packets per CPU second (the cost per packet made, paused sources included), events per
# injected packet, each mode's slowdown against the default, and the share of the CPU time
# spent in the kernel (page faults clearing fresh memory: frames parked in an overloaded
# crossbar; the kernel splits a process's time between itself and the program by sampling
# at its clock ticks, so the share is left out, '-', for runs shorter than 50 ms; so is the
# slowdown in user time alone, the program's own work, which on a VM whose host hands out
# fresh memory slowly and erratically is the steadier measure of the overloaded crossbars).
# A run of incast-pfc's 200 us takes a few ms of CPU, within the noise of one process: each
# of its measurements is the sum of 20 runs in a row; its 3 ms (30-40 ms of CPU) the sum of
# 3. A benchmark, not a test: nothing here asserts a time.
# Usage: bench/modes_speed.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
make -s build >/dev/null
bench=configs/bench-switch-speed.yaml
modes=(  # name|config|settings|runs summed per measurement
  "default|$bench||1"
  "pfc, no pause needed|$bench|--set pfc.enabled=true --set traffic.classes=8|1"
  "incast-pfc (paused)|configs/incast-pfc.yaml||20"
  "incast-pfc 3 ms|configs/incast-pfc.yaml|--set sim.duration_us=3000|3"
  "voq_islip|$bench|--set switch.queueing=voq_islip|1"
  "voq_islip, 64 B cells|$bench|--set switch.queueing=voq_islip --set switch.cell_bytes=64|1"
  "input_fifo|$bench|--set switch.queueing=input_fifo|1"
  "input_fifo, 64 B cells|$bench|--set switch.queueing=input_fifo --set switch.cell_bytes=64|1"
  "golden|$bench|--set switch.pipeline=golden|1"
  "rtl|$bench|--set switch.pipeline=rtl|1"
  "checked|$bench|--set switch.pipeline=checked|1"
)
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for round in $(seq "$runs"); do
  for m in "${modes[@]}"; do
    IFS='|' read -r name config sets repeat <<<"$m"
    reports=()
    for _ in $(seq "$repeat"); do
      report=$(mktemp)
      # shellcheck disable=SC2086  # the settings are words
      taskset -c 0 build/cposim run "$config" --report "$report" $sets >/dev/null
      reports+=("$report")
    done
    python3 - "$name" "${reports[@]}" >>"$results" <<'PY'
import json, sys
rs = [json.load(open(f)) for f in sys.argv[2:]]
print(json.dumps({"mode": sys.argv[1], "injected": sum(r["packets"]["injected"] for r in rs),
                  "cpu_s": sum(r["sim"]["cpu_s"] for r in rs),
                  "kernel_cpu_s": sum(r["sim"]["kernel_cpu_s"] for r in rs), "runs": len(rs),
                  "events_per_packet": rs[0]["sim"]["events_per_packet"]}))
PY
    rm -f "${reports[@]}"
    echo "round $round/$runs: $name" >&2
  done
done
python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
modes = list(dict.fromkeys(r["mode"] for r in rows))
measures = (lambda r: r["injected"] / r["cpu_s"], lambda r: r["events_per_packet"],
            lambda r: r["kernel_cpu_s"] / r["cpu_s"], lambda r: r["cpu_s"] / r["runs"],
            lambda r: r["injected"] / (r["cpu_s"] - r["kernel_cpu_s"]))
med = {m: tuple(statistics.median(f(r) for r in rows if r["mode"] == m) for f in measures) for m in modes}
base, base_user = med[modes[0]][0], med[modes[0]][4]
print(f"{'mode':<24} {'M packets/CPU-s':>16} {'slowdown':>9} {'events/packet':>14} {'kernel %':>9} "
      f"{'user-time slowdown':>19}")
for m in modes:
    rate, events, kernel, run_s, user_rate = med[m]
    long_enough = run_s >= 0.05  # the kernel's ticks are too coarse below
    share = f"{100 * kernel:>8.1f}%" if long_enough else f"{'-':>9}"
    user = f"{base_user / user_rate:>18.2f}x" if long_enough else f"{'-':>19}"
    print(f"{m:<24} {rate / 1e6:>16.2f} {base / rate:>8.2f}x {events:>14.3f} {share} {user}")
PY
