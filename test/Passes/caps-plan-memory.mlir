// RUN: capsc-opt %s -caps-plan-memory -split-input-file 2>/dev/null | FileCheck %s
// RUN: capsc-opt %s -caps-plan-memory -split-input-file -verify-diagnostics > /dev/null

// Tensors live at once get disjoint offsets (a kernel never writes over its inputs); the returned
// value is written into the caller's buffer and has no arena slot.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: caps.arena_size = 192
// CHECK: caps.relu %arg0 {caps.arena_offset = 0 : i64}
// CHECK: caps.sigmoid %{{.*}} {caps.arena_offset = 64 : i64}
// CHECK: caps.add %{{.*}}, %{{.*}} {caps.arena_offset = 128 : i64}
// CHECK: caps.tanh %{{.*}} {caps.arena_offset = -1 : i64}
// expected-remark @+1 {{arena: 192 bytes for 3 tensors}}
func.func @chain(%x: tensor<16xf32>) -> tensor<16xf32> {
  %a = caps.relu %x : tensor<16xf32>
  %b = caps.sigmoid %a : tensor<16xf32>
  %c = caps.add %a, %b : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %d = caps.tanh %c : tensor<16xf32>
  return %d : tensor<16xf32>
}

// -----

// A reshape shares its input's buffer.
// CHECK-LABEL: func.func @alias
// CHECK: caps.relu %arg0 {caps.arena_offset = 0 : i64}
// CHECK: caps.reshape %{{.*}} {caps.arena_offset = 0 : i64}
// expected-remark @+1 {{arena: 64 bytes for 1 tensors}}
func.func @alias(%x: tensor<2x8xf32>) -> tensor<16xf32> {
  %a = caps.relu %x : tensor<2x8xf32>
  %b = caps.reshape %a : tensor<2x8xf32> -> tensor<16xf32>
  %c = caps.exp %b : tensor<16xf32>
  return %c : tensor<16xf32>
}

// -----

// A buffer freed after its last use is reused by a later tensor.
// CHECK-LABEL: func.func @reuse
// CHECK-SAME: caps.arena_size = 128
// CHECK: caps.relu %arg0 {caps.arena_offset = 0 : i64}
// CHECK: caps.exp %{{.*}} {caps.arena_offset = 64 : i64}
// CHECK: caps.neg %{{.*}} {caps.arena_offset = 0 : i64}
// expected-remark @+1 {{arena: 128 bytes for 3 tensors}}
func.func @reuse(%x: tensor<16xf32>) -> tensor<16xf32> {
  %a = caps.relu %x : tensor<16xf32>
  %b = caps.exp %a : tensor<16xf32>
  %c = caps.neg %b : tensor<16xf32>
  %d = caps.abs %c : tensor<16xf32>
  return %d : tensor<16xf32>
}

// -----

// A routing kernel needs scratch (caps_routing_get_buffer_size: out_caps * dim + out_caps = 2 * 3 + 2
// = 8 floats, 32 bytes), planned as one more arena buffer live during the op only. It must not overlap
// what the op reads (u_hat, 96 bytes at 0) or writes (v, 24 bytes): largest first, u_hat takes
// [0, 96), the scratch [96, 128) and v [128, 152); 160 bytes after alignment. The returned lengths
// need no arena slot.
// CHECK-LABEL: func.func @routing_scratch
// CHECK-SAME: caps.arena_size = 160
// CHECK: caps.predict %arg0, %{{.+}} {caps.arena_offset = 0 : i64}
// CHECK: caps.dynamic_routing %{{.+}} {caps.arena_offset = 128 : i64, caps.scratch_offset = 96 : i64, iterations = 3 : i64}
// CHECK: caps.length %{{.+}} {caps.arena_offset = -1 : i64}
// CHECK-NOT: caps.scratch_offset
// expected-remark @+1 {{arena: 160 bytes for 2 tensors and scratch}}
func.func @routing_scratch(%u: tensor<1x4x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<1.0> : tensor<4x2x3x2xf32>
  %uh = caps.predict %u, %w : (tensor<1x4x2xf32>, tensor<4x2x3x2xf32>) -> tensor<1x4x2x3xf32>
  %v = caps.dynamic_routing %uh {iterations = 3 : i64} : tensor<1x4x2x3xf32> -> tensor<1x2x3xf32>
  %l = caps.length %v : tensor<1x2x3xf32> -> tensor<1x2xf32>
  return %l : tensor<1x2xf32>
}

// -----

// The scratch may take the place of a tensor that died before the routing op: the relu result
// [0, 96) is last read by the exp, so during the routing only the exp result [96, 192) is live and
// the scratch goes to [0, 32), v next to it at [32, 56).
// CHECK-LABEL: func.func @scratch_reuses_dead_buffer
// CHECK-SAME: caps.arena_size = 192
// CHECK: caps.relu %arg0 {caps.arena_offset = 0 : i64}
// CHECK: caps.exp %{{.+}} {caps.arena_offset = 96 : i64}
// CHECK: caps.dynamic_routing %{{.+}} {caps.arena_offset = 32 : i64, caps.scratch_offset = 0 : i64, iterations = 2 : i64}
// CHECK: caps.squash %{{.+}} {caps.arena_offset = -1 : i64}
// expected-remark @+1 {{arena: 192 bytes for 3 tensors and scratch}}
func.func @scratch_reuses_dead_buffer(%x: tensor<1x4x2x3xf32>) -> tensor<1x2x3xf32> {
  %a = caps.relu %x : tensor<1x4x2x3xf32>
  %b = caps.exp %a : tensor<1x4x2x3xf32>
  %v = caps.dynamic_routing %b {iterations = 2 : i64} : tensor<1x4x2x3xf32> -> tensor<1x2x3xf32>
  %s = caps.squash %v : tensor<1x2x3xf32>
  return %s : tensor<1x2x3xf32>
}

// -----

// A routing op whose result is returned writes into the caller's buffer but its scratch is still in
// the arena, after the live input (192 bytes at 0). The scratch size does not depend on the batch.
// CHECK-LABEL: func.func @self_attention_returned
// CHECK-SAME: caps.arena_size = 224
// CHECK: caps.relu %arg0 {caps.arena_offset = 0 : i64}
// CHECK: caps.self_attention_routing %{{.+}}, %arg1 {caps.arena_offset = -1 : i64, caps.scratch_offset = 192 : i64}
// expected-remark @+1 {{arena: 224 bytes for 1 tensors and scratch}}
func.func @self_attention_returned(%uh: tensor<2x4x2x3xf32>, %p: tensor<4x2xf32>) -> tensor<2x2x3xf32> {
  %a = caps.relu %uh : tensor<2x4x2x3xf32>
  %v = caps.self_attention_routing %a, %p : (tensor<2x4x2x3xf32>, tensor<4x2xf32>) -> tensor<2x2x3xf32>
  return %v : tensor<2x2x3xf32>
}

// -----

// Two routing ops' scratches are live at different ops and share an offset; the first routing's
// result, live until the add, is placed clear of the second's scratch.
// CHECK-LABEL: func.func @two_routings
// CHECK-SAME: caps.arena_size = 64
// CHECK: caps.dynamic_routing %arg0 {caps.arena_offset = 32 : i64, caps.scratch_offset = 0 : i64, iterations = 1 : i64}
// CHECK: caps.self_attention_routing %arg0, %arg1 {caps.arena_offset = -1 : i64, caps.scratch_offset = 0 : i64}
// CHECK: caps.add %{{.+}}, %{{.+}} {caps.arena_offset = -1 : i64}
// expected-remark @+1 {{arena: 64 bytes for 1 tensors and scratch}}
func.func @two_routings(%uh: tensor<1x4x2x3xf32>, %p: tensor<4x2xf32>) -> (tensor<1x2x3xf32>, tensor<1x2x3xf32>) {
  %a = caps.dynamic_routing %uh {iterations = 1 : i64} : tensor<1x4x2x3xf32> -> tensor<1x2x3xf32>
  %b = caps.self_attention_routing %uh, %p : (tensor<1x4x2x3xf32>, tensor<4x2xf32>) -> tensor<1x2x3xf32>
  %c = caps.add %a, %b : (tensor<1x2x3xf32>, tensor<1x2x3xf32>) -> tensor<1x2x3xf32>
  return %c, %b : tensor<1x2x3xf32>, tensor<1x2x3xf32>
}

// -----

// primary_caps, squash and length need no scratch (primary_caps squashes its own result in place):
// no caps.scratch_offset, and the remark does not mention scratch.
// CHECK-LABEL: func.func @capsules_without_scratch
// CHECK-SAME: caps.arena_size = 256
// CHECK: caps.primary_caps %arg0, %arg1 {caps.arena_offset = 0 : i64, dilations
// CHECK: caps.squash %{{.+}} {caps.arena_offset = 128 : i64}
// CHECK: caps.length %{{.+}} {caps.arena_offset = -1 : i64}
// CHECK-NOT: caps.scratch_offset
// expected-remark-re @+1 {{arena: 256 bytes for 2 tensors{{$}}}}
func.func @capsules_without_scratch(%x: tensor<1x2x6x6xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<1x8xf32> {
  %u = caps.primary_caps %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x6x6xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x4xf32>
  %s = caps.squash %u : tensor<1x8x4xf32>
  %l = caps.length %s : tensor<1x8x4xf32> -> tensor<1x8xf32>
  return %l : tensor<1x8xf32>
}

// -----

// On a cluster target (capsc sets the module's caps.cores) int8 dynamic routing keeps one accumulator set per
// core: the 3 x 4 routing's 132 bytes of scratch (logits, s, V, couplings; 136 from 8-byte alignment) and 7 more
// sets of 88 bytes (logits, s, couplings).
// CHECK-LABEL: func.func @routing_on_a_cluster
// CHECK-SAME: caps.arena_size = 752
module attributes {caps.cores = 8 : i64} {
// expected-remark @+1 {{arena: 752 bytes for 0 tensors and scratch}}
func.func @routing_on_a_cluster(%uh: tensor<1x8x3x4x!quant.uniform<i8:f32, 0.0078125>>) -> tensor<1x3x4x!quant.uniform<i8:f32, 0.0078125>> {
  %v = caps.dynamic_routing %uh {iterations = 3 : i64} : tensor<1x8x3x4x!quant.uniform<i8:f32, 0.0078125>> -> tensor<1x3x4x!quant.uniform<i8:f32, 0.0078125>>
  return %v : tensor<1x3x4x!quant.uniform<i8:f32, 0.0078125>>
}
}

// -----

// One core: the reference layout alone.
// CHECK-LABEL: func.func @routing_on_one_core
// CHECK-SAME: caps.arena_size = 144
// expected-remark @+1 {{arena: 144 bytes for 0 tensors and scratch}}
func.func @routing_on_one_core(%uh: tensor<1x8x3x4x!quant.uniform<i8:f32, 0.0078125>>) -> tensor<1x3x4x!quant.uniform<i8:f32, 0.0078125>> {
  %v = caps.dynamic_routing %uh {iterations = 3 : i64} : tensor<1x8x3x4x!quant.uniform<i8:f32, 0.0078125>> -> tensor<1x3x4x!quant.uniform<i8:f32, 0.0078125>>
  return %v : tensor<1x3x4x!quant.uniform<i8:f32, 0.0078125>>
}
