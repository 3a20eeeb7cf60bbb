//===- Evaluator.h - run caps IR on the reference kernels ------*- C++ -*-===//
#ifndef CAPSC_EVAL_EVALUATOR_H
#define CAPSC_EVAL_EVALUATOR_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <cstddef>
#include <vector>

namespace capsc {

/// Host tensor of the evaluator's float API: dense row-major float32.
using Buffer = std::vector<float>;

/// Host tensor of any caps element type (float32, or the int8 / int32 storage
/// of a quantized type), dense row-major, as bytes.
using RawBuffer = std::vector<std::byte>;

/// Executes one caps op on host buffers (one per operand, in operand order)
/// through the runtime's reference kernels; the same calls the generated code
/// makes. `out` holds the result's bytes. Emits an error at the op on failure.
mlir::LogicalResult evaluateOpInto(mlir::Operation *op,
                                   llvm::ArrayRef<const void *> operands,
                                   void *out);

/// evaluateOpInto for float ops.
mlir::FailureOr<Buffer> evaluateOp(mlir::Operation *op,
                                   llvm::ArrayRef<const Buffer *> operands);

/// Sees every function argument (op null, no operands) and op result as it is
/// computed, with the op's operand data.
using Observer = llvm::function_ref<void(
    mlir::Operation *op, mlir::Value result,
    llvm::ArrayRef<const void *> operands, const RawBuffer &data)>;

/// Runs a whole function of caps ops (float or quantized, with quant casts and
/// arith.constant / quant.scast constants) on float `inputs` (one buffer per
/// argument) and returns one float buffer per result.
mlir::FailureOr<std::vector<Buffer>>
evaluateFunction(mlir::func::FuncOp func, llvm::ArrayRef<Buffer> inputs,
                 Observer observe = nullptr);

/// The float data of a dense constant.
Buffer constantData(mlir::DenseElementsAttr attr);

/// A float view of a raw float32 buffer.
llvm::ArrayRef<float> asFloats(const RawBuffer &data);

} // namespace capsc

#endif // CAPSC_EVAL_EVALUATOR_H
