/**
 * @file caps_dynamic_routing_s8.c
 * @brief caps_dynamic_routing_s8 - routing-by-agreement (Sabour et al. 2017), int8.
 *
 * u_hat [n, in_caps, out_caps, out_dim] (symmetric, scale S_u) -> v [n, out_caps, out_dim] (symmetric, S_out).
 * Same structure as caps_dynamic_routing_f32: neither b nor c is stored; after r iterations b_ij =
 * u_hat_j|i . V_j with V_j the sum of the earlier v_j. Per batch element, V = 0 (int32, scale 2^-F,
 * F = v_frac_bits), and per iteration it (cf = coupling_frac_bits[it]):
 *   s = 0 (int32, scale S_u 2^-cf);
 *   for each input capsule i in order:
 *     l_j = u_hat_j|i . V_j                 exact int32: |l| <= out_dim 128 (iterations - 1) 2^F <= 2^30
 *     c   = caps_ref_couplings_s8(l)        exp of base e in Q5.26 -> Q0.31, one reciprocal of the sum,
 *                                           c_j = round(2^cf e_j / sum e), clamped to [0, coupling_max]
 *     s_j += c_j u_hat_j|i                  int32: |s| <= in_caps coupling_max 128 <= INT32_MAX
 *   (iteration 0 has V = 0: its couplings, all logits 0, are computed once for every i, the same bits);
 *   per output capsule one gain g_j = caps_ref_squash_gain_s32(s_j) of the squash, then per element
 *     intermediate iteration: V_jd += clamp(round(s_jd g_j), -2^F, 2^F)       (v in Q.F)
 *     last iteration:         out_jd = clamp(round(s_jd g_j), -128, 127)     (v at S_out)
 * Integer arithmetic only.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_capsule.h"

/**
 * int8 dynamic routing; see capsrt.h.
 * @param params  shapes and formats from caps_dynamic_routing_s8_prepare
 * @param u_hat   [n, in_caps, out_caps, out_dim]
 * @param scratch caps_routing_s8_get_buffer_size(params) bytes, 8-byte aligned
 * @param output  [n, out_caps, out_dim]
 * @return CAPS_OK, CAPS_ERR_ARG for NULL pointers, misaligned scratch or invalid params,
 *         CAPS_ERR_UNSUPPORTED for iterations > CAPS_MAX_DIMS (nothing is written then)
 */
caps_status_t
caps_dynamic_routing_s8(const caps_routing_s8_params_t *params, const int8_t *u_hat, void *scratch, int8_t *output) {
    if (params == NULL || u_hat == NULL || scratch == NULL || output == NULL || ((uintptr_t)scratch & 7u) != 0)
        return CAPS_ERR_ARG;
    caps_ref_squash_s8_t k;
    const caps_status_t status = caps_ref_check_routing_s8(params, 0, &k);
    if (status != CAPS_OK)
        return status;
    const int32_t in_caps = params->in_caps, out_caps = params->out_caps, dim = params->out_dim;
    const int32_t caps = out_caps * dim, per_batch = in_caps * caps;
    const int32_t frac = params->v_frac_bits, v_max = (int32_t)1 << frac;
    const caps_ref_pf_t logit = caps_ref_pf_make(params->logit_multiplier, params->logit_shift);
    int64_t *logits = (int64_t *)scratch;          /* [out_caps] */
    int32_t *acc = (int32_t *)(logits + out_caps); /* s: [out_caps, dim] */
    int32_t *sums = acc + caps;                    /* V: [out_caps, dim] */
    int32_t *couplings = sums + caps;              /* [out_caps] */
    caps_ref_squash_s8_t k_mid = k;                /* intermediate v in Q.frac */
    k_mid.output = caps_ref_pf_pow2(frac);
    for (int32_t b = 0; b < params->n; ++b) {
        const int8_t *uh = u_hat + b * per_batch;
        int8_t *v = output + b * caps;
        for (int32_t q = 0; q < caps; ++q)
            sums[q] = 0;
        for (int32_t it = 0; it < params->iterations; ++it) {
            const int32_t cf = params->coupling_frac_bits[it];
            const int last = it + 1 == params->iterations;
            for (int32_t q = 0; q < caps; ++q)
                acc[q] = 0;
            for (int32_t i = 0; i < in_caps; ++i) {
                const int8_t *ui = uh + i * caps;
                if (it > 0 || i == 0) {
                    for (int32_t j = 0; j < out_caps; ++j) {
                        int32_t l = 0;
                        if (it > 0) {
                            for (int32_t d = 0; d < dim; ++d)
                                l += (int32_t)ui[j * dim + d] * sums[j * dim + d];
                        }
                        logits[j] = l;
                    }
                    caps_ref_couplings_s8(logits, out_caps, logit, cf, couplings);
                    for (int32_t j = 0; j < out_caps; ++j)
                        couplings[j] = caps_ref_clamp(couplings[j], 0, params->coupling_max);
                }
                for (int32_t j = 0; j < out_caps; ++j)
                    for (int32_t d = 0; d < dim; ++d)
                        acc[j * dim + d] += couplings[j] * (int32_t)ui[j * dim + d];
            }
            for (int32_t j = 0; j < out_caps; ++j) {
                const int32_t *s = acc + j * dim;
                if (last) {
                    const caps_ref_pf_t g = caps_ref_squash_gain_s32(&k, s, dim, -cf);
                    for (int32_t d = 0; d < dim; ++d)
                        v[j * dim + d] = (int8_t)caps_ref_clamp(caps_ref_pf_apply(s[d], g), -128, 127);
                } else {
                    const caps_ref_pf_t g = caps_ref_squash_gain_s32(&k_mid, s, dim, -cf);
                    for (int32_t d = 0; d < dim; ++d)
                        sums[j * dim + d] += caps_ref_clamp(caps_ref_pf_apply(s[d], g), -v_max, v_max);
                }
            }
        }
    }
    return CAPS_OK;
}
