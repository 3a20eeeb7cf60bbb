//===- CapsQuantize.cpp - calibrated int8 quantization --------------------===//
//
// Reads the ranges calibration attached (caps.calib, caps.calib_pre,
// caps.routing_stats), gives every value with an int8 kernel a !quant.uniform
// type in place, quantizes the weights, and leaves ops without an int8 kernel
// in float between quant.dcast and quant.qcast.
//
//===----------------------------------------------------------------------===//
#include "capsc/Kernels/KernelCall.h"
#include "capsc/Passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

namespace capsc {
#define GEN_PASS_DEF_CAPSQUANTIZEPASS
#include "capsc/Passes/Passes.h.inc"
} // namespace capsc

using namespace mlir;
using namespace capsc;

namespace {

/// How an op takes part in quantization.
enum class Kind {
  Compute, ///< int8 kernel with its own output quantization
  Same,    ///< moves or selects values: output quantized like its input
  Island,  ///< no int8 kernel: stays float
};

bool isConstant(Value v) {
  return v && v.getDefiningOp() && isa<arith::ConstantOp>(v.getDefiningOp());
}

DenseElementsAttr constantOf(Value v) {
  auto c = v ? v.getDefiningOp<arith::ConstantOp>() : nullptr;
  return c ? dyn_cast<DenseElementsAttr>(c.getValue()) : nullptr;
}

/// Sqrt and reciprocal have table kernels (caps_lut_s8) but stay float: an
/// int8 input loses their small arguments (sqrt of a squared capsule length
/// quantized to 8 bits is off by several output steps).
Kind classify(Operation *op) {
  return llvm::TypeSwitch<Operation *, Kind>(op)
      .Case<caps::Conv2dOp, caps::PrimaryCapsOp>([](Operation *o) {
        bool ok = isConstant(o->getOperand(1)) &&
                  (o->getNumOperands() < 3 || isConstant(o->getOperand(2)));
        return ok ? Kind::Compute : Kind::Island;
      })
      .Case([](caps::GemmOp o) {
        int64_t n =
            cast<RankedTensorType>(o.getOutput().getType()).getDimSize(1);
        bool ok =
            !o.getTransA() && isConstant(o.getB()) &&
            o.getAlpha().convertToDouble() == 1.0 &&
            (!o.getC() ||
             (isConstant(o.getC()) && o.getBeta().convertToDouble() == 1.0 &&
              cast<RankedTensorType>(o.getC().getType()).getNumElements() ==
                  n));
        return ok ? Kind::Compute : Kind::Island;
      })
      .Case<caps::AddOp, caps::SubOp, caps::MulOp, caps::SquashOp,
            caps::DynamicRoutingOp, caps::LengthOp, caps::SoftmaxOp,
            caps::SigmoidOp, caps::TanhOp, caps::AbsOp, caps::NegOp,
            caps::ExpOp, caps::LeakyReluOp>(
          [](Operation *) { return Kind::Compute; })
      .Case([](caps::PredictOp o) {
        return isConstant(o.getWeight()) ? Kind::Compute : Kind::Island;
      })
      .Case([](caps::SelfAttentionRoutingOp o) {
        return isConstant(o.getLogPrior()) ? Kind::Compute : Kind::Island;
      })
      .Case([](caps::AvgPool2dOp o) {
        bool pads = llvm::any_of(o.getPads(), [](int64_t p) { return p; });
        return o.getCountIncludePad() && pads ? Kind::Island : Kind::Same;
      })
      .Case(
          [](caps::PadOp o) { return o.getFill() ? Kind::Island : Kind::Same; })
      .Case<caps::ReluOp, caps::ClipOp, caps::MaxPool2dOp,
            caps::GlobalAvgPoolOp, caps::GlobalMaxPoolOp, caps::ReduceMeanOp,
            caps::ReduceMaxOp, caps::ReshapeOp, caps::TransposeOp,
            caps::SliceOp, caps::ConcatOp>(
          [](Operation *) { return Kind::Same; })
      .Default([](Operation *) { return Kind::Island; });
}

/// Operands that are weights (quantized per channel, not activations).
bool isWeightOperand(Operation *op, unsigned index) {
  if (isa<caps::Conv2dOp, caps::PrimaryCapsOp, caps::GemmOp>(op))
    return index >= 1;
  if (isa<caps::PredictOp, caps::SelfAttentionRoutingOp>(op))
    return index == 1;
  return false;
}

/// Inputs of capsule kernels are symmetric (zero point 0).
bool needsSymmetricInputs(Operation *op) {
  return isa<caps::SquashOp, caps::PredictOp, caps::DynamicRoutingOp,
             caps::SelfAttentionRoutingOp, caps::LengthOp>(op);
}

struct CapsQuantizePass : capsc::impl::CapsQuantizePassBase<CapsQuantizePass> {
  using CapsQuantizePassBase::CapsQuantizePassBase;

  void runOnOperation() override {
    if (scheme != "int8" && scheme != "pow2") {
      getOperation().emitError()
          << "caps-quantize: unknown scheme '" << scheme << "' (int8, pow2)";
      return signalPassFailure();
    }
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (failed(quantizeFunction(func)))
        return signalPassFailure();
  }

  bool pow2() const { return scheme == "pow2"; }

  // Types
  // ------------------------------------------------------------------------

  Type i8() { return IntegerType::get(&getContext(), 8); }
  Type f32() { return Float32Type::get(&getContext()); }

  /// Power of two at or above x (x > 0).
  static double pow2Ceil(double x) {
    return std::exp2(std::ceil(std::log2(x)));
  }

  quant::UniformQuantizedType activationType(double lo, double hi,
                                             bool symmetric) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
    double scale;
    int64_t zeroPoint = 0;
    if (symmetric || pow2()) {
      double m = std::max(-lo, hi);
      scale = m > 0 ? m / 127.0 : 1.0 / 128.0;
      if (pow2())
        scale = pow2Ceil(scale);
    } else {
      scale = hi > lo ? (hi - lo) / 255.0 : 1.0 / 256.0;
      zeroPoint = static_cast<int64_t>(
          std::clamp(std::round(-128.0 - lo / scale), -128.0, 127.0));
    }
    return fixedType(scale, zeroPoint);
  }

  quant::UniformQuantizedType fixedType(double scale, int64_t zeroPoint) {
    return quant::UniformQuantizedType::get(quant::QuantizationFlags::Signed,
                                            i8(), f32(), scale, zeroPoint, -128,
                                            127);
  }

  static std::optional<std::pair<double, double>> rangeAttr(Attribute attr) {
    auto a = dyn_cast_or_null<DenseF32ArrayAttr>(attr);
    if (!a || a.size() != 2)
      return std::nullopt;
    return std::make_pair(double(a[0]), double(a[1]));
  }

  /// The quantization a value's attributes ask for: the model's own
  /// (caps.qdq = [scale, zero point], from a QDQ import) or one from its
  /// calibrated range (caps.calib = [min, max]).
  std::optional<quant::UniformQuantizedType>
  typeFromAttrs(Attribute qdq, Attribute calib, bool symmetric) {
    if (auto q = dyn_cast_or_null<DenseF64ArrayAttr>(qdq); q && q.size() == 2) {
      auto type = fixedType(q[0], static_cast<int64_t>(q[1]));
      if (!symmetric || type.getZeroPoint() == 0)
        return type;
      return activationType(q[0] * (-128 - q[1]), q[0] * (127 - q[1]), true);
    }
    if (auto r = rangeAttr(calib))
      return activationType(r->first, r->second, symmetric);
    return std::nullopt;
  }

  /// The quantization of a value consumed by an int8 op.
  std::optional<quant::UniformQuantizedType> typeOf(Value v, bool symmetric) {
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      auto func = cast<func::FuncOp>(arg.getOwner()->getParentOp());
      return typeFromAttrs(func.getArgAttr(arg.getArgNumber(), "caps.qdq"),
                           func.getArgAttr(arg.getArgNumber(), "caps.calib"),
                           symmetric);
    }
    if (auto data = constantOf(v)) { // a constant operand of add / mul
      double lo = 0, hi = 0;
      for (float x : data.getValues<float>()) {
        lo = std::min(lo, double(x));
        hi = std::max(hi, double(x));
      }
      return activationType(lo, hi, symmetric);
    }
    Operation *def = v.getDefiningOp();
    return typeFromAttrs(def->getAttr("caps.qdq"), def->getAttr("caps.calib"),
                         symmetric);
  }

  // Casts, created once per value
  // ------------------------------------------------------------------------

  llvm::DenseMap<std::pair<Value, Type>, Value> casts;

  Value castTo(Value v, Type type) {
    if (v.getType() == type)
      return v;
    auto key = std::make_pair(v, type);
    if (auto it = casts.find(key); it != casts.end())
      return it->second;
    OpBuilder b(&getContext());
    b.setInsertionPointAfterValue(v);
    Location loc = v.getLoc();
    Value result;
    auto target = cast<RankedTensorType>(type);
    bool fromQuantized =
        isa<quant::QuantizedType>(getElementTypeOrSelf(v.getType()));
    bool toQuantized = isa<quant::QuantizedType>(target.getElementType());
    if (fromQuantized && toQuantized) // requantize through float
      result = b.create<quant::QuantizeCastOp>(loc, type,
                                               castTo(v, target.clone(f32())));
    else if (toQuantized)
      result = b.create<quant::QuantizeCastOp>(loc, type, v);
    else
      result = b.create<quant::DequantizeCastOp>(loc, type, v);
    casts[key] = result;
    return result;
  }

  /// `v` as an int8 activation: its own type when quantized (and symmetric if
  /// required), else a quantize of its calibrated range.
  FailureOr<Value> quantized(Operation *user, Value v, bool symmetric) {
    auto type = cast<RankedTensorType>(v.getType());
    auto q = dyn_cast<quant::UniformQuantizedType>(type.getElementType());
    if (q && (!symmetric || q.getZeroPoint() == 0))
      return v;
    auto qType = typeOf(v, symmetric);
    if (!qType)
      return user->emitError("caps-quantize: an operand has no calibrated "
                             "range (run calibration first)"),
             failure();
    if (DenseElementsAttr data = constantOf(v)) // quantized at compile time
      return quantizedConstant(user, data, *qType);
    return castTo(v, type.clone(*qType));
  }

  /// A float constant operand (of add, mul, ...) as int8 data of type `q`,
  /// quantized by the runtime's own caps_quantize_s8.
  FailureOr<Value> quantizedConstant(Operation *user, DenseElementsAttr data,
                                     quant::UniformQuantizedType q) {
    auto type = cast<RankedTensorType>(data.getType());
    SmallVector<float> values(data.getValues<float>());
    SmallVector<int8_t> ints(values.size());
    caps_quantize_params_t p{static_cast<int32_t>(values.size()),
                             static_cast<int32_t>(q.getZeroPoint()),
                             static_cast<float>(q.getScale())};
    if (caps_quantize_s8(&p, values.data(), ints.data()) != CAPS_OK)
      return user->emitError("caps-quantize: cannot quantize a constant");
    OpBuilder b(user);
    auto c = b.create<arith::ConstantOp>(
        user->getLoc(), type.clone(i8()),
        DenseElementsAttr::get(type.clone(i8()), ArrayRef<int8_t>(ints)));
    return b.create<quant::StorageCastOp>(c.getLoc(), type.clone(q), c)
        .getResult();
  }

  // Weights
  // ------------------------------------------------------------------------

  /// Symmetric per-channel int8 weights along `axis`: (constant, scales). The
  /// model's own scales when a QDQ import recorded them (`modelScales`), else
  /// max |w| / 127 per channel.
  std::pair<Value, SmallVector<double>>
  quantizeWeights(Operation *op, DenseElementsAttr data, int64_t axis,
                  std::optional<SmallVector<double>> modelScales) {
    auto type = cast<RankedTensorType>(data.getType());
    ArrayRef<int64_t> shape = type.getShape();
    int64_t channels = shape[axis], inner = 1;
    for (int64_t d = axis + 1; d < type.getRank(); ++d)
      inner *= shape[d];
    SmallVector<float> values(data.getValues<float>());
    SmallVector<double> maxAbs(channels, 0.0);
    for (auto [i, w] : llvm::enumerate(values))
      maxAbs[(i / inner) % channels] =
          std::max(maxAbs[(i / inner) % channels], std::fabs(double(w)));
    SmallVector<double> scales;
    for (double m : maxAbs) {
      double s = m > 0 ? m / 127.0 : 1.0;
      scales.push_back(pow2() ? pow2Ceil(s) : s);
    }
    // The model's weights may use -128.
    int64_t qmin = modelScales ? -128 : -127;
    if (modelScales)
      scales = *modelScales;
    SmallVector<int8_t> q;
    for (auto [i, w] : llvm::enumerate(values))
      q.push_back(static_cast<int8_t>(
          std::clamp(std::round(double(w) / scales[(i / inner) % channels]),
                     double(qmin), 127.0)));
    auto qType = quant::UniformQuantizedPerAxisType::get(
        quant::QuantizationFlags::Signed, i8(), f32(), scales,
        SmallVector<int64_t>(channels, 0), axis, qmin, 127);
    return {storageConstant(
                op, type.clone(i8()),
                DenseElementsAttr::get(type.clone(i8()), ArrayRef<int8_t>(q)),
                type.clone(qType)),
            scales};
  }

  /// The scales a QDQ import recorded for weights `w` (caps.weight_quant),
  /// along `axis` of the weights as the kernel stores them (`transposed`: a
  /// 2-D [k, n] constant stored [n, k]).
  static std::optional<SmallVector<double>>
  modelWeightScales(Value w, int64_t axis, int64_t channels, bool transposed) {
    auto attr = w.getDefiningOp()->getAttrOfType<TypeAttr>("caps.weight_quant");
    if (!attr)
      return std::nullopt;
    if (auto q = dyn_cast<quant::UniformQuantizedType>(attr.getValue()))
      return SmallVector<double>(channels, q.getScale());
    auto q = dyn_cast<quant::UniformQuantizedPerAxisType>(attr.getValue());
    int64_t modelAxis = q ? q.getQuantizedDimension() : -1;
    if (transposed)
      modelAxis = 1 - modelAxis;
    if (!q || modelAxis != axis ||
        static_cast<int64_t>(q.getScales().size()) != channels)
      return std::nullopt;
    return SmallVector<double>(q.getScales());
  }

  /// int32 bias with per-channel scales inScale * wScales[c].
  Value quantizeBias(Operation *op, DenseElementsAttr data, double inScale,
                     ArrayRef<double> wScales) {
    auto type = cast<RankedTensorType>(data.getType());
    auto i32 = IntegerType::get(&getContext(), 32);
    SmallVector<double> scales;
    for (double w : wScales)
      scales.push_back(inScale * w);
    SmallVector<int32_t> q;
    for (auto [i, b] : llvm::enumerate(data.getValues<float>()))
      q.push_back(static_cast<int32_t>(
          std::clamp(std::round(double(b) / scales[i % scales.size()]),
                     -2147483648.0, 2147483647.0)));
    auto qType = quant::UniformQuantizedPerAxisType::get(
        quant::QuantizationFlags::Signed, i32, f32(), scales,
        SmallVector<int64_t>(scales.size(), 0), type.getRank() - 1,
        std::numeric_limits<int32_t>::min(),
        std::numeric_limits<int32_t>::max());
    return storageConstant(
        op, type.clone(i32),
        DenseElementsAttr::get(type.clone(i32), ArrayRef<int32_t>(q)),
        type.clone(qType));
  }

  /// arith.constant of the storage integers, given its quantized type by
  /// quant.scast, before `op`.
  Value storageConstant(Operation *op, Type storageType, DenseElementsAttr data,
                        Type quantizedType) {
    OpBuilder b(op);
    auto c = b.create<arith::ConstantOp>(op->getOperand(1).getLoc(),
                                         storageType, data);
    return b.create<quant::StorageCastOp>(c.getLoc(), quantizedType, c)
        .getResult();
  }

  // The rewrite
  // ------------------------------------------------------------------------

  LogicalResult quantizeFunction(func::FuncOp func) {
    Block &body = func.getBody().front();
    if (pow2())
      func->setAttr("caps.quant_scheme",
                    StringAttr::get(&getContext(), "pow2"));

    // Values feeding capsule kernels, followed back through ops that keep
    // their input's quantization, are quantized symmetrically.
    llvm::DenseSet<Value> symmetric;
    for (Operation &op : llvm::reverse(body)) {
      if (needsSymmetricInputs(&op) && classify(&op) == Kind::Compute)
        symmetric.insert(op.getOperand(0));
      if (classify(&op) == Kind::Same && op.getNumResults() == 1 &&
          symmetric.contains(op.getResult(0)))
        for (Value v : op.getOperands())
          symmetric.insert(v);
    }

    matmulsToGemms(body);
    bool qdqModel = false;
    func.walk([&](Operation *op) { qdqModel |= op->hasAttr("caps.qdq"); });
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      qdqModel |= static_cast<bool>(func.getArgAttr(i, "caps.qdq"));

    SmallVector<Operation *> ops;
    for (Operation &op : body)
      ops.push_back(&op);
    for (Operation *op : ops) {
      if (isa<func::ReturnOp>(op) || isa<arith::ConstantOp>(op) ||
          isa<quant::QuantizeCastOp, quant::DequantizeCastOp,
              quant::StorageCastOp>(op))
        continue;
      Kind kind = classify(op);
      // A pre-quantized (QDQ) model leaves float what it does not quantize.
      if (qdqModel && kind == Kind::Compute && !op->hasAttr("caps.calib") &&
          !outputType(op, false))
        kind = Kind::Island;
      if (kind == Kind::Island) {
        island(op);
        continue;
      }
      if (failed(quantizeOp(op, kind, symmetric.contains(op->getResult(0)))))
        return failure();
    }
    // Results leave dequantized.
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    for (OpOperand &operand : ret->getOpOperands()) {
      auto type = cast<RankedTensorType>(operand.get().getType());
      if (isa<quant::QuantizedType>(type.getElementType()))
        operand.set(castTo(operand.get(), type.clone(f32())));
    }
    removeNoOpClamps(func);
    // The float weights the quantized ones replaced.
    for (Operation &op : llvm::make_early_inc_range(body))
      if (isa<arith::ConstantOp>(op) && op.use_empty())
        op.erase();
    return success();
  }

  /// A 2-D matmul by constant weights is a fully connected layer: caps.gemm,
  /// which has the int8 kernel.
  static void matmulsToGemms(Block &body) {
    for (auto mm : llvm::make_early_inc_range(body.getOps<caps::MatMulOp>())) {
      auto lhs = cast<RankedTensorType>(mm.getLhs().getType());
      auto rhs = cast<RankedTensorType>(mm.getRhs().getType());
      if (lhs.getRank() != 2 || rhs.getRank() != 2 || !isConstant(mm.getRhs()))
        continue;
      OpBuilder b(mm);
      auto gemm = b.create<caps::GemmOp>(
          mm.getLoc(), mm.getType(), mm.getLhs(), mm.getRhs(), Value(),
          b.getF32FloatAttr(1.0f), b.getF32FloatAttr(1.0f),
          b.getBoolAttr(false), b.getBoolAttr(false));
      for (StringRef name : {"caps.calib", "caps.qdq"})
        if (Attribute a = mm->getAttr(name))
          gemm->setAttr(name, a);
      mm.replaceAllUsesWith(gemm.getOutput());
      mm.erase();
    }
  }

  /// An op without int8 kernel: dequantized operands, float result.
  void island(Operation *op) {
    for (OpOperand &operand : op->getOpOperands()) {
      auto type = dyn_cast<RankedTensorType>(operand.get().getType());
      if (type && isa<quant::QuantizedType>(type.getElementType()))
        operand.set(castTo(operand.get(), type.clone(f32())));
    }
    op->emitWarning() << "no int8 kernel for '" << op->getName()
                      << "': computed in float between dequantize and "
                         "quantize";
  }

  /// The quantization of `op`'s output: its own, or that of a ReLU / clip
  /// that is its only user (the requantization's saturation then computes it).
  std::optional<quant::UniformQuantizedType> outputType(Operation *op,
                                                        bool symmetric) {
    Value result = op->getResult(0);
    if (result.hasOneUse()) {
      Operation *user = *result.getUsers().begin();
      if (isa<caps::ReluOp, caps::ClipOp>(user))
        if (auto t = typeFromAttrs(user->getAttr("caps.qdq"),
                                   user->getAttr("caps.calib"), symmetric))
          return t;
    }
    return typeFromAttrs(op->getAttr("caps.qdq"), op->getAttr("caps.calib"),
                         symmetric);
  }

  LogicalResult quantizeOp(Operation *op, Kind kind, bool symmetricOut) {
    // Activation operands.
    for (OpOperand &operand : op->getOpOperands()) {
      if (isWeightOperand(op, operand.getOperandNumber()))
        continue;
      auto q = quantized(op, operand.get(), needsSymmetricInputs(op));
      if (failed(q))
        return failure();
      operand.set(*q);
    }
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    if (kind == Kind::Same) {
      Type in = getElementTypeOrSelf(op->getOperand(0).getType());
      // Concat inputs share the result's quantization.
      for (OpOperand &operand : op->getOpOperands())
        operand.set(
            castTo(operand.get(),
                   cast<RankedTensorType>(operand.get().getType()).clone(in)));
      op->getResult(0).setType(resultType.clone(in));
      return success();
    }

    // Output quantization.
    Type out;
    if (isa<caps::SquashOp, caps::PrimaryCapsOp, caps::DynamicRoutingOp,
            caps::SelfAttentionRoutingOp>(op)) {
      out = fixedType(1.0 / 128.0, 0); // |v| < 1
    } else if (isa<caps::SoftmaxOp>(op)) {
      out = fixedType(1.0 / 256.0, -128); // [0, 1)
    } else {
      auto type = outputType(op, symmetricOut || isa<caps::PredictOp>(op));
      if (!type)
        return op->emitError("caps-quantize: no calibrated range");
      out = *type;
    }

    // Weights.
    if (isa<caps::Conv2dOp, caps::PrimaryCapsOp, caps::GemmOp, caps::PredictOp>(
            op)) {
      Value wv = op->getOperand(1);
      DenseElementsAttr w = constantOf(wv);
      bool transposedW = false;
      if (auto gemm = dyn_cast<caps::GemmOp>(op); gemm && !gemm.getTransB()) {
        w = transposed(w); // the kernel takes [n, k]
        gemm.setTransB(true);
        transposedW = true;
      }
      int64_t axis = isa<caps::PredictOp>(op) ? 1 : 0;
      auto modelScales =
          pow2() ? std::nullopt
                 : modelWeightScales(
                       wv, axis,
                       cast<RankedTensorType>(w.getType()).getDimSize(axis),
                       transposedW);
      auto [weights, scales] = quantizeWeights(op, w, axis, modelScales);
      op->setOperand(1, weights);
      if (op->getNumOperands() > 2 && op->getOperand(2)) {
        double inScale = cast<quant::UniformQuantizedType>(
                             getElementTypeOrSelf(op->getOperand(0).getType()))
                             .getScale();
        op->setOperand(2, quantizeBias(op, constantOf(op->getOperand(2)),
                                       inScale, scales));
      }
      if (auto pcaps = dyn_cast<caps::PrimaryCapsOp>(op)) {
        // The convolution's output, before the squash, has its own range.
        auto pre = rangeAttr(op->getAttr("caps.calib_pre"));
        if (!pre)
          return op->emitError("caps-quantize: no calibrated range of the "
                               "primary capsules' convolution");
        auto preType =
            activationType(pre->first, pre->second, /*symmetric=*/true);
        op->setAttr("caps.pre_scale",
                    FloatAttr::get(Float64Type::get(&getContext()),
                                   preType.getScale()));
      }
    }
    op->getResult(0).setType(resultType.clone(out));
    if (isa<caps::SelfAttentionRoutingOp>(op))
      return quantizeLogPrior(op);
    return success();
  }

  /// The self-attention routing's log prior in the kernel's fixed point
  /// (2^-prior_frac_bits, chosen by the kernel's prepare function).
  LogicalResult quantizeLogPrior(Operation *op) {
    auto params = capsc::routingS8Params(op);
    if (failed(params))
      return failure();
    DenseElementsAttr prior = constantOf(op->getOperand(1));
    SmallVector<float> values(prior.getValues<float>());
    SmallVector<int32_t> q(values.size());
    if (caps_self_attention_routing_s8_quantize_prior(&*params, values.data(),
                                                      q.data()) != CAPS_OK)
      return op->emitError("caps-quantize: the log prior cannot be quantized");
    auto type = cast<RankedTensorType>(prior.getType());
    auto i32 = IntegerType::get(&getContext(), 32);
    auto qType = quant::UniformQuantizedType::get(
        quant::QuantizationFlags::Signed, i32, f32(),
        std::ldexp(1.0, -params->prior_frac_bits), 0,
        std::numeric_limits<int32_t>::min(),
        std::numeric_limits<int32_t>::max());
    op->setOperand(1,
                   storageConstant(op, type.clone(i32),
                                   DenseElementsAttr::get(type.clone(i32),
                                                          ArrayRef<int32_t>(q)),
                                   type.clone(qType)));
    return success();
  }

  /// [k, n] -> [n, k] of a 2-D float constant.
  static DenseElementsAttr transposed(DenseElementsAttr w) {
    auto type = cast<RankedTensorType>(w.getType());
    int64_t k = type.getDimSize(0), n = type.getDimSize(1);
    SmallVector<float> in(w.getValues<float>()), out(in.size());
    for (int64_t i = 0; i < k; ++i)
      for (int64_t j = 0; j < n; ++j)
        out[j * k + i] = in[i * n + j];
    return DenseElementsAttr::get(
        RankedTensorType::get({n, k}, type.getElementType()),
        ArrayRef<float>(out));
  }

  /// A ReLU or clip whose clamp the producer's saturation already does.
  void removeNoOpClamps(func::FuncOp func) {
    SmallVector<Operation *> dead;
    func.walk([&](Operation *op) {
      if (!isa<caps::ReluOp, caps::ClipOp>(op))
        return;
      auto q = dyn_cast<quant::UniformQuantizedType>(
          getElementTypeOrSelf(op->getResult(0).getType()));
      if (!q)
        return;
      double lo = 0.0, hi = INFINITY;
      if (auto clip = dyn_cast<caps::ClipOp>(op)) {
        lo = clip.getMin().convertToDouble();
        hi = clip.getMax().convertToDouble();
      }
      double qmin = q.getScale() * (-128 - q.getZeroPoint());
      double qmax = q.getScale() * (127 - q.getZeroPoint());
      if (lo <= qmin && hi >= qmax) {
        // Recorded so that validation compares the producer with the float
        // model after the activation.
        if (Operation *producer = op->getOperand(0).getDefiningOp())
          producer->setAttr("caps.fused_clamp",
                            DenseF64ArrayAttr::get(&getContext(), {lo, hi}));
        op->getResult(0).replaceAllUsesWith(op->getOperand(0));
        dead.push_back(op);
      }
    });
    for (Operation *op : dead)
      op->erase();
  }
};
} // namespace
