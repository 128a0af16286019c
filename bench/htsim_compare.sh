#!/usr/bin/env bash
# Side by side with csg-htsim's RoCE simulator on the same work, on this machine: a k = 8
# fat-tree (128 hosts, 3 tiers) of 100G links, a permutation of 8 MB flows, 4000 B MTU, 3 ms
# simulated, lossless (PFC) queues in both (and cposim without PFC too). htsim is not part of the project: give the path of
# a csg-htsim checkout (github.com/Broadcom/csg-htsim); the script builds its htsim_roce there
# if missing and makes the permutation with htsim's own generator. Each simulator runs RUNS
# times, alternately, on one core; the table gives medians of CPU seconds (user + system, from
# the kernel's rusage in microseconds: bench/cpu_time.py).
# A benchmark, not a test: nothing here asserts a time.
#   bench/htsim_compare.sh HTSIM_CHECKOUT [RUNS]
set -euo pipefail
htsim=${1:?usage: bench/htsim_compare.sh HTSIM_CHECKOUT [RUNS]}
runs=${2:-5}
htsim=$(cd "$htsim" && pwd)
cd "$(dirname "$0")/.."
make -s build >/dev/null
if [ ! -x "$htsim/sim/datacenter/htsim_roce" ]; then
  make -s -C "$htsim/sim" >/dev/null
  make -s -C "$htsim/sim/datacenter" htsim_roce >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$htsim/sim/datacenter/connection_matrices/gen_permutation.py" "$work/perm.cm" 128 128 8000000 0 1 >/dev/null
timer=$PWD/bench/cpu_time.py  # (htsim runs in the work directory)
cpu() {  # CPU seconds of a command, its output discarded
  "$timer" "$work/time" "$@" >/dev/null 2>&1
  cat "$work/time"
}
for round in $(seq "$runs"); do
  # htsim writes idmap.txt where it runs: in the work directory.
  printf 'htsim\t%s\n' "$(cd "$work" && cpu taskset -c 0 "$htsim/sim/datacenter/htsim_roce" -tm "$work/perm.cm" \
    -nodes 128 -tiers 3 -linkspeed 100000 -mtu 4000 -end 3000 -strat ecmp_host -paths 16 -o "$work/htsim.dat")" \
    >>"$work/results"
  for pfc in true false; do
    printf 'cposim %s\t%s\n' "$pfc" "$(cpu taskset -c 0 build/cposim run configs/default.yaml --set fabric.topology=fat_tree \
      --set fabric.k=8 --set switch.port_speed=100G --set workload.collective=permutation --set workload.bytes=8MB \
      --set host.mtu_bytes=4000 --set sim.duration_us=3000 --set pfc.enabled=$pfc --set pfc.lossless_classes=0)" \
      >>"$work/results"
  done
done
python3 - "$work/results" "$runs" <<'PY'
import statistics, sys
rows = [line.split("\t") for line in open(sys.argv[1]) if line.strip()]
med = {name: statistics.median(float(v) for n, v in rows if n == name) for name in ("htsim", "cposim true", "cposim false")}
print(f"k = 8 fat-tree permutation of 8 MB flows at 100G, 3 ms, medians of {sys.argv[2]} alternating runs on one core")
print(f"  csg-htsim htsim_roce            {med['htsim']:.2f} CPU s")
for pfc, label in (("true", "with PFC (as htsim)"), ("false", "without PFC")):
    m = med["cposim " + pfc]
    print(f"  cposim {label:<22}  {m:.2f} CPU s   ({med['htsim'] / m:.2f}x htsim's speed)")
PY
