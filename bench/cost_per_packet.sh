#!/usr/bin/env bash
# Where a mode's time goes, counted rather than timed: each mode of bench/modes_speed.sh (the
# switch benchmark with one setting changed, the crossbars at 256 and at 64 B cells) runs under
# valgrind's cachegrind (caches and branch predictor simulated) twice, for DURATION_US and
# three times that after its 10 us warm-up (configs/incast-pfc.yaml: for 110 and 200 us, the
# part of the preset where its sources pause and resume), and the table gives the difference
# per injected packet (so set-up and report drop out): instructions, L1 data misses, last-level
# data misses and mispredicted branches (conditional and indirect; each costs ~15 cycles, so 3
# a packet weigh as much as ~150 instructions), with each mode's instructions against the
# default's. Counts repeat exactly for one binary and scenario whatever else the machine does,
# so they judge a change of a few percent that the machine's drifting speed hides from timings
# (bench/ab_speed.sh). The last level is simulated as CACHE_MB (default 1, this machine's L2
# per core), 8-way. A benchmark, not a test: nothing here asserts a count. valgrind is not part
# of the build.
#   bench/cost_per_packet.sh [DURATION_US] [BIN]      (default 20 us, after the 10 us warm-up)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-20}
bin=${2:-build/cposim}
command -v valgrind >/dev/null || { echo "cost_per_packet: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
[[ $duration =~ ^[0-9]+$ ]] || { echo "cost_per_packet: DURATION_US must be a whole number of microseconds, not '$duration'" >&2; exit 2; }
[ "$bin" = build/cposim ] && make -s build >/dev/null
[ -x "$bin" ] || { echo "cost_per_packet: no cposim binary at $bin" >&2; exit 2; }
cache_bytes=$(( ${CACHE_MB:-1} * 1048576 ))
bench=configs/bench-switch-speed.yaml
short=$((duration + 10)) long=$((3 * duration + 10))
modes=(  # name|config|settings|the two run lengths (us)
  "default|$bench||$short $long"
  "pfc, no pause needed|$bench|--set pfc.enabled=true --set traffic.classes=8|$short $long"
  "incast-pfc (paused)|configs/incast-pfc.yaml||110 200"
  "voq_islip|$bench|--set switch.queueing=voq_islip|$short $long"
  "voq_islip, 64 B cells|$bench|--set switch.queueing=voq_islip --set switch.cell_bytes=64|$short $long"
  "input_fifo|$bench|--set switch.queueing=input_fifo|$short $long"
  "input_fifo, 64 B cells|$bench|--set switch.queueing=input_fifo --set switch.cell_bytes=64|$short $long"
  "golden|$bench|--set switch.pipeline=golden|$short $long"
)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-24s %14s %10s %12s %12s %14s\n' mode "instr/packet" "x default" "L1 miss/pkt" "LL miss/pkt" "mispred/pkt"
base=""
count() {  # instructions, L1 and LL data misses, mispredicted branches, injected packets of one run
  local config=$1 sets=$2 us=$3
  # shellcheck disable=SC2086  # the settings are words
  valgrind --tool=cachegrind --cache-sim=yes --branch-sim=yes --LL="$cache_bytes,8,64" --cachegrind-out-file="$work/cg.out" \
    "$bin" run "$config" $sets --set sim.duration_us="$us" --report "$work/r.json" >/dev/null 2>"$work/vg.err"
  printf '%s %s\n' "$(grep -E "I +refs|D1  misses|LLd misses|Mispredicts:" "$work/vg.err" | awk '{v = /Mispredicts/ ? $3 : $4; gsub(",", "", v); printf "%s ", v}')" \
    "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['packets']['injected'])" "$work/r.json")"
}
for m in "${modes[@]}"; do
  IFS='|' read -r name config sets lengths <<<"$m"
  read -r us1 us2 <<<"$lengths"
  read -r ir1 d11 ll1 br1 p1 < <(count "$config" "$sets" "$us1")
  read -r ir2 d12 ll2 br2 p2 < <(count "$config" "$sets" "$us2")
  awk -v n="$name" -v ir=$((ir2 - ir1)) -v d1=$((d12 - d11)) -v ll=$((ll2 - ll1)) -v br=$((br2 - br1)) -v p=$((p2 - p1)) \
    -v base="${base:-0}" \
    'BEGIN { per = ir / p; if (base == 0) base = per;
             printf "%-24s %14.0f %9.2fx %12.1f %12.2f %14.2f\n", n, per, per / base, d1 / p, ll / p, br / p }'
  [ -z "$base" ] && base=$(( (ir2 - ir1) / (p2 - p1) ))
done
