//===- KernelCall.h - caps ops as capsrt kernel calls ----------*- C++ -*-===//
//
// The one place that knows how a caps op maps to runtime kernel calls: which
// `caps_*` symbol, which parameter struct with which values, which tensors in
// which order. The EmitC lowering prints these calls into generated code and
// the evaluator executes them in-process on the same reference kernels, so both
// compute bit-identical results by construction.
//
//===----------------------------------------------------------------------===//
#ifndef CAPSC_KERNELS_KERNELCALL_H
#define CAPSC_KERNELS_KERNELCALL_H

#include "capsrt/capsrt.h"

#include "mlir/IR/Operation.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <variant>
#include <vector>

namespace capsc {

using KernelParams = std::variant<
    caps_conv2d_params_t, caps_pool2d_params_t, caps_gemm_params_t,
    caps_matmul_params_t, caps_batch_norm_params_t, caps_unary_params_t,
    caps_binary_params_t, caps_reduce_params_t, caps_softmax_params_t,
    caps_transpose_params_t, caps_concat_params_t, caps_slice_params_t,
    caps_pad_params_t, caps_squash_params_t, caps_predict_params_t,
    caps_routing_params_t, caps_length_params_t, caps_quantize_params_t,
    caps_conv2d_s8_params_t, caps_fc_s8_params_t, caps_binary_s8_params_t,
    caps_clamp_s8_params_t, caps_softmax_s8_params_t, caps_squash_s8_params_t,
    caps_routing_s8_params_t, caps_length_s8_params_t, caps_lut_s8_params_t>;

/// A constant array a kernel takes after its tensors: per-channel
/// requantization multipliers and shifts (int32) or a lookup table (int8).
struct ConstArray {
  std::vector<int32_t> values;
  bool int8 = false;
};

/// One call `kernel(&params, inputs..., arrays..., [scratch,] output)`.
struct KernelCall {
  std::string kernel;
  KernelParams params;
  /// Read tensors in kernel order; a null Value stands for an absent optional
  /// tensor (NULL). An input may be the op's own result when a later call of
  /// the same op works in place.
  llvm::SmallVector<mlir::Value, 4> inputs;
  /// The tensor written: always the op's result.
  mlir::Value output;
  /// Bytes of scratch the kernel needs (its `_get_buffer_size`); when non-zero
  /// the scratch pointer is the argument before the output. The memory planner
  /// gives it arena space live during the op only.
  int64_t scratchBytes = 0;
  /// Constant arrays passed after the inputs.
  llvm::SmallVector<ConstArray, 0> arrays;
};

/// The calls that compute `op` (several for concat, none for a reshape whose
/// result aliases its input, which `isAliasOp` tells). Emits an error at the op
/// and fails for ops or shapes the runtime lacks.
mlir::FailureOr<llvm::SmallVector<KernelCall, 1>>
getKernelCalls(mlir::Operation *op);

/// Multiply-accumulates a call of `kernel` with `params` performs: convolutions, matrix products and
/// capsule predictions count their products; dynamic routing counts
/// (2 * iterations - 1) * n * in_caps * out_caps * out_dim (one weighted sum
/// per iteration, one agreement update between iterations), self-attention
/// routing 2 * n * in_caps * out_caps * out_dim; every other kernel 0.
int64_t kernelMacs(llvm::StringRef kernel, const KernelParams &params);

/// The cost-model class of a call (capsc::estimateInstructions): for
/// caps_conv2d_s8 "depthwise" (one input and one output channel per group),
/// "pointwise" (1x1) or "general"; "-" for every other kernel.
llvm::StringRef kernelVariant(llvm::StringRef kernel, const KernelParams &params);

/// Elements of the call's tensor operands, inputs and output (the other
/// quantity the cost model is linear in).
int64_t kernelElements(const KernelCall &call);

/// True for ops that only reinterpret their input (reshape, identity cast): a
/// copy when the memory planner cannot alias them.
bool isAliasOp(mlir::Operation *op);

/// Integer attribute of the module: the cores of the target's cluster (capsc
/// sets it for targets with more than one). Kernels that share a layer among
/// them size their scratch for that many (dynamic routing's accumulator sets).
inline constexpr llvm::StringLiteral kCoresAttr = "caps.cores";

/// The int8 routing parameters of a quantized dynamic_routing or
/// self_attention_routing op: its prepare function applied to its types and
/// calibrated statistics (caps-quantize needs them to quantize log priors),
/// and for dynamic routing the module's caps.cores.
mlir::FailureOr<caps_routing_s8_params_t> routingS8Params(mlir::Operation *op);

/// True for compile-time constants: arith.constant and a quant.scast giving a
/// constant its quantized type (weights after caps-quantize). They live in
/// flash, not in the arena.
bool isConstantLike(mlir::Operation *op);

/// C type name of the parameter struct, e.g. "caps_conv2d_params_t".
llvm::StringRef paramsTypeName(const KernelParams &params);

/// Writes the parameters as a C initializer list, e.g. "{1, 3, {4, 4, 0, 0, 0,
/// 0}, 1.5f}".
void printParams(llvm::raw_ostream &os, const KernelParams &params);

/// Writes a float as a C literal that reads back to the same bits ("1.5f",
/// "-INFINITY", "NAN").
void printFloatLiteral(llvm::raw_ostream &os, float v);

/// Runs the reference kernel of `call` on host buffers (the evaluator's path).
/// `args` holds every pointer argument after the parameters, in kernel order:
/// inputs (nullptr for absent optional tensors), arrays, scratch, output.
caps_status_t invokeKernel(const KernelCall &call, llvm::ArrayRef<void *> args);

/// Bytes per element of a caps tensor type: 4 for f32, the storage width of a
/// quantized type (1 for int8 activations, 4 for int32 biases).
int64_t elementBytes(mlir::Type tensorType);

/// The C element type of a tensor's data: "float", "int8_t" or "int32_t".
llvm::StringRef cElementType(mlir::Type tensorType);

} // namespace capsc

#endif // CAPSC_KERNELS_KERNELCALL_H
