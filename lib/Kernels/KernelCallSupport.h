//===- KernelCallSupport.h - helpers of the op -> kernel mapping -*- C++
//-*-===//
//
// Shared by KernelCall.cpp (float kernels) and QuantizedKernelCall.cpp (int8
// kernels); private to lib/Kernels.
//
//===----------------------------------------------------------------------===//
#ifndef CAPSC_LIB_KERNELS_KERNELCALLSUPPORT_H
#define CAPSC_LIB_KERNELS_KERNELCALLSUPPORT_H

#include "capsc/Dialect/Caps/CapsDialect.h"
#include "capsc/Kernels/KernelCall.h"

#include "mlir/IR/TypeUtilities.h"

#include <limits>
#include <utility>

namespace capsc::detail {
using namespace mlir;

inline ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

inline int64_t numElements(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// Narrows a compile-time size to the int32 the kernels take; the caller has
/// checked it fits.
inline int32_t i32(int64_t v) { return static_cast<int32_t>(v); }

/// Kernels take int32 sizes and at most CAPS_MAX_DIMS dims.
inline LogicalResult checkLimits(Operation *op) {
  SmallVector<Value> tensors(op->getOperands());
  llvm::append_range(tensors, op->getResults());
  for (Value v : tensors) {
    auto type = dyn_cast<RankedTensorType>(v.getType());
    if (!type)
      continue;
    if (type.getRank() > CAPS_MAX_DIMS)
      return op->emitError()
             << "tensors of rank " << type.getRank()
             << " exceed the runtime's limit of " << CAPS_MAX_DIMS;
    if (type.getNumElements() > std::numeric_limits<int32_t>::max())
      return op->emitError("tensor too large for the runtime's int32 sizes");
  }
  return success();
}

/// Row-major element strides of `shape` aligned to the trailing dims of
/// `outShape`, 0 where broadcast.
inline void broadcastStrides(ArrayRef<int64_t> shape,
                             ArrayRef<int64_t> outShape, int32_t *strides) {
  int64_t stride = 1;
  int64_t offset = static_cast<int64_t>(outShape.size()) -
                   static_cast<int64_t>(shape.size());
  for (int64_t d = static_cast<int64_t>(outShape.size()) - 1; d >= 0; --d) {
    int64_t id = d - offset;
    if (id < 0) {
      strides[d] = 0;
      continue;
    }
    strides[d] = shape[id] == 1 ? 0 : i32(stride);
    stride *= shape[id];
  }
}

inline caps_unary_params_t unaryParams(Value out, float alpha = 0.0f,
                                       float beta = 0.0f) {
  return caps_unary_params_t{i32(numElements(shapeOf(out))), alpha, beta};
}

inline caps_reduce_params_t reduceParams(Value in, ArrayRef<int64_t> axes) {
  caps_reduce_params_t p{};
  ArrayRef<int64_t> s = shapeOf(in);
  p.rank = i32(s.size());
  for (auto [i, d] : llvm::enumerate(s))
    p.in_dims[i] = i32(d);
  for (int64_t a : axes)
    p.axes_mask |= 1 << a;
  if (s.empty()) { // a scalar reduces to itself
    p.rank = 1;
    p.in_dims[0] = 1;
  }
  return p;
}

template <typename PoolOp>
inline caps_pool2d_params_t poolParams(PoolOp op, bool countIncludePad) {
  bool last = op.getChannelsLast();
  SmallVector<int64_t, 4> in = caps::channelsFirstShape(shapeOf(op.getInput()), last),
                          out = caps::channelsFirstShape(shapeOf(op.getOutput()), last);
  ArrayRef<int64_t> k = op.getKernel(), s = op.getStrides(), p = op.getPads(),
                    d = op.getDilations();
  return caps_pool2d_params_t{i32(in[0]),
                              i32(in[1]),
                              i32(in[2]),
                              i32(in[3]),
                              i32(out[2]),
                              i32(out[3]),
                              i32(k[0]),
                              i32(k[1]),
                              i32(s[0]),
                              i32(s[1]),
                              i32(p[0]),
                              i32(p[1]),
                              i32(p[2]),
                              i32(p[3]),
                              i32(d[0]),
                              i32(d[1]),
                              countIncludePad ? 1 : 0,
                              last ? CAPS_LAYOUT_NHWC : CAPS_LAYOUT_NCHW};
}

inline KernelCall call(StringRef kernel, KernelParams params,
                       ArrayRef<Value> inputs, Value output,
                       int64_t scratch = 0) {
  return KernelCall{kernel.str(), params, SmallVector<Value, 4>(inputs), output,
                    scratch};
}

inline int32_t squashVariant(StringRef variant) {
  return variant == "efficient" ? CAPS_SQUASH_EFFICIENT : CAPS_SQUASH_SABOUR;
}

/// Capsules along the last dim of `v`: {count, dim}.
inline std::pair<int32_t, int32_t> capsules(Value v) {
  ArrayRef<int64_t> s = shapeOf(v);
  return {i32(numElements(s.drop_back())), i32(s.back())};
}

/// Convolution parameters; `layout` (CAPS_LAYOUT_*) says whether the input and
/// weights (NHWC_IN) and the output (NHWC_OUT, given as outHW) are NHWC.
inline caps_conv2d_params_t convParams(Value input, Value weight,
                                       ArrayRef<int64_t> outHW,
                                       ArrayRef<int64_t> s, ArrayRef<int64_t> p,
                                       ArrayRef<int64_t> d, int64_t group,
                                       int32_t layout) {
  bool in = layout & CAPS_LAYOUT_NHWC_IN;
  SmallVector<int64_t, 4> x = caps::channelsFirstShape(shapeOf(input), in),
                          w = caps::channelsFirstShape(shapeOf(weight), in);
  return caps_conv2d_params_t{
      i32(x[0]), i32(x[1]),    i32(x[2]),    i32(x[3]),
      i32(w[0]), i32(outHW[0]), i32(outHW[1]), i32(w[2]),
      i32(w[3]), i32(s[0]),     i32(s[1]),     i32(p[0]),
      i32(p[1]), i32(d[0]),     i32(d[1]),     i32(group),
      layout};
}

/// A conv2d op's kernel parameters, in either layout.
inline caps_conv2d_params_t convParams(caps::Conv2dOp o) {
  SmallVector<int64_t, 4> out =
      caps::channelsFirstShape(shapeOf(o.getOutput()), o.getChannelsLast());
  return convParams(o.getInput(), o.getWeight(), ArrayRef(out).drop_front(2),
                    o.getStrides(), o.getPads(), o.getDilations(), o.getGroup(),
                    o.getChannelsLast() ? CAPS_LAYOUT_NHWC : CAPS_LAYOUT_NCHW);
}

/// The convolution inside a primary_caps op: its output, NCHW whatever the
/// input's layout, fills the result's buffer before the squash.
inline caps_conv2d_params_t primaryCapsConvParams(caps::PrimaryCapsOp o) {
  bool last = o.getChannelsLast();
  SmallVector<int64_t, 4> in = caps::channelsFirstShape(shapeOf(o.getInput()), last),
                          w = caps::channelsFirstShape(shapeOf(o.getWeight()), last);
  SmallVector<int64_t> outHW;
  for (int d = 0; d < 2; ++d)
    outHW.push_back(caps::windowOutputSize(
        in[2 + d], o.getPads()[d], o.getPads()[2 + d], w[2 + d],
        o.getStrides()[d], o.getDilations()[d], false));
  return convParams(o.getInput(), o.getWeight(), outHW, o.getStrides(),
                    o.getPads(), o.getDilations(), o.getGroup(),
                    last ? CAPS_LAYOUT_NHWC_IN : CAPS_LAYOUT_NCHW);
}

/// The float kernel calls of an op (the int8 mapping reuses their parameters
/// for ops that only move or select values).
FailureOr<SmallVector<KernelCall, 1>> getFloatKernelCalls(Operation *op);

/// The calls of an op whose tensors are quantized (QuantizedKernelCall.cpp).
FailureOr<SmallVector<KernelCall, 1>> getQuantizedKernelCalls(Operation *op);

} // namespace capsc::detail

#endif // CAPSC_LIB_KERNELS_KERNELCALLSUPPORT_H
