#!/usr/bin/env bash
# One command: installs capsc (scripts/build.sh, then cmake --install into build/install), builds this firmware
# with the installed CMake package and toolchain file, and runs it on QEMU's Cortex-M7 board (mps2-an500).
# CPU=cortex-m4 runs it on mps2-an386 instead.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build="${CAPSC_BUILD_DIR:-$root/build}"
cpu="${CPU:-cortex-m7}"
"$root/scripts/build.sh" >/dev/null
prefix="$build/install"
cmake --install "$build" --prefix "$prefix" >/dev/null
fw="$build/firmware-mps2-$cpu"
if [[ ! -f "$fw/build.ninja" ]]; then
  cmake -S "$here" -B "$fw" -G Ninja -DCMAKE_BUILD_TYPE=Release -Dcapsc_DIR="$prefix/lib/cmake/capsc" \
    -DCMAKE_TOOLCHAIN_FILE="$prefix/share/capsc/runtime/cmake/arm-none-eabi.cmake" -DCAPSRT_CPU="$cpu" \
    -DPython3_EXECUTABLE=/usr/bin/python3 >/dev/null  # Debian's python3 has numpy
fi
cmake --build "$fw"
machine=$("$prefix/bin/capsc" -target="$cpu" --target-info | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["qemu_machine"])')
qemu-system-arm -M "$machine" -nographic -semihosting-config enable=on,target=native -icount shift=6 \
  -kernel "$fw/capsnet-fw"
