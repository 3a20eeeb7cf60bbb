//===- capsc-opt.cpp - the caps dialect's opt tool (lit driver) -----------===//
#include "capsc/Dialect/Caps/CapsDialect.h"
#include "capsc/Passes/Passes.h"

#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerTransformsPasses();
  capsc::registerCapsPasses();
  mlir::DialectRegistry registry;
  registry.insert<capsc::caps::CapsDialect, mlir::quant::QuantizationDialect,
                  mlir::arith::ArithDialect,
                  mlir::func::FuncDialect, mlir::emitc::EmitCDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "capsc optimizer driver\n", registry));
}
