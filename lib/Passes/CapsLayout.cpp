//===- CapsLayout.cpp - NCHW image ops to NHWC ----------------------------===//
//
// The SIMD kernels want channels innermost: a window row is then one run of
// bytes and a 1x1 convolution a plain matrix product. ONNX is NCHW, so this
// pass turns every NCHW convolution and pooling into its NHWC form between two
// transposes (weights transposed OIHW -> OHWI at compile time; a primary
// capsule layer takes NHWC in and keeps its capsule order out), then lets the
// transposes meet and cancel: they sink through elementwise ops and pads, two in a row
// become one, a transpose that only moves unit dims becomes a reshape (free),
// and a global pool of a transposed tensor becomes a reduction over the NHWC
// spatial axes. What remains are real transposes at the edges of the NHWC
// regions (the model input when it has more than one channel, and before
// layout-sensitive ops such as flattening reshapes or capsule reshapes).
//
// The numbers do not change: the ref kernels compute the same sums in the
// same order in both layouts.
//
//===----------------------------------------------------------------------===//
#include "capsc/Dialect/Caps/CapsDialect.h"
#include "capsc/Passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/TypeSwitch.h"

namespace capsc {
#define GEN_PASS_DEF_CAPSLAYOUTPASS
#include "capsc/Passes/Passes.h.inc"
} // namespace capsc

using namespace mlir;
namespace caps = capsc::caps;

namespace {

constexpr int64_t kToNHWC[] = {0, 2, 3, 1};
constexpr int64_t kToNCHW[] = {0, 3, 1, 2};

RankedTensorType permuted(Value v, ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(type.getDimSize(p));
  return RankedTensorType::get(shape, type.getElementType());
}

Value transpose(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> perm) {
  return b.create<caps::TransposeOp>(loc, permuted(v, perm), v, perm);
}

/// OIHW weights as OHWI: a transposed copy of a float constant (keeping the
/// constant's attributes, such as a QDQ model's weight quantization, whose
/// axis 0 stays the output channel), a transpose op otherwise.
Value channelsLastWeights(OpBuilder &b, Location loc, Value w) {
  auto constant = w.getDefiningOp<arith::ConstantOp>();
  auto dense =
      constant ? dyn_cast<DenseElementsAttr>(constant.getValue()) : nullptr;
  if (!dense || !dense.getElementType().isF32())
    return transpose(b, loc, w, kToNHWC);
  ArrayRef<int64_t> s = dense.getType().getShape();
  auto values = llvm::to_vector(dense.getValues<float>());
  SmallVector<float> out(values.size());
  for (int64_t o = 0, i = 0; o < s[0]; ++o)
    for (int64_t c = 0; c < s[1]; ++c)
      for (int64_t h = 0; h < s[2]; ++h)
        for (int64_t x = 0; x < s[3]; ++x, ++i)
          out[((o * s[2] + h) * s[3] + x) * s[1] + c] = values[i];
  auto type = permuted(w, kToNHWC);
  auto result = b.create<arith::ConstantOp>(
      loc, type, DenseElementsAttr::get(type, ArrayRef<float>(out)));
  result->setDiscardableAttrs(constant->getDiscardableAttrDictionary());
  return result;
}

/// Replaces an NCHW image op by its NHWC form between transposes: `build`
/// creates the NHWC op from the transposed input and its result type.
template <typename OpT, typename Build>
void toChannelsLast(OpT op, Build build) {
  OpBuilder b(op);
  Location loc = op.getLoc();
  Value x = transpose(b, loc, op.getInput(), kToNHWC);
  Operation *nhwc = build(b, x, permuted(op.getOutput(), kToNHWC));
  nhwc->setDiscardableAttrs(op->getDiscardableAttrDictionary());
  op.getOutput().replaceAllUsesWith(
      transpose(b, loc, nhwc->getResult(0), kToNCHW));
  op.erase();
}

void convertImageOps(func::FuncOp func) {
  SmallVector<Operation *> ops;
  func.walk([&](Operation *op) {
    if (llvm::TypeSwitch<Operation *, bool>(op)
            .Case<caps::Conv2dOp, caps::MaxPool2dOp, caps::AvgPool2dOp,
                  caps::PrimaryCapsOp>(
                [](auto o) { return !o.getChannelsLast(); })
            .Default([](Operation *) { return false; }))
      ops.push_back(op);
  });
  for (Operation *op : ops) {
    if (auto conv = dyn_cast<caps::Conv2dOp>(op)) {
      toChannelsLast(conv, [&](OpBuilder &b, Value x, Type type) {
        Value w = channelsLastWeights(b, conv.getLoc(), conv.getWeight());
        return b.create<caps::Conv2dOp>(
            conv.getLoc(), type, x, w, conv.getBias(), conv.getStrides(),
            conv.getPads(), conv.getDilations(), conv.getGroup(),
            /*channels_last=*/true);
      });
    } else if (auto pool = dyn_cast<caps::MaxPool2dOp>(op)) {
      toChannelsLast(pool, [&](OpBuilder &b, Value x, Type type) {
        return b.create<caps::MaxPool2dOp>(
            pool.getLoc(), type, x, pool.getKernel(), pool.getStrides(),
            pool.getPads(), pool.getDilations(), pool.getCeilMode(),
            /*channels_last=*/true);
      });
    } else if (auto pcaps = dyn_cast<caps::PrimaryCapsOp>(op)) {
      // NHWC in, capsules out in their NCHW order (the kernel writes the
      // convolution's result NCHW): no transpose after it.
      OpBuilder b(pcaps);
      Location loc = pcaps.getLoc();
      Value x = transpose(b, loc, pcaps.getInput(), kToNHWC);
      Value w = channelsLastWeights(b, loc, pcaps.getWeight());
      auto nhwc = b.create<caps::PrimaryCapsOp>(
          loc, pcaps.getType(), x, w, pcaps.getBias(), pcaps.getStrides(),
          pcaps.getPads(), pcaps.getDilations(), pcaps.getGroup(),
          pcaps.getVariant(), pcaps.getEpsilon(), /*channels_last=*/true);
      nhwc->setDiscardableAttrs(pcaps->getDiscardableAttrDictionary());
      pcaps.getOutput().replaceAllUsesWith(nhwc.getOutput());
      pcaps.erase();
    } else if (auto pool = dyn_cast<caps::AvgPool2dOp>(op)) {
      toChannelsLast(pool, [&](OpBuilder &b, Value x, Type type) {
        return b.create<caps::AvgPool2dOp>(
            pool.getLoc(), type, x, pool.getKernel(), pool.getStrides(),
            pool.getPads(), pool.getDilations(), pool.getCeilMode(),
            pool.getCountIncludePad(), /*channels_last=*/true);
      });
    }
  }
}

/// The transpose defining `v`, if any.
caps::TransposeOp transposeOf(Value v) {
  return v.getDefiningOp<caps::TransposeOp>();
}

/// unary(transpose(x)) -> transpose(unary(x)) for elementwise ops.
struct SinkThroughUnary : RewritePattern {
  SinkThroughUnary(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isa<caps::ReluOp, caps::ClipOp, caps::LeakyReluOp, caps::SigmoidOp,
             caps::TanhOp, caps::AbsOp, caps::NegOp, caps::ExpOp,
             caps::SqrtOp, caps::ReciprocalOp>(op))
      return failure();
    auto t = transposeOf(op->getOperand(0));
    if (!t)
      return failure();
    Type element = getElementTypeOrSelf(op->getResult(0).getType());
    Operation *moved = rewriter.clone(*op);
    moved->setOperand(0, t.getInput());
    moved->getResult(0).setType(RankedTensorType::get(
        cast<RankedTensorType>(t.getInput().getType()).getShape(), element));
    rewriter.replaceOp(op, transpose(rewriter, op->getLoc(),
                                     moved->getResult(0), t.getPerm()));
    return success();
  }
};

/// binary(transpose(a), transpose(b)) -> transpose(binary(a, b)) when both
/// transposes have the same permutation and input shape; an operand of one
/// element (broadcast in any layout) may stand for either.
struct SinkThroughBinary : RewritePattern {
  SinkThroughBinary(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isa<caps::AddOp, caps::SubOp, caps::MulOp, caps::DivOp, caps::PowOp,
             caps::MaxOp, caps::MinOp>(op))
      return failure();
    caps::TransposeOp first;
    for (Value v : op->getOperands()) {
      auto t = transposeOf(v);
      if (!t) {
        if (cast<RankedTensorType>(v.getType()).getNumElements() != 1)
          return failure();
        continue;
      }
      if (first && (t.getPerm() != first.getPerm() ||
                    t.getInput().getType() != first.getInput().getType()))
        return failure();
      first = first ? first : t;
    }
    if (!first)
      return failure();
    Operation *moved = rewriter.clone(*op);
    for (OpOperand &operand : moved->getOpOperands())
      if (auto t = transposeOf(operand.get()))
        operand.set(t.getInput());
    Type element = getElementTypeOrSelf(op->getResult(0).getType());
    moved->getResult(0).setType(RankedTensorType::get(
        cast<RankedTensorType>(first.getInput().getType()).getShape(),
        element));
    rewriter.replaceOp(op, transpose(rewriter, op->getLoc(),
                                     moved->getResult(0), first.getPerm()));
    return success();
  }
};

/// global_pool(transpose(x, NHWC -> NCHW)) -> transpose(reduce(x) over the
/// NHWC spatial axes), which the unit-dim rule then turns into a reshape.
template <typename GlobalPoolOp, typename ReduceOp>
struct GlobalPoolOfTranspose : OpRewritePattern<GlobalPoolOp> {
  using OpRewritePattern<GlobalPoolOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(GlobalPoolOp op,
                                PatternRewriter &rewriter) const override {
    auto t = transposeOf(op->getOperand(0));
    if (!t || t.getPerm() != ArrayRef<int64_t>(kToNCHW))
      return failure();
    auto in = cast<RankedTensorType>(t.getInput().getType());
    auto type = RankedTensorType::get(
        {in.getDimSize(0), 1, 1, in.getDimSize(3)},
        getElementTypeOrSelf(op->getResult(0).getType()));
    auto reduced = rewriter.create<ReduceOp>(
        op.getLoc(), type, t.getInput(), rewriter.getDenseI64ArrayAttr({1, 2}),
        rewriter.getBoolAttr(true));
    reduced->setDiscardableAttrs(op->getDiscardableAttrDictionary());
    rewriter.replaceOp(op,
                       transpose(rewriter, op.getLoc(), reduced, kToNCHW));
    return success();
  }
};

/// pad(transpose(x)) -> transpose(pad(x)) with the pads permuted back: every
/// mode pads each dim on its own.
struct SinkThroughPad : OpRewritePattern<caps::PadOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(caps::PadOp op,
                                PatternRewriter &rewriter) const override {
    auto t = transposeOf(op.getInput());
    if (!t)
      return failure();
    ArrayRef<int64_t> perm = t.getPerm(), pads = op.getPads();
    size_t rank = perm.size();
    SmallVector<int64_t> moved(2 * rank);
    SmallVector<int64_t> shape(rank);
    for (size_t j = 0; j < rank; ++j) {
      moved[perm[j]] = pads[j];
      moved[rank + perm[j]] = pads[rank + j];
      shape[perm[j]] = shapeOfResult(op)[j];
    }
    auto padded = rewriter.create<caps::PadOp>(
        op.getLoc(),
        RankedTensorType::get(shape, getElementTypeOrSelf(op.getType())),
        t.getInput(), op.getFill(), moved, op.getMode(), op.getValue());
    padded->setDiscardableAttrs(op->getDiscardableAttrDictionary());
    rewriter.replaceOp(op, transpose(rewriter, op.getLoc(), padded, perm));
    return success();
  }

  static ArrayRef<int64_t> shapeOfResult(caps::PadOp op) {
    return cast<RankedTensorType>(op.getType()).getShape();
  }
};

/// A transpose that keeps the order of the dims larger than 1 moves no
/// element: a reshape.
struct UnitTransposeToReshape : OpRewritePattern<caps::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(caps::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    ArrayRef<int64_t> in =
        cast<RankedTensorType>(op.getInput().getType()).getShape();
    int64_t last = -1;
    for (int64_t p : op.getPerm()) {
      if (in[p] == 1)
        continue;
      if (p < last)
        return failure();
      last = p;
    }
    rewriter.replaceOpWithNewOp<caps::ReshapeOp>(op, op.getType(),
                                                 op.getInput());
    return success();
  }
};

struct CapsLayoutPass : capsc::impl::CapsLayoutPassBase<CapsLayoutPass> {
  void runOnOperation() override {
    getOperation().walk([](func::FuncOp func) { convertImageOps(func); });
    MLIRContext *context = &getContext();
    // Sinking first, to a fixed point; only then are the transposes that
    // remain and move unit dims alone made reshapes (a reshape would stop a
    // transpose on its way to the one that cancels it).
    RewritePatternSet sink(context);
    sink.add<SinkThroughUnary, SinkThroughBinary, SinkThroughPad,
             GlobalPoolOfTranspose<caps::GlobalAvgPoolOp, caps::ReduceMeanOp>,
             GlobalPoolOfTranspose<caps::GlobalMaxPoolOp, caps::ReduceMaxOp>>(
        context);
    RewritePatternSet unit(context);
    unit.add<UnitTransposeToReshape>(context);
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(sink))) ||
        failed(applyPatternsAndFoldGreedily(getOperation(), std::move(unit))))
      return signalPassFailure();
  }
};

} // namespace
