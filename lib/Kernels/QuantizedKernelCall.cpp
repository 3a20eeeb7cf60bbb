//===- QuantizedKernelCall.cpp - quantized caps ops as int8 kernel calls --===//
//
// The int8 half of the op -> kernel mapping. Quantization parameters come from
// the `!quant.uniform` types caps-quantize assigned; the real factors between
// them become the kernels' integer parameters here, through the runtime's own
// host-side helpers (caps_quantize_multiplier and the kernels' _prepare
// functions), so the compiler never restates a kernel's fixed-point format.
//
//===----------------------------------------------------------------------===//
#include "KernelCallSupport.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;

namespace capsc::detail {
namespace {
using Calls = SmallVector<KernelCall, 1>;

/// Scale and zero point of a per-tensor quantized value.
struct Affine {
  double scale;
  int64_t zeroPoint;
};

FailureOr<Affine> affineOf(Operation *op, Value v) {
  auto q =
      dyn_cast<quant::UniformQuantizedType>(getElementTypeOrSelf(v.getType()));
  if (!q)
    return op->emitError("expects a per-tensor quantized (!quant.uniform) "
                         "activation, got ")
           << v.getType();
  return Affine{q.getScale(), q.getZeroPoint()};
}

/// Per-channel scales of a symmetric weight along `axis` (a per-tensor type
/// repeats its scale).
FailureOr<SmallVector<double>> channelScales(Operation *op, Value w,
                                             int64_t axis, int64_t channels) {
  Type element = getElementTypeOrSelf(w.getType());
  if (auto q = dyn_cast<quant::UniformQuantizedType>(element))
    return SmallVector<double>(channels, q.getScale());
  auto q = dyn_cast<quant::UniformQuantizedPerAxisType>(element);
  if (!q || q.getQuantizedDimension() != axis ||
      static_cast<int64_t>(q.getScales().size()) != channels)
    return op->emitError() << "expects weights quantized per tensor or along "
                              "dim "
                           << axis << ", got " << w.getType();
  if (llvm::any_of(q.getZeroPoints(), [](int64_t z) { return z != 0; }))
    return op->emitError("expects symmetric weights (zero point 0)");
  return SmallVector<double>(q.getScales());
}

/// True when the function was quantized with power-of-two scales: its
/// requantizations are then plain shifts (multiplier 0).
bool isPow2Scheme(Operation *op) {
  auto func = op->getParentOfType<func::FuncOp>();
  auto scheme =
      func ? func->getAttrOfType<StringAttr>("caps.quant_scheme") : nullptr;
  return scheme && scheme.getValue() == "pow2";
}

/// The kernel's (multiplier, shift) for a real factor: TFLite's Q31 form, or
/// an exact shift in the pow2 scheme.
LogicalResult requantizer(Operation *op, double factor, int32_t &multiplier,
                          int32_t &shift) {
  if (isPow2Scheme(op)) {
    int exponent = 0;
    double mantissa = std::frexp(factor, &exponent);
    if (mantissa != 0.5)
      return op->emitError()
             << "pow2 scheme: factor " << factor << " is not a power of two";
    multiplier = 0;
    shift = exponent - 1;
    return success();
  }
  if (caps_quantize_multiplier(factor, &multiplier, &shift) != CAPS_OK)
    return op->emitError() << "requantization factor " << factor
                           << " out of the kernels' range";
  return success();
}

/// Per-channel multiplier and shift arrays for factors in[c] * w[c] / out.
LogicalResult requantArrays(Operation *op, double inScale,
                            ArrayRef<double> wScales, double outScale,
                            KernelCall &call) {
  std::vector<int32_t> mult, shift;
  for (double w : wScales) {
    int32_t m = 0, s = 0;
    if (failed(requantizer(op, inScale * w / outScale, m, s)))
      return failure();
    mult.push_back(m);
    shift.push_back(s);
  }
  call.arrays.push_back({std::move(mult)});
  call.arrays.push_back({std::move(shift)});
  return success();
}

int32_t offset(int64_t zeroPoint) { return i32(zeroPoint); }

caps_conv2d_s8_params_t convS8Params(const caps_conv2d_params_t &c,
                                     int64_t inZeroPoint,
                                     int64_t outZeroPoint) {
  return caps_conv2d_s8_params_t{c.n,
                                 c.in_c,
                                 c.in_h,
                                 c.in_w,
                                 c.out_c,
                                 c.out_h,
                                 c.out_w,
                                 c.k_h,
                                 c.k_w,
                                 c.stride_h,
                                 c.stride_w,
                                 c.pad_top,
                                 c.pad_left,
                                 c.dil_h,
                                 c.dil_w,
                                 c.groups,
                                 -offset(inZeroPoint),
                                 offset(outZeroPoint),
                                 -128,
                                 127,
                                 c.layout};
}

/// caps_conv2d_s8 with the column scratch its DSP variants need (every
/// variant asks for it, so the generated code does not depend on the target).
KernelCall conv2dS8Call(const caps_conv2d_s8_params_t &p,
                        Value input, Value weight, Value bias, Value output) {
  return call("caps_conv2d_s8", p, {input, weight, bias}, output,
              std::max<int32_t>(caps_conv2d_s8_get_buffer_size(&p), 0));
}

FailureOr<Calls> convCall(Operation *op, Value input, Value weight, Value bias,
                          Value output, caps_conv2d_params_t conv) {
  auto in = affineOf(op, input), out = affineOf(op, output);
  if (failed(in) || failed(out))
    return failure();
  auto w = channelScales(op, weight, 0, conv.out_c);
  if (failed(w))
    return failure();
  KernelCall c = conv2dS8Call(convS8Params(conv, in->zeroPoint, out->zeroPoint),
                              input, weight, bias, output);
  if (failed(requantArrays(op, in->scale, *w, out->scale, c)))
    return failure();
  return Calls{std::move(c)};
}

/// Ops that move or select values keep their input's quantization: the float
/// kernel's parameters with the int8 kernel.
FailureOr<Calls> sameQuantizationCalls(Operation *op) {
  Type out = getElementTypeOrSelf(op->getResult(0).getType());
  if (llvm::any_of(op->getOperandTypes(),
                   [&](Type t) { return getElementTypeOrSelf(t) != out; }))
    return op->emitError("int8 ")
           << op->getName() << " expects its inputs quantized like its result";
  auto calls = getFloatKernelCalls(op);
  if (failed(calls))
    return failure();
  for (KernelCall &c : *calls) {
    StringRef name = c.kernel;
    if (!name.consume_back("_f32"))
      return op->emitError("no int8 kernel for ") << c.kernel;
    c.kernel = (name + "_s8").str();
  }
  return calls;
}

/// A runtime prepare function's status as a diagnostic.
LogicalResult prepared(Operation *op, caps_status_t status, StringRef what) {
  if (status == CAPS_OK)
    return success();
  return op->emitError() << what << " rejects this quantization (status "
                         << static_cast<int>(status) << ")";
}

FailureOr<KernelCall> squashCall(Operation *op, Value in, Value out,
                                 double inScale, StringRef variant,
                                 float epsilon) {
  auto q = affineOf(op, out);
  if (failed(q))
    return failure();
  auto [count, dim] = capsules(out);
  caps_squash_s8_params_t p{};
  if (failed(
          prepared(op,
                   caps_squash_s8_prepare(inScale, q->scale,
                                          squashVariant(variant), epsilon, &p),
                   "caps_squash_s8_prepare")))
    return failure();
  p.count = count;
  p.dim = dim;
  return call("caps_squash_s8", p, {in}, out);
}

/// Per-iteration statistics calibration recorded on a routing op, split into
/// largest |logit| and largest coupling (empty when absent).
std::pair<SmallVector<float>, SmallVector<float>> routingStats(Operation *op) {
  SmallVector<float> logits, couplings;
  if (auto stats = op->getAttrOfType<DenseF32ArrayAttr>("caps.routing_stats"))
    for (size_t i = 0; i + 1 < static_cast<size_t>(stats.size()); i += 2) {
      logits.push_back(stats[i]);
      couplings.push_back(stats[i + 1]);
    }
  return {logits, couplings};
}

} // namespace

FailureOr<SmallVector<KernelCall, 1>> getQuantizedKernelCalls(Operation *op) {
  return llvm::TypeSwitch<Operation *, FailureOr<Calls>>(op)
      .Case<quant::QuantizeCastOp, quant::DequantizeCastOp>(
          [](Operation *o) -> FailureOr<Calls> {
            bool toInt8 = isa<quant::QuantizeCastOp>(o);
            Value in = o->getOperand(0), out = o->getResult(0);
            auto q = affineOf(o, toInt8 ? out : in);
            if (failed(q))
              return failure();
            caps_quantize_params_t p{i32(numElements(shapeOf(out))),
                                     i32(q->zeroPoint),
                                     static_cast<float>(q->scale)};
            return Calls{
                call(toInt8 ? "caps_quantize_s8" : "caps_dequantize_s8", p,
                     {in}, out)};
          })
      .Case([](caps::Conv2dOp o) -> FailureOr<Calls> {
        return convCall(o, o.getInput(), o.getWeight(), o.getBias(),
                        o.getOutput(), convParams(o));
      })
      .Case([](caps::GemmOp o) -> FailureOr<Calls> {
        // caps-quantize only quantizes Y = A * B^T + C with constant B stored
        // [n, k] and alpha = beta = 1.
        if (o.getTransA() || !o.getTransB() ||
            o.getAlpha().convertToDouble() != 1.0 ||
            o.getBeta().convertToDouble() != 1.0)
          return o.emitError("int8 gemm expects A * B^T + C");
        auto in = affineOf(o, o.getA()), out = affineOf(o, o.getOutput());
        if (failed(in) || failed(out))
          return failure();
        ArrayRef<int64_t> a = shapeOf(o.getA()), b = shapeOf(o.getB());
        auto w = channelScales(o, o.getB(), 0, b[0]);
        if (failed(w))
          return failure();
        if (o.getC() && numElements(shapeOf(o.getC())) != b[0])
          return o.emitError("int8 gemm expects a bias of n elements");
        caps_fc_s8_params_t p{i32(a[0]),
                              i32(b[0]),
                              i32(a[1]),
                              -offset(in->zeroPoint),
                              offset(out->zeroPoint),
                              -128,
                              127};
        KernelCall c = call("caps_fc_s8", p, {o.getA(), o.getB(), o.getC()},
                            o.getOutput());
        if (failed(requantArrays(o, in->scale, *w, out->scale, c)))
          return failure();
        return Calls{std::move(c)};
      })
      .Case<caps::AddOp, caps::SubOp, caps::MulOp>(
          [](Operation *o) -> FailureOr<Calls> {
            auto a = affineOf(o, o->getOperand(0)),
                 b = affineOf(o, o->getOperand(1)),
                 y = affineOf(o, o->getResult(0));
            if (failed(a) || failed(b) || failed(y))
              return failure();
            auto floatCalls = getFloatKernelCalls(o);
            if (failed(floatCalls))
              return failure();
            const auto &shape =
                std::get<caps_binary_params_t>(floatCalls->front().params);
            caps_binary_s8_params_t p{};
            p.rank = shape.rank;
            std::copy(std::begin(shape.out_dims), std::end(shape.out_dims),
                      p.out_dims);
            std::copy(std::begin(shape.a_strides), std::end(shape.a_strides),
                      p.a_strides);
            std::copy(std::begin(shape.b_strides), std::end(shape.b_strides),
                      p.b_strides);
            p.a_offset = -offset(a->zeroPoint);
            p.b_offset = -offset(b->zeroPoint);
            p.output_offset = offset(y->zeroPoint);
            p.act_min = -128;
            p.act_max = 127;
            StringRef kernel = "caps_mul_s8";
            if (isa<caps::MulOp>(o)) {
              if (failed(requantizer(o, a->scale * b->scale / y->scale,
                                     p.output_multiplier, p.output_shift)))
                return failure();
            } else {
              // TFLite's add: both inputs rescaled to twice the larger input
              // scale with 20 bits of headroom, summed, then requantized.
              kernel = isa<caps::AddOp>(o) ? "caps_add_s8" : "caps_sub_s8";
              p.left_shift = isPow2Scheme(o) ? 0 : 20;
              double twiceMax = 2.0 * std::max(a->scale, b->scale);
              double headroom = std::ldexp(1.0, p.left_shift);
              if (failed(requantizer(o, a->scale / twiceMax, p.a_multiplier,
                                     p.a_shift)) ||
                  failed(requantizer(o, b->scale / twiceMax, p.b_multiplier,
                                     p.b_shift)) ||
                  failed(requantizer(o, twiceMax / (headroom * y->scale),
                                     p.output_multiplier, p.output_shift)))
                return failure();
            }
            return Calls{call(kernel, p, {o->getOperand(0), o->getOperand(1)},
                              o->getResult(0))};
          })
      .Case([](caps::PrimaryCapsOp o) -> FailureOr<Calls> {
        // The convolution writes the pre-squash capsules (scale caps.pre_scale,
        // chosen by caps-quantize) into the result's buffer; the squash then
        // works in place.
        auto pre = o->getAttrOfType<FloatAttr>("caps.pre_scale");
        if (!pre)
          return o.emitError("int8 primary_caps needs caps.pre_scale");
        auto conv = primaryCapsConvParams(o);
        auto inQ = affineOf(o, o.getInput());
        auto wScales = channelScales(o, o.getWeight(), 0, conv.out_c);
        if (failed(inQ) || failed(wScales))
          return failure();
        double preScale = pre.getValueAsDouble();
        KernelCall c = conv2dS8Call(convS8Params(conv, inQ->zeroPoint, 0),
                                    o.getInput(), o.getWeight(), o.getBias(),
                                    o.getOutput());
        if (failed(requantArrays(o, inQ->scale, *wScales, preScale, c)))
          return failure();
        auto squash =
            squashCall(o, o.getOutput(), o.getOutput(), preScale,
                       o.getVariant(), o.getEpsilon().convertToFloat());
        if (failed(squash))
          return failure();
        return Calls{std::move(c), std::move(*squash)};
      })
      .Case([](caps::SquashOp o) -> FailureOr<Calls> {
        auto in = affineOf(o, o.getInput());
        if (failed(in))
          return failure();
        auto c = squashCall(o, o.getInput(), o.getOutput(), in->scale,
                            o.getVariant(), o.getEpsilon().convertToFloat());
        if (failed(c))
          return failure();
        return Calls{std::move(*c)};
      })
      .Case([](caps::PredictOp o) -> FailureOr<Calls> {
        auto u = affineOf(o, o.getInput()), uHat = affineOf(o, o.getOutput());
        ArrayRef<int64_t> us = shapeOf(o.getInput()),
                          w = shapeOf(o.getWeight());
        if (failed(u) || failed(uHat))
          return failure();
        auto wScales = channelScales(o, o.getWeight(), 1, w[1]);
        if (failed(wScales))
          return failure();
        caps_predict_params_t p{i32(us[0]), i32(us[1]), i32(us[2]), i32(w[1]),
                                i32(w[2])};
        KernelCall c = call("caps_predict_s8", p, {o.getInput(), o.getWeight()},
                            o.getOutput());
        if (failed(requantArrays(o, u->scale, *wScales, uHat->scale, c)))
          return failure();
        return Calls{std::move(c)};
      })
      .Case<caps::DynamicRoutingOp, caps::SelfAttentionRoutingOp>(
          [](Operation *o) -> FailureOr<Calls> {
            auto p = routingS8Params(o);
            if (failed(p))
              return failure();
            int32_t scratch = caps_routing_s8_get_buffer_size(&*p);
            if (scratch <= 0)
              return o->emitError("routing too large for the runtime");
            bool dynamic = isa<caps::DynamicRoutingOp>(o);
            return Calls{call(dynamic ? "caps_dynamic_routing_s8"
                                      : "caps_self_attention_routing_s8",
                              *p, SmallVector<Value>(o->getOperands()),
                              o->getResult(0), scratch)};
          })
      .Case([](caps::LengthOp o) -> FailureOr<Calls> {
        auto in = affineOf(o, o.getInput()), out = affineOf(o, o.getOutput());
        if (failed(in) || failed(out))
          return failure();
        auto [count, dim] = capsules(o.getInput());
        caps_length_s8_params_t p{};
        if (failed(prepared(o,
                            caps_length_s8_prepare(in->scale, out->scale,
                                                   i32(out->zeroPoint), &p),
                            "caps_length_s8_prepare")))
          return failure();
        p.count = count;
        p.dim = dim;
        return Calls{call("caps_length_s8", p, {o.getInput()}, o.getOutput())};
      })
      .Case([](caps::SoftmaxOp o) -> FailureOr<Calls> {
        auto in = affineOf(o, o.getInput());
        if (failed(in))
          return failure();
        auto floatCalls = getFloatKernelCalls(o);
        if (failed(floatCalls))
          return failure();
        const auto &shape =
            std::get<caps_softmax_params_t>(floatCalls->front().params);
        caps_softmax_s8_params_t p{};
        if (failed(prepared(o, caps_softmax_s8_prepare(in->scale, &p),
                            "caps_softmax_s8_prepare")))
          return failure();
        p.outer = shape.outer;
        p.axis_size = shape.axis_size;
        p.inner = shape.inner;
        return Calls{call("caps_softmax_s8", p, {o.getInput()}, o.getOutput())};
      })
      .Case<caps::SigmoidOp, caps::TanhOp, caps::AbsOp, caps::NegOp,
            caps::ReciprocalOp, caps::SqrtOp, caps::ExpOp, caps::LeakyReluOp>(
          [](Operation *o) -> FailureOr<Calls> {
            // A table of the f32 kernel's results on all 256 input values,
            // quantized by caps_quantize_s8: the float kernel stays the
            // definition.
            auto in = affineOf(o, o->getOperand(0)),
                 out = affineOf(o, o->getResult(0));
            auto floatCalls = getFloatKernelCalls(o);
            if (failed(in) || failed(out) || failed(floatCalls))
              return failure();
            KernelCall f = floatCalls->front();
            std::get<caps_unary_params_t>(f.params).size = 256;
            float x[256], y[256];
            for (int q = -128; q < 128; ++q)
              x[q + 128] =
                  static_cast<float>(in->scale * double(q - in->zeroPoint));
            int8_t table[256];
            caps_quantize_params_t qp{256, i32(out->zeroPoint),
                                      static_cast<float>(out->scale)};
            if (invokeKernel(f, {x, y}) != CAPS_OK ||
                caps_quantize_s8(&qp, y, table) != CAPS_OK)
              return o->emitError("cannot tabulate ") << f.kernel;
            KernelCall c = call("caps_lut_s8",
                                caps_lut_s8_params_t{
                                    i32(numElements(shapeOf(o->getResult(0))))},
                                {o->getOperand(0)}, o->getResult(0));
            c.arrays.push_back(
                {std::vector<int32_t>(std::begin(table), std::end(table)),
                 /*int8=*/true});
            return Calls{std::move(c)};
          })
      .Case<caps::ReluOp, caps::ClipOp>([](Operation *o) -> FailureOr<Calls> {
        auto q = affineOf(o, o->getResult(0));
        if (failed(q))
          return failure();
        double lo = 0.0, hi = INFINITY;
        if (auto clip = dyn_cast<caps::ClipOp>(o)) {
          lo = clip.getMin().convertToDouble();
          hi = clip.getMax().convertToDouble();
        }
        auto toQ = [&](double x) {
          double v = std::round(x / q->scale) + double(q->zeroPoint);
          return i32(std::clamp(v, -128.0, 127.0));
        };
        caps_clamp_s8_params_t p{i32(numElements(shapeOf(o->getResult(0)))),
                                 toQ(lo), toQ(hi)};
        return Calls{
            call("caps_clamp_s8", p, {o->getOperand(0)}, o->getResult(0))};
      })
      .Case<caps::PadOp>([](caps::PadOp o) -> FailureOr<Calls> {
        if (o.getFill())
          return o.emitError("int8 pad expects a constant fill value");
        auto calls = sameQuantizationCalls(o);
        auto q = affineOf(o, o.getOutput());
        if (failed(calls) || failed(q))
          return failure();
        auto &p = std::get<caps_pad_params_t>(calls->front().params);
        double v =
            std::round(double(p.value) / q->scale) + double(q->zeroPoint);
        p.value = static_cast<float>(std::clamp(v, -128.0, 127.0));
        return calls;
      })
      .Case<caps::MaxPool2dOp, caps::AvgPool2dOp, caps::GlobalAvgPoolOp,
            caps::GlobalMaxPoolOp, caps::ReduceMeanOp, caps::ReduceMaxOp,
            caps::ReshapeOp, caps::TransposeOp, caps::ConcatOp, caps::SliceOp>(
          [](Operation *o) { return sameQuantizationCalls(o); })
      .Default([](Operation *o) -> FailureOr<Calls> {
        return o->emitError() << "'" << o->getName() << "' has no int8 kernel";
      });
}

} // namespace capsc::detail

FailureOr<caps_routing_s8_params_t> capsc::routingS8Params(Operation *op) {
  using namespace detail;
  auto uHat = affineOf(op, op->getOperand(0)),
       out = affineOf(op, op->getResult(0));
  if (failed(uHat) || failed(out))
    return failure();
  ArrayRef<int64_t> uh = shapeOf(op->getOperand(0));
  caps_routing_s8_params_t p{};
  p.n = i32(uh[0]);
  p.in_caps = i32(uh[1]);
  p.out_caps = i32(uh[2]);
  p.out_dim = i32(uh[3]);
  auto [logits, couplings] = routingStats(op);
  if (auto r = dyn_cast<caps::DynamicRoutingOp>(op)) {
    p.iterations = i32(r.getIterations());
    p.squash_variant = squashVariant(r.getVariant());
    if (!logits.empty() && static_cast<int64_t>(logits.size()) != p.iterations)
      return op->emitError("caps.routing_stats does not match the iterations");
    if (failed(prepared(op,
                        caps_dynamic_routing_s8_prepare(
                            &p, uHat->scale, out->scale,
                            r.getEpsilon().convertToFloat(),
                            logits.empty() ? nullptr : logits.data(),
                            couplings.empty() ? nullptr : couplings.data()),
                        "caps_dynamic_routing_s8_prepare")))
      return failure();
    // On a cluster every core routes its share of the input capsules into
    // an accumulator set of its own in the scratch (the module's caps.cores).
    if (auto module = op->getParentOfType<ModuleOp>())
      if (auto cores = module->getAttrOfType<IntegerAttr>(kCoresAttr)) {
        if (cores.getInt() < 0 || cores.getInt() > CAPS_MAX_CORES)
          return op->emitError() << kCoresAttr << " = " << cores.getInt()
                                 << " is outside 0.." << CAPS_MAX_CORES;
        p.cores = i32(cores.getInt());
      }
    return p;
  }
  auto sa = cast<caps::SelfAttentionRoutingOp>(op);
  p.iterations = 1;
  p.squash_variant = squashVariant(sa.getVariant());
  if (failed(prepared(op,
                      caps_self_attention_routing_s8_prepare(
                          &p, uHat->scale, out->scale,
                          sa.getEpsilon().convertToFloat(),
                          logits.empty() ? nullptr : logits.data(),
                          couplings.empty() ? nullptr : couplings.data()),
                      "caps_self_attention_routing_s8_prepare")))
    return failure();
  return p;
}
