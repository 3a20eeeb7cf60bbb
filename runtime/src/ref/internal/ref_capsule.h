/**
 * @file ref_capsule.h
 * @brief Private helpers shared by the capsule kernels: one capsule's squash and the routing-parameter
 *        check, so caps_squash_f32 and both routing kernels squash with the same arithmetic; the f32 routing
 *        bodies with optional calibration statistics; the integer helpers of the int8 kernels (ref_capsule.c).
 */
#ifndef CAPSRT_REF_INTERNAL_REF_CAPSULE_H
#define CAPSRT_REF_INTERNAL_REF_CAPSULE_H

#include <math.h>

#include "ref_fixedpoint.h"
#include "ref_util.h"

/**
 * Squashes one capsule of dim floats from in to out (may be equal). Sum of squares accumulated in float
 * in increasing index order, then one scale per capsule:
 *   sabour:    n2 / (1 + n2) / sqrtf(n2 + eps)
 *   efficient: (1 - expf(-n)) / (n + eps), n = sqrtf(n2)
 */
static inline void caps_ref_squash_one(const float *in, float *out, int32_t dim, int32_t variant, float eps) {
    float n2 = 0.0f;
    for (int32_t d = 0; d < dim; ++d)
        n2 += in[d] * in[d];
    float scale;
    if (variant == CAPS_SQUASH_EFFICIENT) {
        const float n = sqrtf(n2);
        scale = (1.0f - expf(-n)) / (n + eps);
    } else {
        scale = n2 / (1.0f + n2) / sqrtf(n2 + eps);
    }
    for (int32_t d = 0; d < dim; ++d)
        out[d] = in[d] * scale;
}

/**
 * Couplings of one input capsule in both routing kernels: c[j] = softmax over j < out_caps of
 * scale * (ui[j] . sums[j]) (capsules of dim floats). Dot products in float in increasing index, the
 * maximum subtracted, expf, the sum in increasing j, then one division per coupling.
 * max_abs_logit (calibration statistics, may be NULL) becomes max(*max_abs_logit, |scale * (ui[j] . sums[j])|);
 * recording it does not change the couplings.
 */
static inline void caps_ref_couplings(const float *ui,
                                      const float *sums,
                                      int32_t out_caps,
                                      int32_t dim,
                                      float scale,
                                      float *c,
                                      float *max_abs_logit) {
    float max = -INFINITY;
    for (int32_t j = 0; j < out_caps; ++j) {
        float a = 0.0f;
        for (int32_t d = 0; d < dim; ++d)
            a += ui[j * dim + d] * sums[j * dim + d];
        c[j] = a * scale;
        if (c[j] > max)
            max = c[j];
        if (max_abs_logit != NULL && fabsf(c[j]) > *max_abs_logit)
            *max_abs_logit = fabsf(c[j]);
    }
    float total = 0.0f;
    for (int32_t j = 0; j < out_caps; ++j) {
        c[j] = expf(c[j] - max);
        total += c[j];
    }
    for (int32_t j = 0; j < out_caps; ++j)
        c[j] = c[j] / total;
}

/** CAPS_OK for a valid squash variant and an epsilon that keeps the scale finite for zero capsules. */
static inline caps_status_t caps_ref_check_squash(int32_t variant, float eps) {
    if (variant != CAPS_SQUASH_SABOUR && variant != CAPS_SQUASH_EFFICIENT)
        return CAPS_ERR_ARG;
    if (!(eps > 0.0f) || isinf(eps))
        return CAPS_ERR_ARG;
    return CAPS_OK;
}

/** CAPS_OK when the routing parameters are positive and u_hat fits int32 indexing. */
static inline caps_status_t caps_ref_check_routing(const caps_routing_params_t *p) {
    if (p == NULL || caps_ref_check_squash(p->squash_variant, p->epsilon) != CAPS_OK)
        return CAPS_ERR_ARG;
    if (caps_ref_mul(caps_ref_mul(caps_ref_mul(p->n, p->in_caps), p->out_caps), p->out_dim) < 0)
        return CAPS_ERR_ARG;
    return CAPS_OK;
}

/**
 * Body of caps_dynamic_routing_f32 and caps_dynamic_routing_stats_f32 (caps_dynamic_routing_f32.c). With
 * non-NULL max_abs_logit / max_coupling ([iterations] each) it also records, per iteration, the running maximum
 * of |b_ij| and of c_ij; the output does not depend on them.
 */
caps_status_t caps_ref_dynamic_routing_f32(const caps_routing_params_t *params,
                                           const float *u_hat,
                                           float *scratch,
                                           float *output,
                                           float *max_abs_logit,
                                           float *max_coupling);

/**
 * Body of caps_self_attention_routing_f32 and caps_self_attention_routing_stats_f32
 * (caps_self_attention_routing_f32.c); the statistics (single floats, may be NULL) are the running maxima of
 * |a_ij| and |c_ij| (c = softmax + log_prior).
 */
caps_status_t caps_ref_self_attention_routing_f32(const caps_routing_params_t *params,
                                                  const float *u_hat,
                                                  const float *log_prior,
                                                  float *scratch,
                                                  float *output,
                                                  float *max_abs_logit,
                                                  float *max_coupling);

/* ---------------------------------------------------------------- int8 kernels (ref_capsule.c) */

/** The squash of the int8 kernels: variant and the constants of caps_squash_s8_params_t as pseudo-floats,
 *  for a base input scale S. */
typedef struct {
    int32_t variant;
    caps_ref_pf_t inv_scale_sq; /* 1 / S^2 */
    caps_ref_pf_t eps_sq;       /* epsilon / S^2 */
    caps_ref_pf_t eps_lin;      /* epsilon / S */
    caps_ref_pf_t scale;        /* S */
    caps_ref_pf_t output;       /* output multiplier: 1 / S_out, or 2^F for a Q.F result */
} caps_ref_squash_s8_t;

/** Fills k from a variant and five (multiplier, shift) pairs in the order of caps_squash_s8_params_t;
 *  CAPS_ERR_ARG when the variant or a pair is invalid (caps_ref_pf_ok). */
caps_status_t
caps_ref_squash_s8_init(caps_ref_squash_s8_t *k, int32_t variant, const int32_t multiplier[5], const int32_t shift[5]);

/** Every check of caps_squash_s8 (all variants): non-NULL tensors, count * dim within int32, a valid variant
 *  and constants; on CAPS_OK fills k (base scale S = the input scale). */
caps_status_t caps_ref_check_squash_s8(const caps_squash_s8_params_t *params,
                                       const int8_t *input,
                                       const int8_t *output,
                                       caps_ref_squash_s8_t *k);

/** Every check of caps_length_s8 (all variants): non-NULL tensors, count * dim within int32, a valid ratio
 *  pair and an output zero point in [-128, 127]. */
caps_status_t caps_ref_check_length_s8(const caps_length_s8_params_t *params, const int8_t *input, const int8_t *output);

/** The int8 length of a capsule from n2, the exact sum of its squared elements (all variants share it):
 *  clamp(round(sqrt(n2) * S_in / S_out) + output_zero_point, -128, 127), see ref/Capsule/caps_length_s8.c. */
int8_t caps_ref_length_from_n2(const caps_length_s8_params_t *params, uint64_t n2);

/**
 * Gain g of a capsule with squared norm n2 (sum of squares of its integers) whose real values are
 * integer * S * 2^scale_exp: the squashed output element is round(integer * g) (caps_ref_pf_apply).
 *   Sabour:    g = n2 / ((n2 + K) sqrt(n2 + E)) * output, K = 2^(-2 scale_exp) / S^2, E = 2^(-2 scale_exp) eps / S^2
 *              (one caps_ref_pf_recip of the product of the two denominators);
 *   efficient: g = (1 - exp(-n)) / (sqrt(n2) + 2^-scale_exp eps / S) * output, n = S 2^scale_exp sqrt(n2) in
 *              Q5.26 (saturated at 32) through caps_ref_exp_on_negative_values, sqrt(n2) by caps_ref_pf_sqrt_u64.
 * Zero for n2 == 0.
 */
caps_ref_pf_t caps_ref_squash_gain(const caps_ref_squash_s8_t *k, uint64_t n2, int32_t scale_exp);

/**
 * Gain of a capsule of dim int32 values x (real value x * S * 2^scale_exp), for round(x[d] * g): when the
 * values exceed L = min(31, (63 - ceil(log2 dim)) / 2) bits they are first rounded to L bits (x / 2^r, ties away
 * from zero) for the squared norm, which then fits 64 bits; the gain applies to the unshifted x.
 */
caps_ref_pf_t caps_ref_squash_gain_s32(const caps_ref_squash_s8_t *k, const int32_t *x, int32_t dim, int32_t scale_exp);

/**
 * Couplings of one input capsule (both int8 routing kernels): from the exact logits l[j] (|l| < 2^62),
 *   a_j = round((l_j - max l) * logit) saturated to int32 (Q5.26 exp argument), e_j = exp(a_j) (Q0.31),
 *   c[j] = round(e_j * 2^frac_bits / sum_j e_j) (one caps_ref_pf_recip of the sum), in [0, 2^frac_bits].
 */
void caps_ref_couplings_s8(const int64_t *logits, int32_t out_caps, caps_ref_pf_t logit, int32_t frac_bits, int32_t *c);

/**
 * Byte offset in the int8 routing scratch (caps_routing_s8_get_buffer_size.c) of the accumulator set of core
 * `core` in 1 .. p->cores - 1 of a cluster routing in parallel; with core = p->cores, the size of the whole
 * scratch. The sizes must be valid (the product out_caps * out_dim within int32).
 */
static inline int64_t caps_ref_routing_set_offset(const caps_routing_s8_params_t *p, int32_t core) {
    const int64_t caps = (int64_t)p->out_caps * p->out_dim;
    const int64_t base = 8 * (int64_t)p->out_caps + 4 * (2 * caps + p->out_caps);
    const int64_t set = 8 * (int64_t)p->out_caps + 4 * (caps + p->out_caps);
    return (base + 7) / 8 * 8 + (core - 1) * ((set + 7) / 8 * 8);
}

/**
 * Validation shared by the int8 routing kernels (self_attention selects the second). CAPS_ERR_ARG for bad
 * shapes, variant, constants, coupling format, cores outside 0 .. CAPS_MAX_CORES or (dynamic) iterations < 1 or a v_frac_bits breaking the logit
 * bound, (self-attention) prior_frac_bits != coupling_frac_bits[0]; CAPS_ERR_UNSUPPORTED for iterations >
 * CAPS_MAX_DIMS (dynamic). On CAPS_OK fills k with the squash of the base scale S_u.
 */
caps_status_t caps_ref_check_routing_s8(const caps_routing_s8_params_t *p, int self_attention, caps_ref_squash_s8_t *k);

#endif /* CAPSRT_REF_INTERNAL_REF_CAPSULE_H */
