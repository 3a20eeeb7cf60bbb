/* capsrt — the capsc runtime kernel library (C99).
 *
 * Every kernel is `caps_status_t caps_<op>[_<variant>]_<f32|s8>(const caps_<family>_params_t *params,
 * const T *input..., T *output...)`: parameters first, read-only tensors next, written tensors last.
 * Tensors are dense, row-major; image kernels use NCHW unless their params select NHWC (layout). Optional tensors (bias)
 * may be NULL where documented. Outputs never alias inputs unless a kernel says so.
 *
 * The ref/ implementations define the results; other variants (arm/, pulp/) must match them bit for
 * bit. Build the library with -ffp-contract=off so that no compiler fuses a multiply and an add that
 * ref/ keeps separate.
 */
#ifndef CAPSRT_CAPSRT_H
#define CAPSRT_CAPSRT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Largest tensor rank a kernel accepts. */
#define CAPS_MAX_DIMS 6

/** Most cluster cores a kernel's scratch is sized for (a PULP cluster: GAP-8 has 8). */
#define CAPS_MAX_CORES 8

/** Kernel result. Kernels validate their parameters and never read or write out of bounds. */
typedef enum {
    CAPS_OK = 0,
    CAPS_ERR_ARG = -1,         /**< inconsistent or out-of-range parameters, NULL tensor */
    CAPS_ERR_UNSUPPORTED = -2, /**< parameters the kernel does not implement */
} caps_status_t;

/** Alignment of generated weights and arenas (16 bytes: SIMD loads, cache lines of small cores). */
#if defined(__GNUC__) || defined(__clang__)
#define CAPS_ALIGNED __attribute__((aligned(16)))
#else
#define CAPS_ALIGNED
#endif

/** Padding modes of caps_pad_f32. */
enum { CAPS_PAD_CONSTANT = 0, CAPS_PAD_REFLECT = 1, CAPS_PAD_EDGE = 2 };

/** Image layouts of convolutions and pooling (the params' layout field, a bit mask): NCHW unless the input (with
 *  the convolution weights: OHWI instead of OIHW) or the output is NHWC. */
enum {
    CAPS_LAYOUT_NCHW = 0,
    CAPS_LAYOUT_NHWC_IN = 1,
    CAPS_LAYOUT_NHWC_OUT = 2,
    CAPS_LAYOUT_NHWC = 3 /* both */
};

/** Squash formulas (caps_squash_params_t, caps_routing_params_t). */
enum { CAPS_SQUASH_SABOUR = 0, CAPS_SQUASH_EFFICIENT = 1 };

#define CAPS_PARAMS_BEGIN(name) typedef struct caps_##name##_params {
#define CAPS_I32(field) int32_t field;
#define CAPS_F32(field) float field;
#define CAPS_I32_ARRAY(field) int32_t field[CAPS_MAX_DIMS];
#define CAPS_PARAMS_END(name)                                                                                          \
    }                                                                                                                  \
    caps_##name##_params_t;
#include "capsrt/params.def"
#undef CAPS_PARAMS_BEGIN
#undef CAPS_I32
#undef CAPS_F32
#undef CAPS_I32_ARRAY
#undef CAPS_PARAMS_END

/** Per-layer hooks around every kernel call of generated code. Define CAPS_PROFILE and provide
 *  caps_profile_begin / caps_profile_end to measure layers; without it they cost nothing. */
#ifdef CAPS_PROFILE
void caps_profile_begin(int32_t layer, const char *name);
void caps_profile_end(int32_t layer, const char *name);
#define CAPS_LAYER_BEGIN(layer, name) caps_profile_begin((layer), (name))
#define CAPS_LAYER_END(layer, name) caps_profile_end((layer), (name))
#else
#define CAPS_LAYER_BEGIN(layer, name) ((void)0)
#define CAPS_LAYER_END(layer, name) ((void)0)
#endif

/** Used by generated code after each kernel call: returns the kernel's status from the caller on error. */
#define CAPS_CHECK(status)                                                                                             \
    do {                                                                                                               \
        caps_status_t caps_status_ = (status);                                                                         \
        if (caps_status_ != CAPS_OK)                                                                                   \
            return (int32_t)caps_status_;                                                                              \
    } while (0)

/* ---------------------------------------------------------------- convolution, pooling */

/** NCHW or NHWC convolution (see caps_conv2d_params_t). bias may be NULL. */
caps_status_t caps_conv2d_f32(const caps_conv2d_params_t *params,
                              const float *input,
                              const float *weights,
                              const float *bias,
                              float *output);

/** NCHW or NHWC max pooling; padded positions never win. */
caps_status_t caps_max_pool2d_f32(const caps_pool2d_params_t *params, const float *input, float *output);

/** NCHW or NHWC average pooling; divides by the window size clipped to the input, or the full window when
 *  count_include_pad (pads count, out-of-pad positions beyond them do not). */
caps_status_t caps_avg_pool2d_f32(const caps_pool2d_params_t *params, const float *input, float *output);

/* ---------------------------------------------------------------- matrix products, normalization */

/** Y = alpha * op(A) * op(B) + beta * C (see caps_gemm_params_t). c may be NULL. */
caps_status_t caps_gemm_f32(const caps_gemm_params_t *params, const float *a, const float *b, const float *c, float *y);

/** Batched, broadcasting matrix product (see caps_matmul_params_t). */
caps_status_t caps_matmul_f32(const caps_matmul_params_t *params, const float *a, const float *b, float *y);

/** Inference batch normalization over [n, c, spatial]. */
caps_status_t caps_batch_norm_f32(const caps_batch_norm_params_t *params,
                                  const float *input,
                                  const float *scale,
                                  const float *bias,
                                  const float *mean,
                                  const float *var,
                                  float *output);

/* ---------------------------------------------------------------- elementwise (output may alias input) */

caps_status_t caps_relu_f32(const caps_unary_params_t *params, const float *input, float *output);
/** min(max(x, alpha), beta). */
caps_status_t caps_clip_f32(const caps_unary_params_t *params, const float *input, float *output);
/** x >= 0 ? x : alpha * x. */
caps_status_t caps_leaky_relu_f32(const caps_unary_params_t *params, const float *input, float *output);
caps_status_t caps_sigmoid_f32(const caps_unary_params_t *params, const float *input, float *output);
caps_status_t caps_tanh_f32(const caps_unary_params_t *params, const float *input, float *output);
caps_status_t caps_abs_f32(const caps_unary_params_t *params, const float *input, float *output);
caps_status_t caps_neg_f32(const caps_unary_params_t *params, const float *input, float *output);
caps_status_t caps_reciprocal_f32(const caps_unary_params_t *params, const float *input, float *output);
caps_status_t caps_sqrt_f32(const caps_unary_params_t *params, const float *input, float *output);
caps_status_t caps_exp_f32(const caps_unary_params_t *params, const float *input, float *output);
/** Plain copy of size elements (reshape into a distinct buffer, graph output from an input). */
caps_status_t caps_copy_f32(const caps_unary_params_t *params, const float *input, float *output);

/** Broadcasting binary ops (see caps_binary_params_t). The output may alias an input of the same shape. */
caps_status_t caps_add_f32(const caps_binary_params_t *params, const float *a, const float *b, float *output);
caps_status_t caps_sub_f32(const caps_binary_params_t *params, const float *a, const float *b, float *output);
caps_status_t caps_mul_f32(const caps_binary_params_t *params, const float *a, const float *b, float *output);
caps_status_t caps_div_f32(const caps_binary_params_t *params, const float *a, const float *b, float *output);
caps_status_t caps_pow_f32(const caps_binary_params_t *params, const float *a, const float *b, float *output);
/** Elementwise maximum / minimum; NaN propagates. */
caps_status_t caps_max_f32(const caps_binary_params_t *params, const float *a, const float *b, float *output);
caps_status_t caps_min_f32(const caps_binary_params_t *params, const float *a, const float *b, float *output);

/* ---------------------------------------------------------------- reductions, softmax */

caps_status_t caps_reduce_sum_f32(const caps_reduce_params_t *params, const float *input, float *output);
caps_status_t caps_reduce_mean_f32(const caps_reduce_params_t *params, const float *input, float *output);
caps_status_t caps_reduce_max_f32(const caps_reduce_params_t *params, const float *input, float *output);

/** Numerically stable softmax: exp(x - max) / sum over the axis. */
caps_status_t caps_softmax_f32(const caps_softmax_params_t *params, const float *input, float *output);

/* ---------------------------------------------------------------- data movement */

caps_status_t caps_transpose_f32(const caps_transpose_params_t *params, const float *input, float *output);
caps_status_t caps_concat_f32(const caps_concat_params_t *params, const float *input, float *output);
caps_status_t caps_slice_f32(const caps_slice_params_t *params, const float *input, float *output);
caps_status_t caps_pad_f32(const caps_pad_params_t *params, const float *input, float *output);
/** Constant padding with a run-time fill value (*fill replaces params->value). */
caps_status_t caps_pad_fill_f32(const caps_pad_params_t *params, const float *input, const float *fill, float *output);

/* ---------------------------------------------------------------- capsule networks */

/** Squashes each capsule (see caps_squash_params_t). The output may alias the input. A zero capsule
 *  squashes to zero (the epsilon keeps the division finite). */
caps_status_t caps_squash_f32(const caps_squash_params_t *params, const float *input, float *output);

/** Prediction vectors u_hat = W . u for every input/output capsule pair (see caps_predict_params_t). */
caps_status_t caps_predict_f32(const caps_predict_params_t *params, const float *u, const float *weights, float *u_hat);

/** Floats of scratch caps_dynamic_routing_f32 and caps_self_attention_routing_f32 need. */
int32_t caps_routing_get_buffer_size(const caps_routing_params_t *params);

/**
 * Dynamic routing-by-agreement (Sabour et al. 2017) with params->iterations >= 1:
 *   b = 0; repeat: c_i = softmax_j(b_ij); s_j = sum_i c_ij u_hat_j|i; v_j = squash(s_j); b_ij += u_hat_j|i . v_j.
 * Computed without storing b or c: after r iterations b_ij = u_hat_j|i . V_j with V_j = sum of the earlier
 * v_j, so each iteration is one pass over the input capsules (softmax over the output capsules, then
 * accumulate s). scratch holds caps_routing_get_buffer_size(params) floats.
 */
caps_status_t
caps_dynamic_routing_f32(const caps_routing_params_t *params, const float *u_hat, float *scratch, float *output);

/**
 * Self-attention routing of Efficient-CapsNet (Mazzia et al. 2021), non-iterative:
 *   a_ij = u_hat_j|i . (sum_k u_hat_j|k) / sqrt(out_dim); c_ij = softmax_j(a_ij) + log_prior[i, j];
 *   s_j = sum_i c_ij u_hat_j|i; v_j = squash(s_j).
 * log_prior is [in_caps, out_caps]. scratch holds caps_routing_get_buffer_size(params) floats.
 */
caps_status_t caps_self_attention_routing_f32(const caps_routing_params_t *params,
                                              const float *u_hat,
                                              const float *log_prior,
                                              float *scratch,
                                              float *output);

/** Capsule lengths (class scores): output[c] = sqrt(sum_d input[c, d]^2). */
caps_status_t caps_length_f32(const caps_length_params_t *params, const float *input, float *output);


/* ---------------------------------------------------------------- int8 (s8) kernels
 *
 * Quantization as stated in params.def. Kernels compute in integers only (no float, no libm), so every
 * target gets the same bits. Unless a kernel says otherwise, the output quantization may differ from the
 * input's only where the parameters carry a requantization. */

/**
 * Splits a positive real factor into a Q31 multiplier in [2^30, 2^31) and a power-of-two shift with
 * factor ~= multiplier * 2^(shift - 31) (TFLite's QuantizeMultiplier), shift in [-31, 31]. Factors below
 * 2^-32 give the smallest representable factor (2^30, -31); factors >= 2^31 - 1/2, <= 0 or NaN fail. Host-side: the compiler calls it, kernels do not.
 */
caps_status_t caps_quantize_multiplier(double factor, int32_t *multiplier, int32_t *shift);

/** f32 -> s8 and s8 -> f32 (see caps_quantize_params_t). */
caps_status_t caps_quantize_s8(const caps_quantize_params_t *params, const float *input, int8_t *output);
caps_status_t caps_dequantize_s8(const caps_quantize_params_t *params, const int8_t *input, float *output);

/** NCHW or NHWC int8 convolution (see caps_conv2d_s8_params_t); bias (int32, [out_c]) may be NULL; multiplier and
 *  shift are [out_c]; scratch holds caps_conv2d_s8_get_buffer_size(params) bytes, 4-byte aligned (column
 *  buffers of the DSP variants; every variant requires it, so that all behave alike). */
caps_status_t caps_conv2d_s8(const caps_conv2d_s8_params_t *params,
                             const int8_t *input,
                             const int8_t *weights,
                             const int32_t *bias,
                             const int32_t *multiplier,
                             const int32_t *shift,
                             void *scratch,
                             int8_t *output);

/** Bytes of scratch caps_conv2d_s8 needs (the most any variant uses): with k = in_c / groups * k_h * k_w, at least
 *  4 * round_up(k, 4) and round_up(2 * round_up(k, 4), 8) + 8 * out_c, for depthwise layers (in_c == out_c ==
 *  groups) at least ((out_h - 1) * stride_h + (k_h - 1) * dil_h + 1) * (the same for w); 0 for a NULL or
 *  degenerate params (which the kernel rejects), -1 beyond INT32_MAX. */
int32_t caps_conv2d_s8_get_buffer_size(const caps_conv2d_s8_params_t *params);

/** Fully connected (see caps_fc_s8_params_t); bias may be NULL; multiplier and shift are [n]. */
caps_status_t caps_fc_s8(const caps_fc_s8_params_t *params,
                         const int8_t *input,
                         const int8_t *weights,
                         const int32_t *bias,
                         const int32_t *multiplier,
                         const int32_t *shift,
                         int8_t *output);

/** Broadcasting int8 add / sub / mul (see caps_binary_s8_params_t). The output may alias an input of the
 *  same shape. */
caps_status_t caps_add_s8(const caps_binary_s8_params_t *params, const int8_t *a, const int8_t *b, int8_t *output);
caps_status_t caps_sub_s8(const caps_binary_s8_params_t *params, const int8_t *a, const int8_t *b, int8_t *output);
caps_status_t caps_mul_s8(const caps_binary_s8_params_t *params, const int8_t *a, const int8_t *b, int8_t *output);

/** Clamp (ReLU, clip) in the input's quantization; the output may alias the input. */
caps_status_t caps_clamp_s8(const caps_clamp_s8_params_t *params, const int8_t *input, int8_t *output);

/** Elementwise function by table: output[i] = table[input[i] + 128], table of 256 int8 values (sigmoid, tanh,
 *  leaky ReLU, exp, ... tabulated by the compiler from the f32 kernel). The output may alias the input. */
caps_status_t caps_lut_s8(const caps_lut_s8_params_t *params, const int8_t *input, const int8_t *table, int8_t *output);

/** NCHW or NHWC int8 max pooling and average pooling, same quantization in and out (caps_pool2d_params_t).
 *  The average divides the int32 window sum by the window size clipped to the input, rounding half away
 *  from zero; count_include_pad is not supported by the int8 kernel (CAPS_ERR_UNSUPPORTED). */
caps_status_t caps_max_pool2d_s8(const caps_pool2d_params_t *params, const int8_t *input, int8_t *output);
caps_status_t caps_avg_pool2d_s8(const caps_pool2d_params_t *params, const int8_t *input, int8_t *output);

/** Mean (rounded half away from zero) and maximum reductions, same quantization in and out
 *  (caps_reduce_params_t; global pooling). */
caps_status_t caps_reduce_mean_s8(const caps_reduce_params_t *params, const int8_t *input, int8_t *output);
caps_status_t caps_reduce_max_s8(const caps_reduce_params_t *params, const int8_t *input, int8_t *output);

/** Data movement of int8 tensors with the f32 kernels' parameters. caps_pad_s8 fills constant padding with
 *  the int8 value params->value (an integer in [-128, 127] stored as float: the compiler writes the
 *  quantized fill). caps_copy_s8 copies params->size bytes. */
caps_status_t caps_transpose_s8(const caps_transpose_params_t *params, const int8_t *input, int8_t *output);
caps_status_t caps_concat_s8(const caps_concat_params_t *params, const int8_t *input, int8_t *output);
caps_status_t caps_slice_s8(const caps_slice_params_t *params, const int8_t *input, int8_t *output);
caps_status_t caps_pad_s8(const caps_pad_params_t *params, const int8_t *input, int8_t *output);
caps_status_t caps_copy_s8(const caps_unary_params_t *params, const int8_t *input, int8_t *output);

/* CAPSULE_S8_DECLS: the capsule and softmax int8 kernels follow. */

/*
 * Conventions of the capsule / softmax int8 kernels (params.def, "CAPSULE_S8_PARAMS"):
 *  - u, u_hat, squash and routing inputs / outputs are symmetric int8 (zero point 0); the length output is
 *    affine. The compiler uses output scale 2^-7 for squash and routing outputs (|v| < 1).
 *  - The kernels compute in integers only. Per capsule they form one gain (31-bit mantissa and exponent,
 *    through one fixed-point reciprocal / reciprocal square root) and round each output element once,
 *    ties away from zero; they saturate instead of overflowing and never divide by zero (a zero capsule
 *    squashes to zero).
 *  - The *_prepare functions run on the host (compiler, evaluator): they may use double and libm, validate
 *    the real scales (CAPS_ERR_ARG for <= 0, NaN, inf) and fill the integer fields. Nothing is written on
 *    failure.
 *  - Kernels validate their parameters and pointers and write nothing when they fail.
 */

/**
 * Fills params->input_multiplier, input_left_shift and diff_min for caps_softmax_s8 (TFLite's
 * PreprocessSoftmaxScaling and CalculateInputRadius for beta = 1, 5 integer bits of exp argument). A product
 * input_scale * 2^26 below 1, which TFLite rejects, gives input_left_shift 0 and a multiplier below 2^30.
 * @param input_scale the input scale (> 0, finite); the input zero point does not matter
 * @return CAPS_OK, or CAPS_ERR_ARG for a NULL params or a bad scale
 */
caps_status_t caps_softmax_s8_prepare(double input_scale, caps_softmax_s8_params_t *params);

/**
 * int8 softmax over the middle dim of [outer, axis_size, inner], TFLite's reference int8 softmax bit for bit
 * (max, exp_on_negative_values of the rescaled difference in Q5.26 for differences >= diff_min, sum in
 * Q12.19, GetReciprocal, rounding shift): output scale 1/256, zero point -128, values in [-128, 127]. The sum
 * saturates (TFLite would overflow) beyond 4095 elements on the axis. The output may be the input buffer.
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors, invalid dims, input_multiplier < 0, input_left_shift
 *         outside [0, 31] or diff_min > 0
 */
caps_status_t caps_softmax_s8(const caps_softmax_s8_params_t *params, const int8_t *input, int8_t *output);

/**
 * Fills every field of caps_squash_s8_params_t except count and dim (set by the caller): variant and the
 * constants 1 / S^2, epsilon / S^2, epsilon / S, S and 1 / S_out (S = input_scale, S_out = output_scale).
 * @param variant CAPS_SQUASH_SABOUR or CAPS_SQUASH_EFFICIENT; epsilon > 0 and finite, as caps_squash_f32
 * @return CAPS_OK, CAPS_ERR_ARG for NULL params, a bad scale, variant or epsilon, CAPS_ERR_UNSUPPORTED when a
 *         constant is outside 2^[-331, 269] (absurd scales)
 */
caps_status_t caps_squash_s8_prepare(double input_scale,
                                     double output_scale,
                                     int32_t variant,
                                     float epsilon,
                                     caps_squash_s8_params_t *params);

/**
 * int8 squash of [count, dim] capsules, the function of caps_squash_f32: per capsule the squared norm
 * N2 = sum q^2 (exact, 64-bit), then one gain
 *   Sabour:    g = N2 / (N2 + 1/S^2) / sqrt(N2 + eps/S^2) / S_out
 *   efficient: g = (1 - exp(-S sqrt(N2))) / (sqrt(N2) + eps/S) / S_out    (exp: caps fixed-point exp, Q5.26)
 * in pseudo-float (one fixed-point reciprocal or reciprocal square root per capsule, exact integer square
 * root), and out = clamp(round(q * g), -128, 127). A zero capsule gives zeros. The output may alias the input.
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid parameters (nothing is written then)
 */
caps_status_t caps_squash_s8(const caps_squash_s8_params_t *params, const int8_t *input, int8_t *output);

/**
 * int8 prediction vectors, the layouts of caps_predict_f32: u [n, in_caps, in_dim], weights [in_caps,
 * out_caps, out_dim, in_dim] (symmetric, per output capsule j), u_hat [n, in_caps, out_caps, out_dim]:
 *   u_hat[b, i, j, o] = clamp(caps requantize(sum_k W[i, j, o, k] u[b, i, k], multiplier[j], shift[j]),
 *                             -128, 127)
 * with exact int32 sums (in_dim <= 131071) and TFLite's requantization (caps_quantize_multiplier of
 * u_scale * w_scale[j] / u_hat_scale; multiplier 0 selects the pow2 scheme's rounding shift).
 * @param multiplier [out_caps], 0 or in [2^30, 2^31); shift [out_caps] in [-31, 31]
 * @return CAPS_OK, CAPS_ERR_ARG for NULL pointers, sizes whose products exceed int32 or bad requantization
 *         pairs, CAPS_ERR_UNSUPPORTED for in_dim > 131071 (nothing is written then)
 */
caps_status_t caps_predict_s8(const caps_predict_params_t *params,
                              const int8_t *u,
                              const int8_t *weights,
                              const int32_t *multiplier,
                              const int32_t *shift,
                              int8_t *u_hat);

/** Bytes of scratch caps_dynamic_routing_s8 and caps_self_attention_routing_s8 need, independent of n and in_caps:
 *  B = 8 * out_caps + 4 * (2 * out_caps * out_dim + out_caps), and with params->cores = P > 1 (a cluster routing
 *  in parallel) P - 1 more accumulator sets, round_up(B, 8) + (P - 1) * round_up(8 * out_caps + 4 * (out_caps *
 *  out_dim + out_caps), 8); <= 0 when params is NULL, the sizes are not positive or overflow, or cores is outside
 *  0 .. CAPS_MAX_CORES. The scratch must be 8-byte aligned. */
int32_t caps_routing_s8_get_buffer_size(const caps_routing_s8_params_t *params);

/**
 * Host side: fills the integer fields of params for caps_dynamic_routing_s8. The caller sets n, in_caps,
 * out_caps, out_dim, iterations (1 .. CAPS_MAX_DIMS) and squash_variant.
 * @param u_hat_scale, output_scale the scales of u_hat and v (> 0, finite; the compiler uses 2^-7 for v)
 * @param epsilon       the squash epsilon (> 0, finite)
 * @param max_abs_logit [iterations] calibrated max |b_ij| per iteration (caps_dynamic_routing_stats_f32), or
 *                      NULL; values must be finite and >= 0. The logits are exact integers (see below), so it
 *                      does not change any format; it is validated and kept for the compiler's reports.
 * @param max_coupling  [iterations] calibrated max c_ij per iteration, or NULL: sets coupling_frac_bits[it] =
 *                      floor(log2(coupling_max / m)), m = clamp(2 max_coupling[it], 1/out_caps, 1) (1 for NULL);
 *                      the factor 2 is headroom for inputs beyond the calibration set (larger couplings saturate)
 * Formats chosen: coupling_max = min(32767, INT32_MAX / (128 in_caps)); v_frac_bits = the largest value <= 20
 * with 128 * out_dim * max(1, iterations - 1) * 2^v_frac_bits <= 2^30; logit = S_u 2^-v_frac_bits 2^26.
 * @return CAPS_OK; CAPS_ERR_ARG for NULL params, bad shape / variant / scales / epsilon / statistics or
 *         iterations < 1; CAPS_ERR_UNSUPPORTED for iterations > CAPS_MAX_DIMS, in_caps > 16777215,
 *         v_frac_bits < 1 (out_dim too large) or absurd scales
 */
caps_status_t caps_dynamic_routing_s8_prepare(caps_routing_s8_params_t *params,
                                              double u_hat_scale,
                                              double output_scale,
                                              float epsilon,
                                              const float *max_abs_logit,
                                              const float *max_coupling);

/**
 * int8 dynamic routing, the algorithm of caps_dynamic_routing_f32 (no b or c stored; per iteration one pass
 * over the input capsules). Per batch element, with V = 0 (int32, scale 2^-v_frac_bits):
 *   logits   l_j = u_hat_j|i . V_j, exact int32 (|l| <= 2^30 by the choice of v_frac_bits);
 *   softmax  a_j = (l_j - max l) * logit -> Q5.26 (saturating at -32), e_j = exp(a_j) in Q0.31, one
 *            reciprocal of sum e_j per input capsule, c_j = round(e_j 2^cf / sum e) clamped to [0, coupling_max]
 *            (cf = coupling_frac_bits[it]; the first iteration's couplings, all logits 0, are computed once);
 *   s_j     += c_j u_hat_j|i in int32 (cannot overflow: in_caps * coupling_max * 128 <= INT32_MAX);
 *   squash   of s_j (scale S_u 2^-cf, shifted into 2L bits of squared norm per capsule if needed), to
 *            2^-v_frac_bits for V += v (clamped to +-2^v_frac_bits), or to the int8 output in the last iteration.
 * @param u_hat  [n, in_caps, out_caps, out_dim]
 * @param scratch caps_routing_s8_get_buffer_size(params) bytes, 8-byte aligned; contents on entry do not matter
 * @param output [n, out_caps, out_dim] (written only in the last iteration)
 * @return CAPS_OK; CAPS_ERR_ARG for NULL pointers, misaligned scratch or invalid params;
 *         CAPS_ERR_UNSUPPORTED for iterations > CAPS_MAX_DIMS (nothing is written then)
 */
caps_status_t
caps_dynamic_routing_s8(const caps_routing_s8_params_t *params, const int8_t *u_hat, void *scratch, int8_t *output);

/**
 * caps_dynamic_routing_f32 (same code, bit-identical output) that also records calibration statistics:
 * max_abs_logit[it] = max(max_abs_logit[it], |b_ij|) and max_coupling[it] = max(max_coupling[it], c_ij) over
 * the batch, for it < params->iterations. The caller zeroes both arrays once and calls per sample / batch.
 * @return as caps_dynamic_routing_f32; CAPS_ERR_ARG also for NULL statistics (nothing is written then)
 */
caps_status_t caps_dynamic_routing_stats_f32(const caps_routing_params_t *params,
                                             const float *u_hat,
                                             float *scratch,
                                             float *output,
                                             float *max_abs_logit,
                                             float *max_coupling);

/**
 * Host side: fills the integer fields of params for caps_self_attention_routing_s8 (iterations is not used;
 * v_frac_bits is set to 0). As caps_dynamic_routing_s8_prepare with one statistic each:
 * @param max_abs_logit max |a_ij| (caps_self_attention_routing_stats_f32) or NULL; validated, no format depends
 *                      on it (exact int64 logits)
 * @param max_coupling  max |c_ij| with c = softmax + log_prior, or NULL: sets coupling_frac_bits[0] =
 *                      prior_frac_bits = floor(log2(coupling_max / m)) clamped to [0, 30], m = max(2 max_coupling,
 *                      2^-30) (headroom 2 as for dynamic routing), or m = 2 for NULL (a prior within [-1, 1])
 * The logit factor is S_u^2 / sqrt(out_dim) 2^26.
 */
caps_status_t caps_self_attention_routing_s8_prepare(caps_routing_s8_params_t *params,
                                                     double u_hat_scale,
                                                     double output_scale,
                                                     float epsilon,
                                                     const float *max_abs_logit,
                                                     const float *max_coupling);

/**
 * Host side: log_prior_q[i, j] = round(log_prior[i, j] * 2^prior_frac_bits) saturated to int32 (ties away
 * from zero), the format caps_self_attention_routing_s8 adds to its couplings (scale 2^-prior_frac_bits).
 * @param log_prior [in_caps, out_caps] finite floats; log_prior_q [in_caps, out_caps]
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers, non-positive sizes, prior_frac_bits outside [0, 30] or a
 *         non-finite prior (nothing is written then)
 */
caps_status_t caps_self_attention_routing_s8_quantize_prior(const caps_routing_s8_params_t *params,
                                                            const float *log_prior,
                                                            int32_t *log_prior_q);

/**
 * int8 self-attention routing, the math of caps_self_attention_routing_f32: per batch element
 * S_j = sum_k u_hat_j|k (exact int32), for each input capsule a_j = u_hat_j|i . S_j (exact int64),
 * softmax as caps_dynamic_routing_s8 (logit factor S_u^2 / sqrt(out_dim)), c_j = clamp(round(softmax_j
 * 2^cf) + log_prior[i, j], -coupling_max, coupling_max) with cf = coupling_frac_bits[0] (= prior_frac_bits),
 * s_j += c_j u_hat_j|i (int32), then v_j = squash(s_j) to the int8 output.
 * @param log_prior [in_caps, out_caps] int32 with scale 2^-prior_frac_bits (any values)
 * @param scratch   caps_routing_s8_get_buffer_size(params) bytes, 8-byte aligned
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers, misaligned scratch or invalid params (nothing is written)
 */
caps_status_t caps_self_attention_routing_s8(const caps_routing_s8_params_t *params,
                                             const int8_t *u_hat,
                                             const int32_t *log_prior,
                                             void *scratch,
                                             int8_t *output);

/**
 * caps_self_attention_routing_f32 (same code, bit-identical output) recording *max_abs_logit = max(.., |a_ij|)
 * and *max_coupling = max(.., |c_ij|) with c_ij = softmax_j(a_i) + log_prior[i, j] over the batch.
 * @return as caps_self_attention_routing_f32; CAPS_ERR_ARG also for NULL statistics
 */
caps_status_t caps_self_attention_routing_stats_f32(const caps_routing_params_t *params,
                                                    const float *u_hat,
                                                    const float *log_prior,
                                                    float *scratch,
                                                    float *output,
                                                    float *max_abs_logit,
                                                    float *max_coupling);

/**
 * Fills multiplier, shift (input_scale / output_scale) and output_zero_point of caps_length_s8_params_t
 * (count and dim are set by the caller).
 * @return CAPS_OK, CAPS_ERR_ARG for NULL params, bad scales or a zero point outside [-128, 127],
 *         CAPS_ERR_UNSUPPORTED for a ratio outside 2^[-331, 269]
 */
caps_status_t caps_length_s8_prepare(double input_scale,
                                     double output_scale,
                                     int32_t output_zero_point,
                                     caps_length_s8_params_t *params);

/**
 * int8 capsule lengths [count, dim] -> [count]: out = clamp(round(S_in / S_out * sqrt(N2)) + zero point,
 * -128, 127) with N2 = sum q^2 exact and sqrt(N2) the exact integer square root of N2 scaled to 61-62 bits
 * (then one rounding of the product with the ratio).
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid parameters (nothing is written then)
 */
caps_status_t caps_length_s8(const caps_length_s8_params_t *params, const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* CAPSRT_CAPSRT_H */
