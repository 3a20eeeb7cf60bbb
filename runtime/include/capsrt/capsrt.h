/* capsrt — the capsc runtime kernel library (C99).
 *
 * Every kernel is `caps_status_t caps_<op>[_<variant>]_<f32|s8>(const caps_<family>_params_t *params,
 * const T *input..., T *output...)`: parameters first, read-only tensors next, written tensors last.
 * Tensors are dense, row-major; float kernels use NCHW where a layout matters. Optional tensors (bias)
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

/** NCHW convolution (see caps_conv2d_params_t). bias may be NULL. */
caps_status_t caps_conv2d_f32(const caps_conv2d_params_t *params,
                              const float *input,
                              const float *weights,
                              const float *bias,
                              float *output);

/** NCHW max pooling; padded positions never win. */
caps_status_t caps_max_pool2d_f32(const caps_pool2d_params_t *params, const float *input, float *output);

/** NCHW average pooling; divides by the window size clipped to the input, or the full window when
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

#ifdef __cplusplus
}
#endif

#endif /* CAPSRT_CAPSRT_H */
