// REQUIRES: mlir-translate
// RUN: capsc-opt %s -caps-plan-memory -convert-caps-to-emitc='prefix=net' 2>/dev/null | mlir-translate --mlir-to-cpp | FileCheck %s

// The EmitC that convert-caps-to-emitc produces goes through MLIR's C++ emitter unchanged (no
// unrealized casts, no caps ops left), into the C++ the generated model file holds.

// CHECK: #include <math.h>
// CHECK-NEXT: #include "capsrt/capsrt.h"
// CHECK-NEXT: #include "net.h"
// One 8-byte tensor, rounded up to the 16-byte alignment: 4 floats.
// CHECK-NEXT: static uint8_t CAPS_ALIGNED net_arena[16];
// CHECK-NEXT: static const float CAPS_ALIGNED net_w_fc_weight[6] = {1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f};
// CHECK-NEXT: static const caps_gemm_params_t net_p0 = {1, 2, 3, 0, 1, 1.0f, 1.0f, 0, 0};
// CHECK-NEXT: static const caps_unary_params_t net_p1 = {2, 0.0f, 6.0f};
// CHECK-NEXT: int32_t net_run(const float* [[X:v[0-9]+]], float* [[Y:v[0-9]+]]) {
// CHECK-NEXT: CAPS_LAYER_BEGIN(0, "fc");
// CHECK-NEXT: caps_status_t [[S0:v[0-9]+]] = caps_gemm_f32(&net_p0, [[X]], net_w_fc_weight, NULL, ((float *)(net_arena + 0)));
// CHECK-NEXT: CAPS_CHECK([[S0]]);
// CHECK-NEXT: CAPS_LAYER_END(0, "fc");
// CHECK-NEXT: CAPS_LAYER_BEGIN(1, "relu6");
// CHECK-NEXT: caps_status_t [[S1:v[0-9]+]] = caps_clip_f32(&net_p1, ((float *)(net_arena + 0)), [[Y]]);
// CHECK-NEXT: CAPS_CHECK([[S1]]);
// CHECK-NEXT: CAPS_LAYER_END(1, "relu6");
// CHECK-NEXT: int32_t [[RET:v[0-9]+]] = 0;
// CHECK-NEXT: return [[RET]];
// CHECK-NEXT: }
func.func @main(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32> loc("fc.weight")
  %0 = caps.gemm %x, %w {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32> loc("fc")
  %1 = caps.clip %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2xf32> loc("relu6")
  return %1 : tensor<1x2xf32>
}
