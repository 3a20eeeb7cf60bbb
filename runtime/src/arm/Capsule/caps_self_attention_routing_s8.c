/**
 * @file caps_self_attention_routing_s8.c
 * @brief caps_self_attention_routing_s8 for the Arm DSP extension. Bit-exact with
 *        ref/Capsule/caps_self_attention_routing_s8.c: the same int64 logits, couplings, prior and squash, with
 *        the inline fixed-point arithmetic of arm_capsule.h.
 */
#include "capsrt/capsrt.h"

#include "../internal/arm_capsule.h"

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
    const caps_arm_gain_t logit = caps_arm_gain_make(caps_ref_pf_make(params->logit_multiplier, params->logit_shift));
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
            const int32_t *prior = log_prior + i * out_caps;
            for (int32_t j = 0; j < out_caps; ++j) {
                int64_t a = 0;
                for (int32_t d = 0; d < dim; ++d)
                    a += (int64_t)ui[j * dim + d] * sums[j * dim + d];
                logits[j] = a;
            }
            caps_arm_couplings_s8(logits, out_caps, logit, cf, couplings);
            for (int32_t j = 0; j < out_caps; ++j) {
                const int64_t c = (int64_t)couplings[j] + prior[j];
                const int32_t cq = (int32_t)(c < -c_max ? -c_max : c > c_max ? c_max : c);
                for (int32_t d = 0; d < dim; ++d)
                    acc[j * dim + d] += cq * (int32_t)ui[j * dim + d];
            }
        }
        for (int32_t j = 0; j < out_caps; ++j) {
            const int32_t *s = acc + j * dim;
            const caps_arm_gain_t g = caps_arm_gain_make(caps_arm_squash_gain_s32(&k, s, dim, -cf));
            for (int32_t d = 0; d < dim; ++d)
                v[j * dim + d] = caps_arm_ssat8(caps_arm_pf_apply32(s[d], g));
        }
    }
    return CAPS_OK;
}
