// RUN: capsc-opt %s -caps-fold -canonicalize | FileCheck %s

// caps ops whose operands are all constants are evaluated on the reference kernels and replaced by
// an arith.constant holding the result; an op with one non-constant operand stays.

// CHECK-LABEL: func.func @transpose
// CHECK-NEXT: %[[C:.+]] = arith.constant dense<{{\[}}[1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK-NEXT: return %[[C]]
func.func @transpose() -> tensor<3x2xf32> {
  %c = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %0 = caps.transpose %c {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// CHECK-LABEL: func.func @relu
// CHECK-NEXT: %[[C:.+]] = arith.constant dense<[0.000000e+00, 0.000000e+00, 0.000000e+00, 2.500000e+00]> : tensor<4xf32>
// CHECK-NEXT: return %[[C]]
func.func @relu() -> tensor<4xf32> {
  %c = arith.constant dense<[-1.0, -0.5, 0.0, 2.5]> : tensor<4xf32>
  %0 = caps.relu %c : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// [2, 1] + [3] broadcasts to [2, 3].
// CHECK-LABEL: func.func @add_broadcast
// CHECK-NEXT: %[[C:.+]] = arith.constant dense<{{\[}}[1.100000e+01, 2.100000e+01, 3.100000e+01], [1.200000e+01, 2.200000e+01, 3.200000e+01]]> : tensor<2x3xf32>
// CHECK-NEXT: return %[[C]]
func.func @add_broadcast() -> tensor<2x3xf32> {
  %a = arith.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %b = arith.constant dense<[10.0, 20.0, 30.0]> : tensor<3xf32>
  %0 = caps.add %a, %b : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// ReLU6 of run-time-bounded Clip: max then min, broadcasting scalars.
// CHECK-LABEL: func.func @max_min
// CHECK-NEXT: %[[C:.+]] = arith.constant dense<[0.000000e+00, 2.000000e+00, 6.000000e+00]> : tensor<3xf32>
// CHECK-NEXT: return %[[C]]
func.func @max_min() -> tensor<3xf32> {
  %x = arith.constant dense<[-3.0, 2.0, 9.0]> : tensor<3xf32>
  %lo = arith.constant dense<0.0> : tensor<f32>
  %hi = arith.constant dense<6.0> : tensor<f32>
  %0 = caps.max %x, %lo : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %1 = caps.min %0, %hi : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  return %1 : tensor<3xf32>
}

// A chain folds completely, each op seeing its folded operands (weight preprocessing: the transposed
// weight of a MatMul scaled by a constant).
// CHECK-LABEL: func.func @chain
// CHECK-NEXT: %[[C:.+]] = arith.constant dense<{{\[}}[2.000000e+00, 6.000000e+00], [4.000000e+00, 8.000000e+00]]> : tensor<2x2xf32>
// CHECK-NEXT: return %[[C]]
func.func @chain() -> tensor<2x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %s = arith.constant dense<2.0> : tensor<f32>
  %0 = caps.transpose %w {perm = array<i64: 1, 0>} : tensor<2x2xf32> -> tensor<2x2xf32>
  %1 = caps.mul %0, %s : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  return %1 : tensor<2x2xf32>
}

// Ops with several kernel calls (concat) and optional operands (gemm without C) fold too.
// CHECK-LABEL: func.func @concat_gemm
// CHECK-NEXT: %[[C:.+]] = arith.constant dense<{{\[}}[5.000000e+00, 1.100000e+01], [1.100000e+01, 2.500000e+01]]> : tensor<2x2xf32>
// CHECK-NEXT: return %[[C]]
func.func @concat_gemm() -> tensor<2x2xf32> {
  %a = arith.constant dense<[[1.0, 2.0]]> : tensor<1x2xf32>
  %b = arith.constant dense<[[3.0, 4.0]]> : tensor<1x2xf32>
  %0 = caps.concat %a, %b {axis = 0 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<2x2xf32>
  %1 = caps.gemm %0, %0 {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return %1 : tensor<2x2xf32>
}

// Reflect padding ([2, 1, 2, 3, 2, 1]) and a reversing slice of a constant.
// CHECK-LABEL: func.func @pad_slice
// CHECK-NEXT: %[[C:.+]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 2.000000e+00, 1.000000e+00, 2.000000e+00]> : tensor<6xf32>
// CHECK-NEXT: return %[[C]]
func.func @pad_slice() -> tensor<6xf32> {
  %c = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %0 = caps.pad %c {pads = array<i64: 1, 2>, mode = "reflect", value = 0.0 : f32} : tensor<3xf32> -> tensor<6xf32>
  %1 = caps.slice %0 {starts = array<i64: 5>, steps = array<i64: -1>} : tensor<6xf32> -> tensor<6xf32>
  return %1 : tensor<6xf32>
}

// The constant half of the graph folds; ops that read the argument stay, with the folded constant
// as their operand.
// CHECK-LABEL: func.func @partial
// CHECK-SAME: (%[[X:.+]]: tensor<2xf32>)
// CHECK-NEXT: %[[C:.+]] = arith.constant dense<[2.000000e+00, 4.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[M:.+]] = caps.mul %[[X]], %[[C]] : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
// CHECK-NEXT: %[[R:.+]] = caps.relu %[[M]] : tensor<2xf32>
// CHECK-NEXT: return %[[R]]
func.func @partial(%x: tensor<2xf32>) -> tensor<2xf32> {
  %c = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = caps.add %c, %c : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %1 = caps.mul %x, %0 : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %2 = caps.relu %1 : tensor<2xf32>
  return %2 : tensor<2xf32>
}

// A convolution with constant weights but a run-time input is not folded.
// CHECK-LABEL: func.func @conv_runtime_input
// CHECK: arith.constant
// CHECK: caps.conv2d
func.func @conv_runtime_input(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x1x1xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %0 = caps.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x1x1xf32>
  return %0 : tensor<1x1x1x1xf32>
}

// The same convolution on a constant input folds: 1 + 2 + ... + 9 = 45.
// CHECK-LABEL: func.func @conv_constant
// CHECK-NEXT: %[[C:.+]] = arith.constant dense<4.500000e+01> : tensor<1x1x1x1xf32>
// CHECK-NEXT: return %[[C]]
func.func @conv_constant() -> tensor<1x1x1x1xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %w = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %0 = caps.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x1x1xf32>
  return %0 : tensor<1x1x1x1xf32>
}

// Softmax along dim 1 of [[0, 0, 0, 0], [5, 5, 5, 5]]: 1/4 everywhere (a splat).
// CHECK-LABEL: func.func @softmax
// CHECK-NEXT: %[[C:.+]] = arith.constant dense<2.500000e-01> : tensor<2x4xf32>
// CHECK-NEXT: return %[[C]]
func.func @softmax() -> tensor<2x4xf32> {
  %c = arith.constant dense<[[0.0, 0.0, 0.0, 0.0], [5.0, 5.0, 5.0, 5.0]]> : tensor<2x4xf32>
  %0 = caps.softmax %c {axis = 1 : i64} : tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
