//===- Calibration.h - activation ranges for quantization ------*- C++ -*-===//
//
// Runs a float function in the evaluator over calibration samples and records
// the range of every value as attributes caps-quantize reads:
//   caps.calib = array<f32: min, max>        op results, function arguments
//   caps.calib_pre = array<f32: min, max>    primary_caps: the convolution
//                                            output before the squash
//   caps.routing_stats = array<f32: l0, c0, l1, c1, ...>
//                                            routing ops: per iteration the
//                                            largest |logit| and coupling
//
//===----------------------------------------------------------------------===//
#ifndef CAPSC_EVAL_CALIBRATION_H
#define CAPSC_EVAL_CALIBRATION_H

#include "capsc/Eval/Evaluator.h"

#include <string>

namespace capsc {

enum class RangeMethod {
  MinMax,     ///< the observed extremes
  Percentile, ///< both tails clipped at a percentile of the histogram
  Mse,        ///< the clipping that minimizes the expected quantization MSE
};

struct CalibrationOptions {
  RangeMethod method = RangeMethod::Mse;
  double percentile = 99.99;
  /// Print progress to stderr.
  bool progress = false;
};

/// One calibration sample: one float buffer per function argument.
using Sample = std::vector<Buffer>;

/// Runs `func` on every sample and attaches the ranges. Emits an error and
/// fails when evaluation fails or there are no samples.
mlir::LogicalResult calibrate(mlir::func::FuncOp func,
                              llvm::ArrayRef<Sample> samples,
                              const CalibrationOptions &options);

/// A .npy array (version 1-3, C order, little-endian numbers).
struct NpyArray {
  std::vector<int64_t> shape;
  char kind = 0; ///< 'f' float, 'i' signed, 'u' unsigned, 'b' bool
  int itemSize = 0;
  std::vector<char> data;

  int64_t numElements() const;
  /// Element i as a double.
  double at(int64_t i) const;
};

/// Reads a .npy file; on failure returns false and sets `error`.
bool readNpy(llvm::StringRef path, NpyArray &array, std::string &error);

/// Splits a float32 array of samples along its leading dim into samples for a
/// single-input function whose input has `inputElements` elements (a model
/// with batch B takes B consecutive rows per sample).
bool splitSamples(const NpyArray &array, int64_t inputElements,
                  std::vector<Sample> &samples, std::string &error);

} // namespace capsc

#endif // CAPSC_EVAL_CALIBRATION_H
