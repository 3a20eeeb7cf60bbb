// RUN: capsc-opt %s -split-input-file -caps-layout | FileCheck %s

// A conv -> relu -> neg -> conv chain on a one-channel input: the input transpose only moves a unit dim (a
// reshape), the weights are transposed OIHW -> OHWI at compile time, relu and neg run NHWC, the transposes
// between the convolutions cancel, and one transpose back to NCHW is left at the two-channel result.

// CHECK-LABEL: func.func @chain
// CHECK-DAG:  %[[W1:.+]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00], [2.000000e+00]], {{\[\[}}3.000000e+00], [4.000000e+00]]]]> : tensor<1x2x2x1xf32>
// CHECK-DAG:  %[[W2:.+]] = arith.constant dense<{{\[\[\[\[}}3.000000e+00], [4.000000e+00]], {{\[\[}}5.000000e+00], [6.000000e+00]]], {{\[\[\[}}7.000000e+00], [8.000000e+00]], {{\[\[}}9.000000e+00], [1.000000e+01]]]]> : tensor<2x2x2x1xf32>
// CHECK:      %[[X:.+]] = caps.reshape %arg0 : tensor<1x1x4x4xf32> -> tensor<1x4x4x1xf32>
// CHECK-NEXT: %[[C1:.+]] = caps.conv2d %[[X]], %[[W1]] {channels_last, {{.*}}} : (tensor<1x4x4x1xf32>, tensor<1x2x2x1xf32>) -> tensor<1x3x3x1xf32>
// CHECK-NEXT: %[[R:.+]] = caps.relu %[[C1]] : tensor<1x3x3x1xf32>
// CHECK-NEXT: %[[N:.+]] = caps.neg %[[R]] : tensor<1x3x3x1xf32>
// CHECK-NEXT: %[[C2:.+]] = caps.conv2d %[[N]], %[[W2]] {channels_last, {{.*}}} : (tensor<1x3x3x1xf32>, tensor<2x2x2x1xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT: %[[Y:.+]] = caps.transpose %[[C2]] {perm = array<i64: 0, 3, 1, 2>} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2xf32>
// CHECK-NEXT: return %[[Y]]
func.func @chain(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %w1 = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %w2 = arith.constant dense<[[[[3.0, 4.0], [5.0, 6.0]]], [[[7.0, 8.0], [9.0, 10.0]]]]> : tensor<2x1x2x2xf32>
  %0 = caps.conv2d %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32>
  %1 = caps.relu %0 : tensor<1x1x3x3xf32>
  %2 = caps.neg %1 : tensor<1x1x3x3xf32>
  %3 = caps.conv2d %2, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x3x3xf32>, tensor<2x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %3 : tensor<1x2x2x2xf32>
}

// -----

// A residual block: both operands of the add come out of NHWC ops, so the add (and the multiplication by a
// scalar after it) runs NHWC; the pad and the max pool follow; the global average pool of the NHWC tensor
// is a mean over its spatial axes, and the [1, 1, 1, C] -> [1, C, 1, 1] transpose after it a reshape. The
// multi-channel input keeps a real transpose.

// CHECK-LABEL: func.func @residual
// CHECK:      %[[X:.+]] = caps.transpose %arg0 {perm = array<i64: 0, 2, 3, 1>} : tensor<1x2x4x4xf32> -> tensor<1x4x4x2xf32>
// CHECK-NEXT: %[[C0:.+]] = caps.conv2d %[[X]], %{{.+}}, %{{.+}} {channels_last, {{.*}}} : (tensor<1x4x4x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
// CHECK-NEXT: %[[R:.+]] = caps.relu %[[C0]] : tensor<1x4x4x2xf32>
// CHECK-NEXT: %[[C:.+]] = caps.conv2d %[[R]], %{{.+}}, %{{.+}} {channels_last, {{.*}}} : (tensor<1x4x4x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
// CHECK-NEXT: %[[A:.+]] = caps.add %[[C]], %[[R]] : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
// CHECK-NEXT: %[[S:.+]] = caps.mul %[[A]], %{{.+}} : (tensor<1x4x4x2xf32>, tensor<f32>) -> tensor<1x4x4x2xf32>
// CHECK-NEXT: %[[P:.+]] = caps.pad %[[S]] {mode = "constant", pads = array<i64: 0, 1, 1, 0, 0, 1, 1, 0>, value = 0.000000e+00 : f32} : tensor<1x4x4x2xf32> -> tensor<1x6x6x2xf32>
// CHECK-NEXT: %[[M:.+]] = caps.max_pool2d %[[P]] {ceil_mode = false, channels_last, {{.*}}} : tensor<1x6x6x2xf32> -> tensor<1x3x3x2xf32>
// CHECK-NEXT: %[[G:.+]] = caps.reduce_mean %[[M]] {axes = array<i64: 1, 2>, keepdims = true} : tensor<1x3x3x2xf32> -> tensor<1x1x1x2xf32>
// CHECK-NEXT: %[[Y:.+]] = caps.reshape %[[G]] : tensor<1x1x1x2xf32> -> tensor<1x2x1x1xf32>
// CHECK-NEXT: return %[[Y]]
func.func @residual(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x3x3xf32>
  %b = arith.constant dense<[0.25, -0.25]> : tensor<2xf32>
  %half = arith.constant dense<0.5> : tensor<f32>
  %s0 = caps.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %s = caps.relu %s0 : tensor<1x2x4x4xf32>
  %0 = caps.conv2d %s, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %1 = caps.add %0, %s : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %2 = caps.mul %1, %half : (tensor<1x2x4x4xf32>, tensor<f32>) -> tensor<1x2x4x4xf32>
  %3 = caps.pad %2 {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "constant", value = 0.0 : f32} : tensor<1x2x4x4xf32> -> tensor<1x2x6x6xf32>
  %4 = caps.max_pool2d %3 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : tensor<1x2x6x6xf32> -> tensor<1x2x3x3xf32>
  %5 = caps.global_avg_pool %4 : tensor<1x2x3x3xf32> -> tensor<1x2x1x1xf32>
  return %5 : tensor<1x2x1x1xf32>
}

// -----

// A primary capsule layer takes NHWC in (OHWI weights) and keeps writing its capsules in ONNX's order, so the
// conv -> relu -> primary_caps chain of a CapsNet has no transpose left after its one-channel input.

// CHECK-LABEL: func.func @capsnet
// CHECK:      %[[X:.+]] = caps.reshape %arg0 : tensor<1x1x6x6xf32> -> tensor<1x6x6x1xf32>
// CHECK-NEXT: %[[C:.+]] = caps.conv2d %[[X]], %{{.+}} {channels_last, {{.*}}} : (tensor<1x6x6x1xf32>, tensor<4x3x3x1xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT: %[[R:.+]] = caps.relu %[[C]] : tensor<1x4x4x4xf32>
// CHECK-NEXT: %[[U:.+]] = caps.primary_caps %[[R]], %{{.+}} {channels_last, {{.*}}} : (tensor<1x4x4x4xf32>, tensor<8x3x3x4xf32>) -> tensor<1x32x4xf32>
// CHECK-NEXT: return %[[U]]
func.func @capsnet(%x: tensor<1x1x6x6xf32>) -> tensor<1x32x4xf32> {
  %w1 = arith.constant dense<0.25> : tensor<4x1x3x3xf32>
  %w2 = arith.constant dense<0.125> : tensor<8x4x3x3xf32>
  %0 = caps.conv2d %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x6x6xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x4x4xf32>
  %1 = caps.relu %0 : tensor<1x4x4x4xf32>
  %2 = caps.primary_caps %1, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, variant = "sabour", epsilon = 1.0e-07 : f32} : (tensor<1x4x4x4xf32>, tensor<8x4x3x3xf32>) -> tensor<1x32x4xf32>
  return %2 : tensor<1x32x4xf32>
}
