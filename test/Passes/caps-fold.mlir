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

// Capsule ops fold through the same reference kernels.
//
// Squash of s = [3, 4], sabour: |s|^2 = 25, scale = 25 / 26 / sqrt(25 + 1e-7) = 25 / 26 / 5 (the
// epsilon vanishes in float32 next to 25), so v = [15/26, 20/26] = [0.5769231, 0.7692308]. The kernel
// rounds 25/26 to 0.961538434 and scale to 0.192307681, so the float32 results are 0.576923013 (printed
// 5.769230e-01, its shortest form) and 0.769230723. Efficient: scale = (1 - e^-5) / (5 + 1e-7) =
// 0.1986524, v = [0.5959572, 0.7946096] (printed to 9 digits). A zero capsule stays zero in both
// variants.
// CHECK-LABEL: func.func @squash
// CHECK-NEXT: %[[S:.+]] = arith.constant dense<{{\[}}[5.769230e-01, 0.769230723], [0.000000e+00, 0.000000e+00]]> : tensor<2x2xf32>
// CHECK-NEXT: %[[E:.+]] = arith.constant dense<{{\[}}[0.595957279, 0.794609665], [0.000000e+00, 0.000000e+00]]> : tensor<2x2xf32>
// CHECK-NEXT: return %[[S]], %[[E]]
func.func @squash() -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %c = arith.constant dense<[[3.0, 4.0], [0.0, 0.0]]> : tensor<2x2xf32>
  %0 = caps.squash %c : tensor<2x2xf32>
  %1 = caps.squash %c {variant = "efficient"} : tensor<2x2xf32>
  return %0, %1 : tensor<2x2xf32>, tensor<2x2xf32>
}

// Exact in float32 with epsilon = 1: s = [1, 1, 1], |s|^2 = 3, scale = 3/4 / sqrt(3 + 1) = 0.375;
// s = [1, 0, 0]: scale = 1/2 / sqrt(2) = 0.353553385.
// CHECK-LABEL: func.func @squash_epsilon
// CHECK-NEXT: %[[C:.+]] = arith.constant dense<{{\[}}[3.750000e-01, 3.750000e-01, 3.750000e-01], [0.353553385, 0.000000e+00, 0.000000e+00]]> : tensor<2x3xf32>
// CHECK-NEXT: return %[[C]]
func.func @squash_epsilon() -> tensor<2x3xf32> {
  %c = arith.constant dense<[[1.0, 1.0, 1.0], [1.0, 0.0, 0.0]]> : tensor<2x3xf32>
  %0 = caps.squash %c {epsilon = 1.0 : f32} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// |[3, 4, 0]| = 5, |[1, 2, 2]| = 3, |0| = 0; one capsule's length is a scalar: |[2, 3, 6]| = 7.
// CHECK-LABEL: func.func @length
// CHECK-DAG: %[[L:.+]] = arith.constant dense<[5.000000e+00, 3.000000e+00, 0.000000e+00]> : tensor<3xf32>
// CHECK-DAG: %[[S:.+]] = arith.constant dense<7.000000e+00> : tensor<f32>
// CHECK-NOT: caps.length
// CHECK: return %[[L]], %[[S]]
func.func @length() -> (tensor<3xf32>, tensor<f32>) {
  %c = arith.constant dense<[[3.0, 4.0, 0.0], [1.0, 2.0, 2.0], [0.0, 0.0, 0.0]]> : tensor<3x3xf32>
  %0 = caps.length %c : tensor<3x3xf32> -> tensor<3xf32>
  %v = arith.constant dense<[2.0, 3.0, 6.0]> : tensor<3xf32>
  %1 = caps.length %v : tensor<3xf32> -> tensor<f32>
  return %0, %1 : tensor<3xf32>, tensor<f32>
}

// u = [1, 2] through W_00 = identity and W_01 = the swap: u_hat = [[1, 2], [2, 1]].
// CHECK-LABEL: func.func @predict
// CHECK-NEXT: %[[C:.+]] = arith.constant dense<{{\[\[\[}}[1.000000e+00, 2.000000e+00], [2.000000e+00, 1.000000e+00]]]]> : tensor<1x1x2x2xf32>
// CHECK-NEXT: return %[[C]]
func.func @predict() -> tensor<1x1x2x2xf32> {
  %u = arith.constant dense<[[[1.0, 2.0]]]> : tensor<1x1x2xf32>
  %w = arith.constant dense<[[[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]]]> : tensor<1x2x2x2xf32>
  %0 = caps.predict %u, %w : (tensor<1x1x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// Routing ops fold too (the evaluator gives them scratch). One iteration couples uniformly (1/2 per
// output capsule): s_0 = 1/2 [3, 4] + 1/2 [3, 4] = [3, 4], s_1 = 0, so v is the squash above. With
// one input and one output capsule the couplings are 1 whatever the iterations or the attention, and
// with zero log priors each routing is the squash of u_hat (self-attention squashes "efficient").
// CHECK-LABEL: func.func @routing
// CHECK-DAG: %[[D1:.+]] = arith.constant dense<{{\[\[}}[5.769230e-01, 0.769230723], [0.000000e+00, 0.000000e+00]]]> : tensor<1x2x2xf32>
// CHECK-DAG: %[[D3:.+]] = arith.constant dense<{{\[\[}}[5.769230e-01, 0.769230723]]]> : tensor<1x1x2xf32>
// CHECK-DAG: %[[SA:.+]] = arith.constant dense<{{\[\[}}[0.595957279, 0.794609665]]]> : tensor<1x1x2xf32>
// CHECK-NOT: caps.
// CHECK: return %[[D1]], %[[D3]], %[[SA]]
func.func @routing() -> (tensor<1x2x2xf32>, tensor<1x1x2xf32>, tensor<1x1x2xf32>) {
  %uh2 = arith.constant dense<[[[[3.0, 4.0], [0.0, 0.0]], [[3.0, 4.0], [0.0, 0.0]]]]> : tensor<1x2x2x2xf32>
  %0 = caps.dynamic_routing %uh2 {iterations = 1 : i64} : tensor<1x2x2x2xf32> -> tensor<1x2x2xf32>
  %uh1 = arith.constant dense<[[[[3.0, 4.0]]]]> : tensor<1x1x1x2xf32>
  %p = arith.constant dense<0.0> : tensor<1x1xf32>
  %1 = caps.dynamic_routing %uh1 {iterations = 3 : i64} : tensor<1x1x1x2xf32> -> tensor<1x1x2xf32>
  %2 = caps.self_attention_routing %uh1, %p : (tensor<1x1x1x2xf32>, tensor<1x1xf32>) -> tensor<1x1x2xf32>
  return %0, %1, %2 : tensor<1x2x2xf32>, tensor<1x1x2xf32>, tensor<1x1x2xf32>
}

// primary_caps: a 1x1 convolution of a constant image, then the in-place squash of its output read
// as capsules. Two output channels (3 and 4) form one capsule; or the bias turns [2, 3] into [3, 4].
// CHECK-LABEL: func.func @primary_caps
// CHECK-NEXT: %[[C:.+]] = arith.constant dense<{{\[\[}}[5.769230e-01, 0.769230723]]]> : tensor<1x1x2xf32>
// CHECK-NEXT: return %[[C]], %[[C]]
func.func @primary_caps() -> (tensor<1x1x2xf32>, tensor<1x1x2xf32>) {
  %x = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %w = arith.constant dense<[[[[3.0]]], [[[4.0]]]]> : tensor<2x1x1x1xf32>
  %0 = caps.primary_caps %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x1x1xf32>, tensor<2x1x1x1xf32>) -> tensor<1x1x2xf32>
  %x2 = arith.constant dense<[[[[2.0, 3.0]]]]> : tensor<1x1x1x2xf32>
  %w2 = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %b2 = arith.constant dense<1.0> : tensor<1xf32>
  %1 = caps.primary_caps %x2, %w2, %b2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x1x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x2xf32>
  return %0, %1 : tensor<1x1x2xf32>, tensor<1x1x2xf32>
}

// Routing of a run-time u_hat stays; the constant squash beside it folds.
// CHECK-LABEL: func.func @routing_runtime_input
// CHECK-SAME: (%[[UH:.+]]: tensor<1x1x1x2xf32>)
// CHECK-NEXT: %[[C:.+]] = arith.constant dense<{{\[\[}}[5.769230e-01, 0.769230723]]]> : tensor<1x1x2xf32>
// CHECK-NEXT: %[[V:.+]] = caps.dynamic_routing %[[UH]] {iterations = 3 : i64}
// CHECK-NEXT: %[[A:.+]] = caps.add %[[V]], %[[C]]
// CHECK-NEXT: %[[L:.+]] = caps.length %[[A]]
// CHECK-NEXT: return %[[L]]
func.func @routing_runtime_input(%uh: tensor<1x1x1x2xf32>) -> tensor<1x1xf32> {
  %c = arith.constant dense<[[[3.0, 4.0]]]> : tensor<1x1x2xf32>
  %s = caps.squash %c : tensor<1x1x2xf32>
  %v = caps.dynamic_routing %uh {iterations = 3 : i64} : tensor<1x1x1x2xf32> -> tensor<1x1x2xf32>
  %a = caps.add %v, %s : (tensor<1x1x2xf32>, tensor<1x1x2xf32>) -> tensor<1x1x2xf32>
  %l = caps.length %a : tensor<1x1x2xf32> -> tensor<1x1xf32>
  return %l : tensor<1x1xf32>
}
