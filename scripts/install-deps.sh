#!/usr/bin/env bash
# Installs every Debian bookworm package cposim needs to build, run and test.
# Idempotent: when everything is present it only runs dpkg-query and exits quietly.
# Must run as root (or via sudo) on a fresh machine; no network is used at run time.
set -euo pipefail

PACKAGES=(
  build-essential cmake make pkg-config ccache git
  libsystemc-dev          # SystemC 2.3.4 with TLM-2.0
  verilator               # 5.006: RTL -> C++
  zlib1g-dev              # Verilator FST tracing
  catch2                  # Catch2 v2 unit tests
  clang libclang-rt-14-dev  # libFuzzer (make fuzz)
  libyaml-cpp-dev         # scenario files
  nlohmann-json3-dev      # JSON reports
  libcli11-dev            # command line
  libfmt-dev              # formatting
  libbenchmark-dev        # bench/
  iverilog yosys          # RTL speed comparison, synthesis check
  python3 python3-matplotlib  # plots (compare, sweep), run as /usr/bin/python3
  tshark                  # Wireshark's dissector: the independent reader of captures in the tests
  slurmctld slurmd slurm-client munge  # cposim sweep --backend slurm, and its test
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq -o DPkg::Lock::Timeout=300 >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}" >/dev/null
