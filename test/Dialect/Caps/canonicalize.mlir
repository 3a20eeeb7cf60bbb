// RUN: capsc-opt %s -canonicalize | FileCheck %s

// The folders of caps.reshape, caps.transpose, caps.pad and caps.cast.

// Two reshapes in a row are one reshape of the original value.
// CHECK-LABEL: func.func @reshape_of_reshape
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK-NEXT: %[[R:.+]] = caps.reshape %[[X]] : tensor<2x3x4xf32> -> tensor<24xf32>
// CHECK-NEXT: return %[[R]]
func.func @reshape_of_reshape(%x: tensor<2x3x4xf32>) -> tensor<24xf32> {
  %0 = caps.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %1 = caps.reshape %0 : tensor<6x4xf32> -> tensor<24xf32>
  return %1 : tensor<24xf32>
}

// A chain that comes back to the input type disappears.
// CHECK-LABEL: func.func @reshape_round_trip
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK-NOT: caps.reshape
// CHECK: return %[[X]]
func.func @reshape_round_trip(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = caps.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %1 = caps.reshape %0 : tensor<6x4xf32> -> tensor<24xf32>
  %2 = caps.reshape %1 : tensor<24xf32> -> tensor<2x3x4xf32>
  return %2 : tensor<2x3x4xf32>
}

// The inner reshape stays while something else uses it.
// CHECK-LABEL: func.func @reshape_of_reshape_shared
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK-DAG: %[[A:.+]] = caps.reshape %[[X]] : tensor<2x3x4xf32> -> tensor<6x4xf32>
// CHECK-DAG: %[[B:.+]] = caps.reshape %[[X]] : tensor<2x3x4xf32> -> tensor<24xf32>
// CHECK: return %[[A]], %[[B]]
func.func @reshape_of_reshape_shared(%x: tensor<2x3x4xf32>) -> (tensor<6x4xf32>, tensor<24xf32>) {
  %0 = caps.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %1 = caps.reshape %0 : tensor<6x4xf32> -> tensor<24xf32>
  return %0, %1 : tensor<6x4xf32>, tensor<24xf32>
}

// CHECK-LABEL: func.func @reshape_same_type
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @reshape_same_type(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = caps.reshape %x : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// A reshaped constant is a constant of the new shape, same elements in the same order.
// CHECK-LABEL: func.func @reshape_constant
// CHECK-NEXT: %[[C:.+]] = arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK-NEXT: return %[[C]]
func.func @reshape_constant() -> tensor<2x3xf32> {
  %c = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %0 = caps.reshape %c : tensor<3x2xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @reshape_splat
// CHECK-NEXT: %[[C:.+]] = arith.constant dense<7.000000e+00> : tensor<1x4xf32>
// CHECK-NEXT: return %[[C]]
func.func @reshape_splat() -> tensor<1x4xf32> {
  %c = arith.constant dense<7.0> : tensor<2x2xf32>
  %0 = caps.reshape %c : tensor<2x2xf32> -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// CHECK-LABEL: func.func @transpose_identity
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK-NEXT: return %[[X]]
func.func @transpose_identity(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = caps.transpose %x {perm = array<i64: 0, 1, 2>} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// A permutation that keeps the type but moves data is not an identity.
// CHECK-LABEL: func.func @transpose_same_type
// CHECK: caps.transpose %{{.+}} {perm = array<i64: 1, 0>} : tensor<3x3xf32> -> tensor<3x3xf32>
func.func @transpose_same_type(%x: tensor<3x3xf32>) -> tensor<3x3xf32> {
  %0 = caps.transpose %x {perm = array<i64: 1, 0>} : tensor<3x3xf32> -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// CHECK-LABEL: func.func @pad_zero
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x4x4xf32>)
// CHECK-NEXT: return %[[X]], %[[X]]
func.func @pad_zero(%x: tensor<1x1x4x4xf32>) -> (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) {
  %0 = caps.pad %x {pads = array<i64: 0, 0, 0, 0, 0, 0, 0, 0>, mode = "constant", value = 3.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x4x4xf32>
  %1 = caps.pad %x {pads = array<i64: 0, 0, 0, 0, 0, 0, 0, 0>, mode = "reflect", value = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x4x4xf32>
  return %0, %1 : tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>
}

// Pads that cancel (one row added on top, one cropped at the bottom) still move the data.
// CHECK-LABEL: func.func @pad_cancelling
// CHECK: caps.pad
func.func @pad_cancelling(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %0 = caps.pad %x {pads = array<i64: 0, 0, 1, 0, 0, 0, -1, 0>, mode = "constant", value = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// CHECK-LABEL: func.func @cast_identity
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
// CHECK-NEXT: return %[[X]]
func.func @cast_identity(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = caps.cast %x : tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// Unused caps ops are pure and go away.
// CHECK-LABEL: func.func @dead
// CHECK-NEXT: return
func.func @dead(%x: tensor<4xf32>) {
  %0 = caps.relu %x : tensor<4xf32>
  %1 = caps.exp %0 : tensor<4xf32>
  return
}

// Everything else stays.
// CHECK-LABEL: func.func @no_fold
// CHECK: caps.reshape
// CHECK: caps.transpose
// CHECK: caps.pad
func.func @no_fold(%x: tensor<2x3xf32>) -> tensor<2x5xf32> {
  %0 = caps.reshape %x : tensor<2x3xf32> -> tensor<3x2xf32>
  %1 = caps.transpose %0 {perm = array<i64: 1, 0>} : tensor<3x2xf32> -> tensor<2x3xf32>
  %2 = caps.pad %1 {pads = array<i64: 0, 1, 0, 1>, mode = "edge", value = 0.0 : f32} : tensor<2x3xf32> -> tensor<2x5xf32>
  return %2 : tensor<2x5xf32>
}
