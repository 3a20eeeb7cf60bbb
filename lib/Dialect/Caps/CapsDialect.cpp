//===- CapsDialect.cpp - caps dialect registration ------------------------===//
#include "capsc/Dialect/Caps/CapsDialect.h"

using namespace mlir;
using namespace capsc::caps;

#include "capsc/Dialect/Caps/CapsOpsDialect.cpp.inc"

void CapsDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "capsc/Dialect/Caps/CapsOps.cpp.inc"
      >();
}

/// Folded tensors are materialized as arith.constant, the form the importer
/// uses for initializers.
Operation *CapsDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                            Type type, Location loc) {
  auto typed = dyn_cast<TypedAttr>(value);
  if (!typed || typed.getType() != type)
    return nullptr;
  return builder.create<arith::ConstantOp>(loc, type, typed);
}
