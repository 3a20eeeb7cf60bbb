#!/usr/bin/env bash
# Runs the whole test suite: runtime kernel unit tests (ctest), lit tests (dialect, importer, passes,
# CLI), end-to-end checks with capsc-check (repo CNNs and CapsNets raised and generic, trained CapsNets;
# float, int8 and pow2; on the host, on QEMU Cortex-M7/M4/M33/M0+ and on QEMU RV32IMC with the runtimes built
# for those cores and their kernel unit tests run there; the firmware example against the installed CMake package), the int8 accuracy and raised-vs-generic agreement of the trained CapsNet, a no-crash sweep over ~1,070 ONNX models, and
# the ONNX backend node tests.
# Builds what is stale first. Exits non-zero on any failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${CAPSC_BUILD_DIR:-$root/build}"
"$root/scripts/build.sh"

status=0
echo "== runtime unit tests (ctest)"
ctest --test-dir "$build" --output-on-failure -j 2 || status=1
echo "== lit tests"
ninja -C "$build" check-capsc-lit || status=1
# Float models; the pre-quantized ones (test/models/qdq_*, qlinear_*) compile int8 and are checked
# against their own dequantized reference below.
models=()
prequantized=()
for m in "$root"/test/models/*/ "$root"/examples/capsnet-fashion/test-exports/*/; do
  if [[ "$m" == */qdq_*/ || "$m" == */qlinear_*/ ]]; then prequantized+=("$m"); else models+=("$m"); fi
done
echo "== capsc-check: repo models (CNNs, CapsNets, trained CapsNet exports), capsule layers raised"
"$build/bin/capsc-check" "${models[@]}" || status=1
echo "== capsc-check: the same, generic ops only (-raise-capsules=false)"
"$build/bin/capsc-check" -capsc-arg=-raise-capsules=false "${models[@]}" || status=1
echo "== capsc-check -quantize=int8 and pow2: the same models, generated code bit-identical to the evaluator"
"$build/bin/capsc-check" -quantize=int8 "${models[@]}" || status=1
"$build/bin/capsc-check" -quantize=pow2 "${models[@]}" || status=1
echo "== pre-quantized ONNX models (QDQ, QLinearConv/QLinearMatMul): within 1 LSB of their own dequantized reference"
"$build/bin/capsc-check" -quantize=int8 -max-lsb=1 "${prequantized[@]}" || status=1
echo "== capsc-check on emulated Cortex-M (QEMU MPS2): the same models built with arm-none-eabi-gcc, run on the board"
echo "   (float within tolerance; int8 and pow2 bit-identical to the evaluator, hence to the host build)"
"$build/bin/capsc-check" -target=cortex-m7 "${models[@]}" || status=1
"$build/bin/capsc-check" -target=cortex-m7 -quantize=int8 "${models[@]}" || status=1
"$build/bin/capsc-check" -target=cortex-m7 -quantize=pow2 "${models[@]}" || status=1
"$build/bin/capsc-check" -target=cortex-m7 -quantize=int8 -max-lsb=1 "${prequantized[@]}" || status=1
"$build/bin/capsc-check" -target=cortex-m4 -quantize=int8 "${models[@]}" || status=1
"$build/bin/capsc-check" -target=cortex-m33 -quantize=int8 "${models[@]}" || status=1
"$build/bin/capsc-check" -target=cortex-m0plus -quantize=int8 "${models[@]}" || status=1
echo "== capsc-check on emulated RV32IMC (QEMU virt): riscv64-unknown-elf-gcc + picolibc, portable kernels"
"$build/bin/capsc-check" -target=rv32imc "${models[@]}" || status=1
"$build/bin/capsc-check" -target=rv32imc -quantize=int8 "${models[@]}" || status=1
"$build/bin/capsc-check" -target=rv32imc -quantize=pow2 "${models[@]}" || status=1
"$build/bin/capsc-check" -target=rv32imc -quantize=int8 -max-lsb=1 "${prequantized[@]}" || status=1
echo "== CORE-V (clang-19, no emulator): the PULP kernels' inner loops do 4 MACs per SIMD instruction, word loads only"
/usr/bin/python3 "$root/scripts/corev-inner-loops.py" --build "$build" || status=1
echo "== capsc -target=cv32e40p and gap8 (no emulator): every repo model compiles, float and int8"
compiled=0
for m in "${models[@]}"; do
  for t in cv32e40p gap8; do
    out=$(mktemp -d)
    if "$build/bin/capsc" "$m/model.onnx" -target=$t -o "$out" 2>/dev/null &&
       "$build/bin/capsc" "$m/model.onnx" -target=$t -quantize=int8 -calib="$m" -o "$out" 2>/dev/null; then
      compiled=$((compiled + 1))
    else
      echo "FAIL $m -target=$t"; status=1
    fi
    rm -rf "$out"
  done
done
echo "$compiled model/target pairs compiled"
echo "== firmware example: cmake --install, find_package(capsc), capsc_add_model, int8 CapsNet on QEMU M7"
fw_log=$("$root/examples/firmware-mps2/run.sh" 2>&1) || { echo "$fw_log" | tail -20; status=1; }
echo "$fw_log" | grep -E "of 12 correct" || { echo "firmware example printed no result"; status=1; }
echo "== trained CapsNet int8 on 200 test images, calibrated on 500 held-out training images (loss <= 1.5 pp)"
/usr/bin/python3 "$root/examples/capsnet-fashion/evaluate.py" "$root/examples/capsnet-fashion/models/mnist_capsnet.onnx" \
  "$root/examples/capsnet-fashion/data/x_test_small.npy" "$root/examples/capsnet-fashion/data/y_test_small.npy" \
  --quantize int8 --max-drop 1.5 2>/dev/null || status=1
echo "== trained CapsNet: generated code raised vs generic on 200 test images (must agree within 1e-5)"
/usr/bin/python3 "$root/examples/capsnet-fashion/evaluate.py" "$root/examples/capsnet-fashion/models/mnist_capsnet.onnx" \
  "$root/examples/capsnet-fashion/data/x_test_small.npy" "$root/examples/capsnet-fashion/data/y_test_small.npy" || status=1
echo "== robustness: capsc on every ONNX model of libonnx-testdata exits 0 or 1, never crashes"
"$root/scripts/no-crash.sh" "$build/bin/capsc" || status=1
echo "== capsc-check: ONNX backend node tests (test/conformance/node-tests.txt)"
mapfile -t cases < <(grep -v '^#' "$root/test/conformance/node-tests.txt" | sed "s|^|/usr/share/libonnx-testdata/data/node/|")
"$build/bin/capsc-check" -const-inputs -j=2 "${cases[@]}" || status=1
exit $status
