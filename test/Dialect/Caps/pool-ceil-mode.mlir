// RUN: capsc-opt %s | FileCheck %s

// Regression test (was a bug): the pool verifier computes ceil_mode output sizes without ONNX's (and PyTorch's) rule that a
// last window starting inside the end padding is dropped, which the importer applies; so it rejects
// what the importer builds (test/Import/pool-ceil-mode.onnxtext):
//   error: 'caps.max_pool2d' op expects spatial dim 0 of the result to be 4, got 3
// 5 rows, pads 1 + 1, kernel 2, stride 2: windows start at rows -1, 1, 3 and 5; the one at 5 starts in
// the end padding, so there are 3.

// CHECK-LABEL: func.func @ceil_mode_drops_last_window
// CHECK: caps.max_pool2d {{.*}} : tensor<1x1x5x5xf32> -> tensor<1x1x3x3xf32>
func.func @ceil_mode_drops_last_window(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32> {
  %y = caps.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, ceil_mode = true} : tensor<1x1x5x5xf32> -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}
