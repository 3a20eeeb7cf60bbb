#!/usr/bin/env bash
# Installs every Debian package capsc needs to build and test. Idempotent: does nothing when all are present.
# Usage: scripts/install-deps.sh [--with-training]   (--with-training adds PyTorch for examples/*/train.py)
set -euo pipefail

pkgs=(
  cmake ninja-build ccache g++
  llvm-19-dev llvm-19-tools libmlir-19-dev mlir-19-tools clang-19
  libonnx-dev libprotobuf-dev protobuf-compiler
  python3 python3-onnx python3-numpy libonnx-testdata
  gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-system-misc
)
if [[ "${1:-}" == "--with-training" ]]; then
  pkgs+=(python3-torch dataset-fashion-mnist)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
