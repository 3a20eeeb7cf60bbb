// RUN: capsc-opt %s -split-input-file -verify-diagnostics

// One case per verifier error of lib/Dialect/Caps/CapsOps.cpp, in that file's order, plus the type
// constraint every caps tensor shares.

// Caps tensors are statically shaped float32.
func.func @dynamic_shape(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of 32-bit float or QuantizedType values}}
  %y = caps.relu %x : tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

func.func @not_f32(%x: tensor<4xf16>) -> tensor<4xf16> {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of 32-bit float or QuantizedType values}}
  %y = caps.relu %x : tensor<4xf16>
  return %y : tensor<4xf16>
}

// -----

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

func.func @conv2d_rank(%x: tensor<1x3x8xf32>, %w: tensor<16x3x3xf32>) -> tensor<1x16x6xf32> {
  // expected-error @+1 {{'caps.conv2d' op expects 4-D input and weight (NCHW, OIHW)}}
  %y = caps.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x8xf32>, tensor<16x3x3xf32>) -> tensor<1x16x6xf32>
  return %y : tensor<1x16x6xf32>
}

// -----

func.func @conv2d_strides_count(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @+1 {{'caps.conv2d' op expects 2 strides, got 1}}
  %y = caps.conv2d %x, %w {strides = array<i64: 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %y : tensor<1x16x6x6xf32>
}

// -----

func.func @conv2d_zero_stride(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @+1 {{'caps.conv2d' op expects positive strides}}
  %y = caps.conv2d %x, %w {strides = array<i64: 1, 0>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %y : tensor<1x16x6x6xf32>
}

// -----

func.func @conv2d_negative_dilation(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @+1 {{'caps.conv2d' op expects positive dilations}}
  %y = caps.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: -1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %y : tensor<1x16x6x6xf32>
}

// -----

func.func @conv2d_pads_count(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x8x8xf32> {
  // expected-error @+1 {{'caps.conv2d' op expects 4 pads [top, left, bottom, right], got 2}}
  %y = caps.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// -----

func.func @conv2d_negative_pad(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x5x6xf32> {
  // expected-error @+1 {{'caps.conv2d' op expects non-negative pads}}
  %y = caps.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: -1, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x5x6xf32>
  return %y : tensor<1x16x5x6xf32>
}

// -----

func.func @conv2d_group_divides(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{'caps.conv2d' op group 3 must divide input channels 4 and output channels 6}}
  %y = caps.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 3 : i64} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32>
  return %y : tensor<1x6x6x6xf32>
}

// -----

func.func @conv2d_group_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{'caps.conv2d' op group 0 must divide input channels 4 and output channels 6}}
  %y = caps.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 0 : i64} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return %y : tensor<1x6x6x6xf32>
}

// -----

func.func @conv2d_weight_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{'caps.conv2d' op expects weight dim 1 to be input channels / group = 2, got 4}}
  %y = caps.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return %y : tensor<1x6x6x6xf32>
}

// -----

func.func @conv2d_result_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+1 {{'caps.conv2d' op expects result [N, out_c, ...] to match input batch and weight dim 0}}
  %y = caps.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %y : tensor<1x8x6x6xf32>
}

// -----

func.func @conv2d_bias_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<1x16xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @+1 {{'caps.conv2d' op expects bias of shape [16]}}
  %y = caps.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<1x16xf32>) -> tensor<1x16x6x6xf32>
  return %y : tensor<1x16x6x6xf32>
}

// -----

// A 3x3 kernel dilated by 4 spans 9 rows, more than the 8 the input has.
func.func @conv2d_window_too_large(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x1x6xf32> {
  // expected-error @+1 {{'caps.conv2d' op window does not fit the input in spatial dim 0}}
  %y = caps.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 4, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x1x6xf32>
  return %y : tensor<1x16x1x6xf32>
}

// -----

func.func @conv2d_output_size(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x8x7xf32> {
  // expected-error @+1 {{'caps.conv2d' op expects spatial dim 1 of the result to be 8, got 7}}
  %y = caps.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x8x7xf32>
  return %y : tensor<1x16x8x7xf32>
}

// -----

// Strided: (8 + 0 - 3) / 2 + 1 = 3 (floor, never ceil for a convolution).
func.func @conv2d_output_size_strided(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x4x3xf32> {
  // expected-error @+1 {{'caps.conv2d' op expects spatial dim 0 of the result to be 3, got 4}}
  %y = caps.conv2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x4x3xf32>
  return %y : tensor<1x16x4x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// gemm, matmul, batch_norm
//===----------------------------------------------------------------------===//

func.func @gemm_rank(%a: tensor<2x1x64xf32>, %b: tensor<64x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'caps.gemm' op expects 2-D operands and result}}
  %y = caps.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false} : (tensor<2x1x64xf32>, tensor<64x10xf32>) -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// -----

// trans_b reads B as [N, K] = [10, 32].
func.func @gemm_inner_dims(%a: tensor<1x64xf32>, %b: tensor<10x32xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'caps.gemm' op inner dims differ: 64 vs 32}}
  %y = caps.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<1x64xf32>, tensor<10x32xf32>) -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// -----

func.func @gemm_result(%a: tensor<64x1xf32>, %b: tensor<64x10xf32>) -> tensor<10x1xf32> {
  // expected-error @+1 {{'caps.gemm' op expects result 1x10}}
  %y = caps.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = true, trans_b = false} : (tensor<64x1xf32>, tensor<64x10xf32>) -> tensor<10x1xf32>
  return %y : tensor<10x1xf32>
}

// -----

func.func @gemm_c_shape(%a: tensor<2x64xf32>, %b: tensor<64x10xf32>, %c: tensor<2x5xf32>) -> tensor<2x10xf32> {
  // expected-error @+1 {{'caps.gemm' op expects C to broadcast to the result shape}}
  %y = caps.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false} : (tensor<2x64xf32>, tensor<64x10xf32>, tensor<2x5xf32>) -> tensor<2x10xf32>
  return %y : tensor<2x10xf32>
}

// -----

// C may broadcast to [M, N] but not beyond it.
func.func @gemm_c_rank(%a: tensor<2x64xf32>, %b: tensor<64x10xf32>, %c: tensor<1x1x10xf32>) -> tensor<2x10xf32> {
  // expected-error @+1 {{'caps.gemm' op expects C to broadcast to the result shape}}
  %y = caps.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false} : (tensor<2x64xf32>, tensor<64x10xf32>, tensor<1x1x10xf32>) -> tensor<2x10xf32>
  return %y : tensor<2x10xf32>
}

// -----

func.func @matmul_scalar(%a: tensor<f32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'caps.matmul' op expects operands of rank >= 1}}
  %y = caps.matmul %a, %b : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @matmul_inner_dims(%a: tensor<2x4xf32>, %b: tensor<3x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{'caps.matmul' op inner dims differ: 4 vs 3}}
  %y = caps.matmul %a, %b : (tensor<2x4xf32>, tensor<3x5xf32>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

func.func @matmul_vector_inner_dims(%a: tensor<2x4xf32>, %b: tensor<3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'caps.matmul' op inner dims differ: 4 vs 3}}
  %y = caps.matmul %a, %b : (tensor<2x4xf32>, tensor<3xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

func.func @matmul_batch(%a: tensor<2x3x4xf32>, %b: tensor<3x4x5xf32>) -> tensor<2x3x5xf32> {
  // expected-error @+1 {{'caps.matmul' op batch dims do not broadcast}}
  %y = caps.matmul %a, %b : (tensor<2x3x4xf32>, tensor<3x4x5xf32>) -> tensor<2x3x5xf32>
  return %y : tensor<2x3x5xf32>
}

// -----

// A 1-D operand's dim is dropped from the result, not kept as 1.
func.func @matmul_result(%a: tensor<4xf32>, %b: tensor<4x5xf32>) -> tensor<1x5xf32> {
  // expected-error @+1 {{'caps.matmul' op result shape does not match the matrix product of the operands}}
  %y = caps.matmul %a, %b : (tensor<4xf32>, tensor<4x5xf32>) -> tensor<1x5xf32>
  return %y : tensor<1x5xf32>
}

// -----

func.func @batch_norm_rank(%x: tensor<8xf32>, %p: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{'caps.batch_norm' op expects input of rank >= 2 [N, C, ...]}}
  %y = caps.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-05 : f32} : (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %y : tensor<8xf32>
}

// -----

func.func @batch_norm_params(%x: tensor<1x8x4x4xf32>, %p: tensor<8xf32>, %v: tensor<4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'caps.batch_norm' op expects per-channel operands of shape [8]}}
  %y = caps.batch_norm %x, %p, %p, %p, %v {epsilon = 1.0e-05 : f32} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

func.func @batch_norm_result(%x: tensor<1x8x4x4xf32>, %p: tensor<8xf32>) -> tensor<1x8x16xf32> {
  // expected-error @+1 {{'caps.batch_norm' op expects result type equal to the input type}}
  %y = caps.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-05 : f32} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x16xf32>
  return %y : tensor<1x8x16xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

func.func @clip_min_above_max(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'caps.clip' op expects min <= max}}
  %y = caps.clip %x {min = 6.0 : f32, max = 0.0 : f32} : tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// Operand shapes that do not broadcast at all: the trait reports it.
func.func @binary_incompatible(%a: tensor<3x4xf32>, %b: tensor<5xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'caps.add' op operands don't have broadcast-compatible shapes}}
  %y = caps.add %a, %b : (tensor<3x4xf32>, tensor<5xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

// The operands broadcast to [3, 4], and the trait accepts a compatible result; caps wants exactly [3, 4].
func.func @binary_result(%a: tensor<3x4xf32>, %b: tensor<4xf32>) -> tensor<1x3x4xf32> {
  // expected-error @+1 {{'caps.mul' op expects the result shape to be the broadcast of the operand shapes}}
  %y = caps.mul %a, %b : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<1x3x4xf32>
  return %y : tensor<1x3x4xf32>
}

// -----

// A result that the broadcast does not fit into: the trait reports it too.
func.func @max_result(%a: tensor<3x1xf32>, %b: tensor<4xf32>) -> tensor<3x1xf32> {
  // expected-error @+1 {{'caps.max' op result type '3x1' not broadcast compatible with broadcasted operands's shapes '3x4'}}
  %y = caps.max %a, %b : (tensor<3x1xf32>, tensor<4xf32>) -> tensor<3x1xf32>
  return %y : tensor<3x1xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

func.func @pool_rank(%x: tensor<8x4x4xf32>) -> tensor<8x2x2xf32> {
  // expected-error @+1 {{'caps.max_pool2d' op expects 4-D NCHW input and result}}
  %y = caps.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : tensor<8x4x4xf32> -> tensor<8x2x2xf32>
  return %y : tensor<8x2x2xf32>
}

// -----

func.func @pool_kernel_count(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32> {
  // expected-error @+1 {{'caps.max_pool2d' op expects 2 kernel, got 3}}
  %y = caps.max_pool2d %x {kernel = array<i64: 2, 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : tensor<1x8x4x4xf32> -> tensor<1x8x2x2xf32>
  return %y : tensor<1x8x2x2xf32>
}

// -----

func.func @pool_kernel_zero(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32> {
  // expected-error @+1 {{'caps.avg_pool2d' op expects positive kernel}}
  %y = caps.avg_pool2d %x {kernel = array<i64: 0, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false, count_include_pad = false} : tensor<1x8x4x4xf32> -> tensor<1x8x2x2xf32>
  return %y : tensor<1x8x2x2xf32>
}

// -----

func.func @pool_strides(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32> {
  // expected-error @+1 {{'caps.max_pool2d' op expects positive strides}}
  %y = caps.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, -2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : tensor<1x8x4x4xf32> -> tensor<1x8x2x2xf32>
  return %y : tensor<1x8x2x2xf32>
}

// -----

func.func @pool_dilations(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32> {
  // expected-error @+1 {{'caps.max_pool2d' op expects 2 dilations, got 0}}
  %y = caps.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64>, ceil_mode = false} : tensor<1x8x4x4xf32> -> tensor<1x8x2x2xf32>
  return %y : tensor<1x8x2x2xf32>
}

// -----

func.func @pool_pads(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32> {
  // expected-error @+1 {{'caps.avg_pool2d' op expects non-negative pads}}
  %y = caps.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, -1>, dilations = array<i64: 1, 1>, ceil_mode = false, count_include_pad = true} : tensor<1x8x4x4xf32> -> tensor<1x8x2x2xf32>
  return %y : tensor<1x8x2x2xf32>
}

// -----

func.func @pool_channels(%x: tensor<1x8x4x4xf32>) -> tensor<1x4x2x2xf32> {
  // expected-error @+1 {{'caps.max_pool2d' op expects result batch and channels equal to the input's}}
  %y = caps.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : tensor<1x8x4x4xf32> -> tensor<1x4x2x2xf32>
  return %y : tensor<1x4x2x2xf32>
}

// -----

func.func @pool_window_too_large(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x2x1xf32> {
  // expected-error @+1 {{'caps.max_pool2d' op window does not fit the input in spatial dim 1}}
  %y = caps.max_pool2d %x {kernel = array<i64: 2, 5>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : tensor<1x8x4x4xf32> -> tensor<1x8x2x1xf32>
  return %y : tensor<1x8x2x1xf32>
}

// -----

// Without ceil_mode (5 - 2) / 2 + 1 = 2.
func.func @pool_result_floor(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  // expected-error @+1 {{'caps.max_pool2d' op expects spatial dim 0 of the result to be 2, got 3}}
  %y = caps.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// With ceil_mode the same window gives 3.
func.func @pool_result_ceil(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x2x3xf32> {
  // expected-error @+1 {{'caps.avg_pool2d' op expects spatial dim 0 of the result to be 3, got 2}}
  %y = caps.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = true, count_include_pad = false} : tensor<1x2x5x5xf32> -> tensor<1x2x2x3xf32>
  return %y : tensor<1x2x2x3xf32>
}

// -----

func.func @global_pool_rank(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{'caps.global_avg_pool' op expects input [N, C, spatial...] of rank >= 3 and result [N, C, 1...]}}
  %y = caps.global_avg_pool %x : tensor<1x8xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @global_pool_result(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x1x4xf32> {
  // expected-error @+1 {{'caps.global_max_pool' op expects input [N, C, spatial...] of rank >= 3 and result [N, C, 1...]}}
  %y = caps.global_max_pool %x : tensor<1x8x4x4xf32> -> tensor<1x8x1x4xf32>
  return %y : tensor<1x8x1x4xf32>
}

// -----

// The spatial dims stay (as 1); dropping them is a reshape.
func.func @global_pool_dropped_dims(%x: tensor<1x8x4x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{'caps.global_avg_pool' op expects input [N, C, spatial...] of rank >= 3 and result [N, C, 1...]}}
  %y = caps.global_avg_pool %x : tensor<1x8x4x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Reductions, softmax
//===----------------------------------------------------------------------===//

func.func @reduce_axes_order(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32> {
  // expected-error @+1 {{'caps.reduce_sum' op expects increasing axes within rank 4}}
  %y = caps.reduce_sum %x {axes = array<i64: 3, 2>, keepdims = true} : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  return %y : tensor<1x8x1x1xf32>
}

// -----

func.func @reduce_axes_repeated(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x1x4xf32> {
  // expected-error @+1 {{'caps.reduce_mean' op expects increasing axes within rank 4}}
  %y = caps.reduce_mean %x {axes = array<i64: 2, 2>, keepdims = true} : tensor<1x8x4x4xf32> -> tensor<1x8x1x4xf32>
  return %y : tensor<1x8x1x4xf32>
}

// -----

func.func @reduce_axes_range(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'caps.reduce_max' op expects increasing axes within rank 4}}
  %y = caps.reduce_max %x {axes = array<i64: 4>, keepdims = true} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

// Axes are normalized by the importer: negative ones are not accepted here.
func.func @reduce_axes_negative(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x1xf32> {
  // expected-error @+1 {{'caps.reduce_sum' op expects increasing axes within rank 4}}
  %y = caps.reduce_sum %x {axes = array<i64: -1>, keepdims = true} : tensor<1x8x4x4xf32> -> tensor<1x8x4x1xf32>
  return %y : tensor<1x8x4x1xf32>
}

// -----

func.func @reduce_result_keepdims(%x: tensor<1x8x4x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{'caps.reduce_sum' op result shape does not match the reduction}}
  %y = caps.reduce_sum %x {axes = array<i64: 2, 3>, keepdims = true} : tensor<1x8x4x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @reduce_result(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32> {
  // expected-error @+1 {{'caps.reduce_mean' op result shape does not match the reduction}}
  %y = caps.reduce_mean %x {axes = array<i64: 2, 3>, keepdims = false} : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  return %y : tensor<1x8x1x1xf32>
}

// -----

func.func @softmax_axis(%x: tensor<1x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'caps.softmax' op axis 2 is out of range for rank 2}}
  %y = caps.softmax %x {axis = 2 : i64} : tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// -----

func.func @softmax_axis_negative(%x: tensor<1x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'caps.softmax' op axis -1 is out of range for rank 2}}
  %y = caps.softmax %x {axis = -1 : i64} : tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

func.func @reshape_count(%x: tensor<1x8x2x2xf32>) -> tensor<1x30xf32> {
  // expected-error @+1 {{'caps.reshape' op cannot reshape 32 elements into 30}}
  %y = caps.reshape %x : tensor<1x8x2x2xf32> -> tensor<1x30xf32>
  return %y : tensor<1x30xf32>
}

// -----

func.func @transpose_rank(%x: tensor<2x3x4xf32>) -> tensor<3x2x4xf32> {
  // expected-error @+1 {{'caps.transpose' op expects perm, input and result of the same rank}}
  %y = caps.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3x4xf32> -> tensor<3x2x4xf32>
  return %y : tensor<3x2x4xf32>
}

// -----

func.func @transpose_repeated(%x: tensor<2x2x4xf32>) -> tensor<2x2x4xf32> {
  // expected-error @+1 {{'caps.transpose' op perm is not a permutation}}
  %y = caps.transpose %x {perm = array<i64: 1, 1, 2>} : tensor<2x2x4xf32> -> tensor<2x2x4xf32>
  return %y : tensor<2x2x4xf32>
}

// -----

func.func @transpose_out_of_range(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+1 {{'caps.transpose' op perm is not a permutation}}
  %y = caps.transpose %x {perm = array<i64: 0, 1, 3>} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}

// -----

func.func @transpose_result(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+1 {{'caps.transpose' op expects result dim 0 to be input dim 2}}
  %y = caps.transpose %x {perm = array<i64: 2, 1, 0>} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}

// -----

func.func @concat_empty() -> tensor<1x2xf32> {
  // expected-error @+1 {{'caps.concat' op expects at least one input}}
  %y = caps.concat {axis = 0 : i64} : () -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @concat_axis(%a: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @+1 {{'caps.concat' op axis 2 is out of range for rank 2}}
  %y = caps.concat %a {axis = 2 : i64} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @concat_rank(%a: tensor<1x2xf32>, %b: tensor<2xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'caps.concat' op expects inputs of the result's rank}}
  %y = caps.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

func.func @concat_other_dims(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>) -> tensor<1x5x4xf32> {
  // expected-error @+1 {{'caps.concat' op input dim 2 differs from the result's}}
  %y = caps.concat %a, %b {axis = 1 : i64} : (tensor<1x2x4xf32>, tensor<1x3x5xf32>) -> tensor<1x5x4xf32>
  return %y : tensor<1x5x4xf32>
}

// -----

func.func @concat_result(%a: tensor<1x2x4xf32>, %b: tensor<1x3x4xf32>) -> tensor<1x6x4xf32> {
  // expected-error @+1 {{'caps.concat' op expects result dim 1 to be 5}}
  %y = caps.concat %a, %b {axis = 1 : i64} : (tensor<1x2x4xf32>, tensor<1x3x4xf32>) -> tensor<1x6x4xf32>
  return %y : tensor<1x6x4xf32>
}

// -----

func.func @slice_rank(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'caps.slice' op expects starts, steps, input and result of the same rank}}
  %y = caps.slice %x {starts = array<i64: 0>, steps = array<i64: 1, 1>} : tensor<2x4xf32> -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @slice_zero_step(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'caps.slice' op expects non-zero steps}}
  %y = caps.slice %x {starts = array<i64: 0, 0>, steps = array<i64: 1, 0>} : tensor<2x4xf32> -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// Elements 2, 3, 4 of a dim of size 4.
func.func @slice_past_end(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'caps.slice' op slice runs out of dim 1 (size 4)}}
  %y = caps.slice %x {starts = array<i64: 0, 2>, steps = array<i64: 1, 1>} : tensor<2x4xf32> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// Starts are normalized by the importer: negative ones are out of range here.
func.func @slice_negative_start(%x: tensor<2x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'caps.slice' op slice runs out of dim 0 (size 2)}}
  %y = caps.slice %x {starts = array<i64: -1, 0>, steps = array<i64: 1, 1>} : tensor<2x4xf32> -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// Elements 1, -1: a negative step walks off the front.
func.func @slice_negative_step(%x: tensor<2x4xf32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'caps.slice' op slice runs out of dim 1 (size 4)}}
  %y = caps.slice %x {starts = array<i64: 0, 1>, steps = array<i64: 1, -2>} : tensor<2x4xf32> -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

func.func @pad_count(%x: tensor<4x4xf32>) -> tensor<6x4xf32> {
  // expected-error @+1 {{'caps.pad' op expects 4 pads and a result of rank 2}}
  %y = caps.pad %x {pads = array<i64: 1, 1>, mode = "constant", value = 0.0 : f32} : tensor<4x4xf32> -> tensor<6x4xf32>
  return %y : tensor<6x4xf32>
}

// -----

func.func @pad_mode(%x: tensor<4x4xf32>) -> tensor<6x4xf32> {
  // expected-error @+1 {{'caps.pad' op unknown mode 'wrap' (constant, reflect, edge)}}
  %y = caps.pad %x {pads = array<i64: 1, 0, 1, 0>, mode = "wrap", value = 0.0 : f32} : tensor<4x4xf32> -> tensor<6x4xf32>
  return %y : tensor<6x4xf32>
}

// -----

func.func @pad_result(%x: tensor<4x4xf32>) -> tensor<6x6xf32> {
  // expected-error @+1 {{'caps.pad' op expects result dim 1 to be 4}}
  %y = caps.pad %x {pads = array<i64: 1, 0, 1, 0>, mode = "edge", value = 0.0 : f32} : tensor<4x4xf32> -> tensor<6x6xf32>
  return %y : tensor<6x6xf32>
}

// -----

// Reflecting 4 rows needs at least 5 (the edge row is not repeated).
func.func @pad_reflect_too_large(%x: tensor<4x4xf32>) -> tensor<4x12xf32> {
  // expected-error @+1 {{'caps.pad' op reflect pads must be smaller than dim 1}}
  %y = caps.pad %x {pads = array<i64: 0, 4, 0, 4>, mode = "reflect", value = 0.0 : f32} : tensor<4x4xf32> -> tensor<4x12xf32>
  return %y : tensor<4x12xf32>
}

// -----

func.func @pad_reflect_end_too_large(%x: tensor<4x4xf32>) -> tensor<9x4xf32> {
  // expected-error @+1 {{'caps.pad' op reflect pads must be smaller than dim 0}}
  %y = caps.pad %x {pads = array<i64: 1, 0, 4, 0>, mode = "reflect", value = 0.0 : f32} : tensor<4x4xf32> -> tensor<9x4xf32>
  return %y : tensor<9x4xf32>
}

// -----

func.func @cast_shape(%x: tensor<4xf32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'caps.cast' op requires the same shape for all operands and results}}
  %y = caps.cast %x : tensor<4xf32> -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Capsule networks
//===----------------------------------------------------------------------===//

// squash: capsules lie along the last dim, so a scalar has none.
func.func @squash_scalar(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'caps.squash' op expects capsules along the last dim of a ranked input}}
  %y = caps.squash %x : tensor<f32>
  return %y : tensor<f32>
}

// -----

func.func @squash_unknown_variant(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'caps.squash' op unknown squash variant 'hinton' (sabour, efficient)}}
  %y = caps.squash %x {variant = "hinton"} : tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// Variant names are case-sensitive.
func.func @squash_variant_case(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'caps.squash' op unknown squash variant 'Sabour' (sabour, efficient)}}
  %y = caps.squash %x {variant = "Sabour"} : tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @squash_epsilon_zero(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'caps.squash' op expects a positive, finite squash epsilon}}
  %y = caps.squash %x {epsilon = 0.0 : f32} : tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @squash_epsilon_negative(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'caps.squash' op expects a positive, finite squash epsilon}}
  %y = caps.squash %x {variant = "efficient", epsilon = -1.0e-7 : f32} : tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// -0.0 is not positive either.
func.func @squash_epsilon_negative_zero(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'caps.squash' op expects a positive, finite squash epsilon}}
  %y = caps.squash %x {epsilon = -0.0 : f32} : tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @squash_epsilon_inf(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'caps.squash' op expects a positive, finite squash epsilon}}
  %y = caps.squash %x {epsilon = 0x7F800000 : f32} : tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @squash_epsilon_nan(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'caps.squash' op expects a positive, finite squash epsilon}}
  %y = caps.squash %x {epsilon = 0x7FC00000 : f32} : tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @squash_epsilon_type(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'caps.squash' op attribute 'epsilon' failed to satisfy constraint: 32-bit float attribute}}
  %y = caps.squash %x {epsilon = 1.0e-7 : f64} : tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @squash_result_type(%x: tensor<2x4xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'caps.squash' op requires the same shape for all operands and results}}
  %y = "caps.squash"(%x) {variant = "sabour", epsilon = 1.0e-7 : f32} : (tensor<2x4xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

// primary_caps: 4-D input and weight, a 3-D result.
func.func @primary_caps_result_rank(%x: tensor<1x2x6x6xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<1x8x2x2xf32> {
  // expected-error @+1 {{'caps.primary_caps' op expects a [N, caps, dim] result holding the 32 convolution outputs per image}}
  %y = caps.primary_caps %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x2x2xf32>
  return %y : tensor<1x8x2x2xf32>
}

// -----

func.func @primary_caps_input_rank(%x: tensor<2x6x6xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32> {
  // expected-error @+1 {{'caps.primary_caps' op expects 4-D input and weight (NCHW, OIHW)}}
  %y = caps.primary_caps %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<2x6x6xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32>
  return %y : tensor<1x8x4xf32>
}

// -----

func.func @primary_caps_strides_count(%x: tensor<1x2x6x6xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32> {
  // expected-error @+1 {{'caps.primary_caps' op expects 2 strides, got 3}}
  %y = caps.primary_caps %x, %w {strides = array<i64: 2, 2, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32>
  return %y : tensor<1x8x4xf32>
}

// -----

func.func @primary_caps_strides_zero(%x: tensor<1x2x6x6xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32> {
  // expected-error @+1 {{'caps.primary_caps' op expects positive strides}}
  %y = caps.primary_caps %x, %w {strides = array<i64: 2, 0>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32>
  return %y : tensor<1x8x4xf32>
}

// -----

func.func @primary_caps_dilations(%x: tensor<1x2x6x6xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32> {
  // expected-error @+1 {{'caps.primary_caps' op expects positive dilations}}
  %y = caps.primary_caps %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: -1, 1>, group = 1 : i64} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32>
  return %y : tensor<1x8x4xf32>
}

// -----

func.func @primary_caps_pads_count(%x: tensor<1x2x6x6xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32> {
  // expected-error @+1 {{'caps.primary_caps' op expects 4 pads [top, left, bottom, right], got 2}}
  %y = caps.primary_caps %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32>
  return %y : tensor<1x8x4xf32>
}

// -----

func.func @primary_caps_pads_negative(%x: tensor<1x2x6x6xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32> {
  // expected-error @+1 {{'caps.primary_caps' op expects non-negative pads}}
  %y = caps.primary_caps %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, -1, 0, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32>
  return %y : tensor<1x8x4xf32>
}

// -----

func.func @primary_caps_group_zero(%x: tensor<1x2x6x6xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32> {
  // expected-error @+1 {{'caps.primary_caps' op group 0 must divide input channels 2 and output channels 8}}
  %y = caps.primary_caps %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 0 : i64} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32>
  return %y : tensor<1x8x4xf32>
}

// -----

// 3 groups do not divide 2 input channels.
func.func @primary_caps_group_input_channels(%x: tensor<1x2x6x6xf32>, %w: tensor<9x1x3x3xf32>) -> tensor<1x9x4xf32> {
  // expected-error @+1 {{'caps.primary_caps' op group 3 must divide input channels 2 and output channels 9}}
  %y = caps.primary_caps %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 3 : i64} : (tensor<1x2x6x6xf32>, tensor<9x1x3x3xf32>) -> tensor<1x9x4xf32>
  return %y : tensor<1x9x4xf32>
}

// -----

// 2 groups do not divide 9 output channels.
func.func @primary_caps_group_output_channels(%x: tensor<1x2x6x6xf32>, %w: tensor<9x1x3x3xf32>) -> tensor<1x9x4xf32> {
  // expected-error @+1 {{'caps.primary_caps' op group 2 must divide input channels 2 and output channels 9}}
  %y = caps.primary_caps %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x2x6x6xf32>, tensor<9x1x3x3xf32>) -> tensor<1x9x4xf32>
  return %y : tensor<1x9x4xf32>
}

// -----

// Weight dim 1 must be input channels / group = 1 with 2 groups.
func.func @primary_caps_group_weight(%x: tensor<1x2x6x6xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32> {
  // expected-error @+1 {{'caps.primary_caps' op expects weight dim 1 to be input channels / group = 1, got 2}}
  %y = caps.primary_caps %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32>
  return %y : tensor<1x8x4xf32>
}

// -----

func.func @primary_caps_bias(%x: tensor<1x2x6x6xf32>, %w: tensor<8x2x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x8x4xf32> {
  // expected-error @+1 {{'caps.primary_caps' op expects bias of shape [8]}}
  %y = caps.primary_caps %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>, tensor<4xf32>) -> tensor<1x8x4xf32>
  return %y : tensor<1x8x4xf32>
}

// -----

func.func @primary_caps_bias_rank(%x: tensor<1x2x6x6xf32>, %w: tensor<8x2x3x3xf32>, %b: tensor<1x8xf32>) -> tensor<1x8x4xf32> {
  // expected-error @+1 {{'caps.primary_caps' op expects bias of shape [8]}}
  %y = caps.primary_caps %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>, tensor<1x8xf32>) -> tensor<1x8x4xf32>
  return %y : tensor<1x8x4xf32>
}

// -----

// A 7-wide (dilated: 2 * (4 - 1) + 1) window does not fit 6 columns.
func.func @primary_caps_window(%x: tensor<1x2x6x6xf32>, %w: tensor<8x2x3x4xf32>) -> tensor<1x8x4xf32> {
  // expected-error @+1 {{'caps.primary_caps' op window does not fit the input in spatial dim 1}}
  %y = caps.primary_caps %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>, group = 1 : i64} : (tensor<1x2x6x6xf32>, tensor<8x2x3x4xf32>) -> tensor<1x8x4xf32>
  return %y : tensor<1x8x4xf32>
}

// -----

// The conv output [1, 8, 2, 2] has 32 values per image, not 10 * 4.
func.func @primary_caps_result_count(%x: tensor<1x2x6x6xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<1x10x4xf32> {
  // expected-error @+1 {{'caps.primary_caps' op expects a [N, caps, dim] result holding the 32 convolution outputs per image}}
  %y = caps.primary_caps %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>) -> tensor<1x10x4xf32>
  return %y : tensor<1x10x4xf32>
}

// -----

// Padding changes the count: (6 + 2 - 3) / 2 + 1 = 3, so 8 * 3 * 3 = 72 values, not 32.
func.func @primary_caps_result_pads(%x: tensor<1x2x6x6xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32> {
  // expected-error @+1 {{'caps.primary_caps' op expects a [N, caps, dim] result holding the 72 convolution outputs per image}}
  %y = caps.primary_caps %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32>
  return %y : tensor<1x8x4xf32>
}

// -----

// The right count per image, but the batch differs.
func.func @primary_caps_result_batch(%x: tensor<1x2x6x6xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<2x4x4xf32> {
  // expected-error @+1 {{'caps.primary_caps' op expects a [N, caps, dim] result holding the 32 convolution outputs per image}}
  %y = caps.primary_caps %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>) -> tensor<2x4x4xf32>
  return %y : tensor<2x4x4xf32>
}

// -----

func.func @primary_caps_variant(%x: tensor<1x2x6x6xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32> {
  // expected-error @+1 {{'caps.primary_caps' op unknown squash variant 'fast' (sabour, efficient)}}
  %y = caps.primary_caps %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, variant = "fast"} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32>
  return %y : tensor<1x8x4xf32>
}

// -----

func.func @primary_caps_epsilon(%x: tensor<1x2x6x6xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32> {
  // expected-error @+1 {{'caps.primary_caps' op expects a positive, finite squash epsilon}}
  %y = caps.primary_caps %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, epsilon = 0.0 : f32} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32>
  return %y : tensor<1x8x4xf32>
}

// -----

// predict: u [N, in, in_dim], W [in, out, out_dim, in_dim], result [N, in, out, out_dim].
func.func @predict_rank(%u: tensor<2x8x4x1xf32>, %w: tensor<8x3x6x4xf32>) -> tensor<2x8x3x6xf32> {
  // expected-error @+1 {{'caps.predict' op expects u [N, in, in_dim], W [in, out, out_dim, in_dim], result [N, in, out, out_dim]}}
  %y = caps.predict %u, %w : (tensor<2x8x4x1xf32>, tensor<8x3x6x4xf32>) -> tensor<2x8x3x6xf32>
  return %y : tensor<2x8x3x6xf32>
}

// -----

func.func @predict_weight_rank(%u: tensor<2x8x4xf32>, %w: tensor<8x18x4xf32>) -> tensor<2x8x3x6xf32> {
  // expected-error @+1 {{'caps.predict' op expects u [N, in, in_dim], W [in, out, out_dim, in_dim], result [N, in, out, out_dim]}}
  %y = caps.predict %u, %w : (tensor<2x8x4xf32>, tensor<8x18x4xf32>) -> tensor<2x8x3x6xf32>
  return %y : tensor<2x8x3x6xf32>
}

// -----

func.func @predict_result_rank(%u: tensor<2x8x4xf32>, %w: tensor<8x3x6x4xf32>) -> tensor<2x24x6xf32> {
  // expected-error @+1 {{'caps.predict' op expects u [N, in, in_dim], W [in, out, out_dim, in_dim], result [N, in, out, out_dim]}}
  %y = caps.predict %u, %w : (tensor<2x8x4xf32>, tensor<8x3x6x4xf32>) -> tensor<2x24x6xf32>
  return %y : tensor<2x24x6xf32>
}

// -----

// W has 7 input capsules, u has 8.
func.func @predict_in_caps(%u: tensor<2x8x4xf32>, %w: tensor<7x3x6x4xf32>) -> tensor<2x8x3x6xf32> {
  // expected-error @+1 {{'caps.predict' op weight dims 0 and 3 must match the input capsules and their dim}}
  %y = caps.predict %u, %w : (tensor<2x8x4xf32>, tensor<7x3x6x4xf32>) -> tensor<2x8x3x6xf32>
  return %y : tensor<2x8x3x6xf32>
}

// -----

// W transforms 6-vectors, u's capsules have 4 elements (W given as [in, out, in_dim, out_dim]).
func.func @predict_in_dim(%u: tensor<2x8x4xf32>, %w: tensor<8x3x4x6xf32>) -> tensor<2x8x3x4xf32> {
  // expected-error @+1 {{'caps.predict' op weight dims 0 and 3 must match the input capsules and their dim}}
  %y = caps.predict %u, %w : (tensor<2x8x4xf32>, tensor<8x3x4x6xf32>) -> tensor<2x8x3x4xf32>
  return %y : tensor<2x8x3x4xf32>
}

// -----

// out and out_dim swapped in the result.
func.func @predict_result(%u: tensor<2x8x4xf32>, %w: tensor<8x3x6x4xf32>) -> tensor<2x8x6x3xf32> {
  // expected-error @+1 {{'caps.predict' op result shape must be [N, in, out, out_dim]}}
  %y = caps.predict %u, %w : (tensor<2x8x4xf32>, tensor<8x3x6x4xf32>) -> tensor<2x8x6x3xf32>
  return %y : tensor<2x8x6x3xf32>
}

// -----

func.func @predict_result_batch(%u: tensor<2x8x4xf32>, %w: tensor<8x3x6x4xf32>) -> tensor<1x8x3x6xf32> {
  // expected-error @+1 {{'caps.predict' op result shape must be [N, in, out, out_dim]}}
  %y = caps.predict %u, %w : (tensor<2x8x4xf32>, tensor<8x3x6x4xf32>) -> tensor<1x8x3x6xf32>
  return %y : tensor<1x8x3x6xf32>
}

// -----

// dynamic_routing: at least one iteration.
func.func @dynamic_routing_zero_iterations(%uh: tensor<1x8x3x6xf32>) -> tensor<1x3x6xf32> {
  // expected-error @+1 {{'caps.dynamic_routing' op expects 1 to 2^31-1 routing iterations, got 0}}
  %v = caps.dynamic_routing %uh {iterations = 0 : i64} : tensor<1x8x3x6xf32> -> tensor<1x3x6xf32>
  return %v : tensor<1x3x6xf32>
}

// -----

// A negative count is the subject of invalid-routing-iterations.mlir (an expected failure: the verifier reads
// `iterations` as uint64_t and accepts it).

func.func @dynamic_routing_missing_iterations(%uh: tensor<1x8x3x6xf32>) -> tensor<1x3x6xf32> {
  // expected-error @+1 {{'caps.dynamic_routing' op requires attribute 'iterations'}}
  %v = caps.dynamic_routing %uh : tensor<1x8x3x6xf32> -> tensor<1x3x6xf32>
  return %v : tensor<1x3x6xf32>
}

// -----

// The input must be prediction vectors [N, in, out, dim], not capsules [N, in, dim].
func.func @dynamic_routing_input_rank(%u: tensor<1x8x6xf32>) -> tensor<1x3x6xf32> {
  // expected-error @+1 {{'caps.dynamic_routing' op expects u_hat [N, in, out, dim] and a result [N, out, dim]}}
  %v = caps.dynamic_routing %u {iterations = 3 : i64} : tensor<1x8x6xf32> -> tensor<1x3x6xf32>
  return %v : tensor<1x3x6xf32>
}

// -----

// The result has the output capsules, not the input capsules.
func.func @dynamic_routing_result(%uh: tensor<1x8x3x6xf32>) -> tensor<1x8x6xf32> {
  // expected-error @+1 {{'caps.dynamic_routing' op expects u_hat [N, in, out, dim] and a result [N, out, dim]}}
  %v = caps.dynamic_routing %uh {iterations = 3 : i64} : tensor<1x8x3x6xf32> -> tensor<1x8x6xf32>
  return %v : tensor<1x8x6xf32>
}

// -----

func.func @dynamic_routing_result_rank(%uh: tensor<1x8x3x6xf32>) -> tensor<1x18xf32> {
  // expected-error @+1 {{'caps.dynamic_routing' op expects u_hat [N, in, out, dim] and a result [N, out, dim]}}
  %v = caps.dynamic_routing %uh {iterations = 3 : i64} : tensor<1x8x3x6xf32> -> tensor<1x18xf32>
  return %v : tensor<1x18xf32>
}

// -----

func.func @dynamic_routing_result_batch(%uh: tensor<2x8x3x6xf32>) -> tensor<1x3x6xf32> {
  // expected-error @+1 {{'caps.dynamic_routing' op expects u_hat [N, in, out, dim] and a result [N, out, dim]}}
  %v = caps.dynamic_routing %uh {iterations = 3 : i64} : tensor<2x8x3x6xf32> -> tensor<1x3x6xf32>
  return %v : tensor<1x3x6xf32>
}

// -----

func.func @dynamic_routing_variant(%uh: tensor<1x8x3x6xf32>) -> tensor<1x3x6xf32> {
  // expected-error @+1 {{'caps.dynamic_routing' op unknown squash variant '' (sabour, efficient)}}
  %v = caps.dynamic_routing %uh {iterations = 3 : i64, variant = ""} : tensor<1x8x3x6xf32> -> tensor<1x3x6xf32>
  return %v : tensor<1x3x6xf32>
}

// -----

func.func @dynamic_routing_epsilon(%uh: tensor<1x8x3x6xf32>) -> tensor<1x3x6xf32> {
  // expected-error @+1 {{'caps.dynamic_routing' op expects a positive, finite squash epsilon}}
  %v = caps.dynamic_routing %uh {iterations = 3 : i64, epsilon = -1.0 : f32} : tensor<1x8x3x6xf32> -> tensor<1x3x6xf32>
  return %v : tensor<1x3x6xf32>
}

// -----

// self_attention_routing: the same shapes as dynamic routing, plus log priors [in, out].
func.func @self_attention_routing_result(%uh: tensor<1x16x10x8xf32>, %p: tensor<16x10xf32>) -> tensor<1x10x16xf32> {
  // expected-error @+1 {{'caps.self_attention_routing' op expects u_hat [N, in, out, dim] and a result [N, out, dim]}}
  %v = caps.self_attention_routing %uh, %p : (tensor<1x16x10x8xf32>, tensor<16x10xf32>) -> tensor<1x10x16xf32>
  return %v : tensor<1x10x16xf32>
}

// -----

func.func @self_attention_routing_input_rank(%uh: tensor<16x10x8xf32>, %p: tensor<16x10xf32>) -> tensor<10x8xf32> {
  // expected-error @+1 {{'caps.self_attention_routing' op expects u_hat [N, in, out, dim] and a result [N, out, dim]}}
  %v = caps.self_attention_routing %uh, %p : (tensor<16x10x8xf32>, tensor<16x10xf32>) -> tensor<10x8xf32>
  return %v : tensor<10x8xf32>
}

// -----

// Log priors transposed ([out, in]).
func.func @self_attention_routing_log_prior(%uh: tensor<1x16x10x8xf32>, %p: tensor<10x16xf32>) -> tensor<1x10x8xf32> {
  // expected-error @+1 {{'caps.self_attention_routing' op expects log priors of shape [in, out]}}
  %v = caps.self_attention_routing %uh, %p : (tensor<1x16x10x8xf32>, tensor<10x16xf32>) -> tensor<1x10x8xf32>
  return %v : tensor<1x10x8xf32>
}

// -----

// Log priors with a batch dim.
func.func @self_attention_routing_log_prior_rank(%uh: tensor<1x16x10x8xf32>, %p: tensor<1x16x10xf32>) -> tensor<1x10x8xf32> {
  // expected-error @+1 {{'caps.self_attention_routing' op expects log priors of shape [in, out]}}
  %v = caps.self_attention_routing %uh, %p : (tensor<1x16x10x8xf32>, tensor<1x16x10xf32>) -> tensor<1x10x8xf32>
  return %v : tensor<1x10x8xf32>
}

// -----

func.func @self_attention_routing_variant(%uh: tensor<1x16x10x8xf32>, %p: tensor<16x10xf32>) -> tensor<1x10x8xf32> {
  // expected-error @+1 {{'caps.self_attention_routing' op unknown squash variant 'attention' (sabour, efficient)}}
  %v = caps.self_attention_routing %uh, %p {variant = "attention"} : (tensor<1x16x10x8xf32>, tensor<16x10xf32>) -> tensor<1x10x8xf32>
  return %v : tensor<1x10x8xf32>
}

// -----

func.func @self_attention_routing_epsilon(%uh: tensor<1x16x10x8xf32>, %p: tensor<16x10xf32>) -> tensor<1x10x8xf32> {
  // expected-error @+1 {{'caps.self_attention_routing' op expects a positive, finite squash epsilon}}
  %v = caps.self_attention_routing %uh, %p {epsilon = 0.0 : f32} : (tensor<1x16x10x8xf32>, tensor<16x10xf32>) -> tensor<1x10x8xf32>
  return %v : tensor<1x10x8xf32>
}

// -----

// length: the result drops exactly the last dim.
func.func @length_scalar(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'caps.length' op expects the result to drop the input's last (capsule) dim}}
  %y = caps.length %x : tensor<f32> -> tensor<f32>
  return %y : tensor<f32>
}

// -----

func.func @length_keepdim(%x: tensor<1x10x6xf32>) -> tensor<1x10x1xf32> {
  // expected-error @+1 {{'caps.length' op expects the result to drop the input's last (capsule) dim}}
  %y = caps.length %x : tensor<1x10x6xf32> -> tensor<1x10x1xf32>
  return %y : tensor<1x10x1xf32>
}

// -----

// Dropping the capsules dim instead of the last.
func.func @length_wrong_dim(%x: tensor<1x10x6xf32>) -> tensor<1x6xf32> {
  // expected-error @+1 {{'caps.length' op expects the result to drop the input's last (capsule) dim}}
  %y = caps.length %x : tensor<1x10x6xf32> -> tensor<1x6xf32>
  return %y : tensor<1x6xf32>
}

// -----

func.func @length_same_shape(%x: tensor<10x6xf32>) -> tensor<10x6xf32> {
  // expected-error @+1 {{'caps.length' op expects the result to drop the input's last (capsule) dim}}
  %y = caps.length %x : tensor<10x6xf32> -> tensor<10x6xf32>
  return %y : tensor<10x6xf32>
}

// -----

func.func @pad_fill_not_constant_mode(%x: tensor<4xf32>, %v: tensor<1xf32>) -> tensor<6xf32> {
  // expected-error @+1 {{'caps.pad' op expects a one-element fill tensor, in constant mode only}}
  %y = caps.pad %x fill %v : tensor<1xf32> {pads = array<i64: 1, 1>, mode = "edge", value = 0.0 : f32} : tensor<4xf32> -> tensor<6xf32>
  return %y : tensor<6xf32>
}
