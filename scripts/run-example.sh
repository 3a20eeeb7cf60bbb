#!/usr/bin/env bash
# The main job: compiles the bundled example model with capsc, builds the generated C++ with the
# runtime and a small C driver, and runs it on bundled test images, printing the class scores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${CAPSC_BUILD_DIR:-$root/build}"
"$root/scripts/build.sh" capsc capsrt

out="$build/example"
model="$root/test/models/lenet"
mkdir -p "$out"
"$build/bin/capsc" "$model/model.onnx" -name=lenet -o "$out"
g++ -std=c++17 -O2 -ffp-contract=off -Wall -Wextra -Wconversion -Werror -I"$root/runtime/include" -I"$out" \
  -c "$out/lenet.cpp" -o "$out/lenet.o"
gcc -std=c99 -O2 -Wall -Wextra -Werror -I"$root/runtime/include" -I"$out" "$root/examples/lenet/main.c" \
  "$out/lenet.o" "$build/lib/libcapsrt.a" -lm -o "$out/lenet-demo"

# The bundled inputs are ONNX TensorProto files; the driver reads raw float32.
images=()
for pb in "$model"/test_data_set_*/input_0.pb; do
  raw="$out/$(basename "$(dirname "$pb")").f32"
  /usr/bin/python3 -c 'import sys, onnx, onnx.numpy_helper as h; t = onnx.TensorProto(); t.ParseFromString(open(sys.argv[1], "rb").read()); h.to_array(t).astype("<f4").tofile(sys.argv[2])' "$pb" "$raw"
  images+=("$raw")
done
echo "flash (code + weights of lenet.o):"
size "$out/lenet.o"
"$out/lenet-demo" "${images[@]}"
