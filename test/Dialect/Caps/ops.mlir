// RUN: capsc-opt %s | capsc-opt | FileCheck %s
// RUN: capsc-opt %s -mlir-print-op-generic | capsc-opt | FileCheck %s

// Round trip of every caps op through its custom assembly format (first RUN) and through the generic
// form (second RUN): the printed form parses back to the same op.

//===----------------------------------------------------------------------===//
// Convolution and matrix products
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @conv2d_bias
// CHECK-SAME: (%[[X:.+]]: tensor<1x3x8x8xf32>, %[[W:.+]]: tensor<16x3x3x3xf32>, %[[B:.+]]: tensor<16xf32>)
// CHECK: %[[Y:.+]] = caps.conv2d %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
// CHECK: return %[[Y]]
func.func @conv2d_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x8x8xf32> {
  %y = caps.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// Grouped, dilated, strided, asymmetrically padded and without bias:
// H: (9 + 1 + 0 - 2 * 2 - 1) / 2 + 1 = 3, W: (9 + 2 + 1 - 2 * 2 - 1) / 2 + 1 = 4.
// CHECK-LABEL: func.func @conv2d_grouped
// CHECK: caps.conv2d %{{.+}}, %{{.+}} {dilations = array<i64: 2, 2>, group = 2 : i64, pads = array<i64: 1, 2, 0, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x9x9xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x3x4xf32>
func.func @conv2d_grouped(%x: tensor<1x4x9x9xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x3x4xf32> {
  %y = caps.conv2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 2, 0, 1>, dilations = array<i64: 2, 2>, group = 2 : i64} : (tensor<1x4x9x9xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x3x4xf32>
  return %y : tensor<1x6x3x4xf32>
}

// Depthwise: group = input channels.
// CHECK-LABEL: func.func @conv2d_depthwise
// CHECK: caps.conv2d %{{.+}}, %{{.+}}, %{{.+}} {{{.*}}group = 8 : i64{{.*}}} : (tensor<2x8x5x5xf32>, tensor<8x1x3x3xf32>, tensor<8xf32>) -> tensor<2x8x3x3xf32>
func.func @conv2d_depthwise(%x: tensor<2x8x5x5xf32>, %w: tensor<8x1x3x3xf32>, %b: tensor<8xf32>) -> tensor<2x8x3x3xf32> {
  %y = caps.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 8 : i64} : (tensor<2x8x5x5xf32>, tensor<8x1x3x3xf32>, tensor<8xf32>) -> tensor<2x8x3x3xf32>
  return %y : tensor<2x8x3x3xf32>
}

// CHECK-LABEL: func.func @gemm_bias
// CHECK-SAME: (%[[A:.+]]: tensor<1x64xf32>, %[[W:.+]]: tensor<10x64xf32>, %[[C:.+]]: tensor<10xf32>)
// CHECK: caps.gemm %[[A]], %[[W]], %[[C]] {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, trans_a = false, trans_b = true} : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<1x10xf32>
func.func @gemm_bias(%a: tensor<1x64xf32>, %w: tensor<10x64xf32>, %c: tensor<10xf32>) -> tensor<1x10xf32> {
  %y = caps.gemm %a, %w, %c {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// No C, A transposed ([K, M] = [4, 3]), B as is ([K, N] = [4, 5]).
// CHECK-LABEL: func.func @gemm_trans_a
// CHECK-SAME: (%[[A:.+]]: tensor<4x3xf32>, %[[B:.+]]: tensor<4x5xf32>)
// CHECK: caps.gemm %[[A]], %[[B]] {alpha = 5.000000e-01 : f32, beta = 0.000000e+00 : f32, trans_a = true, trans_b = false} : (tensor<4x3xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
func.func @gemm_trans_a(%a: tensor<4x3xf32>, %b: tensor<4x5xf32>) -> tensor<3x5xf32> {
  %y = caps.gemm %a, %b {alpha = 0.5 : f32, beta = 0.0 : f32, trans_a = true, trans_b = false} : (tensor<4x3xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  return %y : tensor<3x5xf32>
}

// Both transposed, C a [M, 1] column that broadcasts along N.
// CHECK-LABEL: func.func @gemm_trans_both
// CHECK: caps.gemm %{{.+}}, %{{.+}}, %{{.+}} {alpha = 2.000000e+00 : f32, beta = -1.000000e+00 : f32, trans_a = true, trans_b = true} : (tensor<4x3xf32>, tensor<5x4xf32>, tensor<3x1xf32>) -> tensor<3x5xf32>
func.func @gemm_trans_both(%a: tensor<4x3xf32>, %b: tensor<5x4xf32>, %c: tensor<3x1xf32>) -> tensor<3x5xf32> {
  %y = caps.gemm %a, %b, %c {alpha = 2.0 : f32, beta = -1.0 : f32, trans_a = true, trans_b = true} : (tensor<4x3xf32>, tensor<5x4xf32>, tensor<3x1xf32>) -> tensor<3x5xf32>
  return %y : tensor<3x5xf32>
}

// CHECK-LABEL: func.func @matmul_2d
// CHECK: caps.matmul %{{.+}}, %{{.+}} : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
func.func @matmul_2d(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>) -> tensor<3x5xf32> {
  %y = caps.matmul %a, %b : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  return %y : tensor<3x5xf32>
}

// 1-D operands are vectors: their dim is removed from the result.
// CHECK-LABEL: func.func @matmul_1d
// CHECK: caps.matmul %{{.+}}, %{{.+}} : (tensor<4xf32>, tensor<4x5xf32>) -> tensor<5xf32>
// CHECK: caps.matmul %{{.+}}, %{{.+}} : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3xf32>
// CHECK: caps.matmul %{{.+}}, %{{.+}} : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
func.func @matmul_1d(%v: tensor<4xf32>, %m: tensor<4x5xf32>, %n: tensor<3x4xf32>) -> (tensor<5xf32>, tensor<3xf32>, tensor<f32>) {
  %a = caps.matmul %v, %m : (tensor<4xf32>, tensor<4x5xf32>) -> tensor<5xf32>
  %b = caps.matmul %n, %v : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3xf32>
  %c = caps.matmul %v, %v : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %a, %b, %c : tensor<5xf32>, tensor<3xf32>, tensor<f32>
}

// Batch dims broadcast: [2, 1] with [3] gives [2, 3].
// CHECK-LABEL: func.func @matmul_batched
// CHECK: caps.matmul %{{.+}}, %{{.+}} : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
// CHECK: caps.matmul %{{.+}}, %{{.+}} : (tensor<2x1x3x4xf32>, tensor<3x4x5xf32>) -> tensor<2x3x3x5xf32>
func.func @matmul_batched(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>, %c: tensor<2x1x3x4xf32>, %d: tensor<3x4x5xf32>) -> (tensor<2x3x5xf32>, tensor<2x3x3x5xf32>) {
  %0 = caps.matmul %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
  %1 = caps.matmul %c, %d : (tensor<2x1x3x4xf32>, tensor<3x4x5xf32>) -> tensor<2x3x3x5xf32>
  return %0, %1 : tensor<2x3x5xf32>, tensor<2x3x3x5xf32>
}

// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME: (%[[X:.+]]: tensor<1x8x4x4xf32>, %[[S:.+]]: tensor<8xf32>, %[[B:.+]]: tensor<8xf32>, %[[M:.+]]: tensor<8xf32>, %[[V:.+]]: tensor<8xf32>)
// CHECK: caps.batch_norm %[[X]], %[[S]], %[[B]], %[[M]], %[[V]] {epsilon = 9.99999974E-6 : f32} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
func.func @batch_norm(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf32>, %b: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  %y = caps.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-05 : f32} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// Rank 2 input [N, C] is allowed.
// CHECK-LABEL: func.func @batch_norm_2d
// CHECK: caps.batch_norm {{.*}} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @batch_norm_2d(%x: tensor<2x3xf32>, %p: tensor<3xf32>) -> tensor<2x3xf32> {
  %y = caps.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-03 : f32} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

//===----------------------------------------------------------------------===//
// Activations and elementwise math
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @unary
// CHECK-SAME: (%[[X:.+]]: tensor<1x8x4x4xf32>)
// CHECK: %[[R:.+]] = caps.relu %[[X]] : tensor<1x8x4x4xf32>
// CHECK: %[[S:.+]] = caps.sigmoid %[[R]] : tensor<1x8x4x4xf32>
// CHECK: %[[T:.+]] = caps.tanh %[[S]] : tensor<1x8x4x4xf32>
// CHECK: %[[A:.+]] = caps.abs %[[T]] : tensor<1x8x4x4xf32>
// CHECK: %[[N:.+]] = caps.neg %[[A]] : tensor<1x8x4x4xf32>
// CHECK: %[[C:.+]] = caps.reciprocal %[[N]] : tensor<1x8x4x4xf32>
// CHECK: %[[Q:.+]] = caps.sqrt %[[C]] : tensor<1x8x4x4xf32>
// CHECK: %[[E:.+]] = caps.exp %[[Q]] : tensor<1x8x4x4xf32>
// CHECK: return %[[E]]
func.func @unary(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %0 = caps.relu %x : tensor<1x8x4x4xf32>
  %1 = caps.sigmoid %0 : tensor<1x8x4x4xf32>
  %2 = caps.tanh %1 : tensor<1x8x4x4xf32>
  %3 = caps.abs %2 : tensor<1x8x4x4xf32>
  %4 = caps.neg %3 : tensor<1x8x4x4xf32>
  %5 = caps.reciprocal %4 : tensor<1x8x4x4xf32>
  %6 = caps.sqrt %5 : tensor<1x8x4x4xf32>
  %7 = caps.exp %6 : tensor<1x8x4x4xf32>
  return %7 : tensor<1x8x4x4xf32>
}

// Rank-0 tensors are static too.
// CHECK-LABEL: func.func @unary_scalar
// CHECK: caps.relu %{{.+}} : tensor<f32>
func.func @unary_scalar(%x: tensor<f32>) -> tensor<f32> {
  %y = caps.relu %x : tensor<f32>
  return %y : tensor<f32>
}

// ReLU6, and min == max is allowed.
// CHECK-LABEL: func.func @clip
// CHECK: caps.clip %{{.+}} {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<1x8x4x4xf32>
// CHECK: caps.clip %{{.+}} {max = 1.000000e+00 : f32, min = 1.000000e+00 : f32} : tensor<1x8x4x4xf32>
// CHECK: caps.clip %{{.+}} {max = 0x7F800000 : f32, min = 0xFF800000 : f32} : tensor<1x8x4x4xf32>
func.func @clip(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %0 = caps.clip %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x8x4x4xf32>
  %1 = caps.clip %0 {min = 1.0 : f32, max = 1.0 : f32} : tensor<1x8x4x4xf32>
  %2 = caps.clip %1 {min = 0xFF800000 : f32, max = 0x7F800000 : f32} : tensor<1x8x4x4xf32>
  return %2 : tensor<1x8x4x4xf32>
}

// CHECK-LABEL: func.func @leaky_relu
// CHECK: caps.leaky_relu %{{.+}} {alpha = 1.000000e-01 : f32} : tensor<1x8x4x4xf32>
func.func @leaky_relu(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %y = caps.leaky_relu %x {alpha = 0.1 : f32} : tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// Same shapes, per-channel broadcast, broadcast on both sides, and a scalar.
// CHECK-LABEL: func.func @binary
// CHECK-SAME: (%[[X:.+]]: tensor<1x8x4x4xf32>, %[[C:.+]]: tensor<8x1x1xf32>, %[[R:.+]]: tensor<3x1xf32>, %[[L:.+]]: tensor<1x5xf32>, %[[S:.+]]: tensor<f32>)
// CHECK: caps.add %[[X]], %[[X]] : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
// CHECK: caps.sub %{{.+}}, %[[C]] : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
// CHECK: caps.mul %[[C]], %{{.+}} : (tensor<8x1x1xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
// CHECK: caps.div %[[R]], %[[L]] : (tensor<3x1xf32>, tensor<1x5xf32>) -> tensor<3x5xf32>
// CHECK: caps.pow %{{.+}}, %[[S]] : (tensor<3x5xf32>, tensor<f32>) -> tensor<3x5xf32>
// CHECK: caps.max %[[S]], %{{.+}} : (tensor<f32>, tensor<3x5xf32>) -> tensor<3x5xf32>
// CHECK: caps.min %{{.+}}, %[[L]] : (tensor<3x5xf32>, tensor<1x5xf32>) -> tensor<3x5xf32>
func.func @binary(%x: tensor<1x8x4x4xf32>, %c: tensor<8x1x1xf32>, %r: tensor<3x1xf32>, %l: tensor<1x5xf32>, %s: tensor<f32>) -> (tensor<1x8x4x4xf32>, tensor<3x5xf32>) {
  %0 = caps.add %x, %x : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %1 = caps.sub %0, %c : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %2 = caps.mul %c, %1 : (tensor<8x1x1xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %3 = caps.div %r, %l : (tensor<3x1xf32>, tensor<1x5xf32>) -> tensor<3x5xf32>
  %4 = caps.pow %3, %s : (tensor<3x5xf32>, tensor<f32>) -> tensor<3x5xf32>
  %5 = caps.max %s, %4 : (tensor<f32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  %6 = caps.min %5, %l : (tensor<3x5xf32>, tensor<1x5xf32>) -> tensor<3x5xf32>
  return %2, %6 : tensor<1x8x4x4xf32>, tensor<3x5xf32>
}

//===----------------------------------------------------------------------===//
// Pooling, reductions, softmax
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @max_pool2d
// CHECK: caps.max_pool2d %{{.+}} {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x8x4x4xf32> -> tensor<1x8x2x2xf32>
func.func @max_pool2d(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32> {
  %y = caps.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : tensor<1x8x4x4xf32> -> tensor<1x8x2x2xf32>
  return %y : tensor<1x8x2x2xf32>
}

// ceil_mode rounds the output up: (5 - 2) / 2 + 1 = 2 floor, 3 ceil.
// CHECK-LABEL: func.func @max_pool2d_ceil
// CHECK: caps.max_pool2d %{{.+}} {ceil_mode = true, {{.*}}} : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
func.func @max_pool2d_ceil(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %y = caps.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = true} : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// CHECK-LABEL: func.func @avg_pool2d
// CHECK: caps.avg_pool2d %{{.+}} {ceil_mode = false, count_include_pad = true, dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
// CHECK: caps.avg_pool2d %{{.+}} {ceil_mode = true, count_include_pad = false, dilations = array<i64: 1, 1>, kernel = array<i64: 3, 2>, pads = array<i64: 0, 1, 1, 0>, strides = array<i64: 2, 3>} : tensor<1x8x4x4xf32> -> tensor<1x8x2x2xf32>
func.func @avg_pool2d(%x: tensor<1x8x4x4xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x8x2x2xf32>) {
  %0 = caps.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, ceil_mode = false, count_include_pad = true} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
  %1 = caps.avg_pool2d %x {kernel = array<i64: 3, 2>, strides = array<i64: 2, 3>, pads = array<i64: 0, 1, 1, 0>, dilations = array<i64: 1, 1>, ceil_mode = true, count_include_pad = false} : tensor<1x8x4x4xf32> -> tensor<1x8x2x2xf32>
  return %0, %1 : tensor<1x8x4x4xf32>, tensor<1x8x2x2xf32>
}

// CHECK-LABEL: func.func @global_pool
// CHECK: caps.global_avg_pool %{{.+}} : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
// CHECK: caps.global_max_pool %{{.+}} : tensor<2x3x7xf32> -> tensor<2x3x1xf32>
func.func @global_pool(%x: tensor<1x8x4x4xf32>, %z: tensor<2x3x7xf32>) -> (tensor<1x8x1x1xf32>, tensor<2x3x1xf32>) {
  %0 = caps.global_avg_pool %x : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %1 = caps.global_max_pool %z : tensor<2x3x7xf32> -> tensor<2x3x1xf32>
  return %0, %1 : tensor<1x8x1x1xf32>, tensor<2x3x1xf32>
}

// CHECK-LABEL: func.func @reduce
// CHECK: caps.reduce_sum %{{.+}} {axes = array<i64: 2, 3>, keepdims = true} : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
// CHECK: caps.reduce_mean %{{.+}} {axes = array<i64: 1, 3>, keepdims = false} : tensor<1x8x4x4xf32> -> tensor<1x4xf32>
// CHECK: caps.reduce_max %{{.+}} {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<1x8x4x4xf32> -> tensor<f32>
// CHECK: caps.reduce_sum %{{.+}} {axes = array<i64>, keepdims = false} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
func.func @reduce(%x: tensor<1x8x4x4xf32>) -> (tensor<1x8x1x1xf32>, tensor<1x4xf32>, tensor<f32>, tensor<1x8x4x4xf32>) {
  %0 = caps.reduce_sum %x {axes = array<i64: 2, 3>, keepdims = true} : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  %1 = caps.reduce_mean %x {axes = array<i64: 1, 3>, keepdims = false} : tensor<1x8x4x4xf32> -> tensor<1x4xf32>
  %2 = caps.reduce_max %x {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<1x8x4x4xf32> -> tensor<f32>
  // Empty axes: the identity.
  %3 = caps.reduce_sum %x {axes = array<i64>, keepdims = false} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
  return %0, %1, %2, %3 : tensor<1x8x1x1xf32>, tensor<1x4xf32>, tensor<f32>, tensor<1x8x4x4xf32>
}

// CHECK-LABEL: func.func @softmax
// CHECK: caps.softmax %{{.+}} {axis = 1 : i64} : tensor<1x10xf32>
// CHECK: caps.softmax %{{.+}} {axis = 0 : i64} : tensor<2x3x4xf32>
func.func @softmax(%x: tensor<1x10xf32>, %z: tensor<2x3x4xf32>) -> (tensor<1x10xf32>, tensor<2x3x4xf32>) {
  %0 = caps.softmax %x {axis = 1 : i64} : tensor<1x10xf32>
  %1 = caps.softmax %z {axis = 0 : i64} : tensor<2x3x4xf32>
  return %0, %1 : tensor<1x10xf32>, tensor<2x3x4xf32>
}

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @reshape
// CHECK: caps.reshape %{{.+}} : tensor<1x8x2x2xf32> -> tensor<1x32xf32>
// CHECK: caps.reshape %{{.+}} : tensor<1x32xf32> -> tensor<32xf32>
func.func @reshape(%x: tensor<1x8x2x2xf32>) -> (tensor<1x32xf32>, tensor<32xf32>) {
  %0 = caps.reshape %x : tensor<1x8x2x2xf32> -> tensor<1x32xf32>
  %1 = caps.reshape %0 : tensor<1x32xf32> -> tensor<32xf32>
  return %0, %1 : tensor<1x32xf32>, tensor<32xf32>
}

// CHECK-LABEL: func.func @transpose
// CHECK: caps.transpose %{{.+}} {perm = array<i64: 0, 2, 3, 1>} : tensor<1x8x4x2xf32> -> tensor<1x4x2x8xf32>
func.func @transpose(%x: tensor<1x8x4x2xf32>) -> tensor<1x4x2x8xf32> {
  %y = caps.transpose %x {perm = array<i64: 0, 2, 3, 1>} : tensor<1x8x4x2xf32> -> tensor<1x4x2x8xf32>
  return %y : tensor<1x4x2x8xf32>
}

// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.+]]: tensor<1x2x4xf32>, %[[B:.+]]: tensor<1x3x4xf32>)
// CHECK: caps.concat %[[A]], %[[B]] {axis = 1 : i64} : (tensor<1x2x4xf32>, tensor<1x3x4xf32>) -> tensor<1x5x4xf32>
// CHECK: caps.concat %[[A]], %[[A]], %[[A]] {axis = 2 : i64} : (tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>) -> tensor<1x2x12xf32>
// CHECK: caps.concat %[[A]] {axis = 0 : i64} : (tensor<1x2x4xf32>) -> tensor<1x2x4xf32>
func.func @concat(%a: tensor<1x2x4xf32>, %b: tensor<1x3x4xf32>) -> (tensor<1x5x4xf32>, tensor<1x2x12xf32>, tensor<1x2x4xf32>) {
  %0 = caps.concat %a, %b {axis = 1 : i64} : (tensor<1x2x4xf32>, tensor<1x3x4xf32>) -> tensor<1x5x4xf32>
  %1 = caps.concat %a, %a, %a {axis = 2 : i64} : (tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>) -> tensor<1x2x12xf32>
  %2 = caps.concat %a {axis = 0 : i64} : (tensor<1x2x4xf32>) -> tensor<1x2x4xf32>
  return %0, %1, %2 : tensor<1x5x4xf32>, tensor<1x2x12xf32>, tensor<1x2x4xf32>
}

// A reversal (negative step) and a strided window.
// CHECK-LABEL: func.func @slice
// CHECK: caps.slice %{{.+}} {starts = array<i64: 0, 3>, steps = array<i64: 1, -1>} : tensor<2x4xf32> -> tensor<2x4xf32>
// CHECK: caps.slice %{{.+}} {starts = array<i64: 1, 0>, steps = array<i64: 1, 2>} : tensor<2x4xf32> -> tensor<1x2xf32>
// CHECK: caps.slice %{{.+}} {starts = array<i64: 1, 3>, steps = array<i64: -1, -2>} : tensor<2x4xf32> -> tensor<2x2xf32>
func.func @slice(%x: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<1x2xf32>, tensor<2x2xf32>) {
  %0 = caps.slice %x {starts = array<i64: 0, 3>, steps = array<i64: 1, -1>} : tensor<2x4xf32> -> tensor<2x4xf32>
  %1 = caps.slice %x {starts = array<i64: 1, 0>, steps = array<i64: 1, 2>} : tensor<2x4xf32> -> tensor<1x2xf32>
  %2 = caps.slice %x {starts = array<i64: 1, 3>, steps = array<i64: -1, -2>} : tensor<2x4xf32> -> tensor<2x2xf32>
  return %0, %1, %2 : tensor<2x4xf32>, tensor<1x2xf32>, tensor<2x2xf32>
}

// The three modes, and negative pads (a crop).
// CHECK-LABEL: func.func @pad
// CHECK: caps.pad %{{.+}} {mode = "constant", pads = array<i64: 0, 0, 1, 2, 0, 0, 3, 0>, value = 1.500000e+00 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x8x6xf32>
// CHECK: caps.pad %{{.+}} {mode = "reflect", pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 0.000000e+00 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x6x6xf32>
// CHECK: caps.pad %{{.+}} {mode = "edge", pads = array<i64: 0, 0, 5, 0, 0, 0, 0, 5>, value = 0.000000e+00 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x9x9xf32>
// CHECK: caps.pad %{{.+}} {mode = "constant", pads = array<i64: 0, 0, -1, 0, 0, 0, 0, -2>, value = 0.000000e+00 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x3x2xf32>
func.func @pad(%x: tensor<1x1x4x4xf32>) -> (tensor<1x1x8x6xf32>, tensor<1x1x6x6xf32>, tensor<1x1x9x9xf32>, tensor<1x1x3x2xf32>) {
  %0 = caps.pad %x {pads = array<i64: 0, 0, 1, 2, 0, 0, 3, 0>, mode = "constant", value = 1.5 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x8x6xf32>
  %1 = caps.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "reflect", value = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x6x6xf32>
  %2 = caps.pad %x {pads = array<i64: 0, 0, 5, 0, 0, 0, 0, 5>, mode = "edge", value = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x9x9xf32>
  %3 = caps.pad %x {pads = array<i64: 0, 0, -1, 0, 0, 0, 0, -2>, mode = "constant", value = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x3x2xf32>
  return %0, %1, %2, %3 : tensor<1x1x8x6xf32>, tensor<1x1x6x6xf32>, tensor<1x1x9x9xf32>, tensor<1x1x3x2xf32>
}

// CHECK-LABEL: func.func @cast
// CHECK: caps.cast %{{.+}} : tensor<4xf32> -> tensor<4xf32>
func.func @cast(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = caps.cast %x : tensor<4xf32> -> tensor<4xf32>
  return %y : tensor<4xf32>
}

//===----------------------------------------------------------------------===//
// Capsule networks
//===----------------------------------------------------------------------===//

// The squash attributes have defaults (variant "sabour", epsilon 1e-7) which the custom form elides,
// whether they were left out or written explicitly; other values are printed.
// CHECK-LABEL: func.func @squash
// CHECK-SAME: (%[[X:.+]]: tensor<1x8x4xf32>, %[[V:.+]]: tensor<4xf32>)
// CHECK-NEXT: %[[D:.+]] = caps.squash %[[X]] : tensor<1x8x4xf32>
// CHECK-NEXT: %[[E:.+]] = caps.squash %[[X]] : tensor<1x8x4xf32>
// CHECK-NEXT: %[[F:.+]] = caps.squash %[[X]] {epsilon = 1.000000e-03 : f32, variant = "efficient"} : tensor<1x8x4xf32>
// CHECK-NEXT: %[[G:.+]] = caps.squash %[[X]] {variant = "efficient"} : tensor<1x8x4xf32>
// CHECK-NEXT: %[[H:.+]] = caps.squash %[[X]] {epsilon = 5.000000e-01 : f32} : tensor<1x8x4xf32>
// A single capsule (rank 1).
// CHECK-NEXT: %[[I:.+]] = caps.squash %[[V]] : tensor<4xf32>
// CHECK-NEXT: return %[[D]], %[[E]], %[[F]], %[[G]], %[[H]], %[[I]]
func.func @squash(%x: tensor<1x8x4xf32>, %v: tensor<4xf32>) -> (tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<4xf32>) {
  %0 = caps.squash %x : tensor<1x8x4xf32>
  %1 = caps.squash %x {variant = "sabour", epsilon = 1.0e-7 : f32} : tensor<1x8x4xf32>
  %2 = caps.squash %x {variant = "efficient", epsilon = 1.0e-3 : f32} : tensor<1x8x4xf32>
  %3 = caps.squash %x {variant = "efficient"} : tensor<1x8x4xf32>
  %4 = caps.squash %x {epsilon = 0.5 : f32} : tensor<1x8x4xf32>
  %5 = caps.squash %v : tensor<4xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<4xf32>
}

// The conv output [1, 8, 2, 2] ((6 - 3) / 2 + 1 = 2) holds 32 values: 8 capsules of 4.
// CHECK-LABEL: func.func @primary_caps
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x6x6xf32>, %[[W:.+]]: tensor<8x2x3x3xf32>, %[[B:.+]]: tensor<8xf32>)
// CHECK-NEXT: %[[U:.+]] = caps.primary_caps %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4xf32>
// The same with the default squash attributes written out: elided.
// CHECK-NEXT: %[[U2:.+]] = caps.primary_caps %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4xf32>
// Without bias, the capsule dim (16) spanning several channels: 32 values, 2 capsules.
// CHECK-NEXT: %[[U3:.+]] = caps.primary_caps %[[X]], %[[W]] {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>) -> tensor<1x2x16xf32>
// CHECK-NEXT: return %[[U]], %[[U2]], %[[U3]]
func.func @primary_caps(%x: tensor<1x2x6x6xf32>, %w: tensor<8x2x3x3xf32>, %b: tensor<8xf32>) -> (tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<1x2x16xf32>) {
  %0 = caps.primary_caps %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4xf32>
  %1 = caps.primary_caps %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, variant = "sabour", epsilon = 1.0e-07 : f32} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4xf32>
  %2 = caps.primary_caps %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>) -> tensor<1x2x16xf32>
  return %0, %1, %2 : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<1x2x16xf32>
}

// Grouped, padded, dilated, batch 2, efficient squash: H = W = (5 + 2 - 2 * 2 - 1) / 1 + 1 = 3, so
// 6 * 3 * 3 = 54 values per image, 9 capsules of 6 (or 18 of 3).
// CHECK-LABEL: func.func @primary_caps_grouped
// CHECK: caps.primary_caps %{{.+}}, %{{.+}} {dilations = array<i64: 2, 2>, epsilon = 1.250000e-01 : f32, group = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, variant = "efficient"} : (tensor<2x4x5x5xf32>, tensor<6x2x3x3xf32>) -> tensor<2x9x6xf32>
// CHECK: caps.primary_caps %{{.+}}, %{{.+}} {dilations = array<i64: 2, 2>, group = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, variant = "efficient"} : (tensor<2x4x5x5xf32>, tensor<6x2x3x3xf32>) -> tensor<2x18x3xf32>
func.func @primary_caps_grouped(%x: tensor<2x4x5x5xf32>, %w: tensor<6x2x3x3xf32>) -> (tensor<2x9x6xf32>, tensor<2x18x3xf32>) {
  %0 = caps.primary_caps %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 2, 2>, group = 2 : i64, variant = "efficient", epsilon = 0.125 : f32} : (tensor<2x4x5x5xf32>, tensor<6x2x3x3xf32>) -> tensor<2x9x6xf32>
  %1 = caps.primary_caps %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 2, 2>, group = 2 : i64, variant = "efficient"} : (tensor<2x4x5x5xf32>, tensor<6x2x3x3xf32>) -> tensor<2x18x3xf32>
  return %0, %1 : tensor<2x9x6xf32>, tensor<2x18x3xf32>
}

// u [N, in, in_dim] = [2, 8, 4], W [in, out, out_dim, in_dim] = [8, 3, 6, 4] -> [N, in, out, out_dim].
// CHECK-LABEL: func.func @predict
// CHECK-SAME: (%[[U:.+]]: tensor<2x8x4xf32>, %[[W:.+]]: tensor<8x3x6x4xf32>)
// CHECK-NEXT: %[[UH:.+]] = caps.predict %[[U]], %[[W]] : (tensor<2x8x4xf32>, tensor<8x3x6x4xf32>) -> tensor<2x8x3x6xf32>
// CHECK-NEXT: return %[[UH]]
func.func @predict(%u: tensor<2x8x4xf32>, %w: tensor<8x3x6x4xf32>) -> tensor<2x8x3x6xf32> {
  %0 = caps.predict %u, %w : (tensor<2x8x4xf32>, tensor<8x3x6x4xf32>) -> tensor<2x8x3x6xf32>
  return %0 : tensor<2x8x3x6xf32>
}

// `iterations` has no default; the squash attributes do. 1e-5 is not exact in float32: it prints as the
// nearest float.
// CHECK-LABEL: func.func @dynamic_routing
// CHECK-SAME: (%[[UH:.+]]: tensor<2x8x3x6xf32>)
// CHECK-NEXT: %[[A:.+]] = caps.dynamic_routing %[[UH]] {iterations = 3 : i64} : tensor<2x8x3x6xf32> -> tensor<2x3x6xf32>
// CHECK-NEXT: %[[B:.+]] = caps.dynamic_routing %[[UH]] {iterations = 3 : i64} : tensor<2x8x3x6xf32> -> tensor<2x3x6xf32>
// CHECK-NEXT: %[[C:.+]] = caps.dynamic_routing %[[UH]] {epsilon = 9.99999974E-6 : f32, iterations = 1 : i64, variant = "efficient"} : tensor<2x8x3x6xf32> -> tensor<2x3x6xf32>
// CHECK-NEXT: return %[[A]], %[[B]], %[[C]]
func.func @dynamic_routing(%uh: tensor<2x8x3x6xf32>) -> (tensor<2x3x6xf32>, tensor<2x3x6xf32>, tensor<2x3x6xf32>) {
  %0 = caps.dynamic_routing %uh {iterations = 3 : i64} : tensor<2x8x3x6xf32> -> tensor<2x3x6xf32>
  %1 = caps.dynamic_routing %uh {iterations = 3 : i64, variant = "sabour", epsilon = 1.0e-7 : f32} : tensor<2x8x3x6xf32> -> tensor<2x3x6xf32>
  %2 = caps.dynamic_routing %uh {iterations = 1 : i64, variant = "efficient", epsilon = 1.0e-5 : f32} : tensor<2x8x3x6xf32> -> tensor<2x3x6xf32>
  return %0, %1, %2 : tensor<2x3x6xf32>, tensor<2x3x6xf32>, tensor<2x3x6xf32>
}

// Self-attention routing defaults to the "efficient" squash: that is elided, "sabour" is printed.
// CHECK-LABEL: func.func @self_attention_routing
// CHECK-SAME: (%[[UH:.+]]: tensor<1x16x10x8xf32>, %[[P:.+]]: tensor<16x10xf32>)
// CHECK-NEXT: %[[A:.+]] = caps.self_attention_routing %[[UH]], %[[P]] : (tensor<1x16x10x8xf32>, tensor<16x10xf32>) -> tensor<1x10x8xf32>
// CHECK-NEXT: %[[B:.+]] = caps.self_attention_routing %[[UH]], %[[P]] : (tensor<1x16x10x8xf32>, tensor<16x10xf32>) -> tensor<1x10x8xf32>
// CHECK-NEXT: %[[C:.+]] = caps.self_attention_routing %[[UH]], %[[P]] {variant = "sabour"} : (tensor<1x16x10x8xf32>, tensor<16x10xf32>) -> tensor<1x10x8xf32>
// CHECK-NEXT: %[[D:.+]] = caps.self_attention_routing %[[UH]], %[[P]] {epsilon = 1.000000e-03 : f32} : (tensor<1x16x10x8xf32>, tensor<16x10xf32>) -> tensor<1x10x8xf32>
// CHECK-NEXT: return %[[A]], %[[B]], %[[C]], %[[D]]
func.func @self_attention_routing(%uh: tensor<1x16x10x8xf32>, %p: tensor<16x10xf32>) -> (tensor<1x10x8xf32>, tensor<1x10x8xf32>, tensor<1x10x8xf32>, tensor<1x10x8xf32>) {
  %0 = caps.self_attention_routing %uh, %p : (tensor<1x16x10x8xf32>, tensor<16x10xf32>) -> tensor<1x10x8xf32>
  %1 = caps.self_attention_routing %uh, %p {variant = "efficient", epsilon = 1.0e-7 : f32} : (tensor<1x16x10x8xf32>, tensor<16x10xf32>) -> tensor<1x10x8xf32>
  %2 = caps.self_attention_routing %uh, %p {variant = "sabour"} : (tensor<1x16x10x8xf32>, tensor<16x10xf32>) -> tensor<1x10x8xf32>
  %3 = caps.self_attention_routing %uh, %p {epsilon = 1.0e-3 : f32} : (tensor<1x16x10x8xf32>, tensor<16x10xf32>) -> tensor<1x10x8xf32>
  return %0, %1, %2, %3 : tensor<1x10x8xf32>, tensor<1x10x8xf32>, tensor<1x10x8xf32>, tensor<1x10x8xf32>
}

// The last dim is dropped; one capsule's length is a scalar.
// CHECK-LABEL: func.func @length
// CHECK: caps.length %{{.+}} : tensor<1x10x6xf32> -> tensor<1x10xf32>
// CHECK: caps.length %{{.+}} : tensor<2x3x4x5xf32> -> tensor<2x3x4xf32>
// CHECK: caps.length %{{.+}} : tensor<6xf32> -> tensor<f32>
func.func @length(%v: tensor<1x10x6xf32>, %w: tensor<2x3x4x5xf32>, %c: tensor<6xf32>) -> (tensor<1x10xf32>, tensor<2x3x4xf32>, tensor<f32>) {
  %0 = caps.length %v : tensor<1x10x6xf32> -> tensor<1x10xf32>
  %1 = caps.length %w : tensor<2x3x4x5xf32> -> tensor<2x3x4xf32>
  %2 = caps.length %c : tensor<6xf32> -> tensor<f32>
  return %0, %1, %2 : tensor<1x10xf32>, tensor<2x3x4xf32>, tensor<f32>
}

// CHECK-LABEL: func.func @pad_fill
// CHECK: caps.pad %arg0 fill %arg1 : tensor<1xf32> {mode = "constant", pads = array<i64: 1, 1>, value = 0.000000e+00 : f32} : tensor<4xf32> -> tensor<6xf32>
func.func @pad_fill(%x: tensor<4xf32>, %v: tensor<1xf32>) -> tensor<6xf32> {
  %y = caps.pad %x fill %v : tensor<1xf32> {pads = array<i64: 1, 1>, mode = "constant", value = 0.0 : f32} : tensor<4xf32> -> tensor<6xf32>
  return %y : tensor<6xf32>
}
