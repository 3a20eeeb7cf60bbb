// RUN: capsc-opt %s -split-input-file -caps-plan-memory -convert-caps-to-emitc='prefix=net' 2>/dev/null | FileCheck %s

// A planned function becomes `int32_t net_run(const float *inputs..., float *outputs...)`: the arena
// and the constants are static globals, each op a `caps_<op>_f32` call with a static const parameter
// struct, wrapped in CAPS_LAYER_BEGIN/END and CAPS_CHECK.

// CHECK-LABEL: emitc.include "capsrt/capsrt.h"
// CHECK-NEXT: emitc.include "net.h"
// The two convs' 128-byte results are never live at once: one buffer of 32 floats.
// Arena and weights are 16-byte aligned through the element type (CAPS_ALIGNED).
// CHECK-NEXT: emitc.global static @net_arena : !emitc.array<128x!emitc.opaque<"uint8_t CAPS_ALIGNED">>
// Constants are named after their ONNX tensors, flattened to one dimension, their values exact float
// literals.
// CHECK-NEXT: emitc.global static const @net_w_conv_weight : !emitc.array<2x!emitc.opaque<"float CAPS_ALIGNED">> = #emitc.opaque<"{1.0f, -1.0f}">
// CHECK-NEXT: emitc.global static const @net_w_conv_bias : !emitc.array<2x!emitc.opaque<"float CAPS_ALIGNED">> = #emitc.opaque<"{0.5f, 1.5f}">
// Parameter structs come before the function, in call order; conv2d: n, c, h, w, out c, h, w, kernel
// h, w, strides, pads top and left, dilations, group.
// CHECK-NEXT: emitc.verbatim "static const caps_conv2d_params_t net_p0 = {1, 1, 4, 4, 2, 4, 4, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0};"
// CHECK-NEXT: emitc.verbatim "static const caps_unary_params_t net_p1 = {32, 0.0f, 0.0f};"
// CHECK-NEXT: emitc.verbatim "static const caps_conv2d_params_t net_p2 = {1, 1, 4, 4, 2, 4, 4, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0};"
// CHECK-NEXT: emitc.verbatim "static const caps_pool2d_params_t net_p3 = {1, 2, 4, 4, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 0, 0};"
// CHECK-NEXT: emitc.verbatim "static const caps_unary_params_t net_p4 = {8, 0.0f, 0.0f};"
// Inputs then outputs.
// CHECK-NEXT: emitc.func @net_run(%[[X:.+]]: !emitc.ptr<!emitc.opaque<"const float">>, %[[Y:.+]]: !emitc.ptr<!emitc.opaque<"const float">>, %[[OUT0:.+]]: !emitc.ptr<f32>, %[[OUT1:.+]]: !emitc.ptr<f32>, %[[OUT2:.+]]: !emitc.ptr<f32>) -> i32
// The first conv writes into the arena; its absent bias is NULL.
// CHECK-DAG: %[[A0:.+]] = emitc.literal "((float *)(net_arena + 0))" : !emitc.ptr<f32>
// CHECK-DAG: %[[W:.+]] = emitc.literal "net_w_conv_weight" : !emitc.ptr<!emitc.opaque<"const float">>
// CHECK: emitc.call_opaque "CAPS_LAYER_BEGIN"() {args = [0 : i32, #emitc.opaque<"\22/conv/Conv\22">]} : () -> ()
// CHECK-NEXT: %[[S0:.+]] = emitc.call_opaque "caps_conv2d_f32"(%[[X]], %[[W]], %[[A0]]) {args = [#emitc.opaque<"&net_p0">, 0 : index, 1 : index, #emitc.opaque<"NULL">, 2 : index]} : (!emitc.ptr<!emitc.opaque<"const float">>, !emitc.ptr<!emitc.opaque<"const float">>, !emitc.ptr<f32>) -> !emitc.opaque<"caps_status_t">
// CHECK-NEXT: emitc.call_opaque "CAPS_CHECK"(%[[S0]]) : (!emitc.opaque<"caps_status_t">) -> ()
// CHECK-NEXT: emitc.call_opaque "CAPS_LAYER_END"() {args = [0 : i32, #emitc.opaque<"\22/conv/Conv\22">]} : () -> ()
// A graph output is written directly into the caller's buffer.
// CHECK: emitc.call_opaque "CAPS_LAYER_BEGIN"() {args = [1 : i32, #emitc.opaque<"\22/relu/Relu\22">]}
// CHECK-NEXT: %[[S1:.+]] = emitc.call_opaque "caps_relu_f32"(%[[A0]], %[[OUT0]]) {args = [#emitc.opaque<"&net_p1">, 0 : index, 1 : index]}
// CHECK-NEXT: emitc.call_opaque "CAPS_CHECK"(%[[S1]])
// The second conv has its bias; it reuses the first conv's arena buffer, free after the relu.
// CHECK-DAG: %[[A1:.+]] = emitc.literal "((float *)(net_arena + 0))" : !emitc.ptr<f32>
// CHECK-DAG: %[[B:.+]] = emitc.literal "net_w_conv_bias" : !emitc.ptr<!emitc.opaque<"const float">>
// CHECK: emitc.call_opaque "caps_conv2d_f32"(%[[X]], %{{.+}}, %[[B]], %[[A1]]) {args = [#emitc.opaque<"&net_p2">, 0 : index, 1 : index, 2 : index, 3 : index]}
// CHECK: emitc.call_opaque "caps_max_pool2d_f32"(%[[A1]], %[[OUT2]]) {args = [#emitc.opaque<"&net_p3">, 0 : index, 1 : index]}
// A returned graph input is copied into its output buffer, after all layers.
// CHECK: emitc.call_opaque "CAPS_LAYER_BEGIN"() {args = [4 : i32, #emitc.opaque<"\22caps_copy_f32\22">]}
// CHECK-NEXT: %[[S4:.+]] = emitc.call_opaque "caps_copy_f32"(%[[Y]], %[[OUT1]]) {args = [#emitc.opaque<"&net_p4">, 0 : index, 1 : index]}
// CHECK-NEXT: emitc.call_opaque "CAPS_CHECK"(%[[S4]])
// CHECK-NEXT: emitc.call_opaque "CAPS_LAYER_END"()
// CHECK-NEXT: %[[ZERO:.+]] = "emitc.constant"() <{value = 0 : i32}> : () -> i32
// CHECK-NEXT: emitc.return %[[ZERO]] : i32
// CHECK-NOT: caps.
// CHECK-NOT: func.func
func.func @main(%x: tensor<1x1x4x4xf32>, %y: tensor<8xf32>) -> (tensor<1x2x4x4xf32>, tensor<8xf32>, tensor<1x2x2x2xf32>) {
  %w = arith.constant dense<[[[[1.0]]], [[[-1.0]]]]> : tensor<2x1x1x1xf32> loc("conv.weight")
  %b = arith.constant dense<[0.5, 1.5]> : tensor<2xf32> loc("conv.bias")
  %0 = caps.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32> loc("/conv/Conv")
  %1 = caps.relu %0 : tensor<1x2x4x4xf32> loc("/relu/Relu")
  %2 = caps.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("conv2")
  %3 = caps.max_pool2d %2 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32> loc("pool")
  return %1, %y, %3 : tensor<1x2x4x4xf32>, tensor<8xf32>, tensor<1x2x2x2xf32>
}

// -----

// Reshapes: one that aliases its input's arena buffer is no call at all; one of a graph input, which
// has no arena buffer, is a copy. A value returned twice is written once and copied once; a returned
// constant is copied from its global. Non-finite floats print as math.h macros; names that are no C
// identifiers are sanitized and made unique.
// CHECK-LABEL: emitc.include "capsrt/capsrt.h"
// CHECK: emitc.global static @net_arena : !emitc.array<32x!emitc.opaque<"uint8_t CAPS_ALIGNED">>
// CHECK-NEXT: emitc.global static const @net_w_t0_weight : !emitc.array<2x{{.+}}> = #emitc.opaque<"{1.0f, 2.0f}">
// CHECK-NEXT: emitc.global static const @net_w_t0_weight_1 : !emitc.array<2x{{.+}}> = #emitc.opaque<"{3.0f, 4.0f}">
// CHECK-NEXT: emitc.global static const @net_w_2 : !emitc.array<1x{{.+}}> = #emitc.opaque<"{5.0f}">
// CHECK-NEXT: emitc.verbatim "static const caps_unary_params_t net_p0 = {8, -INFINITY, 0.0f};"
// CHECK-NEXT: emitc.verbatim "static const caps_unary_params_t net_p1 = {8, 0.0f, 0.0f};"
// CHECK-NEXT: emitc.verbatim "static const caps_unary_params_t net_p2 = {8, 0.0f, 0.0f};"
// Binary params: rank, out dims, a strides, b strides; the scalar broadcasts with stride 0.
// CHECK-NEXT: emitc.verbatim "static const caps_binary_params_t net_p3 = {1, {2, 0, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}};"
// CHECK-NEXT: emitc.verbatim "static const caps_unary_params_t net_p4 = {8, 0.0f, 0.0f};"
// CHECK-NEXT: emitc.verbatim "static const caps_unary_params_t net_p5 = {2, 0.0f, 0.0f};"
// CHECK-NEXT: emitc.func @net_run(%[[X:.+]]: !emitc.ptr<!emitc.opaque<"const float">>, %[[O0:.+]]: !emitc.ptr<f32>, %[[O1:.+]]: !emitc.ptr<f32>, %[[O2:.+]]: !emitc.ptr<f32>, %[[O3:.+]]: !emitc.ptr<f32>, %[[O4:.+]]: !emitc.ptr<f32>) -> i32
// CHECK: emitc.call_opaque "caps_clip_f32"(%[[X]], %{{.+}}) {args = [#emitc.opaque<"&net_p0">, 0 : index, 1 : index]}
// CHECK-NOT: "r1"
// CHECK: emitc.call_opaque "caps_exp_f32"(%{{.+}}, %[[O0]])
// CHECK: emitc.call_opaque "CAPS_LAYER_BEGIN"() {args = [2 : i32, #emitc.opaque<"\22r2\22">]}
// CHECK-NEXT: emitc.call_opaque "caps_copy_f32"(%[[X]], %[[O3]]) {args = [#emitc.opaque<"&net_p2">, 0 : index, 1 : index]}
// CHECK: emitc.call_opaque "caps_add_f32"(%{{.+}}, %{{.+}}, %[[O4]]) {args = [#emitc.opaque<"&net_p3">, 0 : index, 1 : index, 2 : index]}
// CHECK: emitc.call_opaque "caps_copy_f32"(%[[O0]], %[[O1]]) {args = [#emitc.opaque<"&net_p4">, 0 : index, 1 : index]}
// CHECK: %[[K:.+]] = emitc.literal "net_w_t0_weight" : !emitc.ptr<!emitc.opaque<"const float">>
// CHECK: emitc.call_opaque "caps_copy_f32"(%[[K]], %[[O2]]) {args = [#emitc.opaque<"&net_p5">, 0 : index, 1 : index]}
// CHECK-NOT: emitc.call_opaque "caps_
// CHECK: emitc.return
func.func @aliases(%x: tensor<2x4xf32>) -> (tensor<8xf32>, tensor<8xf32>, tensor<2xf32>, tensor<8xf32>, tensor<2xf32>) {
  %k = arith.constant dense<[1.0, 2.0]> : tensor<2xf32> loc("0.weight")
  %k2 = arith.constant dense<[3.0, 4.0]> : tensor<2xf32> loc("0/weight")
  %k3 = arith.constant dense<5.0> : tensor<f32>
  %0 = caps.clip %x {min = 0xFF800000 : f32, max = 0.0 : f32} : tensor<2x4xf32>
  %1 = caps.reshape %0 : tensor<2x4xf32> -> tensor<8xf32> loc("r1")
  %2 = caps.exp %1 : tensor<8xf32>
  %3 = caps.reshape %x : tensor<2x4xf32> -> tensor<8xf32> loc("r2")
  %4 = caps.add %k2, %k3 : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  return %2, %2, %k, %3, %4 : tensor<8xf32>, tensor<8xf32>, tensor<2xf32>, tensor<8xf32>, tensor<2xf32>
}

// -----

// A concat is one call per input, each writing its block at an offset of the output.
// CHECK-LABEL: emitc.include "capsrt/capsrt.h"
// CHECK: emitc.verbatim "static const caps_concat_params_t net_p0 = {2, 3, 7, 0};"
// CHECK-NEXT: emitc.verbatim "static const caps_concat_params_t net_p1 = {2, 4, 7, 3};"
// CHECK-NEXT: emitc.func @net_run(%[[A:.+]]: !emitc.ptr<!emitc.opaque<"const float">>, %[[B:.+]]: !emitc.ptr<!emitc.opaque<"const float">>, %[[OUT:.+]]: !emitc.ptr<f32>) -> i32
// CHECK: emitc.call_opaque "caps_concat_f32"(%[[A]], %[[OUT]]) {args = [#emitc.opaque<"&net_p0">, 0 : index, 1 : index]}
// CHECK: emitc.call_opaque "caps_concat_f32"(%[[B]], %[[OUT]]) {args = [#emitc.opaque<"&net_p1">, 0 : index, 1 : index]}
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) -> tensor<2x7xf32> {
  %0 = caps.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<2x7xf32>
  return %0 : tensor<2x7xf32>
}

// -----

// A capsule network: primary capsules, prediction vectors, dynamic routing, lengths.
// Planned arena: u_hat [0, 96) bytes, the primary capsules [96, 160) (dead after the predict), the
// routing scratch [96, 128) (8 floats: out_caps * dim + out_caps) and v [128, 152): 40 floats.
// CHECK-LABEL: emitc.include "capsrt/capsrt.h"
// CHECK: emitc.global static @net_arena : !emitc.array<160x!emitc.opaque<"uint8_t CAPS_ALIGNED">>
// CHECK-NEXT: emitc.global static const @net_w_primary_weight : !emitc.array<36x
// CHECK-NEXT: emitc.global static const @net_w_primary_bias : !emitc.array<4x{{.+}}> = #emitc.opaque<"{0.5f, -0.5f, 1.0f, 0.0f}">
// CHECK-NEXT: emitc.global static const @net_w_digit_W : !emitc.array<96x
// primary_caps is two calls: the convolution ((4 + 1 + 1 - 3) / 2 + 1 = 2: [1, 4, 2, 2]) into the
// result's buffer, then the squash of its 16 values as 4 capsules of 4 (variant 0 = sabour).
// CHECK-NEXT: emitc.verbatim "static const caps_conv2d_params_t net_p0 = {1, 1, 4, 4, 4, 2, 2, 3, 3, 2, 2, 1, 1, 1, 1, 1, 0};"
// CHECK-NEXT: emitc.verbatim "static const caps_squash_params_t net_p1 = {4, 4, 0, 1.00000001e-07f};"
// predict: n, in_caps, in_dim, out_caps, out_dim.
// CHECK-NEXT: emitc.verbatim "static const caps_predict_params_t net_p2 = {1, 4, 4, 2, 3};"
// routing: n, in_caps, out_caps, out_dim, iterations, squash variant (1 = efficient), epsilon.
// CHECK-NEXT: emitc.verbatim "static const caps_routing_params_t net_p3 = {1, 4, 2, 3, 3, 1, 9.99999975e-06f};"
// length: capsule count, dim.
// CHECK-NEXT: emitc.verbatim "static const caps_length_params_t net_p4 = {2, 3};"
// CHECK-NEXT: emitc.func @net_run(%[[X:.+]]: !emitc.ptr<!emitc.opaque<"const float">>, %[[OUT:.+]]: !emitc.ptr<f32>) -> i32
// CHECK-DAG: %[[U:.+]] = emitc.literal "((float *)(net_arena + 96))" : !emitc.ptr<f32>
// CHECK-DAG: %[[W:.+]] = emitc.literal "net_w_primary_weight" : !emitc.ptr<!emitc.opaque<"const float">>
// CHECK-DAG: %[[B:.+]] = emitc.literal "net_w_primary_bias" : !emitc.ptr<!emitc.opaque<"const float">>
// CHECK: emitc.call_opaque "CAPS_LAYER_BEGIN"() {args = [0 : i32, #emitc.opaque<"\22primary\22">]}
// CHECK-NEXT: %[[S0:.+]] = emitc.call_opaque "caps_conv2d_f32"(%[[X]], %[[W]], %[[B]], %[[U]]) {args = [#emitc.opaque<"&net_p0">, 0 : index, 1 : index, 2 : index, 3 : index]}
// CHECK-NEXT: emitc.call_opaque "CAPS_CHECK"(%[[S0]])
// CHECK-NEXT: emitc.call_opaque "CAPS_LAYER_END"() {args = [0 : i32, #emitc.opaque<"\22primary\22">]}
// The squash reads and writes the same pointer: in place on the convolution's output.
// CHECK-NEXT: emitc.call_opaque "CAPS_LAYER_BEGIN"() {args = [1 : i32, #emitc.opaque<"\22primary\22">]}
// CHECK-NEXT: %[[S1:.+]] = emitc.call_opaque "caps_squash_f32"(%[[U]], %[[U]]) {args = [#emitc.opaque<"&net_p1">, 0 : index, 1 : index]}
// CHECK-NEXT: emitc.call_opaque "CAPS_CHECK"(%[[S1]])
// CHECK-NEXT: emitc.call_opaque "CAPS_LAYER_END"() {args = [1 : i32, #emitc.opaque<"\22primary\22">]}
// CHECK-DAG: %[[UH:.+]] = emitc.literal "((float *)(net_arena + 0))" : !emitc.ptr<f32>
// CHECK-DAG: %[[WP:.+]] = emitc.literal "net_w_digit_W" : !emitc.ptr<!emitc.opaque<"const float">>
// CHECK: %[[S2:.+]] = emitc.call_opaque "caps_predict_f32"(%[[U]], %[[WP]], %[[UH]]) {args = [#emitc.opaque<"&net_p2">, 0 : index, 1 : index, 2 : index]}
// CHECK-NEXT: emitc.call_opaque "CAPS_CHECK"(%[[S2]])
// The scratch pointer is the argument before the output.
// CHECK-DAG: %[[V:.+]] = emitc.literal "((float *)(net_arena + 128))" : !emitc.ptr<f32>
// CHECK-DAG: %[[SCRATCH:.+]] = emitc.literal "((float *)(net_arena + 96))" : !emitc.ptr<f32>
// CHECK: emitc.call_opaque "CAPS_LAYER_BEGIN"() {args = [3 : i32, #emitc.opaque<"\22routing\22">]}
// CHECK-NEXT: %[[S3:.+]] = emitc.call_opaque "caps_dynamic_routing_f32"(%[[UH]], %[[SCRATCH]], %[[V]]) {args = [#emitc.opaque<"&net_p3">, 0 : index, 1 : index, 2 : index]} : (!emitc.ptr<f32>, !emitc.ptr<f32>, !emitc.ptr<f32>) -> !emitc.opaque<"caps_status_t">
// CHECK-NEXT: emitc.call_opaque "CAPS_CHECK"(%[[S3]])
// CHECK: %[[S4:.+]] = emitc.call_opaque "caps_length_f32"(%[[V]], %[[OUT]]) {args = [#emitc.opaque<"&net_p4">, 0 : index, 1 : index]}
// CHECK-NEXT: emitc.call_opaque "CAPS_CHECK"(%[[S4]])
// CHECK-NOT: emitc.call_opaque "caps_
// CHECK: emitc.return
func.func @capsnet(%x: tensor<1x1x4x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<1.0> : tensor<4x1x3x3xf32> loc("primary.weight")
  %b = arith.constant dense<[0.5, -0.5, 1.0, 0.0]> : tensor<4xf32> loc("primary.bias")
  %wp = arith.constant dense<0.25> : tensor<4x2x3x4xf32> loc("digit.W")
  %u = caps.primary_caps %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4xf32> loc("primary")
  %uh = caps.predict %u, %wp : (tensor<1x4x4xf32>, tensor<4x2x3x4xf32>) -> tensor<1x4x2x3xf32> loc("predict")
  %v = caps.dynamic_routing %uh {iterations = 3 : i64, variant = "efficient", epsilon = 1.0e-5 : f32} : tensor<1x4x2x3xf32> -> tensor<1x2x3xf32> loc("routing")
  %l = caps.length %v : tensor<1x2x3xf32> -> tensor<1x2xf32> loc("length")
  return %l : tensor<1x2xf32>
}

// -----

// Capsule ops whose results are graph outputs: primary_caps convolves into the caller's buffer and
// squashes it there (grouped, no bias: NULL; efficient squash, epsilon 0.5); self-attention routing
// reads u_hat and the log priors, and its scratch is the only arena buffer (10 floats, 12 after the
// 16-byte alignment). Unnamed ops are labelled with their kernels.
// CHECK-LABEL: emitc.include "capsrt/capsrt.h"
// CHECK: emitc.global static @net_arena : !emitc.array<48x!emitc.opaque<"uint8_t CAPS_ALIGNED">>
// CHECK-NEXT: emitc.verbatim "static const caps_conv2d_params_t net_p0 = {1, 2, 3, 3, 4, 3, 3, 1, 1, 1, 1, 0, 0, 1, 1, 2, 0};"
// CHECK-NEXT: emitc.verbatim "static const caps_squash_params_t net_p1 = {9, 4, 1, 0.5f};"
// Self-attention routing takes the default "efficient" squash (1); iterations is unused (1).
// CHECK-NEXT: emitc.verbatim "static const caps_routing_params_t net_p2 = {2, 3, 2, 4, 1, 1, 1.00000001e-07f};"
// CHECK-NEXT: emitc.func @net_run(%[[X:[^:]+]]: !emitc.ptr<!emitc.opaque<"const float">>, %[[W:[^:]+]]: !emitc.ptr<!emitc.opaque<"const float">>, %[[UH:[^:]+]]: !emitc.ptr<!emitc.opaque<"const float">>, %[[P:[^:]+]]: !emitc.ptr<!emitc.opaque<"const float">>, %[[OUT0:[^:]+]]: !emitc.ptr<f32>, %[[OUT1:[^:]+]]: !emitc.ptr<f32>) -> i32
// CHECK-NEXT: emitc.call_opaque "CAPS_LAYER_BEGIN"() {args = [0 : i32, #emitc.opaque<"\22caps_conv2d_f32\22">]}
// CHECK-NEXT: %[[S0:.+]] = emitc.call_opaque "caps_conv2d_f32"(%[[X]], %[[W]], %[[OUT0]]) {args = [#emitc.opaque<"&net_p0">, 0 : index, 1 : index, #emitc.opaque<"NULL">, 2 : index]}
// CHECK-NEXT: emitc.call_opaque "CAPS_CHECK"(%[[S0]])
// CHECK-NEXT: emitc.call_opaque "CAPS_LAYER_END"()
// CHECK-NEXT: emitc.call_opaque "CAPS_LAYER_BEGIN"() {args = [1 : i32, #emitc.opaque<"\22caps_squash_f32\22">]}
// CHECK-NEXT: %[[S1:.+]] = emitc.call_opaque "caps_squash_f32"(%[[OUT0]], %[[OUT0]]) {args = [#emitc.opaque<"&net_p1">, 0 : index, 1 : index]}
// CHECK-NEXT: emitc.call_opaque "CAPS_CHECK"(%[[S1]])
// CHECK-NEXT: emitc.call_opaque "CAPS_LAYER_END"()
// CHECK-NEXT: %[[SCRATCH:.+]] = emitc.literal "((float *)(net_arena + 0))" : !emitc.ptr<f32>
// CHECK-NEXT: emitc.call_opaque "CAPS_LAYER_BEGIN"() {args = [2 : i32, #emitc.opaque<"\22caps_self_attention_routing_f32\22">]}
// CHECK-NEXT: %[[S2:.+]] = emitc.call_opaque "caps_self_attention_routing_f32"(%[[UH]], %[[P]], %[[SCRATCH]], %[[OUT1]]) {args = [#emitc.opaque<"&net_p2">, 0 : index, 1 : index, 2 : index, 3 : index]}
// CHECK-NEXT: emitc.call_opaque "CAPS_CHECK"(%[[S2]])
// CHECK-NEXT: emitc.call_opaque "CAPS_LAYER_END"()
// CHECK-NEXT: "emitc.constant"() <{value = 0 : i32}>
// CHECK-NEXT: emitc.return
func.func @returned(%x: tensor<1x2x3x3xf32>, %w: tensor<4x1x1x1xf32>, %uh: tensor<2x3x2x4xf32>, %p: tensor<3x2xf32>) -> (tensor<1x9x4xf32>, tensor<2x2x4xf32>) {
  %u = caps.primary_caps %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64, variant = "efficient", epsilon = 0.5 : f32} : (tensor<1x2x3x3xf32>, tensor<4x1x1x1xf32>) -> tensor<1x9x4xf32>
  %v = caps.self_attention_routing %uh, %p : (tensor<2x3x2x4xf32>, tensor<3x2xf32>) -> tensor<2x2x4xf32>
  return %u, %v : tensor<1x9x4xf32>, tensor<2x2x4xf32>
}
