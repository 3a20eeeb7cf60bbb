#ifndef CAPSC_PASSES_PASSES_TD
#define CAPSC_PASSES_PASSES_TD

include "mlir/Pass/PassBase.td"

def CapsFoldPass : Pass<"caps-fold", "mlir::ModuleOp"> {
  let summary = "Evaluate ops whose operands are all constants";
  let description = [{
    Replaces every caps op whose operands are all `arith.constant` by a constant holding its result,
    computed by the evaluator on the runtime's reference kernels, so folded values are bit-identical
    to what the target would compute. Weight preprocessing exported as ops (transposes, reshapes, scale
    multiplications of initializers) disappears this way.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def CapsRaiseCapsulesPass : Pass<"caps-raise-capsules", "mlir::ModuleOp"> {
  let summary = "Recognize unrolled capsule layers and replace them by capsule ops";
  let description = [{
    PyTorch exports capsule layers unrolled: squash as Mul/ReduceSum/Add/Div/Sqrt (or Pow, ReduceL2),
    u_hat as a 5-D MatMul, an Einsum or reshapes around a batched MatMul, and dynamic routing as one
    Softmax and one agreement step per iteration. This pass finds such subgraphs by structure (a region
    of ops computing one value from one input and constants) and confirms them by value: the region is
    evaluated on probe inputs with the reference kernels and must agree with the capsule op it would
    become. Raised, in order: `caps.squash` (either formula, the model's epsilon), `caps.length`,
    `caps.primary_caps` (conv, reshape into capsules, squash), `caps.dynamic_routing` (any iteration
    count; the prediction vectors in any dim order), `caps.self_attention_routing` (its log prior found
    among the region's constants) and `caps.predict` (the weights recovered exactly by
    probing the linear map with unit vectors). Anything not recognized keeps computing through the
    generic ops with the same numbers. Each raise is reported as a remark.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def CapsLayoutPass : Pass<"caps-layout", "mlir::ModuleOp"> {
  let summary = "Convert NCHW convolutions and pooling to NHWC, cancelling the transposes";
  let description = [{
    Rewrites every NCHW `caps.conv2d`, `caps.max_pool2d` and `caps.avg_pool2d` into its `channels_last`
    (NHWC) form between two `caps.transpose`s, and every `caps.primary_caps` into its NHWC-input form after
    one (its capsules keep their order); constant convolution weights are transposed OIHW -> OHWI at
    compile time. The transposes then sink through elementwise ops (unary ones, and binary ones whose
    operands are transposed alike or have one element) and pads, two in a row fold into one (none when they cancel),
    a global pool of a transposed tensor becomes a reduction over the NHWC spatial axes, and a transpose that
    moves only unit dims becomes a reshape. A chain of convolutions, activations, residual adds and pools
    thus runs in NHWC with transposes left only where the layout really changes (a multi-channel model
    input, a flattening reshape, a capsule reshape). Results are unchanged: the kernels compute the same
    sums in the same order in both layouts.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def CapsQuantizePass : Pass<"caps-quantize", "mlir::ModuleOp"> {
  let summary = "Quantize calibrated float functions to int8 (!quant.uniform types)";
  let description = [{
    Rewrites every function whose values carry calibrated ranges (`caps.calib = array<f32: min, max>` on
    op results and function arguments, set by capsc's calibration) to compute in int8:

    - `int8`: affine int8 activations (scale and zero point from the range, which is widened to
      contain 0), symmetric int8 weights per output channel, int32 biases with scale
      input_scale * weight_scale; kernels requantize with TFLite / CMSIS-NN's Q31 multiplier + shift.
    - `pow2`: symmetric activations and weights with power-of-two scales; every requantization is a
      rounding shift.

    Capsule tensors (inputs of squash, predict, routing and length) are symmetric; squash and routing
    outputs have the fixed scale 2^-7, softmax outputs 1/256 with zero point -128. A ReLU or clip that
    follows an op gives that op's output its own range, and disappears when the requantization's
    saturation already computes it. Ops without an int8 kernel stay float between `quant.dcast` and
    `quant.qcast` (a float island), each reported as a warning naming the ONNX node. Weights become
    `arith.constant` integer tensors given their quantized type by `quant.scast`. The function keeps
    its float signature: inputs are quantized by `quant.qcast`, results dequantized by `quant.dcast`.
  }];
  let options = [
    Option<"scheme", "scheme", "std::string", /*default=*/"\"int8\"",
           "Quantization scheme: int8 | pow2">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::quant::QuantizationDialect"];
}

def CapsPlanMemoryPass : Pass<"caps-plan-memory", "mlir::ModuleOp"> {
  let summary = "Place activations in one static arena";
  let description = [{
    Gives every activation tensor of each function an offset in one arena from the liveness of its
    value (greedy by size: largest first, lowest offset that does not overlap a live tensor). Reshapes
    alias their input; graph outputs are written straight to the caller's buffers. Sets
    `caps.arena_offset` on each op (bytes, -1 = no arena buffer) and `caps.arena_size` on the function;
    the peak is reported as a remark.
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", /*default=*/"16",
           "Byte alignment of every arena buffer">,
  ];
}

def ConvertCapsToEmitCPass : Pass<"convert-caps-to-emitc", "mlir::ModuleOp"> {
  let summary = "Lower planned caps functions to EmitC calls into the capsrt runtime";
  let description = [{
    Turns each planned `func.func` into an `emitc.func <prefix>_run` taking one pointer per graph input
    and output: constants become `static const` globals, the arena one static global, and every op one
    or more `caps_<op>_f32` calls with a `static const` parameter struct, wrapped in the runtime's
    `CAPS_LAYER_BEGIN/END` hooks and `CAPS_CHECK`. Requires `caps-plan-memory` first.
  }];
  let options = [
    Option<"prefix", "prefix", "std::string", /*default=*/"\"model\"",
           "Prefix of the generated symbols (<prefix>_run, <prefix>_arena, ...)">,
  ];
  let dependentDialects = ["mlir::emitc::EmitCDialect"];
}

#endif // CAPSC_PASSES_PASSES_TD
