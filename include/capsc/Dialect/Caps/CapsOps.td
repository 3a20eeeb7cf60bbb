#ifndef CAPSC_DIALECT_CAPS_CAPSOPS_TD
#define CAPSC_DIALECT_CAPS_CAPSOPS_TD

include "capsc/Dialect/Caps/CapsDialect.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/BuiltinAttributes.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Dialect/Quant/QuantOpsBase.td"

//===----------------------------------------------------------------------===//
// Base classes
//===----------------------------------------------------------------------===//

/// Tensors of the caps dialect: statically shaped float32, or quantized (`!quant.uniform`, per tensor
/// or per axis) after caps-quantize. An op's tensors are either all float or all quantized (verified).
def Caps_Tensor : StaticShapeTensorOf<[F32, quant_QuantizedType]>;

class Caps_Op<string mnemonic, list<Trait> traits = []>
    : Op<Caps_Dialect, mnemonic, !listconcat([Pure], traits)>;

/// Elementwise op of one tensor, result of the same shape (and type, unless
/// quantized with its own scale).
class Caps_UnaryOp<string mnemonic, string formula, list<Trait> traits = []>
    : Caps_Op<mnemonic, !listconcat([SameOperandsAndResultShape], traits)> {
  let summary = "elementwise " # formula;
  let description = [{
    Applies `}] # formula # [{` to every element; shape and type are unchanged.

    Example:

    ```mlir
    %y = caps.}] # mnemonic # [{ %x : tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins Caps_Tensor:$input);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` custom<UnaryTypes>(type($input), type($output))";
  let hasVerifier = 1;
}

/// Elementwise op of two tensors with numpy (multidirectional) broadcasting.
class Caps_BinaryOp<string mnemonic, string formula>
    : Caps_Op<mnemonic, [ResultsBroadcastableShape]> {
  let summary = "elementwise " # formula # " with broadcasting";
  let description = [{
    Computes `}] # formula # [{` elementwise; the operand shapes broadcast as in numpy and the result has
    the broadcast shape.

    Example:

    ```mlir
    %y = caps.}] # mnemonic # [{ %a, %b : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins Caps_Tensor:$lhs, Caps_Tensor:$rhs);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

/// Reduction over a set of axes.
class Caps_ReduceOp<string mnemonic, string what> : Caps_Op<mnemonic> {
  let summary = what # " over axes";
  let description = [{
    Reduces `input` over `axes` (non-negative, increasing) with the }] # what # [{. With `keepdims` the
    reduced dims stay as 1, otherwise they are dropped. An empty `axes` is the identity.

    Example:

    ```mlir
    %y = caps.}] # mnemonic # [{ %x {axes = array<i64: 2, 3>, keepdims = true} : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
    ```
  }];
  let arguments = (ins Caps_Tensor:$input, DenseI64ArrayAttr:$axes, BoolAttr:$keepdims);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

/// 2-D pooling window over NCHW.
class Caps_Pool2dOp<string mnemonic, string what, dag extraArgs = (ins)> : Caps_Op<mnemonic> {
  let summary = "2-D " # what # " pooling (NCHW, or NHWC with channels_last)";
  let description = [{
    Slides a `kernel` window with `strides` and `dilations` over the spatial dims of an NCHW input padded
    by `pads` = [top, left, bottom, right]. With `ceil_mode` the output size rounds up (the last window may
    run past the pads). }] # what # [{ of each window. With `channels_last` (set by caps-layout) input and
    result are NHWC.

    Example:

    ```mlir
    %y = caps.}] # mnemonic # [{ %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : tensor<1x8x4x4xf32> -> tensor<1x8x2x2xf32>
    ```
  }];
  let arguments = !con((ins Caps_Tensor:$input, DenseI64ArrayAttr:$kernel, DenseI64ArrayAttr:$strides,
                        DenseI64ArrayAttr:$pads, DenseI64ArrayAttr:$dilations, BoolAttr:$ceil_mode),
                       extraArgs, (ins UnitAttr:$channels_last));
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

/// Pooling of each whole NCHW plane to one value.
class Caps_GlobalPoolOp<string mnemonic, string what> : Caps_Op<mnemonic> {
  let summary = "global " # what # " pooling";
  let description = [{
    Reduces every channel of an [N, C, spatial...] input to one value by its }] # what # [{; the result is
    [N, C, 1, ...].

    Example:

    ```mlir
    %y = caps.}] # mnemonic # [{ %x : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
    ```
  }];
  let arguments = (ins Caps_Tensor:$input);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Convolution and matrix products
//===----------------------------------------------------------------------===//

def Caps_Conv2dOp : Caps_Op<"conv2d"> {
  let summary = "2-D convolution (NCHW input, OIHW weights; or NHWC, OHWI)";
  let description = [{
    Convolves an NCHW `input` with weights [out_c, in_c / group, k_h, k_w] and adds the optional `bias`
    [out_c]. `pads` = [top, left, bottom, right]; `group` splits the channels (group = in_c is depthwise).
    With `channels_last` (set by caps-layout) input and result are NHWC and the weights
    [out_c, k_h, k_w, in_c / group].

    Example:

    ```mlir
    %y = caps.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
    ```
  }];
  let arguments = (ins Caps_Tensor:$input, Caps_Tensor:$weight, Optional<Caps_Tensor>:$bias,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads, DenseI64ArrayAttr:$dilations,
                       I64Attr:$group, UnitAttr:$channels_last);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Caps_GemmOp : Caps_Op<"gemm"> {
  let summary = "general matrix multiply Y = alpha * op(A) * op(B) + beta * C";
  let description = [{
    ONNX Gemm: `A` is [M, K] ([K, M] with `trans_a`), `B` is [K, N] ([N, K] with `trans_b`), the optional `C`
    broadcasts to [M, N].

    Example:

    ```mlir
    %y = caps.gemm %a, %w, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<1x10xf32>
    ```
  }];
  let arguments = (ins Caps_Tensor:$a, Caps_Tensor:$b, Optional<Caps_Tensor>:$c, F32Attr:$alpha, F32Attr:$beta,
                       BoolAttr:$trans_a, BoolAttr:$trans_b);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = "$a `,` $b (`,` $c^)? attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Caps_MatMulOp : Caps_Op<"matmul"> {
  let summary = "numpy matrix product with batch broadcasting";
  let description = [{
    ONNX MatMul: the last two dims multiply as matrices, leading dims broadcast; a 1-D operand is a
    vector (its dim is removed from the result).

    Example:

    ```mlir
    %y = caps.matmul %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
    ```
  }];
  let arguments = (ins Caps_Tensor:$lhs, Caps_Tensor:$rhs);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Caps_BatchNormOp : Caps_Op<"batch_norm"> {
  let summary = "inference batch normalization";
  let description = [{
    y = scale * (x - mean) / sqrt(var + epsilon) + bias per channel (dim 1) of an [N, C, ...] input.

    Example:

    ```mlir
    %y = caps.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-05 : f32} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins Caps_Tensor:$input, Caps_Tensor:$scale, Caps_Tensor:$bias, Caps_Tensor:$mean,
                       Caps_Tensor:$var, F32Attr:$epsilon);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = "$input `,` $scale `,` $bias `,` $mean `,` $var attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Activations and elementwise math
//===----------------------------------------------------------------------===//

def Caps_ReluOp : Caps_UnaryOp<"relu", "max(x, 0)">;
def Caps_SigmoidOp : Caps_UnaryOp<"sigmoid", "1 / (1 + exp(-x))">;
def Caps_TanhOp : Caps_UnaryOp<"tanh", "tanh(x)">;
def Caps_AbsOp : Caps_UnaryOp<"abs", "|x|">;
def Caps_NegOp : Caps_UnaryOp<"neg", "-x">;
def Caps_ReciprocalOp : Caps_UnaryOp<"reciprocal", "1 / x">;
def Caps_SqrtOp : Caps_UnaryOp<"sqrt", "sqrt(x)">;
def Caps_ExpOp : Caps_UnaryOp<"exp", "exp(x)">;

def Caps_ClipOp : Caps_Op<"clip", [SameOperandsAndResultType]> {
  let summary = "elementwise clamp to [min, max]";
  let description = [{
    y = min(max(x, min), max). ReLU6 is `caps.clip` with min 0 and max 6.

    Example:

    ```mlir
    %y = caps.clip %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins Caps_Tensor:$input, F32Attr:$min, F32Attr:$max);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
  let hasVerifier = 1;
}

def Caps_LeakyReluOp : Caps_Op<"leaky_relu", [SameOperandsAndResultShape]> {
  let summary = "elementwise x >= 0 ? x : alpha * x";
  let description = [{
    Example:

    ```mlir
    %y = caps.leaky_relu %x {alpha = 0.1 : f32} : tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins Caps_Tensor:$input, F32Attr:$alpha);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` custom<UnaryTypes>(type($input), type($output))";
  let hasVerifier = 1;
}

def Caps_AddOp : Caps_BinaryOp<"add", "a + b">;
def Caps_SubOp : Caps_BinaryOp<"sub", "a - b">;
def Caps_MulOp : Caps_BinaryOp<"mul", "a * b">;
def Caps_DivOp : Caps_BinaryOp<"div", "a / b">;
def Caps_PowOp : Caps_BinaryOp<"pow", "pow(a, b)">;
def Caps_MaxOp : Caps_BinaryOp<"max", "max(a, b)">;
def Caps_MinOp : Caps_BinaryOp<"min", "min(a, b)">;

//===----------------------------------------------------------------------===//
// Pooling, reductions, softmax
//===----------------------------------------------------------------------===//

def Caps_MaxPool2dOp : Caps_Pool2dOp<"max_pool2d", "maximum">;
def Caps_AvgPool2dOp : Caps_Pool2dOp<"avg_pool2d", "average", (ins BoolAttr:$count_include_pad)>;
def Caps_GlobalAvgPoolOp : Caps_GlobalPoolOp<"global_avg_pool", "mean">;
def Caps_GlobalMaxPoolOp : Caps_GlobalPoolOp<"global_max_pool", "maximum">;

def Caps_ReduceSumOp : Caps_ReduceOp<"reduce_sum", "sum">;
def Caps_ReduceMeanOp : Caps_ReduceOp<"reduce_mean", "mean">;
def Caps_ReduceMaxOp : Caps_ReduceOp<"reduce_max", "maximum">;

def Caps_SoftmaxOp : Caps_Op<"softmax", [SameOperandsAndResultShape]> {
  let summary = "softmax along one axis";
  let description = [{
    y = exp(x) / sum(exp(x)) along `axis` (non-negative), computed stably by subtracting the maximum.

    Example:

    ```mlir
    %y = caps.softmax %x {axis = 1 : i64} : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins Caps_Tensor:$input, I64Attr:$axis);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` custom<UnaryTypes>(type($input), type($output))";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

def Caps_ReshapeOp : Caps_Op<"reshape"> {
  let summary = "reinterpret a tensor with another static shape";
  let description = [{
    Same elements in the same (row-major) order, another shape. ONNX Reshape, Flatten, Squeeze and
    Unsqueeze all import as `caps.reshape`.

    Example:

    ```mlir
    %y = caps.reshape %x : tensor<1x8x2x2xf32> -> tensor<1x32xf32>
    ```
  }];
  let arguments = (ins Caps_Tensor:$input);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Caps_TransposeOp : Caps_Op<"transpose"> {
  let summary = "permute the dims of a tensor";
  let description = [{
    Result dim i is input dim `perm[i]`.

    Example:

    ```mlir
    %y = caps.transpose %x {perm = array<i64: 0, 2, 3, 1>} : tensor<1x8x4x2xf32> -> tensor<1x4x2x8xf32>
    ```
  }];
  let arguments = (ins Caps_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Caps_ConcatOp : Caps_Op<"concat"> {
  let summary = "concatenate tensors along an axis";
  let description = [{
    Example:

    ```mlir
    %y = caps.concat %a, %b {axis = 1 : i64} : (tensor<1x2x4xf32>, tensor<1x3x4xf32>) -> tensor<1x5x4xf32>
    ```
  }];
  let arguments = (ins Variadic<Caps_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Caps_SliceOp : Caps_Op<"slice"> {
  let summary = "strided slice with static starts and steps";
  let description = [{
    Result element i (per dim d) is input element `starts[d] + i * steps[d]`; the result type gives the
    extent. Steps may be negative, never zero. ONNX Slice with constant starts/ends/axes/steps imports here.

    Example:

    ```mlir
    %y = caps.slice %x {starts = array<i64: 0, 3>, steps = array<i64: 1, -1>} : tensor<2x4xf32> -> tensor<2x4xf32>
    ```
  }];
  let arguments = (ins Caps_Tensor:$input, DenseI64ArrayAttr:$starts, DenseI64ArrayAttr:$steps);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def Caps_PadOp : Caps_Op<"pad"> {
  let summary = "pad (or crop, with negative pads) a tensor";
  let description = [{
    `pads` = [begin_0, ..., begin_(r-1), end_0, ..., end_(r-1)] as in ONNX. `mode` is `constant` (fill with
    `value`, or with the one element of the optional `fill` tensor when the model computes it), `reflect`
    or `edge`.

    Example:

    ```mlir
    %y = caps.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "reflect", value = 0.0 : f32} : tensor<1x1x4x4xf32> -> tensor<1x1x6x6xf32>
    ```
  }];
  let arguments = (ins Caps_Tensor:$input, Optional<Caps_Tensor>:$fill, DenseI64ArrayAttr:$pads, StrAttr:$mode,
                       F32Attr:$value);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = [{
    $input (`fill` $fill^ `:` type($fill))? attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Caps_CastOp : Caps_Op<"cast", [SameOperandsAndResultShape]> {
  let summary = "element type conversion";
  let description = [{
    Converts every element to the result's element type. While the dialect is float32-only, a cast is an
    identity and folds away; it exists so that ONNX Cast keeps its place when integer types arrive.

    Example:

    ```mlir
    %y = caps.cast %x : tensor<4xf32> -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Caps_Tensor:$input);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Capsule networks
//===----------------------------------------------------------------------===//

/// Attributes of the squash nonlinearity: `variant` = "sabour" | "efficient" and its epsilon.
defvar SquashArgs = (ins DefaultValuedStrAttr<StrAttr, "sabour">:$variant,
                         DefaultValuedAttr<F32Attr, "1.0e-7">:$epsilon);

def Caps_SquashOp : Caps_Op<"squash", [SameOperandsAndResultShape]> {
  let summary = "squash nonlinearity of capsule vectors";
  let description = [{
    Squashes every capsule along the last dim: `sabour` (Sabour et al. 2017)
    v = s * |s|^2 / (1 + |s|^2) / sqrt(|s|^2 + epsilon); `efficient` (Efficient-CapsNet)
    v = s * (1 - exp(-|s|)) / (|s| + epsilon).

    Example:

    ```mlir
    %v = caps.squash %s {variant = "sabour", epsilon = 1.0e-07 : f32} : tensor<1x1024x4xf32>
    ```
  }];
  let arguments = !con((ins Caps_Tensor:$input), SquashArgs);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` custom<UnaryTypes>(type($input), type($output))";
  let hasVerifier = 1;
}

def Caps_PrimaryCapsOp : Caps_Op<"primary_caps"> {
  let summary = "primary capsules: convolution, reshape into capsules, squash";
  let description = [{
    Convolves like `caps.conv2d`, reinterprets the NCHW result [N, C, H, W] row-major as [N, C*H*W / dim, dim]
    capsules (the `x.view(N, -1, dim)` of PyTorch CapsNets) and squashes each. With `channels_last` (set by
    caps-layout) the input is NHWC and the weights OHWI; the capsules stay in the NCHW order.

    Example:

    ```mlir
    %u = caps.primary_caps %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, variant = "sabour", epsilon = 1.0e-07 : f32} : (tensor<1x16x22x22xf32>, tensor<64x16x7x7xf32>, tensor<64xf32>) -> tensor<1x1024x4xf32>
    ```
  }];
  let arguments = !con((ins Caps_Tensor:$input, Caps_Tensor:$weight, Optional<Caps_Tensor>:$bias,
                            DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads, DenseI64ArrayAttr:$dilations,
                            I64Attr:$group), SquashArgs, (ins UnitAttr:$channels_last));
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Caps_PredictOp : Caps_Op<"predict"> {
  let summary = "prediction vectors u_hat_j|i = W_ij u_i";
  let description = [{
    For input capsules u [N, in_caps, in_dim] and weights W [in_caps, out_caps, out_dim, in_dim], computes
    u_hat [N, in_caps, out_caps, out_dim] with u_hat[n, i, j] = W[i, j] . u[n, i].

    Example:

    ```mlir
    %uh = caps.predict %u, %w : (tensor<1x1024x4xf32>, tensor<1024x10x6x4xf32>) -> tensor<1x1024x10x6xf32>
    ```
  }];
  let arguments = (ins Caps_Tensor:$input, Caps_Tensor:$weight);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = "$input `,` $weight attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Caps_DynamicRoutingOp : Caps_Op<"dynamic_routing"> {
  let summary = "routing-by-agreement (Sabour et al. 2017)";
  let description = [{
    Routes prediction vectors u_hat [N, in_caps, out_caps, dim] to output capsules v [N, out_caps, dim]:
    b = 0; `iterations` times: c = softmax of b over the output capsules, s_j = sum_i c_ij u_hat_j|i,
    v_j = squash(s_j), and (but after the last) b_ij += u_hat_j|i . v_j.

    Example:

    ```mlir
    %v = caps.dynamic_routing %uh {iterations = 3 : i64, variant = "sabour", epsilon = 1.0e-07 : f32} : tensor<1x1024x10x6xf32> -> tensor<1x10x6xf32>
    ```
  }];
  let arguments = !con((ins Caps_Tensor:$input, I64Attr:$iterations), SquashArgs);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def Caps_SelfAttentionRoutingOp : Caps_Op<"self_attention_routing"> {
  let summary = "self-attention routing (Efficient-CapsNet, Mazzia et al. 2021)";
  let description = [{
    Non-iterative routing of u_hat [N, in_caps, out_caps, dim] with learned log priors [in_caps, out_caps]:
    a_ij = u_hat_j|i . (sum_k u_hat_j|k) / sqrt(dim), c_ij = softmax_j(a_ij) + log_prior_ij,
    s_j = sum_i c_ij u_hat_j|i, v_j = squash(s_j) (default variant `efficient`).

    Example:

    ```mlir
    %v = caps.self_attention_routing %uh, %b {variant = "efficient", epsilon = 1.0e-07 : f32} : (tensor<1x16x10x16xf32>, tensor<16x10xf32>) -> tensor<1x10x16xf32>
    ```
  }];
  let arguments = (ins Caps_Tensor:$input, Caps_Tensor:$log_prior,
                       DefaultValuedStrAttr<StrAttr, "efficient">:$variant,
                       DefaultValuedAttr<F32Attr, "1.0e-7">:$epsilon);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = "$input `,` $log_prior attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Caps_LengthOp : Caps_Op<"length"> {
  let summary = "capsule lengths";
  let description = [{
    The Euclidean norm of every capsule along the last dim: [..., dim] -> [...]. The class scores of a
    capsule network.

    Example:

    ```mlir
    %scores = caps.length %v : tensor<1x10x6xf32> -> tensor<1x10xf32>
    ```
  }];
  let arguments = (ins Caps_Tensor:$input);
  let results = (outs Caps_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

#endif // CAPSC_DIALECT_CAPS_CAPSOPS_TD
