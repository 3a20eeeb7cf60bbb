//===- CapsDialect.h - caps dialect -----------------------------*- C++ -*-===//
#ifndef CAPSC_DIALECT_CAPS_CAPSDIALECT_H
#define CAPSC_DIALECT_CAPS_CAPSDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/QuantOps.h"
#include "mlir/Dialect/Quant/QuantTypes.h"
#include "mlir/Dialect/Traits.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "capsc/Dialect/Caps/CapsOpsDialect.h.inc"

#define GET_OP_CLASSES
#include "capsc/Dialect/Caps/CapsOps.h.inc"

#include <string>

namespace capsc::caps {

/// Output extent of a sliding window as ONNX (and PyTorch) define it for Conv
/// and pooling; 0 when the window does not fit the padded input. With ceilMode
/// a last window that would start inside the end padding is dropped.
int64_t windowOutputSize(int64_t in, int64_t padBegin, int64_t padEnd,
                         int64_t kernel, int64_t stride, int64_t dilation,
                         bool ceilMode);

/// A 4-D image shape in NCHW order: `shape` itself, or with channelsLast the
/// NHWC shape [n, h, w, c] as [n, c, h, w]. The same permutation takes OHWI
/// convolution weights to OIHW. Other ranks are returned unchanged.
llvm::SmallVector<int64_t, 4> channelsFirstShape(llvm::ArrayRef<int64_t> shape,
                                                 bool channelsLast);

/// The ONNX node (or tensor) name an op's location carries: the importer gives
/// every op a NameLoc. Empty when there is none.
std::string nodeName(mlir::Location loc);

/// `name` as a C identifier: alphanumerics kept, anything else '_', and
/// `prefix` in front when it would start with a digit (or be empty). Generated
/// symbols and file names use it.
std::string toCIdentifier(llvm::StringRef name, llvm::StringRef prefix);

/// The ONNX op type the importer records beside the node name
/// (`loc(fused<"Conv">["conv1"])`), or "".
std::string nodeOpType(mlir::Location loc);

} // namespace capsc::caps

#endif // CAPSC_DIALECT_CAPS_CAPSDIALECT_H
