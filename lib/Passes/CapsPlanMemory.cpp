//===- CapsPlanMemory.cpp - static arena placement of activations ---------===//
#include "capsc/Kernels/KernelCall.h"
#include "capsc/Passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"

namespace capsc {
#define GEN_PASS_DEF_CAPSPLANMEMORYPASS
#include "capsc/Passes/Passes.h.inc"
} // namespace capsc

using namespace mlir;

namespace {
/// An arena buffer: bytes and the op indices where it is written first and read
/// last. Either a tensor or the scratch of one op (live during that op only).
struct Interval {
  int64_t bytes, start, end;
  int64_t offset = -1;
};

/// Scratch bytes the op's kernel calls need (the largest of them).
int64_t scratchBytes(Operation *op) {
  // Ops without kernels are reported by the lowering, not here.
  ScopedDiagnosticHandler silence(op->getContext(),
                                  [](Diagnostic &) { return success(); });
  auto calls = capsc::getKernelCalls(op);
  int64_t bytes = 0;
  if (succeeded(calls))
    for (const capsc::KernelCall &call : *calls)
      bytes = std::max(bytes, call.scratchBytes);
  return bytes;
}

struct CapsPlanMemoryPass
    : capsc::impl::CapsPlanMemoryPassBase<CapsPlanMemoryPass> {
  using CapsPlanMemoryPassBase::CapsPlanMemoryPassBase;

  void runOnOperation() override {
    if (alignment <= 0 || (alignment & (alignment - 1))) {
      getOperation().emitError(
          "caps-plan-memory: alignment must be a power of two");
      return signalPassFailure();
    }
    for (auto func : getOperation().getOps<func::FuncOp>())
      planFunction(func);
  }

  void planFunction(func::FuncOp func) {
    Block &body = func.getBody().front();
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    llvm::DenseSet<Value> returned(ret.getOperands().begin(),
                                   ret.getOperands().end());

    // Every op result that is not returned lives in the arena, except an alias
    // op's result, which shares its input's buffer (it then extends that
    // buffer's life).
    llvm::DenseMap<Value, Value> root; // value -> value owning its arena buffer
    llvm::DenseMap<Value, size_t> intervalOf;
    llvm::DenseMap<Operation *, size_t> scratchOf;
    SmallVector<Interval> intervals;
    int64_t index = 0;
    for (Operation &op : body) {
      ++index;
      if (isa<func::ReturnOp>(op) || capsc::isConstantLike(&op) ||
          op.getNumResults() != 1)
        continue;
      if (int64_t bytes = scratchBytes(&op)) {
        scratchOf[&op] = intervals.size();
        intervals.push_back({bytes, index, index});
      }
      Value result = op.getResult(0);
      if (returned.contains(result))
        continue;
      if (capsc::isAliasOp(&op)) {
        auto it = root.find(op.getOperand(0));
        if (it != root.end()) {
          root[result] = it->second;
          continue;
        }
      }
      auto type = cast<RankedTensorType>(result.getType());
      int64_t bytes = type.getNumElements() * capsc::elementBytes(type);
      root[result] = result;
      intervalOf[result] = intervals.size();
      intervals.push_back({bytes, index, index});
    }
    index = 0;
    for (Operation &op : body) {
      ++index;
      for (Value v : op.getOperands()) {
        auto it = root.find(v);
        if (it != root.end()) {
          Interval &iv = intervals[intervalOf[it->second]];
          iv.end = std::max(iv.end, index);
        }
      }
    }

    // Greedy by size: largest first, at the lowest aligned offset free during
    // its whole life.
    SmallVector<size_t> order(intervals.size());
    for (size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    llvm::stable_sort(order, [&](size_t a, size_t b) {
      return intervals[a].bytes > intervals[b].bytes;
    });
    SmallVector<size_t> placed;
    int64_t peak = 0;
    for (size_t i : order) {
      Interval &iv = intervals[i];
      SmallVector<std::pair<int64_t, int64_t>> busy;
      for (size_t j : placed) {
        const Interval &o = intervals[j];
        if (o.start <= iv.end && iv.start <= o.end)
          busy.push_back({o.offset, o.offset + o.bytes});
      }
      llvm::sort(busy);
      int64_t offset = 0;
      for (auto [lo, hi] : busy) {
        if (offset + iv.bytes <= lo)
          break;
        offset = std::max<int64_t>(offset, llvm::alignTo(hi, alignment));
      }
      iv.offset = offset;
      peak = std::max(peak, offset + iv.bytes);
      placed.push_back(i);
    }

    Builder b(func.getContext());
    for (Operation &op : body) {
      if (op.getNumResults() != 1 || capsc::isConstantLike(&op))
        continue;
      auto it = root.find(op.getResult(0));
      int64_t offset =
          it == root.end() ? -1 : intervals[intervalOf[it->second]].offset;
      op.setAttr("caps.arena_offset", b.getI64IntegerAttr(offset));
      if (auto it = scratchOf.find(&op); it != scratchOf.end())
        op.setAttr("caps.scratch_offset",
                   b.getI64IntegerAttr(intervals[it->second].offset));
    }
    int64_t size = static_cast<int64_t>(llvm::alignTo(peak, alignment));
    func->setAttr("caps.arena_size", b.getI64IntegerAttr(size));
    func.emitRemark() << "arena: " << size << " bytes for "
                      << intervals.size() - scratchOf.size() << " tensors"
                      << (scratchOf.empty() ? "" : " and scratch");
  }
};
} // namespace
