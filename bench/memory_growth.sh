#!/usr/bin/env bash
# How a run's memory (sim.peak_rss_mb, the process's peak resident set) grows with the
# number of ports, the queueing architecture and the simulated time, at 3.2 Tb/s ports with
# 8 classes, PFC on two lossless classes and faults. Prints one table (docs/limits.md
# holds a measured copy). A measurement, not a test: nothing here asserts a size.
#   bench/memory_growth.sh [BIN]        (default build/cposim; takes some minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/cposim}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
faults="faults.schedule=lane_down port=3 lane=1 at=2us;ber port=all ber=1e-5 from=3us to=4us;temp_step engine=0 delta=20 at=2.5us"
common=(--set switch.port_speed=3.2T --set traffic.classes=8 --set pfc.enabled=true
        --set pfc.lossless_classes=3,4 --set switch.buffer_bytes=2000MB --set "$faults" --set sim.warmup_us=1)
printf "%-10s %6s %8s %12s %12s %10s\n" queueing ports "time us" "in flight" "peak MB" "wall s"
run() {  # queueing ports duration_us
  "$bin" run configs/default.yaml "${common[@]}" --set switch.queueing="$1" --set switch.ports="$2" \
    --set sim.duration_us="$3" --report "$out/r.json" >/dev/null
  python3 - "$out/r.json" "$1" "$2" "$3" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]:<10} {sys.argv[3]:>6} {sys.argv[4]:>8} {r['packets']['in_flight']:>12} "
      f"{r['sim']['peak_rss_mb']:>12.1f} {r['sim']['wall_s']:>10.1f}")
PY
}
for q in output voq_islip; do
  for ports in 64 128 256 512 1024; do run "$q" "$ports" 5; done
done
for us in 5 10 20 40; do run output 1024 "$us"; done
