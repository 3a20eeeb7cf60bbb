//===- CapsFold.cpp - evaluate constant caps ops --------------------------===//
#include "capsc/Eval/Evaluator.h"
#include "capsc/Passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"

namespace capsc {
#define GEN_PASS_DEF_CAPSFOLDPASS
#include "capsc/Passes/Passes.h.inc"
} // namespace capsc

using namespace mlir;

namespace {
struct CapsFoldPass : capsc::impl::CapsFoldPassBase<CapsFoldPass> {
  void runOnOperation() override {
    SmallVector<Operation *> worklist;
    getOperation().walk([&](Operation *op) {
      if (isa<capsc::caps::CapsDialect>(op->getDialect()))
        worklist.push_back(op);
    });
    // Walk order is program order, so an op's constant operands are folded
    // before it is visited.
    for (Operation *op : worklist) {
      SmallVector<capsc::Buffer> data;
      bool allConstant = op->getNumOperands() > 0;
      for (Value v : op->getOperands()) {
        auto c = v.getDefiningOp<arith::ConstantOp>();
        auto dense = c ? dyn_cast<DenseElementsAttr>(c.getValue()) : nullptr;
        if (!dense) {
          allConstant = false;
          break;
        }
        data.push_back(capsc::constantData(dense));
      }
      if (!allConstant)
        continue;
      SmallVector<const capsc::Buffer *> ptrs;
      for (const auto &d : data)
        ptrs.push_back(&d);
      auto result = capsc::evaluateOp(op, ptrs);
      if (failed(result))
        return signalPassFailure();
      auto type = cast<RankedTensorType>(op->getResult(0).getType());
      OpBuilder b(op);
      auto folded = b.create<arith::ConstantOp>(
          op->getLoc(), type,
          DenseElementsAttr::get(type, ArrayRef<float>(*result)));
      op->getResult(0).replaceAllUsesWith(folded.getResult());
      op->erase();
    }
  }
};
} // namespace
