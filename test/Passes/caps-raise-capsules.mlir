// RUN: capsc-opt %s -caps-raise-capsules -canonicalize -split-input-file 2>/dev/null | FileCheck %s

// Sabour's squash spelled out: |s|^2 / (1 + |s|^2) * s / sqrt(|s|^2 + eps).
// CHECK-LABEL: func.func @squash_sabour
// CHECK-NEXT: %[[V:.+]] = caps.squash %arg0 {epsilon = 9.99999974E-6 : f32} : tensor<2x5x4xf32>
// CHECK-NEXT: return %[[V]]
func.func @squash_sabour(%s: tensor<2x5x4xf32>) -> tensor<2x5x4xf32> {
  %one = arith.constant dense<1.0> : tensor<f32>
  %eps = arith.constant dense<1.0e-5> : tensor<f32>
  %sq = caps.mul %s, %s : (tensor<2x5x4xf32>, tensor<2x5x4xf32>) -> tensor<2x5x4xf32>
  %n2 = caps.reduce_sum %sq {axes = array<i64: 2>, keepdims = true} : tensor<2x5x4xf32> -> tensor<2x5x1xf32>
  %den = caps.add %n2, %one : (tensor<2x5x1xf32>, tensor<f32>) -> tensor<2x5x1xf32>
  %scale = caps.div %n2, %den : (tensor<2x5x1xf32>, tensor<2x5x1xf32>) -> tensor<2x5x1xf32>
  %scaled = caps.mul %scale, %s : (tensor<2x5x1xf32>, tensor<2x5x4xf32>) -> tensor<2x5x4xf32>
  %n2e = caps.add %n2, %eps : (tensor<2x5x1xf32>, tensor<f32>) -> tensor<2x5x1xf32>
  %norm = caps.sqrt %n2e : tensor<2x5x1xf32>
  %v = caps.div %scaled, %norm : (tensor<2x5x4xf32>, tensor<2x5x1xf32>) -> tensor<2x5x4xf32>
  return %v : tensor<2x5x4xf32>
}

// -----

// Efficient-CapsNet's squash: (1 - 1/exp(|s|)) * s / (|s| + eps), with the norm from a pow.
// CHECK-LABEL: func.func @squash_efficient
// CHECK-NEXT: %[[V:.+]] = caps.squash %arg0 {variant = "efficient"} : tensor<1x16x8xf32>
// CHECK-NEXT: return %[[V]]
func.func @squash_efficient(%s: tensor<1x16x8xf32>) -> tensor<1x16x8xf32> {
  %one = arith.constant dense<1.0> : tensor<f32>
  %two = arith.constant dense<2.0> : tensor<f32>
  %eps = arith.constant dense<1.0e-7> : tensor<f32>
  %sq = caps.pow %s, %two : (tensor<1x16x8xf32>, tensor<f32>) -> tensor<1x16x8xf32>
  %n2 = caps.reduce_sum %sq {axes = array<i64: 2>, keepdims = true} : tensor<1x16x8xf32> -> tensor<1x16x1xf32>
  %n = caps.sqrt %n2 : tensor<1x16x1xf32>
  %e = caps.exp %n : tensor<1x16x1xf32>
  %inv = caps.div %one, %e : (tensor<f32>, tensor<1x16x1xf32>) -> tensor<1x16x1xf32>
  %coef = caps.sub %one, %inv : (tensor<f32>, tensor<1x16x1xf32>) -> tensor<1x16x1xf32>
  %ne = caps.add %n, %eps : (tensor<1x16x1xf32>, tensor<f32>) -> tensor<1x16x1xf32>
  %unit = caps.div %s, %ne : (tensor<1x16x8xf32>, tensor<1x16x1xf32>) -> tensor<1x16x8xf32>
  %v = caps.mul %coef, %unit : (tensor<1x16x1xf32>, tensor<1x16x8xf32>) -> tensor<1x16x8xf32>
  return %v : tensor<1x16x8xf32>
}

// -----

// Looks like a squash but is not one (no division by the norm): values decide, nothing is raised.
// CHECK-LABEL: func.func @not_a_squash
// CHECK-NOT: caps.squash
// CHECK: caps.reduce_sum
func.func @not_a_squash(%s: tensor<1x5x4xf32>) -> tensor<1x5x4xf32> {
  %one = arith.constant dense<1.0> : tensor<f32>
  %sq = caps.mul %s, %s : (tensor<1x5x4xf32>, tensor<1x5x4xf32>) -> tensor<1x5x4xf32>
  %n2 = caps.reduce_sum %sq {axes = array<i64: 2>, keepdims = true} : tensor<1x5x4xf32> -> tensor<1x5x1xf32>
  %den = caps.add %n2, %one : (tensor<1x5x1xf32>, tensor<f32>) -> tensor<1x5x1xf32>
  %scale = caps.div %n2, %den : (tensor<1x5x1xf32>, tensor<1x5x1xf32>) -> tensor<1x5x1xf32>
  %v = caps.mul %scale, %s : (tensor<1x5x1xf32>, tensor<1x5x4xf32>) -> tensor<1x5x4xf32>
  return %v : tensor<1x5x4xf32>
}

// -----

// Capsule lengths.
// CHECK-LABEL: func.func @length
// CHECK-NEXT: %[[L:.+]] = caps.length %arg0 : tensor<1x10x6xf32> -> tensor<1x10xf32>
// CHECK-NEXT: return %[[L]]
func.func @length(%v: tensor<1x10x6xf32>) -> tensor<1x10xf32> {
  %sq = caps.mul %v, %v : (tensor<1x10x6xf32>, tensor<1x10x6xf32>) -> tensor<1x10x6xf32>
  %n2 = caps.reduce_sum %sq {axes = array<i64: 2>, keepdims = false} : tensor<1x10x6xf32> -> tensor<1x10xf32>
  %l = caps.sqrt %n2 : tensor<1x10xf32>
  return %l : tensor<1x10xf32>
}

// -----

// Routing with the softmax over the *input* capsules (a common bug in CapsNet code) is a different
// function: it must stay generic.
// CHECK-LABEL: func.func @softmax_over_inputs
// CHECK-NOT: caps.dynamic_routing
// CHECK: caps.softmax
func.func @softmax_over_inputs(%uh: tensor<1x8x3x4xf32>) -> tensor<1x3x4xf32> {
  %b0 = arith.constant dense<0.0> : tensor<1x8x3xf32>
  %c0 = caps.softmax %b0 {axis = 1 : i64} : tensor<1x8x3xf32>
  %c0r = caps.reshape %c0 : tensor<1x8x3xf32> -> tensor<1x8x3x1xf32>
  %w0 = caps.mul %c0r, %uh : (tensor<1x8x3x1xf32>, tensor<1x8x3x4xf32>) -> tensor<1x8x3x4xf32>
  %s0 = caps.reduce_sum %w0 {axes = array<i64: 1>, keepdims = false} : tensor<1x8x3x4xf32> -> tensor<1x3x4xf32>
  %v0 = caps.squash %s0 : tensor<1x3x4xf32>
  %v0r = caps.reshape %v0 : tensor<1x3x4xf32> -> tensor<1x1x3x4xf32>
  %a = caps.mul %uh, %v0r : (tensor<1x8x3x4xf32>, tensor<1x1x3x4xf32>) -> tensor<1x8x3x4xf32>
  %b1 = caps.reduce_sum %a {axes = array<i64: 3>, keepdims = false} : tensor<1x8x3x4xf32> -> tensor<1x8x3xf32>
  %c1 = caps.softmax %b1 {axis = 1 : i64} : tensor<1x8x3xf32>
  %c1r = caps.reshape %c1 : tensor<1x8x3xf32> -> tensor<1x8x3x1xf32>
  %w1 = caps.mul %c1r, %uh : (tensor<1x8x3x1xf32>, tensor<1x8x3x4xf32>) -> tensor<1x8x3x4xf32>
  %s1 = caps.reduce_sum %w1 {axes = array<i64: 1>, keepdims = false} : tensor<1x8x3x4xf32> -> tensor<1x3x4xf32>
  %v1 = caps.squash %s1 : tensor<1x3x4xf32>
  return %v1 : tensor<1x3x4xf32>
}
