//===- CapsDialect.h - caps dialect -----------------------------*- C++ -*-===//
#ifndef CAPSC_DIALECT_CAPS_CAPSDIALECT_H
#define CAPSC_DIALECT_CAPS_CAPSDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Dialect/Traits.h"

#include "capsc/Dialect/Caps/CapsOpsDialect.h.inc"

#define GET_OP_CLASSES
#include "capsc/Dialect/Caps/CapsOps.h.inc"

#endif // CAPSC_DIALECT_CAPS_CAPSDIALECT_H
