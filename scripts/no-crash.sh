#!/usr/bin/env bash
# Robustness: capsc must exit 0 (compiled) or 1 (clear error) on every ONNX model Debian's
# libonnx-testdata ships (node, pytorch-converted, pytorch-operator and simple tests: ~1,070 models,
# most using ops capsc does not support). Any other exit status (a crash, an abort, a timeout) fails.
# Usage: scripts/no-crash.sh [CAPSC]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
capsc="${1:-${CAPSC_BUILD_DIR:-$root/build}/bin/capsc}"
data=/usr/share/libonnx-testdata/data
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
compiled=0 rejected=0 crashed=0
for model in "$data"/{node,pytorch-converted,pytorch-operator,simple}/*/model.onnx; do
  timeout 60 "$capsc" "$model" -o "$out" -name=m > /dev/null 2>&1
  rc=$?
  case $rc in
    0) compiled=$((compiled + 1)) ;;
    1) rejected=$((rejected + 1)) ;;
    *) crashed=$((crashed + 1)); echo "CRASH (exit $rc): $model" ;;
  esac
done
echo "no-crash: $compiled compiled, $rejected rejected with an error, $crashed crashed"
echo "$((compiled + rejected)) passed, $crashed failed"
[ "$crashed" -eq 0 ]
