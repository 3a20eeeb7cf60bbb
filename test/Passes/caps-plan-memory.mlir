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
