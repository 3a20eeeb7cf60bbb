//===- CapsOps.cpp - caps op verifiers and folders ------------------------===//
#include "capsc/Dialect/Caps/CapsDialect.h"

#include "mlir/Dialect/Quant/QuantTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace capsc::caps;

namespace {
ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// An op computes in float or in quantized integers, never a mix (islands
/// between the two are explicit quant.dcast / quant.qcast ops).
LogicalResult verifyElementKinds(Operation *op) {
  auto isQuantized = [](Type type) {
    return isa<quant::QuantizedType>(getElementTypeOrSelf(type));
  };
  bool quantized = isQuantized(op->getResult(0).getType());
  if (llvm::any_of(op->getOperandTypes(),
                   [&](Type t) { return isQuantized(t) != quantized; }))
    return op->emitOpError(
        "expects all tensors float or all quantized, not a mix");
  return success();
}

LogicalResult verifyPositive(Operation *op, StringRef name,
                             ArrayRef<int64_t> values, size_t size) {
  if (values.size() != size)
    return op->emitOpError()
           << "expects " << size << " " << name << ", got " << values.size();
  if (llvm::any_of(values, [](int64_t v) { return v <= 0; }))
    return op->emitOpError() << "expects positive " << name;
  return success();
}

LogicalResult verifyPads(Operation *op, ArrayRef<int64_t> pads) {
  if (pads.size() != 4)
    return op->emitOpError()
           << "expects 4 pads [top, left, bottom, right], got " << pads.size();
  if (llvm::any_of(pads, [](int64_t v) { return v < 0; }))
    return op->emitOpError() << "expects non-negative pads";
  return success();
}

/// Checks the spatial output dims of a 2-D window op against the ONNX formula.
LogicalResult verifyWindowOutput(Operation *op, ArrayRef<int64_t> in,
                                 ArrayRef<int64_t> out,
                                 ArrayRef<int64_t> kernel,
                                 ArrayRef<int64_t> strides,
                                 ArrayRef<int64_t> pads,
                                 ArrayRef<int64_t> dilations, bool ceilMode) {
  for (int d = 0; d < 2; ++d) {
    int64_t expected =
        windowOutputSize(in[2 + d], pads[d], pads[2 + d], kernel[d], strides[d],
                         dilations[d], ceilMode);
    if (expected <= 0)
      return op->emitOpError()
             << "window does not fit the input in spatial dim " << d;
    if (out[2 + d] != expected)
      return op->emitOpError()
             << "expects spatial dim " << d << " of the result to be "
             << expected << ", got " << out[2 + d];
  }
  return success();
}

LogicalResult verifyAxis(Operation *op, int64_t axis, int64_t rank) {
  if (axis < 0 || axis >= rank)
    return op->emitOpError()
           << "axis " << axis << " is out of range for rank " << rank;
  return success();
}
} // namespace

SmallVector<int64_t, 4> capsc::caps::channelsFirstShape(ArrayRef<int64_t> shape,
                                                       bool channelsLast) {
  if (!channelsLast || shape.size() != 4)
    return SmallVector<int64_t, 4>(shape);
  return {shape[0], shape[3], shape[1], shape[2]};
}

int64_t capsc::caps::windowOutputSize(int64_t in, int64_t padBegin,
                                      int64_t padEnd, int64_t kernel,
                                      int64_t stride, int64_t dilation,
                                      bool ceilMode) {
  int64_t span = in + padBegin + padEnd - dilation * (kernel - 1) - 1;
  if (span < 0 || stride <= 0)
    return 0;
  if (!ceilMode)
    return span / stride + 1;
  int64_t out = (span + stride - 1) / stride + 1;
  if ((out - 1) * stride >= in + padBegin)
    --out;
  return out;
}

std::string capsc::caps::nodeName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location l : fused.getLocations())
      if (std::string n = nodeName(l); !n.empty())
        return n;
  return "";
}

std::string capsc::caps::toCIdentifier(StringRef name, StringRef prefix) {
  std::string s;
  for (char c : name)
    s += llvm::isAlnum(c) ? c : '_';
  if (s.empty() || llvm::isDigit(s[0]))
    s = prefix.str() + s;
  return s;
}

std::string capsc::caps::nodeOpType(Location loc) {
  if (auto fused = dyn_cast<FusedLoc>(loc))
    if (auto type = dyn_cast_or_null<StringAttr>(fused.getMetadata()))
      return type.str();
  return "";
}

//===----------------------------------------------------------------------===//
// Convolution and matrix products
//===----------------------------------------------------------------------===//

/// What conv2d and primary_caps share: ranks, window attributes, groups and
/// bias. Returns the convolution's output shape [N, out_c, out_h, out_w];
/// shapes are compared in NCHW / OIHW order whatever the layout.
template <typename ConvLikeOp>
static FailureOr<SmallVector<int64_t>> verifyConvolution(ConvLikeOp op,
                                                         bool channelsLast) {
  SmallVector<int64_t, 4> in = channelsFirstShape(shapeOf(op.getInput()),
                                                  channelsLast),
                          w = channelsFirstShape(shapeOf(op.getWeight()),
                                                 channelsLast);
  if (in.size() != 4 || w.size() != 4)
    return op.emitOpError(channelsLast
                              ? "expects 4-D input and weight (NHWC, OHWI)"
                              : "expects 4-D input and weight (NCHW, OIHW)");
  if (failed(verifyPositive(op, "strides", op.getStrides(), 2)) ||
      failed(verifyPositive(op, "dilations", op.getDilations(), 2)) ||
      failed(verifyPads(op, op.getPads())))
    return failure();
  int64_t group = op.getGroup();
  if (group <= 0 || in[1] % group != 0 || w[0] % group != 0)
    return op.emitOpError()
           << "group " << group << " must divide input channels " << in[1]
           << " and output channels " << w[0];
  if (w[1] * group != in[1])
    return op.emitOpError()
           << "expects weight dim 1 to be input channels / group = "
           << in[1] / group << ", got " << w[1];
  if (op.getBias() && shapeOf(op.getBias()) != ArrayRef<int64_t>{w[0]})
    return op.emitOpError() << "expects bias of shape [" << w[0] << "]";
  SmallVector<int64_t> out{in[0], w[0]};
  for (int d = 0; d < 2; ++d) {
    int64_t o = windowOutputSize(
        in[2 + d], op.getPads()[d], op.getPads()[2 + d], w[2 + d],
        op.getStrides()[d], op.getDilations()[d], false);
    if (o <= 0)
      return op.emitOpError()
             << "window does not fit the input in spatial dim " << d;
    out.push_back(o);
  }
  return out;
}

LogicalResult Conv2dOp::verify() {
  auto conv = verifyConvolution(*this, getChannelsLast());
  if (failed(conv))
    return failure();
  SmallVector<int64_t, 4> out =
      channelsFirstShape(shapeOf(getOutput()), getChannelsLast());
  if (out.size() != 4 || out[0] != (*conv)[0] || out[1] != (*conv)[1])
    return emitOpError(
        "expects result [N, out_c, ...] to match input batch and weight dim 0");
  for (int d = 0; d < 2; ++d)
    if (out[2 + d] != (*conv)[2 + d])
      return emitOpError() << "expects spatial dim " << d
                           << " of the result to be " << (*conv)[2 + d]
                           << ", got " << out[2 + d];
  return success();
}

LogicalResult GemmOp::verify() {
  ArrayRef<int64_t> a = shapeOf(getA()), b = shapeOf(getB()),
                    out = shapeOf(getOutput());
  if (a.size() != 2 || b.size() != 2 || out.size() != 2)
    return emitOpError("expects 2-D operands and result");
  int64_t m = getTransA() ? a[1] : a[0], ka = getTransA() ? a[0] : a[1];
  int64_t kb = getTransB() ? b[1] : b[0], n = getTransB() ? b[0] : b[1];
  if (ka != kb)
    return emitOpError() << "inner dims differ: " << ka << " vs " << kb;
  if (out[0] != m || out[1] != n)
    return emitOpError() << "expects result " << m << "x" << n;
  if (getC()) {
    ArrayRef<int64_t> c = shapeOf(getC());
    SmallVector<int64_t> full{m, n}, bcast;
    if (c.size() > 2 || !OpTrait::util::getBroadcastedShape(full, c, bcast) ||
        bcast != full)
      return emitOpError("expects C to broadcast to the result shape");
  }
  return success();
}

LogicalResult MatMulOp::verify() {
  ArrayRef<int64_t> a = shapeOf(getLhs()), b = shapeOf(getRhs()),
                    out = shapeOf(getOutput());
  if (a.empty() || b.empty())
    return emitOpError("expects operands of rank >= 1");
  int64_t k1 = a.back(), k2 = b.size() == 1 ? b[0] : b[b.size() - 2];
  if (k1 != k2)
    return emitOpError() << "inner dims differ: " << k1 << " vs " << k2;
  SmallVector<int64_t> batch;
  if (!OpTrait::util::getBroadcastedShape(
          a.drop_back(std::min<size_t>(a.size(), 2)),
          b.drop_back(std::min<size_t>(b.size(), 2)), batch))
    return emitOpError("batch dims do not broadcast");
  SmallVector<int64_t> expected(batch);
  if (a.size() >= 2)
    expected.push_back(a[a.size() - 2]);
  if (b.size() >= 2)
    expected.push_back(b.back());
  if (out != ArrayRef<int64_t>(expected))
    return emitOpError(
        "result shape does not match the matrix product of the operands");
  return success();
}

LogicalResult BatchNormOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput());
  if (in.size() < 2)
    return emitOpError("expects input of rank >= 2 [N, C, ...]");
  for (Value v : {getScale(), getBias(), getMean(), getVar()})
    if (shapeOf(v) != ArrayRef<int64_t>{in[1]})
      return emitOpError() << "expects per-channel operands of shape [" << in[1]
                           << "]";
  if (getOutput().getType() != getInput().getType())
    return emitOpError("expects result type equal to the input type");
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

/// Unary ops: float in and out, or quantized in and out (ReLU keeping its
/// input's quantization, table-driven ops with their own).
#define CAPS_UNARY_VERIFIER(Op)                                                \
  LogicalResult Op::verify() { return verifyElementKinds(*this); }
CAPS_UNARY_VERIFIER(ReluOp)
CAPS_UNARY_VERIFIER(SigmoidOp)
CAPS_UNARY_VERIFIER(TanhOp)
CAPS_UNARY_VERIFIER(AbsOp)
CAPS_UNARY_VERIFIER(NegOp)
CAPS_UNARY_VERIFIER(ReciprocalOp)
CAPS_UNARY_VERIFIER(SqrtOp)
CAPS_UNARY_VERIFIER(ExpOp)
CAPS_UNARY_VERIFIER(LeakyReluOp)
#undef CAPS_UNARY_VERIFIER

LogicalResult ClipOp::verify() {
  if (getMin().convertToFloat() > getMax().convertToFloat())
    return emitOpError("expects min <= max");
  return success();
}

/// The broadcast trait accepts any compatible result; caps wants exactly the
/// broadcast shape.
static LogicalResult verifyBinary(Operation *op) {
  if (failed(verifyElementKinds(op)))
    return failure();
  SmallVector<int64_t> expected;
  if (!OpTrait::util::getBroadcastedShape(
          shapeOf(op->getOperand(0)), shapeOf(op->getOperand(1)), expected) ||
      ArrayRef<int64_t>(expected) != shapeOf(op->getResult(0)))
    return op->emitOpError(
        "expects the result shape to be the broadcast of the operand shapes");
  return success();
}
LogicalResult AddOp::verify() { return verifyBinary(*this); }
LogicalResult SubOp::verify() { return verifyBinary(*this); }
LogicalResult MulOp::verify() { return verifyBinary(*this); }
LogicalResult DivOp::verify() { return verifyBinary(*this); }
LogicalResult PowOp::verify() { return verifyBinary(*this); }
LogicalResult MaxOp::verify() { return verifyBinary(*this); }
LogicalResult MinOp::verify() { return verifyBinary(*this); }

//===----------------------------------------------------------------------===//
// Pooling, reductions, softmax
//===----------------------------------------------------------------------===//

template <typename PoolOp> static LogicalResult verifyPool(PoolOp op) {
  SmallVector<int64_t, 4> in = channelsFirstShape(shapeOf(op.getInput()),
                                                  op.getChannelsLast()),
                          out = channelsFirstShape(shapeOf(op.getOutput()),
                                                   op.getChannelsLast());
  if (in.size() != 4 || out.size() != 4)
    return op.emitOpError("expects 4-D NCHW input and result");
  if (failed(verifyPositive(op, "kernel", op.getKernel(), 2)) ||
      failed(verifyPositive(op, "strides", op.getStrides(), 2)) ||
      failed(verifyPositive(op, "dilations", op.getDilations(), 2)) ||
      failed(verifyPads(op, op.getPads())))
    return failure();
  if (out[0] != in[0] || out[1] != in[1])
    return op.emitOpError(
        "expects result batch and channels equal to the input's");
  return verifyWindowOutput(op, in, out, op.getKernel(), op.getStrides(),
                            op.getPads(), op.getDilations(), op.getCeilMode());
}
LogicalResult MaxPool2dOp::verify() { return verifyPool(*this); }
LogicalResult AvgPool2dOp::verify() { return verifyPool(*this); }

static LogicalResult verifyGlobalPool(Operation *op) {
  ArrayRef<int64_t> in = shapeOf(op->getOperand(0)),
                    out = shapeOf(op->getResult(0));
  if (in.size() < 3 || out.size() != in.size() || out[0] != in[0] ||
      out[1] != in[1] ||
      llvm::any_of(out.drop_front(2), [](int64_t d) { return d != 1; }))
    return op->emitOpError("expects input [N, C, spatial...] of rank >= 3 and "
                           "result [N, C, 1...]");
  return success();
}
LogicalResult GlobalAvgPoolOp::verify() { return verifyGlobalPool(*this); }
LogicalResult GlobalMaxPoolOp::verify() { return verifyGlobalPool(*this); }

static LogicalResult verifyReduce(Operation *op, ArrayRef<int64_t> axes,
                                  bool keepdims) {
  ArrayRef<int64_t> in = shapeOf(op->getOperand(0));
  SmallVector<int64_t> expected;
  int64_t prev = -1;
  for (int64_t a : axes) {
    if (a <= prev || a >= static_cast<int64_t>(in.size()))
      return op->emitOpError()
             << "expects increasing axes within rank " << in.size();
    prev = a;
  }
  for (auto [i, d] : llvm::enumerate(in)) {
    bool reduced = llvm::is_contained(axes, static_cast<int64_t>(i));
    if (!reduced)
      expected.push_back(d);
    else if (keepdims)
      expected.push_back(1);
  }
  if (shapeOf(op->getResult(0)) != ArrayRef<int64_t>(expected))
    return op->emitOpError("result shape does not match the reduction");
  return success();
}
LogicalResult ReduceSumOp::verify() {
  return verifyReduce(*this, getAxes(), getKeepdims());
}
LogicalResult ReduceMeanOp::verify() {
  return verifyReduce(*this, getAxes(), getKeepdims());
}
LogicalResult ReduceMaxOp::verify() {
  return verifyReduce(*this, getAxes(), getKeepdims());
}

LogicalResult SoftmaxOp::verify() {
  if (failed(verifyElementKinds(*this)))
    return failure();
  return verifyAxis(*this, getAxis(),
                    static_cast<int64_t>(shapeOf(getInput()).size()));
}

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  auto out = cast<RankedTensorType>(getOutput().getType());
  if (in.getNumElements() != out.getNumElements())
    return emitOpError() << "cannot reshape " << in.getNumElements()
                         << " elements into " << out.getNumElements();
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput()))
    return dense.reshape(getType());
  // reshape(reshape(x)) is one reshape of x.
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  return {};
}

LogicalResult TransposeOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput()), out = shapeOf(getOutput());
  ArrayRef<int64_t> perm = getPerm();
  if (perm.size() != in.size() || out.size() != in.size())
    return emitOpError("expects perm, input and result of the same rank");
  SmallVector<bool> seen(in.size(), false);
  for (auto [i, p] : llvm::enumerate(perm)) {
    if (p < 0 || p >= static_cast<int64_t>(in.size()) || seen[p])
      return emitOpError("perm is not a permutation");
    seen[p] = true;
    if (out[i] != in[p])
      return emitOpError() << "expects result dim " << i << " to be input dim "
                           << p;
  }
  return success();
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  // transpose(transpose(x, inner), outer) is one transpose of x: result dim i
  // is the inner result's dim outer[i], which is x's dim inner[outer[i]].
  bool composed = false;
  if (auto inner = getInput().getDefiningOp<TransposeOp>()) {
    SmallVector<int64_t> perm;
    for (int64_t p : getPerm())
      perm.push_back(inner.getPerm()[p]);
    getInputMutable().assign(inner.getInput());
    setPerm(perm);
    composed = true;
  }
  for (auto [i, p] : llvm::enumerate(getPerm()))
    if (static_cast<int64_t>(i) != p)
      return composed ? getResult() : OpFoldResult();
  return getInput();
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("expects at least one input");
  ArrayRef<int64_t> out = shapeOf(getOutput());
  int64_t axis = getAxis();
  if (failed(verifyAxis(*this, axis, static_cast<int64_t>(out.size()))))
    return failure();
  int64_t total = 0;
  for (Value v : getInputs()) {
    ArrayRef<int64_t> s = shapeOf(v);
    if (s.size() != out.size())
      return emitOpError("expects inputs of the result's rank");
    for (size_t d = 0; d < s.size(); ++d)
      if (static_cast<int64_t>(d) != axis && s[d] != out[d])
        return emitOpError()
               << "input dim " << d << " differs from the result's";
    total += s[axis];
  }
  if (total != out[axis])
    return emitOpError() << "expects result dim " << axis << " to be " << total;
  return success();
}

LogicalResult SliceOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput()), out = shapeOf(getOutput());
  ArrayRef<int64_t> starts = getStarts(), steps = getSteps();
  if (starts.size() != in.size() || steps.size() != in.size() ||
      out.size() != in.size())
    return emitOpError(
        "expects starts, steps, input and result of the same rank");
  for (size_t d = 0; d < in.size(); ++d) {
    if (steps[d] == 0)
      return emitOpError("expects non-zero steps");
    if (out[d] == 0)
      continue;
    int64_t last = starts[d] + (out[d] - 1) * steps[d];
    if (starts[d] < 0 || starts[d] >= in[d] || last < 0 || last >= in[d])
      return emitOpError() << "slice runs out of dim " << d << " (size "
                           << in[d] << ")";
  }
  return success();
}

LogicalResult PadOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput()), out = shapeOf(getOutput());
  ArrayRef<int64_t> pads = getPads();
  size_t rank = in.size();
  if (pads.size() != 2 * rank || out.size() != rank)
    return emitOpError() << "expects " << 2 * rank
                         << " pads and a result of rank " << rank;
  StringRef mode = getMode();
  if (getFill() &&
      (mode != "constant" ||
       cast<RankedTensorType>(getFill().getType()).getNumElements() != 1))
    return emitOpError(
        "expects a one-element fill tensor, in constant mode only");
  if (mode != "constant" && mode != "reflect" && mode != "edge")
    return emitOpError() << "unknown mode '" << mode
                         << "' (constant, reflect, edge)";
  for (size_t d = 0; d < rank; ++d) {
    if (out[d] != in[d] + pads[d] + pads[rank + d])
      return emitOpError() << "expects result dim " << d << " to be "
                           << in[d] + pads[d] + pads[rank + d];
    if (mode == "reflect" && (pads[d] >= in[d] || pads[rank + d] >= in[d]))
      return emitOpError() << "reflect pads must be smaller than dim " << d;
  }
  return success();
}

OpFoldResult PadOp::fold(FoldAdaptor) {
  if (llvm::all_of(getPads(), [](int64_t p) { return p == 0; }))
    return getInput();
  return {};
}

OpFoldResult CastOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// Capsule networks
//===----------------------------------------------------------------------===//

static LogicalResult verifySquashArgs(Operation *op, StringRef variant,
                                      APFloat epsilon) {
  if (variant != "sabour" && variant != "efficient")
    return op->emitOpError()
           << "unknown squash variant '" << variant << "' (sabour, efficient)";
  float eps = epsilon.convertToFloat();
  if (!(eps > 0.0f) || std::isinf(eps))
    return op->emitOpError("expects a positive, finite squash epsilon");
  return success();
}

LogicalResult SquashOp::verify() {
  if (shapeOf(getInput()).empty())
    return emitOpError("expects capsules along the last dim of a ranked input");
  if (failed(verifyElementKinds(*this)))
    return failure();
  return verifySquashArgs(*this, getVariant(), getEpsilon());
}

LogicalResult PrimaryCapsOp::verify() {
  auto conv = verifyConvolution(*this, getChannelsLast());
  if (failed(conv))
    return failure();
  ArrayRef<int64_t> out = shapeOf(getOutput());
  int64_t perImage = (*conv)[1] * (*conv)[2] * (*conv)[3];
  if (out.size() != 3 || out[0] != (*conv)[0] || out[1] * out[2] != perImage)
    return emitOpError() << "expects a [N, caps, dim] result holding the "
                         << perImage << " convolution outputs per image";
  return verifySquashArgs(*this, getVariant(), getEpsilon());
}

LogicalResult PredictOp::verify() {
  ArrayRef<int64_t> u = shapeOf(getInput()), w = shapeOf(getWeight()),
                    out = shapeOf(getOutput());
  if (u.size() != 3 || w.size() != 4 || out.size() != 4)
    return emitOpError("expects u [N, in, in_dim], W [in, out, out_dim, "
                       "in_dim], result [N, in, out, out_dim]");
  if (w[0] != u[1] || w[3] != u[2])
    return emitOpError(
        "weight dims 0 and 3 must match the input capsules and their dim");
  if (out != ArrayRef<int64_t>{u[0], u[1], w[1], w[2]})
    return emitOpError("result shape must be [N, in, out, out_dim]");
  return success();
}

static LogicalResult verifyRouting(Operation *op, Value input, Value output) {
  ArrayRef<int64_t> in = shapeOf(input), out = shapeOf(output);
  if (in.size() != 4 || out != ArrayRef<int64_t>{in[0], in[2], in[3]})
    return op->emitOpError(
        "expects u_hat [N, in, out, dim] and a result [N, out, dim]");
  return success();
}

LogicalResult DynamicRoutingOp::verify() {
  // The attribute is signless: read it signed, and the kernel takes int32.
  int64_t iterations = getIterationsAttr().getInt();
  if (iterations < 1 || iterations > std::numeric_limits<int32_t>::max())
    return emitOpError() << "expects 1 to 2^31-1 routing iterations, got "
                         << iterations;
  if (failed(verifyRouting(*this, getInput(), getOutput())))
    return failure();
  return verifySquashArgs(*this, getVariant(), getEpsilon());
}

LogicalResult SelfAttentionRoutingOp::verify() {
  if (failed(verifyRouting(*this, getInput(), getOutput())))
    return failure();
  ArrayRef<int64_t> in = shapeOf(getInput());
  if (shapeOf(getLogPrior()) != ArrayRef<int64_t>{in[1], in[2]})
    return emitOpError("expects log priors of shape [in, out]");
  return verifySquashArgs(*this, getVariant(), getEpsilon());
}

LogicalResult LengthOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput());
  if (in.empty() || shapeOf(getOutput()) != in.drop_back())
    return emitOpError(
        "expects the result to drop the input's last (capsule) dim");
  return success();
}

/// `: T` when input and result types agree, else `: T -> U` (ops whose
/// quantized result has its own scale, such as squash and softmax).
static ParseResult parseUnaryTypes(OpAsmParser &parser, Type &input,
                                   Type &output) {
  if (parser.parseType(input))
    return failure();
  if (succeeded(parser.parseOptionalArrow()))
    return parser.parseType(output);
  output = input;
  return success();
}

static void printUnaryTypes(OpAsmPrinter &printer, Operation *, Type input,
                            Type output) {
  printer << input;
  if (input != output)
    printer << " -> " << output;
}

#define GET_OP_CLASSES
#include "capsc/Dialect/Caps/CapsOps.cpp.inc"
