// RUN: capsc-opt %s -split-input-file -verify-diagnostics

// Regression test: `iterations` is a signless I64Attr; the verifier reads it signed and bounds it by the
// runtime's int32, so negative counts and counts that would truncate are rejected (they used to pass).

func.func @dynamic_routing_negative_iterations(%uh: tensor<1x8x3x6xf32>) -> tensor<1x3x6xf32> {
  // expected-error @+1 {{'caps.dynamic_routing' op expects 1 to 2^31-1 routing iterations, got -3}}
  %v = caps.dynamic_routing %uh {iterations = -3 : i64} : tensor<1x8x3x6xf32> -> tensor<1x3x6xf32>
  return %v : tensor<1x3x6xf32>
}

// -----

// 2^32 + 1 iterations: not representable in the runtime's int32.
func.func @dynamic_routing_iterations_overflow(%uh: tensor<1x8x3x6xf32>) -> tensor<1x3x6xf32> {
  // expected-error @+1 {{'caps.dynamic_routing' op expects 1 to 2^31-1 routing iterations, got 4294967297}}
  %v = caps.dynamic_routing %uh {iterations = 4294967297 : i64} : tensor<1x8x3x6xf32> -> tensor<1x3x6xf32>
  return %v : tensor<1x3x6xf32>
}
