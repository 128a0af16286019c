#!/usr/bin/env bash
# Simulator speed of the switch model: runs configs/bench-switch-speed.yaml (64 ports, 0.5
# uniform load, 64 B frames) a few times on one core and prints delivered packets per
# wall-clock second and per CPU second, and events per packet. A benchmark, not a test:
# nothing here asserts a time. Usage: bench/switch_speed.sh [RUNS] [--set key=value ...]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
shift || true
make -s build >/dev/null
for i in $(seq "$runs"); do
  out=$(mktemp)
  taskset -c 0 build/cposim run configs/bench-switch-speed.yaml --report "$out" "$@" >/dev/null
  python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
s, p = r["sim"], r["packets"]
print(f"delivered {p['delivered']:>9}  wall {s['wall_s']:.3f} s  {p['delivered']/s['wall_s']/1e6:6.2f} M packets/wall-s"
      f"  {p['delivered']/s['cpu_s']/1e6:6.2f} M packets/CPU-s  {s['events_per_packet']:.3f} events/packet")
PY
  rm -f "$out"
done
