// RUN: capsc-opt %s -caps-quantize -split-input-file -verify-diagnostics
// RUN: not capsc-opt %s -caps-quantize=scheme=int4 2>&1 | FileCheck %s --check-prefix=SCHEME

// Without calibration there is nothing to quantize from.
func.func @uncalibrated(%x: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{caps-quantize: an operand has no calibrated range (run calibration first)}}
  %r = caps.relu %x : tensor<8xf32>
  return %r : tensor<8xf32>
}

// SCHEME: caps-quantize: unknown scheme 'int4' (int8, pow2)
