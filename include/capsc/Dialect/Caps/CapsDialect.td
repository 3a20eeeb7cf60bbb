#ifndef CAPSC_DIALECT_CAPS_CAPSDIALECT_TD
#define CAPSC_DIALECT_CAPS_CAPSDIALECT_TD

include "mlir/IR/OpBase.td"

def Caps_Dialect : Dialect {
  let name = "caps";
  let summary = "Tensor-level operators of neural networks for microcontrollers, capsule ops included";
  let description = [{
    The `caps` dialect holds one op per ONNX operator family at tensor level (float NCHW after import),
    plus the capsule-network ops. Every op has a generic lowering to one runtime kernel call.
  }];
  let cppNamespace = "::capsc::caps";
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::quant::QuantizationDialect"];
  let hasConstantMaterializer = 1;
}

#endif // CAPSC_DIALECT_CAPS_CAPSDIALECT_TD
