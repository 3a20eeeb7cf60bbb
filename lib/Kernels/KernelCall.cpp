//===- KernelCall.cpp - caps ops as capsrt kernel calls -------------------===//
#include "capsc/Kernels/KernelCall.h"
#include "KernelCallSupport.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Format.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <utility>

using namespace mlir;

namespace capsc {
using namespace detail;
namespace {

// Parameter printing, generated from the runtime's X-macro list
// --------------------------------

void printArray(raw_ostream &os, const int32_t *values) {
  os << "{";
  for (int i = 0; i < CAPS_MAX_DIMS; ++i)
    os << (i ? ", " : "") << values[i];
  os << "}";
}

#define CAPS_PARAMS_BEGIN(name)                                                \
  void printStruct(raw_ostream &os, const caps_##name##_params_t &p) {         \
    os << "{";                                                                 \
    const char *sep = "";
#define CAPS_I32(field)                                                        \
  os << sep << p.field;                                                        \
  sep = ", ";
#define CAPS_F32(field)                                                        \
  os << sep;                                                                   \
  printFloatLiteral(os, p.field);                                              \
  sep = ", ";
#define CAPS_I32_ARRAY(field)                                                  \
  os << sep;                                                                   \
  printArray(os, p.field);                                                     \
  sep = ", ";
#define CAPS_PARAMS_END(name)                                                  \
  (void)sep;                                                                   \
  os << "}";                                                                   \
  }                                                                            \
  StringRef structName(const caps_##name##_params_t &) {                       \
    return "caps_" #name "_params_t";                                          \
  }
#include "capsrt/params.def"
#undef CAPS_PARAMS_BEGIN
#undef CAPS_I32
#undef CAPS_F32
#undef CAPS_I32_ARRAY
#undef CAPS_PARAMS_END

// Kernel registry for the evaluator
// -----------------------------------------------------------

using Invoker = caps_status_t (*)(const KernelParams &, ArrayRef<void *>);

/// Calls `fn(&params, args...)`, each void pointer converted to the kernel's
/// parameter type (float, int8_t or int32_t pointers, const or not).
template <auto Fn, typename P, typename... Args, size_t... I>
caps_status_t invokeWith(const P &params, ArrayRef<void *> args,
                         std::index_sequence<I...>) {
  return Fn(&params, static_cast<Args>(args[I])...);
}

template <auto Fn, typename P, typename... Args>
Invoker makeInvoker(caps_status_t (*)(const P *, Args...)) {
  return [](const KernelParams &params,
            ArrayRef<void *> args) -> caps_status_t {
    if (args.size() != sizeof...(Args) || !std::holds_alternative<P>(params))
      return CAPS_ERR_ARG;
    return invokeWith<Fn, P, Args...>(std::get<P>(params), args,
                                      std::index_sequence_for<Args...>{});
  };
}

#define CAPS_KERNEL(name) {#name, makeInvoker<name>(name)},
const llvm::StringMap<Invoker> &registry() {
  // clang-format off
  static const llvm::StringMap<Invoker> table = {
      CAPS_KERNEL(caps_conv2d_f32)
      CAPS_KERNEL(caps_max_pool2d_f32)
      CAPS_KERNEL(caps_avg_pool2d_f32)
      CAPS_KERNEL(caps_gemm_f32)
      CAPS_KERNEL(caps_matmul_f32)
      CAPS_KERNEL(caps_batch_norm_f32)
      CAPS_KERNEL(caps_relu_f32)
      CAPS_KERNEL(caps_clip_f32)
      CAPS_KERNEL(caps_leaky_relu_f32)
      CAPS_KERNEL(caps_sigmoid_f32)
      CAPS_KERNEL(caps_tanh_f32)
      CAPS_KERNEL(caps_abs_f32)
      CAPS_KERNEL(caps_neg_f32)
      CAPS_KERNEL(caps_reciprocal_f32)
      CAPS_KERNEL(caps_sqrt_f32)
      CAPS_KERNEL(caps_exp_f32)
      CAPS_KERNEL(caps_copy_f32)
      CAPS_KERNEL(caps_add_f32)
      CAPS_KERNEL(caps_sub_f32)
      CAPS_KERNEL(caps_mul_f32)
      CAPS_KERNEL(caps_div_f32)
      CAPS_KERNEL(caps_pow_f32)
      CAPS_KERNEL(caps_max_f32)
      CAPS_KERNEL(caps_min_f32)
      CAPS_KERNEL(caps_reduce_sum_f32)
      CAPS_KERNEL(caps_reduce_mean_f32)
      CAPS_KERNEL(caps_reduce_max_f32)
      CAPS_KERNEL(caps_softmax_f32)
      CAPS_KERNEL(caps_transpose_f32)
      CAPS_KERNEL(caps_concat_f32)
      CAPS_KERNEL(caps_slice_f32)
      CAPS_KERNEL(caps_pad_f32)
      CAPS_KERNEL(caps_pad_fill_f32)
      CAPS_KERNEL(caps_squash_f32)
      CAPS_KERNEL(caps_predict_f32)
      CAPS_KERNEL(caps_dynamic_routing_f32)
      CAPS_KERNEL(caps_self_attention_routing_f32)
      CAPS_KERNEL(caps_length_f32)
      CAPS_KERNEL(caps_quantize_s8)
      CAPS_KERNEL(caps_dequantize_s8)
      CAPS_KERNEL(caps_conv2d_s8)
      CAPS_KERNEL(caps_fc_s8)
      CAPS_KERNEL(caps_add_s8)
      CAPS_KERNEL(caps_sub_s8)
      CAPS_KERNEL(caps_mul_s8)
      CAPS_KERNEL(caps_clamp_s8)
      CAPS_KERNEL(caps_lut_s8)
      CAPS_KERNEL(caps_max_pool2d_s8)
      CAPS_KERNEL(caps_avg_pool2d_s8)
      CAPS_KERNEL(caps_reduce_mean_s8)
      CAPS_KERNEL(caps_reduce_max_s8)
      CAPS_KERNEL(caps_transpose_s8)
      CAPS_KERNEL(caps_concat_s8)
      CAPS_KERNEL(caps_slice_s8)
      CAPS_KERNEL(caps_pad_s8)
      CAPS_KERNEL(caps_copy_s8)
      CAPS_KERNEL(caps_softmax_s8)
      CAPS_KERNEL(caps_squash_s8)
      CAPS_KERNEL(caps_predict_s8)
      CAPS_KERNEL(caps_dynamic_routing_s8)
      CAPS_KERNEL(caps_self_attention_routing_s8)
      CAPS_KERNEL(caps_length_s8)
  };
  // clang-format on
  return table;
}
#undef CAPS_KERNEL

} // namespace

void printFloatLiteral(raw_ostream &os, float v) {
  if (std::isnan(v)) {
    os << "NAN";
    return;
  }
  if (std::isinf(v)) {
    os << (v < 0 ? "-INFINITY" : "INFINITY");
    return;
  }
  // %.9g round-trips every float; hex floats are not C++17-portable as literals
  // in all compilers.
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.9g", static_cast<double>(v));
  std::string s = buf;
  if (s.find_first_of(".eE") == std::string::npos)
    s += ".0";
  os << s << "f";
}

bool isConstantLike(Operation *op) {
  if (isa<arith::ConstantOp>(op))
    return true;
  auto cast = dyn_cast<quant::StorageCastOp>(op);
  Operation *def = cast ? cast.getArg().getDefiningOp() : nullptr;
  return def && isConstantLike(def);
}

bool isAliasOp(Operation *op) { return isa<caps::ReshapeOp, caps::CastOp>(op); }

int64_t elementBytes(Type tensorType) {
  Type element = getElementTypeOrSelf(tensorType);
  if (auto q = dyn_cast<quant::QuantizedType>(element))
    element = q.getStorageType();
  return std::max<int64_t>(element.getIntOrFloatBitWidth() / 8, 1);
}

StringRef cElementType(Type tensorType) {
  Type element = getElementTypeOrSelf(tensorType);
  if (auto q = dyn_cast<quant::QuantizedType>(element))
    element = q.getStorageType();
  if (element.isF32())
    return "float";
  return element.getIntOrFloatBitWidth() == 8 ? "int8_t" : "int32_t";
}

FailureOr<SmallVector<KernelCall, 1>> getKernelCalls(Operation *op) {
  if (failed(checkLimits(op)))
    return failure();
  auto isQuantized = [](Type t) {
    return isa<quant::QuantizedType>(getElementTypeOrSelf(t));
  };
  if (isa<quant::QuantizeCastOp, quant::DequantizeCastOp>(op) ||
      llvm::any_of(op->getResultTypes(), isQuantized))
    return getQuantizedKernelCalls(op);
  return getFloatKernelCalls(op);
}

FailureOr<SmallVector<KernelCall, 1>>
detail::getFloatKernelCalls(Operation *op) {
  using Calls = SmallVector<KernelCall, 1>;
  return llvm::TypeSwitch<Operation *, FailureOr<Calls>>(op)
      .Case([](caps::Conv2dOp o) -> FailureOr<Calls> {
        return Calls{call("caps_conv2d_f32", convParams(o),
                          {o.getInput(), o.getWeight(), o.getBias()},
                          o.getOutput())};
      })
      .Case([](caps::PrimaryCapsOp o) -> FailureOr<Calls> {
        // The convolution writes NCHW into the result's buffer, which the
        // squash then reads as capsules.
        auto conv = primaryCapsConvParams(o);
        auto [count, dim] = capsules(o.getOutput());
        caps_squash_params_t squash{count, dim, squashVariant(o.getVariant()),
                                    o.getEpsilon().convertToFloat()};
        return Calls{
            call("caps_conv2d_f32", conv,
                 {o.getInput(), o.getWeight(), o.getBias()}, o.getOutput()),
            call("caps_squash_f32", squash, {o.getOutput()}, o.getOutput())};
      })
      .Case([](caps::SquashOp o) -> FailureOr<Calls> {
        auto [count, dim] = capsules(o.getInput());
        caps_squash_params_t p{count, dim, squashVariant(o.getVariant()),
                               o.getEpsilon().convertToFloat()};
        return Calls{call("caps_squash_f32", p, {o.getInput()}, o.getOutput())};
      })
      .Case([](caps::PredictOp o) -> FailureOr<Calls> {
        ArrayRef<int64_t> u = shapeOf(o.getInput()), w = shapeOf(o.getWeight());
        caps_predict_params_t p{i32(u[0]), i32(u[1]), i32(u[2]), i32(w[1]),
                                i32(w[2])};
        return Calls{call("caps_predict_f32", p, {o.getInput(), o.getWeight()},
                          o.getOutput())};
      })
      .Case<caps::DynamicRoutingOp, caps::SelfAttentionRoutingOp>(
          [](Operation *o) -> FailureOr<Calls> {
            ArrayRef<int64_t> uh = shapeOf(o->getOperand(0));
            caps_routing_params_t p{i32(uh[0]), i32(uh[1]), i32(uh[2]),
                                    i32(uh[3]), 1,          CAPS_SQUASH_SABOUR,
                                    0.0f};
            SmallVector<Value> inputs(o->getOperands());
            StringRef kernel = "caps_self_attention_routing_f32";
            if (auto r = dyn_cast<caps::DynamicRoutingOp>(o)) {
              kernel = "caps_dynamic_routing_f32";
              p.iterations = i32(r.getIterations());
              p.squash_variant = squashVariant(r.getVariant());
              p.epsilon = r.getEpsilon().convertToFloat();
            } else {
              auto sa = cast<caps::SelfAttentionRoutingOp>(o);
              p.squash_variant = squashVariant(sa.getVariant());
              p.epsilon = sa.getEpsilon().convertToFloat();
            }
            int32_t scratch = caps_routing_get_buffer_size(&p);
            if (scratch <= 0)
              return o->emitError("routing too large for the runtime");
            return Calls{
                call(kernel, p, inputs, o->getResult(0), int64_t{scratch} * 4)};
          })
      .Case([](caps::LengthOp o) -> FailureOr<Calls> {
        auto [count, dim] = capsules(o.getInput());
        return Calls{call("caps_length_f32", caps_length_params_t{count, dim},
                          {o.getInput()}, o.getOutput())};
      })
      .Case([](caps::MaxPool2dOp o) -> FailureOr<Calls> {
        return Calls{call("caps_max_pool2d_f32", poolParams(o, false),
                          {o.getInput()}, o.getOutput())};
      })
      .Case([](caps::AvgPool2dOp o) -> FailureOr<Calls> {
        return Calls{call("caps_avg_pool2d_f32",
                          poolParams(o, o.getCountIncludePad()), {o.getInput()},
                          o.getOutput())};
      })
      .Case<caps::GlobalAvgPoolOp, caps::GlobalMaxPoolOp>(
          [](Operation *o) -> FailureOr<Calls> {
            SmallVector<int64_t> axes;
            for (int64_t d = 2, r = shapeOf(o->getOperand(0)).size(); d < r;
                 ++d)
              axes.push_back(d);
            StringRef kernel = isa<caps::GlobalAvgPoolOp>(o)
                                   ? "caps_reduce_mean_f32"
                                   : "caps_reduce_max_f32";
            return Calls{call(kernel, reduceParams(o->getOperand(0), axes),
                              {o->getOperand(0)}, o->getResult(0))};
          })
      .Case([](caps::GemmOp o) -> FailureOr<Calls> {
        ArrayRef<int64_t> a = shapeOf(o.getA()), out = shapeOf(o.getOutput());
        caps_gemm_params_t p{};
        p.m = i32(out[0]);
        p.n = i32(out[1]);
        p.k = i32(o.getTransA() ? a[0] : a[1]);
        p.trans_a = o.getTransA();
        p.trans_b = o.getTransB();
        p.alpha = o.getAlpha().convertToFloat();
        p.beta = o.getBeta().convertToFloat();
        if (o.getC()) {
          int32_t strides[2];
          broadcastStrides(shapeOf(o.getC()), out, strides);
          p.c_stride_m = strides[0];
          p.c_stride_n = strides[1];
        }
        return Calls{call("caps_gemm_f32", p, {o.getA(), o.getB(), o.getC()},
                          o.getOutput())};
      })
      .Case([](caps::MatMulOp o) -> FailureOr<Calls> {
        ArrayRef<int64_t> a = shapeOf(o.getLhs()), b = shapeOf(o.getRhs());
        SmallVector<int64_t> as(a), bs(b);
        if (as.size() == 1)
          as.insert(as.begin(), 1);
        if (bs.size() == 1)
          bs.push_back(1);
        ArrayRef<int64_t> aBatch = ArrayRef<int64_t>(as).drop_back(2),
                          bBatch = ArrayRef<int64_t>(bs).drop_back(2);
        size_t rank = std::max(aBatch.size(), bBatch.size());
        if (rank > CAPS_MAX_DIMS)
          return o.emitError("too many batch dims for the runtime");
        caps_matmul_params_t p{};
        p.batch_rank = i32(rank);
        p.m = i32(as[as.size() - 2]);
        p.k = i32(as.back());
        p.n = i32(bs.back());
        SmallVector<int64_t> outBatch(rank, 1);
        for (size_t d = 0; d < rank; ++d) {
          int64_t da =
              d + aBatch.size() >= rank ? aBatch[d + aBatch.size() - rank] : 1;
          int64_t db =
              d + bBatch.size() >= rank ? bBatch[d + bBatch.size() - rank] : 1;
          outBatch[d] = std::max(da, db);
          p.out_batch[d] = i32(outBatch[d]);
        }
        // Batch strides count whole matrices' elements.
        broadcastStrides(aBatch, outBatch, p.a_batch_stride);
        broadcastStrides(bBatch, outBatch, p.b_batch_stride);
        for (size_t d = 0; d < rank; ++d) {
          p.a_batch_stride[d] *= p.m * p.k;
          p.b_batch_stride[d] *= p.k * p.n;
        }
        return Calls{call("caps_matmul_f32", p, {o.getLhs(), o.getRhs()},
                          o.getOutput())};
      })
      .Case([](caps::BatchNormOp o) -> FailureOr<Calls> {
        ArrayRef<int64_t> in = shapeOf(o.getInput());
        caps_batch_norm_params_t p{i32(in[0]), i32(in[1]),
                                   i32(numElements(in.drop_front(2))),
                                   o.getEpsilon().convertToFloat()};
        return Calls{call(
            "caps_batch_norm_f32", p,
            {o.getInput(), o.getScale(), o.getBias(), o.getMean(), o.getVar()},
            o.getOutput())};
      })
      .Case<caps::ReluOp, caps::SigmoidOp, caps::TanhOp, caps::AbsOp,
            caps::NegOp, caps::ReciprocalOp, caps::SqrtOp, caps::ExpOp,
            caps::ReshapeOp, caps::CastOp>(
          [](Operation *o) -> FailureOr<Calls> {
            StringRef kernel =
                llvm::TypeSwitch<Operation *, StringRef>(o)
                    .Case([](caps::ReluOp) { return "caps_relu_f32"; })
                    .Case([](caps::SigmoidOp) { return "caps_sigmoid_f32"; })
                    .Case([](caps::TanhOp) { return "caps_tanh_f32"; })
                    .Case([](caps::AbsOp) { return "caps_abs_f32"; })
                    .Case([](caps::NegOp) { return "caps_neg_f32"; })
                    .Case([](caps::ReciprocalOp) {
                      return "caps_reciprocal_f32";
                    })
                    .Case([](caps::SqrtOp) { return "caps_sqrt_f32"; })
                    .Case([](caps::ExpOp) { return "caps_exp_f32"; })
                    .Default([](Operation *) { return "caps_copy_f32"; });
            return Calls{call(kernel, unaryParams(o->getResult(0)),
                              {o->getOperand(0)}, o->getResult(0))};
          })
      .Case([](caps::ClipOp o) -> FailureOr<Calls> {
        return Calls{
            call("caps_clip_f32",
                 unaryParams(o.getOutput(), o.getMin().convertToFloat(),
                             o.getMax().convertToFloat()),
                 {o.getInput()}, o.getOutput())};
      })
      .Case([](caps::LeakyReluOp o) -> FailureOr<Calls> {
        return Calls{
            call("caps_leaky_relu_f32",
                 unaryParams(o.getOutput(), o.getAlpha().convertToFloat()),
                 {o.getInput()}, o.getOutput())};
      })
      .Case<caps::AddOp, caps::SubOp, caps::MulOp, caps::DivOp, caps::PowOp,
            caps::MaxOp, caps::MinOp>([](Operation *o) -> FailureOr<Calls> {
        StringRef kernel =
            llvm::TypeSwitch<Operation *, StringRef>(o)
                .Case([](caps::AddOp) { return "caps_add_f32"; })
                .Case([](caps::SubOp) { return "caps_sub_f32"; })
                .Case([](caps::MulOp) { return "caps_mul_f32"; })
                .Case([](caps::DivOp) { return "caps_div_f32"; })
                .Case([](caps::MaxOp) { return "caps_max_f32"; })
                .Case([](caps::MinOp) { return "caps_min_f32"; })
                .Default([](Operation *) { return "caps_pow_f32"; });
        ArrayRef<int64_t> out = shapeOf(o->getResult(0));
        caps_binary_params_t p{};
        if (out.empty()) { // scalars broadcast as one element
          p.rank = 1;
          p.out_dims[0] = 1;
        } else {
          p.rank = i32(out.size());
          for (auto [i, d] : llvm::enumerate(out))
            p.out_dims[i] = i32(d);
          broadcastStrides(shapeOf(o->getOperand(0)), out, p.a_strides);
          broadcastStrides(shapeOf(o->getOperand(1)), out, p.b_strides);
        }
        return Calls{call(kernel, p, {o->getOperand(0), o->getOperand(1)},
                          o->getResult(0))};
      })
      .Case([](caps::ReduceSumOp o) -> FailureOr<Calls> {
        return Calls{call("caps_reduce_sum_f32",
                          reduceParams(o.getInput(), o.getAxes()),
                          {o.getInput()}, o.getOutput())};
      })
      .Case([](caps::ReduceMeanOp o) -> FailureOr<Calls> {
        return Calls{call("caps_reduce_mean_f32",
                          reduceParams(o.getInput(), o.getAxes()),
                          {o.getInput()}, o.getOutput())};
      })
      .Case([](caps::ReduceMaxOp o) -> FailureOr<Calls> {
        return Calls{call("caps_reduce_max_f32",
                          reduceParams(o.getInput(), o.getAxes()),
                          {o.getInput()}, o.getOutput())};
      })
      .Case([](caps::SoftmaxOp o) -> FailureOr<Calls> {
        ArrayRef<int64_t> s = shapeOf(o.getInput());
        int64_t axis = o.getAxis();
        caps_softmax_params_t p{i32(numElements(s.take_front(axis))),
                                i32(s[axis]),
                                i32(numElements(s.drop_front(axis + 1)))};
        return Calls{
            call("caps_softmax_f32", p, {o.getInput()}, o.getOutput())};
      })
      .Case([](caps::TransposeOp o) -> FailureOr<Calls> {
        ArrayRef<int64_t> s = shapeOf(o.getInput());
        caps_transpose_params_t p{};
        p.rank = i32(s.size());
        for (auto [i, d] : llvm::enumerate(s)) {
          p.in_dims[i] = i32(d);
          p.perm[i] = i32(o.getPerm()[i]);
        }
        return Calls{
            call("caps_transpose_f32", p, {o.getInput()}, o.getOutput())};
      })
      .Case([](caps::ConcatOp o) -> FailureOr<Calls> {
        ArrayRef<int64_t> out = shapeOf(o.getOutput());
        int64_t axis = o.getAxis();
        int64_t outer = numElements(out.take_front(axis)),
                inner = numElements(out.drop_front(axis + 1));
        Calls calls;
        int64_t offset = 0;
        for (Value in : o.getInputs()) {
          int64_t block = shapeOf(in)[axis] * inner;
          caps_concat_params_t p{i32(outer), i32(block), i32(out[axis] * inner),
                                 i32(offset)};
          calls.push_back(call("caps_concat_f32", p, {in}, o.getOutput()));
          offset += block;
        }
        return calls;
      })
      .Case([](caps::SliceOp o) -> FailureOr<Calls> {
        ArrayRef<int64_t> in = shapeOf(o.getInput()),
                          out = shapeOf(o.getOutput());
        caps_slice_params_t p{};
        p.rank = i32(in.size());
        for (size_t d = 0; d < in.size(); ++d) {
          p.in_dims[d] = i32(in[d]);
          p.out_dims[d] = i32(out[d]);
          p.starts[d] = i32(o.getStarts()[d]);
          p.steps[d] = i32(o.getSteps()[d]);
        }
        return Calls{call("caps_slice_f32", p, {o.getInput()}, o.getOutput())};
      })
      .Case([](caps::PadOp o) -> FailureOr<Calls> {
        ArrayRef<int64_t> in = shapeOf(o.getInput()),
                          out = shapeOf(o.getOutput());
        caps_pad_params_t p{};
        p.rank = i32(in.size());
        for (size_t d = 0; d < in.size(); ++d) {
          p.in_dims[d] = i32(in[d]);
          p.out_dims[d] = i32(out[d]);
          p.pads_begin[d] = i32(o.getPads()[d]);
        }
        p.mode = o.getMode() == "reflect" ? CAPS_PAD_REFLECT
                 : o.getMode() == "edge"  ? CAPS_PAD_EDGE
                                          : CAPS_PAD_CONSTANT;
        p.value = o.getValue().convertToFloat();
        if (o.getFill())
          return Calls{call("caps_pad_fill_f32", p, {o.getInput(), o.getFill()},
                            o.getOutput())};
        return Calls{call("caps_pad_f32", p, {o.getInput()}, o.getOutput())};
      })
      .Default([](Operation *o) -> FailureOr<Calls> {
        return o->emitError()
               << "'" << o->getName() << "' has no runtime kernel";
      });
}

StringRef paramsTypeName(const KernelParams &params) {
  return std::visit([](const auto &p) { return structName(p); }, params);
}

void printParams(raw_ostream &os, const KernelParams &params) {
  std::visit([&](const auto &p) { printStruct(os, p); }, params);
}

int64_t kernelMacs(StringRef kernel, const KernelParams &params) {
  auto i64 = [](int32_t v) { return static_cast<int64_t>(v); };
  auto conv = [&](const auto &p) {
    return i64(p.n) * p.out_c * p.out_h * p.out_w *
           (p.groups > 0 ? p.in_c / p.groups : 0) * p.k_h * p.k_w;
  };
  auto routing = [&](const auto &p) {
    int64_t passes = kernel.contains("self_attention")
                         ? 2
                         : 2 * i64(p.iterations) - 1;
    return passes * p.n * p.in_caps * p.out_caps * p.out_dim;
  };
  if (auto *p = std::get_if<caps_conv2d_params_t>(&params))
    return conv(*p);
  if (auto *p = std::get_if<caps_conv2d_s8_params_t>(&params))
    return conv(*p);
  if (auto *p = std::get_if<caps_gemm_params_t>(&params))
    return i64(p->m) * p->n * p->k;
  if (auto *p = std::get_if<caps_fc_s8_params_t>(&params))
    return i64(p->m) * p->n * p->k;
  if (auto *p = std::get_if<caps_matmul_params_t>(&params)) {
    int64_t batch = 1;
    for (int32_t d = 0; d < p->batch_rank; ++d)
      batch *= p->out_batch[d];
    return batch * p->m * p->n * p->k;
  }
  if (auto *p = std::get_if<caps_predict_params_t>(&params))
    return i64(p->n) * p->in_caps * p->out_caps * p->out_dim * p->in_dim;
  if (auto *p = std::get_if<caps_routing_params_t>(&params))
    return routing(*p);
  if (auto *p = std::get_if<caps_routing_s8_params_t>(&params))
    return routing(*p);
  return 0;
}

StringRef kernelVariant(StringRef kernel, const KernelParams &params) {
  if (auto *p = std::get_if<caps_conv2d_s8_params_t>(&params)) {
    if (p->in_c == p->groups && p->out_c == p->groups)
      return "depthwise";
    return p->k_h == 1 && p->k_w == 1 ? "pointwise" : "general";
  }
  return "-";
}

int64_t kernelElements(const KernelCall &call) {
  auto count = [](Value v) -> int64_t {
    auto type = v ? dyn_cast<RankedTensorType>(v.getType()) : nullptr;
    return type && type.hasStaticShape() ? type.getNumElements() : 0;
  };
  int64_t elements = count(call.output);
  for (Value in : call.inputs)
    elements += count(in);
  return elements;
}

caps_status_t invokeKernel(const KernelCall &call, ArrayRef<void *> args) {
  auto it = registry().find(call.kernel);
  if (it == registry().end())
    return CAPS_ERR_UNSUPPORTED;
  return it->second(call.params, args);
}

} // namespace capsc
