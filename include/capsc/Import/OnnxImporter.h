//===- OnnxImporter.h - ONNX model to caps dialect -------------*- C++ -*-===//
#ifndef CAPSC_IMPORT_ONNXIMPORTER_H
#define CAPSC_IMPORT_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace capsc {

struct ImportOptions {
  /// Value given to a symbolic (or non-positive) leading dim of graph inputs.
  int64_t batch = 1;
  /// Name of the imported function; also names the model in diagnostics.
  std::string funcName = "model";
};

/// Imports an `.onnx` (binary protobuf) or `.onnxtext` (ONNX text syntax) model
/// as one `func.func` of caps ops. Runs onnx's checker, upgrades opsets older
/// than 13 with onnx's version converter and runs shape inference; folds shape
/// arithmetic; reports every unsupported node at once. Returns null after
/// emitting errors through the context's diagnostic engine.
mlir::OwningOpRef<mlir::ModuleOp> importOnnxFile(mlir::MLIRContext &context,
                                                 llvm::StringRef path,
                                                 const ImportOptions &options);

/// Reads a serialized onnx::TensorProto holding float32 data (an ONNX test
/// data set's input_N.pb); false and `error` on failure.
bool readTensorProtoFile(llvm::StringRef path, std::vector<int64_t> &shape,
                         std::vector<float> &data, std::string &error);

/// ONNX operator types (default domain) the importer accepts, sorted; for
/// `capsc --list-ops`.
std::vector<std::string> supportedOnnxOps();

} // namespace capsc

#endif // CAPSC_IMPORT_ONNXIMPORTER_H
