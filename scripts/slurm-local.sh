#!/usr/bin/env bash
# Starts or stops a real single-node Slurm (munged, slurmctld, slurmd from Debian) on this
# machine, for testing `cposim sweep --backend slurm`. Must run as root. Everything lives in
# DIR; export SLURM_CONF=DIR/slurm.conf for sbatch to find it.
#   scripts/slurm-local.sh start DIR
#   scripts/slurm-local.sh stop DIR
set -euo pipefail
cmd=${1:?usage: slurm-local.sh start|stop DIR}
dir=$(realpath -m "${2:?usage: slurm-local.sh start|stop DIR}")
host=$(hostname -s)

stop() {
  for p in slurmd slurmctld munged; do
    [ -f "$dir/$p.pid" ] && kill "$(cat "$dir/$p.pid")" 2>/dev/null || true
  done
  sleep 1
  for p in slurmd slurmctld munged; do
    [ -f "$dir/$p.pid" ] && kill -9 "$(cat "$dir/$p.pid")" 2>/dev/null || true
    rm -f "$dir/$p.pid"
  done
}

case "$cmd" in
start)
  [ "$(id -u)" -eq 0 ] || { echo "slurm-local.sh: must run as root" >&2; exit 2; }
  mkdir -p "$dir"/{state,spool,munge}
  chmod 700 "$dir/munge"
  [ -f "$dir/munge/munge.key" ] || mungekey --create --keyfile="$dir/munge/munge.key" >/dev/null 2>&1 \
    || dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$dir/munge/munge.key"
  # Two free TCP ports on loopback, so several instances (or a leftover one) never collide.
  read -r ctld_port slurmd_port < <(/usr/bin/python3 -c '
import socket
ports = []
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
    ports.append(s.getsockname()[1])
print(*ports)')
  cpus=$(nproc)
  mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
  cat >"$dir/slurm.conf" <<CONF
ClusterName=cposim-test
SlurmctldHost=$host
SlurmUser=root
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
SchedulerType=sched/backfill
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  munged --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
    --pid-file="$dir/munged.pid" --log-file="$dir/munged.log" --seed-file="$dir/munge/seed" --force
  export SLURM_CONF="$dir/slurm.conf"
  slurmctld -f "$dir/slurm.conf"
  slurmd -f "$dir/slurm.conf"
  for _ in $(seq 60); do  # wait until the node accepts jobs, or a daemon dies
    if timeout 5 sinfo -h -o %T 2>/dev/null | grep -qE '^idle'; then exit 0; fi
    for p in slurmctld slurmd; do
      if ! kill -0 "$(cat "$dir/$p.pid" 2>/dev/null || echo 0)" 2>/dev/null; then
        echo "slurm-local.sh: $p did not start; its log:" >&2
        tail -n 5 "$dir/$p.log" >&2 || true
        stop
        exit 1
      fi
    done
    sleep 0.5
  done
  echo "slurm-local.sh: the node did not come up; logs in $dir" >&2
  tail -n 5 "$dir"/slurmctld.log "$dir"/slurmd.log >&2 || true
  stop
  exit 1
  ;;
stop) stop ;;
*) echo "usage: slurm-local.sh start|stop DIR" >&2; exit 2 ;;
esac
