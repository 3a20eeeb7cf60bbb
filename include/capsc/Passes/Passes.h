//===- Passes.h - caps passes ------------------------------------*- C++
//-*-===//
#ifndef CAPSC_PASSES_PASSES_H
#define CAPSC_PASSES_PASSES_H

#include "capsc/Dialect/Caps/CapsDialect.h"
#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace capsc {

#define GEN_PASS_DECL
#include "capsc/Passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "capsc/Passes/Passes.h.inc"

} // namespace capsc

#endif // CAPSC_PASSES_PASSES_H
