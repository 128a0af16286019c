#!/usr/bin/env bash
# Simulator speed of fabric runs (docs/fabric.md): each case RUNS times in turn on one core;
# the table gives medians of wall and CPU seconds, packet-hops (frames the switches sent) per
# wall second, and peak memory. A benchmark, not a test: nothing here asserts a time.
#   pod a2a        128-GPU CPO pod, all-to-all of 16 MiB, packet level
#   pod a2a pfc    the same with PFC on class 0 (no pause is sent; the switches' windows are
#                  their neighbours' pause trip)
#   htsim work     k = 8 fat-tree of 100G ports, permutation of 8 MB flows, 4000 B MTU: the work
#                  csg-htsim's RoCE simulator is reported to need ~2.5 CPU s for (3 ms simulated)
#   htsim work pfc the same with PFC on class 0, as htsim's lossless queues (26,460 pauses)
#   1024 ring flow 1024-GPU fat-tree, ring all-reduce of 1 GiB, flow level
# Usage: bench/fabric_speed.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
make -s build >/dev/null
cases=(
  "pod a2a|configs/ai-pod-128-cpo.yaml|--set workload.collective=alltoall --set workload.bytes=16MiB"
  "pod a2a pfc|configs/ai-pod-128-cpo.yaml|--set workload.collective=alltoall --set workload.bytes=16MiB --set pfc.enabled=true --set pfc.lossless_classes=0"
  "htsim work|configs/default.yaml|--set fabric.topology=fat_tree --set fabric.k=8 --set switch.port_speed=100G --set workload.collective=permutation --set workload.bytes=8MB --set host.mtu_bytes=4000 --set sim.duration_us=3000"
  "htsim work pfc|configs/default.yaml|--set fabric.topology=fat_tree --set fabric.k=8 --set switch.port_speed=100G --set workload.collective=permutation --set workload.bytes=8MB --set host.mtu_bytes=4000 --set sim.duration_us=3000 --set pfc.enabled=true --set pfc.lossless_classes=0"
  "1024 ring flow|configs/fat-tree-1024.yaml|--set fabric.fidelity=flow --set workload.bytes=1GiB"
)
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for round in $(seq "$runs"); do
  for c in "${cases[@]}"; do
    IFS='|' read -r name config sets <<<"$c"
    report=$(mktemp)
    # shellcheck disable=SC2086  # the settings are words
    taskset -c 0 build/cposim run "$config" $sets --report "$report" >/dev/null
    python3 - "$name" "$report" >>"$results" <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))
s = r["sim"]
hops = s.get("packet_hops_per_wall_s", 0.0)
print("\t".join([sys.argv[1], str(s["wall_s"]), str(s["cpu_s"]), str(hops), str(s["peak_rss_mb"]),
                 str(r["collective"]["completion_us"])]))
PY
    rm -f "$report"
  done
done
python3 - "$results" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, *values = line.rstrip("\n").split("\t")
    rows.setdefault(name, []).append([float(v) for v in values])
print(f"{'case':<16}{'wall s':>9}{'CPU s':>9}{'M hops/s':>10}{'peak MB':>9}{'simulated us':>14}")
for name, runs in rows.items():
    med = [statistics.median(col) for col in zip(*runs)]
    print(f"{name:<16}{med[0]:>9.2f}{med[1]:>9.2f}{med[2] * 1e-6:>10.2f}{med[3]:>9.0f}{med[4]:>14.1f}")
PY
