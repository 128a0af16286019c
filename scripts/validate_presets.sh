#!/usr/bin/env bash
# Regenerates the model side of docs/validation.md: runs every preset through
# `cposim compare` (51.2T and 102.4T groups) and prints the tables. Usage:
#   scripts/validate_presets.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-compare/validation}
make -s build >/dev/null
build/cposim compare configs/pluggable-51t2.yaml configs/lpo-51t2.yaml configs/cpo-51t2.yaml --out "$out/51t2"
build/cposim compare configs/pluggable-102t4.yaml configs/cpo-102t4.yaml --out "$out/102t4"
