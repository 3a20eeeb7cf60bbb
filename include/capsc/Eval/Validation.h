//===- Validation.h - float vs quantized model on a data set ---*- C++ -*-===//
#ifndef CAPSC_EVAL_VALIDATION_H
#define CAPSC_EVAL_VALIDATION_H

#include "capsc/Eval/Calibration.h"

#include <optional>
#include <string>

namespace capsc {

/// Signal-to-quantization-noise ratio of one quantized op's output against
/// the same op of the float model, over all validation samples.
struct LayerSqnr {
  std::string name; ///< ONNX node the op came from
  std::string op;   ///< caps op name
  double sqnrDb = 0;
};

struct ValidationResult {
  int64_t samples = 0;
  /// Fractions in [0, 1]; accuracies only with labels.
  std::optional<double> floatAccuracy, quantizedAccuracy;
  double top1Agreement = 0;
  std::vector<LayerSqnr> layers;
};

/// Runs `floatFunc` and `quantizedFunc` (the same model before and after
/// caps-quantize) on every sample. Top-1 is the argmax of each row of the
/// first output ([batch, classes]); `labels` holds one class per row (empty:
/// no accuracies).
mlir::FailureOr<ValidationResult> validate(mlir::func::FuncOp floatFunc,
                                           mlir::func::FuncOp quantizedFunc,
                                           llvm::ArrayRef<Sample> samples,
                                           llvm::ArrayRef<int64_t> labels,
                                           bool progress);

/// Writes `arrays` (all of one shape) as one float32 .npy of shape
/// [arrays.size(), shape...]; false and `error` on failure.
bool writeNpy(llvm::StringRef path, llvm::ArrayRef<int64_t> shape,
              llvm::ArrayRef<Buffer> arrays, std::string &error);

} // namespace capsc

#endif // CAPSC_EVAL_VALIDATION_H
