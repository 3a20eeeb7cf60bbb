// RUN: capsc-opt %s -split-input-file -convert-caps-to-emitc -verify-diagnostics

// The lowering reads the memory plan; without caps-plan-memory there is none.
// expected-error @+1 {{convert-caps-to-emitc needs caps-plan-memory first}}
func.func @unplanned(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = caps.relu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// A plan on the function but not on one of its ops.
func.func @half_planned(%x: tensor<4xf32>) -> tensor<4xf32> attributes {caps.arena_size = 16 : i64} {
  // expected-error @+1 {{convert-caps-to-emitc needs caps-plan-memory first}}
  %0 = caps.relu %x : tensor<4xf32>
  %1 = caps.exp %0 {caps.arena_offset = -1 : i64} : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// An intermediate tensor must have an arena buffer.
func.func @no_buffer(%x: tensor<4xf32>) -> tensor<4xf32> attributes {caps.arena_size = 16 : i64} {
  // expected-error @+1 {{result has no buffer}}
  %0 = caps.relu %x {caps.arena_offset = -1 : i64} : tensor<4xf32>
  %1 = caps.exp %0 {caps.arena_offset = -1 : i64} : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// One model, one run function.
// expected-error @+1 {{convert-caps-to-emitc expects exactly one function}}
module {
  func.func @a(%x: tensor<4xf32>) -> tensor<4xf32> attributes {caps.arena_size = 0 : i64} {
    return %x : tensor<4xf32>
  }
  func.func @b(%x: tensor<4xf32>) -> tensor<4xf32> attributes {caps.arena_size = 0 : i64} {
    return %x : tensor<4xf32>
  }
}

// -----

func.func @int_constant(%x: tensor<4xf32>) -> tensor<4xf32> attributes {caps.arena_size = 0 : i64} {
  // expected-error @+1 {{only dense f32, i8 and i32 tensor constants can be emitted}}
  %c = arith.constant dense<1> : tensor<4xi16>
  return %x : tensor<4xf32>
}

// -----

// The runtime kernels take at most 6 dims.
func.func @rank_limit(%x: tensor<1x1x1x1x1x1x2xf32>) -> tensor<1x1x1x1x1x1x2xf32> attributes {caps.arena_size = 0 : i64} {
  // expected-error @+1 {{tensors of rank 7 exceed the runtime's limit of 6}}
  %0 = caps.relu %x {caps.arena_offset = -1 : i64} : tensor<1x1x1x1x1x1x2xf32>
  return %0 : tensor<1x1x1x1x1x1x2xf32>
}

// -----

// A routing op planned without its scratch (caps.scratch_offset) cannot be lowered.
func.func @routing_without_scratch(%uh: tensor<1x4x2x3xf32>) -> tensor<1x2x3xf32> attributes {caps.arena_size = 0 : i64} {
  // expected-error @+1 {{convert-caps-to-emitc needs caps-plan-memory first (no scratch planned)}}
  %0 = caps.dynamic_routing %uh {iterations = 3 : i64, caps.arena_offset = -1 : i64} : tensor<1x4x2x3xf32> -> tensor<1x2x3xf32>
  return %0 : tensor<1x2x3xf32>
}

// -----

// The module's cluster size (caps.cores, which sizes kernels' per-core scratch) is within the runtime's limit.
module attributes {caps.cores = 9 : i64} {
func.func @too_many_cores(%uh: tensor<1x8x3x4x!quant.uniform<i8:f32, 0.0078125>>) -> tensor<1x3x4x!quant.uniform<i8:f32, 0.0078125>> attributes {caps.arena_size = 0 : i64} {
  // expected-error @+1 {{caps.cores = 9 is outside 0..8}}
  %v = caps.dynamic_routing %uh {iterations = 3 : i64, caps.arena_offset = -1 : i64, caps.scratch_offset = 0 : i64} : tensor<1x8x3x4x!quant.uniform<i8:f32, 0.0078125>> -> tensor<1x3x4x!quant.uniform<i8:f32, 0.0078125>>
  return %v : tensor<1x3x4x!quant.uniform<i8:f32, 0.0078125>>
}
}
