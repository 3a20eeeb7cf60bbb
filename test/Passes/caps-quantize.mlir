// RUN: capsc-opt %s -caps-quantize -split-input-file 2>/dev/null | FileCheck %s
// RUN: capsc-opt %s -caps-quantize=scheme=pow2 -split-input-file 2>/dev/null | FileCheck %s --check-prefix=POW2
// RUN: capsc-opt %s -caps-quantize -split-input-file -verify-diagnostics > /dev/null

// A calibrated conv -> relu -> gemm: the input is quantized from its range [0, 1] (scale 1/255, zero
// point -128), weights per output channel (max |w| / 127), the bias in int32 at input x weight scale.
// The conv takes the ReLU's range [0, 2.55], so its saturation is the ReLU, which disappears.
// The gemm's [k, n] weights are stored [n, k] (transB). The result leaves dequantized.
// CHECK-LABEL: func.func @cnn
// CHECK: %[[X:.+]] = "quant.qcast"(%arg0) : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x4x!quant.uniform<i8:f32, 0.0039215686274509803:-128>>
// CHECK: %[[W:.+]] = arith.constant dense<{{\[\[\[\[}}127, -64], [0, 32]]], {{\[\[\[}}-127, 127], [64, 0]]]]> : tensor<2x1x2x2xi8>
// CHECK: %[[WQ:.+]] = "quant.scast"(%[[W]]) : (tensor<2x1x2x2xi8>) -> tensor<2x1x2x2x!quant.uniform<i8<-127:127>:f32:0, {0.0078740157480314959,0.015748031496062992}>>
// CHECK: %[[B:.+]] = arith.constant dense<[255, -127]> : tensor<2xi32>
// CHECK: %[[BQ:.+]] = "quant.scast"(%[[B]]) : (tensor<2xi32>) -> tensor<2x!quant.uniform<i32:f32:0, {3.0878493129535278E-5,6.1756986259070556E-5}>>
// CHECK: %[[C:.+]] = caps.conv2d %[[X]], %[[WQ]], %[[BQ]]
// CHECK-SAME: -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.0099999998130050355:-128>>
// CHECK-NOT: caps.relu
// CHECK: caps.reshape %[[C]] {{.*}} -> tensor<1x18x!quant.uniform<i8:f32, 0.0099999998130050355:-128>>
// CHECK: arith.constant dense<127> : tensor<3x18xi8>
// CHECK: %[[G:.+]] = caps.gemm {{.*}} trans_a = false, trans_b = true}
// CHECK-SAME: -> tensor<1x3x!quant.uniform<i8:f32, 0.082352941176470587:-116>>
// CHECK: %[[Y:.+]] = "quant.dcast"(%[[G]])
// CHECK: return %[[Y]]

// POW2-LABEL: func.func @cnn
// POW2-SAME: caps.quant_scheme = "pow2"
// POW2: "quant.qcast"(%arg0) : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x4x!quant.uniform<i8:f32, 1.562500e-02>>
// POW2: "quant.scast"({{.*}}) -> tensor<2x1x2x2x!quant.uniform<i8<-127:127>:f32:0, {1.562500e-02,3.125000e-02}>>
func.func @cnn(%x: tensor<1x1x4x4xf32> {caps.calib = array<f32: 0.0, 1.0>}) -> tensor<1x3xf32> {
  %w = arith.constant dense<[[[[1.0, -0.5], [0.0, 0.25]]], [[[-2.0, 2.0], [1.0, 0.0]]]]> : tensor<2x1x2x2xf32>
  %b = arith.constant dense<[0.0078740157, -0.0078431372]> : tensor<2xf32>
  %c = caps.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, caps.calib = array<f32: -3.0, 2.55>} : (tensor<1x1x4x4xf32>, tensor<2x1x2x2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %r = caps.relu %c {caps.calib = array<f32: 0.0, 2.55>} : tensor<1x2x3x3xf32>
  %f = caps.reshape %r {caps.calib = array<f32: 0.0, 2.55>} : tensor<1x2x3x3xf32> -> tensor<1x18xf32>
  %g = arith.constant dense<0.5> : tensor<18x3xf32>
  %y = caps.gemm %f, %g {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false, caps.calib = array<f32: -1.0, 20.0>} : (tensor<1x18xf32>, tensor<18x3xf32>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

// An op without int8 kernel stays float between a dequantize and a quantize, with a warning.
// A sigmoid computes through a table (caps_lut_s8) with its own output quantization.
// CHECK-LABEL: func.func @island
// CHECK: %[[Q:.+]] = "quant.qcast"(%arg0)
// CHECK: %[[R:.+]] = caps.relu %[[Q]]
// CHECK: %[[D:.+]] = "quant.dcast"(%[[R]])
// CHECK: %[[S:.+]] = caps.div %[[D]], %[[D]] {{.*}} : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
// CHECK: %[[Q2:.+]] = "quant.qcast"(%[[S]])
// CHECK: caps.reshape %[[Q2]]
// CHECK: caps.max_pool2d
func.func @island(%x: tensor<8xf32> {caps.calib = array<f32: -1.0, 1.0>}) -> tensor<1x1x1x1xf32> {
  %r = caps.relu %x {caps.calib = array<f32: 0.0, 1.0>} : tensor<8xf32>
  // expected-warning @+1 {{no int8 kernel for 'caps.div': computed in float between dequantize and quantize}}
  %s = caps.div %r, %r {caps.calib = array<f32: 0.5, 0.75>} : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %t = caps.reshape %s {caps.calib = array<f32: 0.5, 0.75>} : tensor<8xf32> -> tensor<1x1x2x4xf32>
  %p = caps.max_pool2d %t {kernel = array<i64: 2, 4>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false, caps.calib = array<f32: 0.5, 0.75>} : tensor<1x1x2x4xf32> -> tensor<1x1x1x1xf32>
  return %p : tensor<1x1x1x1xf32>
}

// -----

// Sigmoid, tanh, exp, abs, neg and leaky ReLU compute through a 256-entry table (caps_lut_s8) with their
// own output quantization; sqrt stays float (small arguments would lose their precision in int8).
// CHECK-LABEL: func.func @table
// CHECK: %[[S:.+]] = caps.sigmoid %{{.+}} : tensor<8x!quant.uniform<i8:f32, 0.015686274509803921:-1>> -> tensor<8x!quant.uniform<i8:f32, 0.0035294116712084002:-128>>
// CHECK: "quant.dcast"(%[[S]])
// CHECK: caps.sqrt %{{.+}} : tensor<8xf32>
func.func @table(%x: tensor<8xf32> {caps.calib = array<f32: -2.0, 2.0>}) -> tensor<8xf32> {
  %s = caps.sigmoid %x {caps.calib = array<f32: 0.1, 0.9>} : tensor<8xf32>
  // expected-warning @+1 {{no int8 kernel for 'caps.sqrt'}}
  %r = caps.sqrt %s {caps.calib = array<f32: 0.3, 0.95>} : tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

// A constant operand of add is quantized at compile time (its own range, caps_quantize_s8's rounding).
// CHECK-LABEL: func.func @add_constant
// CHECK: %[[C:.+]] = arith.constant dense<[-128, -1, 126, 63]> : tensor<4xi8>
// CHECK: %[[CQ:.+]] = "quant.scast"(%[[C]]) : (tensor<4xi8>) -> tensor<4x!quant.uniform<i8:f32, 0.0078431372549019607:-1>>
// CHECK: caps.add %{{.+}}, %[[CQ]]
func.func @add_constant(%x: tensor<4xf32> {caps.calib = array<f32: 0.0, 1.0>}) -> tensor<4xf32> {
  %c = arith.constant dense<[-1.0, 0.0, 1.0, 0.5]> : tensor<4xf32>
  %y = caps.add %x, %c {caps.calib = array<f32: -1.0, 2.0>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// A capsule network: capsule tensors are symmetric (zero point 0); the primary capsules' convolution
// gets its own scale (caps.pre_scale, from caps.calib_pre), squash and routing outputs the fixed scale
// 2^-7, predict weights are quantized per output capsule (axis 1), the lengths affinely.
// CHECK-LABEL: func.func @capsnet
// CHECK: %[[P:.+]] = caps.primary_caps
// CHECK-SAME: caps.pre_scale = 0.023622047244094488 : f64
// CHECK-SAME: -> tensor<1x8x2x!quant.uniform<i8:f32, 7.812500e-03>>
// CHECK: "quant.scast"({{.*}}) : (tensor<8x3x2x2xi8>) -> tensor<8x3x2x2x!quant.uniform<i8<-127:127>:f32:1, {{.*}}>>
// CHECK: %[[U:.+]] = caps.predict %[[P]], {{.*}} -> tensor<1x8x3x2x!quant.uniform<i8:f32, 0.015748031496062992>>
// CHECK: %[[V:.+]] = caps.dynamic_routing %[[U]] {{.*}}caps.routing_stats{{.*}} -> tensor<1x3x2x!quant.uniform<i8:f32, 7.812500e-03>>
// CHECK: %[[L:.+]] = caps.length %[[V]] {{.*}} -> tensor<1x3x!quant.uniform<i8:f32, 0.0039215686274509803:-128>>
// CHECK: "quant.dcast"(%[[L]])
func.func @capsnet(%x: tensor<1x1x4x4xf32> {caps.calib = array<f32: 0.0, 1.0>}) -> tensor<1x3xf32> {
  %w = arith.constant dense<0.25> : tensor<4x1x3x3xf32>
  %p = caps.primary_caps %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, variant = "sabour", epsilon = 1.0e-07 : f32, caps.calib = array<f32: -0.9, 0.9>, caps.calib_pre = array<f32: -3.0, 2.0>} : (tensor<1x1x4x4xf32>, tensor<4x1x3x3xf32>) -> tensor<1x8x2xf32>
  %pw = arith.constant dense<0.5> : tensor<8x3x2x2xf32>
  %u = caps.predict %p, %pw {caps.calib = array<f32: -2.0, 1.0>} : (tensor<1x8x2xf32>, tensor<8x3x2x2xf32>) -> tensor<1x8x3x2xf32>
  %v = caps.dynamic_routing %u {iterations = 2 : i64, caps.calib = array<f32: -0.9, 0.9>, caps.routing_stats = array<f32: 0.0, 0.34, 1.5, 0.6>} : tensor<1x8x3x2xf32> -> tensor<1x3x2xf32>
  %l = caps.length %v {caps.calib = array<f32: 0.0, 1.0>} : tensor<1x3x2xf32> -> tensor<1x3xf32>
  return %l : tensor<1x3xf32>
}
