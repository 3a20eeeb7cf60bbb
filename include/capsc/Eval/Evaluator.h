//===- Evaluator.h - run caps IR on the reference kernels ------*- C++ -*-===//
#ifndef CAPSC_EVAL_EVALUATOR_H
#define CAPSC_EVAL_EVALUATOR_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/DenseMap.h"

#include <vector>

namespace capsc {

/// Host tensor of the evaluator: dense row-major float32.
using Buffer = std::vector<float>;

/// Executes one caps op on host buffers (one per operand, in operand order)
/// through the runtime's reference kernels; the same calls the generated code
/// makes. Emits an error at the op on failure.
mlir::FailureOr<Buffer> evaluateOp(mlir::Operation *op,
                                   llvm::ArrayRef<const Buffer *> operands);

/// Runs a whole function of caps ops and arith.constant on `inputs` (one buffer
/// per argument) and returns one buffer per result.
mlir::FailureOr<std::vector<Buffer>>
evaluateFunction(mlir::func::FuncOp func, llvm::ArrayRef<Buffer> inputs);

/// The float data of a dense constant.
Buffer constantData(mlir::DenseElementsAttr attr);

} // namespace capsc

#endif // CAPSC_EVAL_EVALUATOR_H
