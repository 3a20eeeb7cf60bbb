/**
 * @file caps_self_attention_routing_s8.c
 * @brief caps_self_attention_routing_s8 - Efficient-CapsNet's self-attention routing (Mazzia et al. 2021), int8.
 *
 * u_hat [n, in_caps, out_caps, out_dim] (symmetric, S_u), log_prior [in_caps, out_caps] (int32, scale
 * 2^-prior_frac_bits) -> v [n, out_caps, out_dim] (symmetric, S_out). Same math as
 * caps_self_attention_routing_f32; per batch element, with cf = coupling_frac_bits[0] = prior_frac_bits:
 *   S_j = sum_k u_hat_j|k                   exact int32 (|S| <= 128 in_caps < 2^31)
 *   for each input capsule i in order:
 *     a_j = u_hat_j|i . S_j                 exact int64 (logit a_j S_u^2 / sqrt(out_dim))
 *     c   = caps_ref_couplings_s8(a)        softmax in 2^-cf
 *     c_j = clamp(c_j + log_prior[i, j], -coupling_max, coupling_max)
 *     s_j += c_j u_hat_j|i                  int32 (|s| <= in_caps coupling_max 128 <= INT32_MAX)
 *   v_j = squash(s_j): one gain per capsule (scale S_u 2^-cf), out = clamp(round(s g), -128, 127).
 * Integer arithmetic only.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_capsule.h"

/**
 * int8 self-attention routing; see capsrt.h.
 * @param params    shapes and formats from caps_self_attention_routing_s8_prepare (iterations unused)
 * @param u_hat     [n, in_caps, out_caps, out_dim]
 * @param log_prior [in_caps, out_caps] from caps_self_attention_routing_s8_quantize_prior (any int32)
 * @param scratch   caps_routing_s8_get_buffer_size(params) bytes, 8-byte aligned
 * @param output    [n, out_caps, out_dim]
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers, misaligned scratch or invalid params (nothing is written)
 */
caps_status_t caps_self_attention_routing_s8(const caps_routing_s8_params_t *params,
                                             const int8_t *u_hat,
                                             const int32_t *log_prior,
                                             void *scratch,
                                             int8_t *output) {
    if (params == NULL || u_hat == NULL || log_prior == NULL || scratch == NULL || output == NULL ||
        ((uintptr_t)scratch & 7u) != 0)
        return CAPS_ERR_ARG;
    caps_ref_squash_s8_t k;
    if (caps_ref_check_routing_s8(params, 1, &k) != CAPS_OK)
        return CAPS_ERR_ARG;
    const int32_t in_caps = params->in_caps, out_caps = params->out_caps, dim = params->out_dim;
    const int32_t caps = out_caps * dim, per_batch = in_caps * caps;
    const int32_t cf = params->coupling_frac_bits[0], c_max = params->coupling_max;
    const caps_ref_pf_t logit = caps_ref_pf_make(params->logit_multiplier, params->logit_shift);
    int64_t *logits = (int64_t *)scratch;          /* [out_caps] */
    int32_t *acc = (int32_t *)(logits + out_caps); /* s: [out_caps, dim] */
    int32_t *sums = acc + caps;                    /* S: [out_caps, dim] */
    int32_t *couplings = sums + caps;              /* [out_caps] */
    for (int32_t b = 0; b < params->n; ++b) {
        const int8_t *uh = u_hat + b * per_batch;
        int8_t *v = output + b * caps;
        for (int32_t q = 0; q < caps; ++q) {
            sums[q] = 0;
            acc[q] = 0;
        }
        for (int32_t i = 0; i < in_caps; ++i)
            for (int32_t q = 0; q < caps; ++q)
                sums[q] += uh[i * caps + q];
        for (int32_t i = 0; i < in_caps; ++i) {
            const int8_t *ui = uh + i * caps;
            for (int32_t j = 0; j < out_caps; ++j) {
                int64_t a = 0;
                for (int32_t d = 0; d < dim; ++d)
                    a += (int64_t)ui[j * dim + d] * sums[j * dim + d];
                logits[j] = a;
            }
            caps_ref_couplings_s8(logits, out_caps, logit, cf, couplings);
            for (int32_t j = 0; j < out_caps; ++j) {
                const int64_t c = (int64_t)couplings[j] + log_prior[i * out_caps + j];
                const int32_t cq = (int32_t)(c < -c_max ? -c_max : c > c_max ? c_max : c);
                for (int32_t d = 0; d < dim; ++d)
                    acc[j * dim + d] += cq * (int32_t)ui[j * dim + d];
            }
        }
        for (int32_t j = 0; j < out_caps; ++j) {
            const int32_t *s = acc + j * dim;
            const caps_ref_pf_t g = caps_ref_squash_gain_s32(&k, s, dim, -cf);
            for (int32_t d = 0; d < dim; ++d)
                v[j * dim + d] = (int8_t)caps_ref_clamp(caps_ref_pf_apply(s[d], g), -128, 127);
        }
    }
    return CAPS_OK;
}
