#!/usr/bin/env bash
# The main job: compiles the trained Fashion-MNIST CapsNet (examples/capsnet-fashion) with capsc to int8
# (calibrated on 500 held-out training images), builds the generated C++ with the runtime and a small C
# driver, and classifies bundled test images, printing each prediction, the accuracy, and the model's
# flash and arena sizes. QUANTIZE=none keeps float32 (QUANTIZE=pow2 for power-of-two scales).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${CAPSC_BUILD_DIR:-$root/build}"
"$root/scripts/build.sh" capsc capsrt

example="$root/examples/capsnet-fashion"
model="$example/models/mnist_capsnet.onnx"
out="$build/example"
count="${1:-12}"
mkdir -p "$out"
quantize="${QUANTIZE:-int8}"
calib=()
[[ "$quantize" == none ]] || calib=(-quantize="$quantize" -calib="$example/data/x_calib.npy")
"$build/bin/capsc" "$model" -name=capsnet -o "$out" "${calib[@]}" -remarks 2>&1 |
  grep -E "raised caps\.(primary_caps|predict|dynamic_routing)|arena|calibrating on .*100%" || true
g++ -std=c++17 -O2 -ffp-contract=off -Wall -Wextra -Wconversion -Werror -I"$root/runtime/include" -I"$out" \
  -c "$out/capsnet.cpp" -o "$out/capsnet.o"
gcc -std=c99 -O2 -Wall -Wextra -Werror -I"$root/runtime/include" -I"$out" "$example/main.c" \
  "$out/capsnet.o" "$build/lib/libcapsrt.a" -lm -o "$out/capsnet-demo"

# The bundled test images are .npy; the driver reads raw float32 images and int64 labels.
/usr/bin/python3 - "$example/data" "$out" "$count" <<'PY'
import sys, numpy as np
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
np.load(f"{src}/x_test_small.npy")[:n].astype("<f4").tofile(f"{out}/images.f32")
np.load(f"{src}/y_test_small.npy")[:n].astype("<i8").tofile(f"{out}/labels.i64")
PY
echo "flash (code + weights of the generated model, arm-none-eabi sizes come with the Cortex-M target):"
size "$out/capsnet.o"
"$out/capsnet-demo" "$out/images.f32" "$out/labels.i64" "$count"
