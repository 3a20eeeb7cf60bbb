/**
 * @file caps_dynamic_routing_s8.c
 * @brief caps_dynamic_routing_s8 for the Arm DSP extension. Bit-exact with ref/Capsule/caps_dynamic_routing_s8.c:
 *        the same iterations, exact int32 logits and accumulators, the same couplings and squash gains; what
 *        differs is how they are computed. The logits are int32 (the parameter check bounds them by 2^30), the
 *        fixed-point exp, reciprocal, square root and rounding products are the inline ones of arm_capsule.h,
 *        and each pass over the input capsules (logits, couplings, s_j += c_j u_hat_j|i) is compiled once per
 *        common capsule dimension (4, 6, 8, 16) so that its loops over the dimension unroll.
 */
#include "capsrt/capsrt.h"

#include "../internal/arm_capsule.h"

/** Everything the passes over the input capsules share. */
typedef struct {
    int32_t in_caps, out_caps, c_max, cf;
    caps_arm_gain_t logit;
    int32_t *logits, *acc, *sums, *couplings;
} pass_t;

/**
 * One pass over the input capsules of iteration it > 0 (logits from V, couplings, s += c u_hat) or it == 0
 * (the couplings given). Inlined per capsule dimension so that the loops over d unroll for the common ones.
 */
static inline __attribute__((always_inline)) void
route_pass(const pass_t *p, const int8_t *uh, const int32_t dim, int with_logits) {
    /* locals: the stores into int32 arrays could otherwise alias the fields of *p */
    const int32_t in_caps = p->in_caps, out_caps = p->out_caps, caps = out_caps * dim, c_max = p->c_max, cf = p->cf;
    const caps_arm_gain_t logit = p->logit;
    int32_t *const logits = p->logits, *const acc = p->acc, *const couplings = p->couplings;
    const int32_t *const sums = p->sums;
    for (int32_t i = 0; i < in_caps; ++i, uh += caps) {
        if (with_logits) {
            const int8_t *u = uh;
            const int32_t *s = sums;
            for (int32_t j = 0; j < out_caps; ++j, u += dim, s += dim) {
                int32_t l = 0;
#pragma GCC unroll 16
                for (int32_t d = 0; d < dim; ++d)
                    l += (int32_t)u[d] * s[d];
                logits[j] = l;
            }
            caps_arm_couplings_s8_i32(logits, out_caps, logit, cf, couplings);
            for (int32_t j = 0; j < out_caps; ++j)
                couplings[j] = caps_ref_clamp(couplings[j], 0, c_max);
        }
        const int8_t *u = uh;
        int32_t *a = acc;
        for (int32_t j = 0; j < out_caps; ++j, u += dim, a += dim) {
            const int32_t c = couplings[j];
#pragma GCC unroll 16
            for (int32_t d = 0; d < dim; ++d)
                a[d] += c * (int32_t)u[d];
        }
    }
}

static void route_pass_any(const pass_t *p, const int8_t *uh, int32_t dim, int with_logits) {
    switch (dim) {
    case 4:
        route_pass(p, uh, 4, with_logits);
        break;
    case 6:
        route_pass(p, uh, 6, with_logits);
        break;
    case 8:
        route_pass(p, uh, 8, with_logits);
        break;
    case 16:
        route_pass(p, uh, 16, with_logits);
        break;
    default:
        route_pass(p, uh, dim, with_logits);
        break;
    }
}

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
    const int32_t frac = params->v_frac_bits, v_max = (int32_t)1 << frac, c_max = params->coupling_max;
    const caps_arm_gain_t logit = caps_arm_gain_make(caps_ref_pf_make(params->logit_multiplier, params->logit_shift));
    /* the reference layout of caps_routing_s8_get_buffer_size, the int64 logits slots holding int32 ones */
    int32_t *logits = (int32_t *)scratch;                 /* [out_caps] */
    int32_t *acc = (int32_t *)((int64_t *)scratch + out_caps); /* s: [out_caps, dim] */
    int32_t *sums = acc + caps;                           /* V: [out_caps, dim] */
    int32_t *couplings = sums + caps;                     /* [out_caps] */
    caps_ref_squash_s8_t k_mid = k;
    pass_t pass = {in_caps, out_caps, c_max, 0, logit, logits, acc, sums, couplings};
    k_mid.output = caps_ref_pf_pow2(frac);
    for (int32_t b = 0; b < params->n; ++b) {
        const int8_t *uh = u_hat + b * per_batch;
        int8_t *v = output + b * caps;
        for (int32_t q = 0; q < caps; ++q)
            sums[q] = 0;
        for (int32_t it = 0; it < params->iterations; ++it) {
            const int32_t cf = params->coupling_frac_bits[it];
            for (int32_t q = 0; q < caps; ++q)
                acc[q] = 0;
            if (it == 0) { /* all logits 0: the same couplings for every input capsule */
                for (int32_t j = 0; j < out_caps; ++j)
                    logits[j] = 0;
                caps_arm_couplings_s8_i32(logits, out_caps, logit, cf, couplings);
                for (int32_t j = 0; j < out_caps; ++j)
                    couplings[j] = caps_ref_clamp(couplings[j], 0, c_max);
            }
            pass.cf = cf;
            route_pass_any(&pass, uh, dim, it > 0);
            const int last = it + 1 == params->iterations;
            for (int32_t j = 0; j < out_caps; ++j) {
                const int32_t *s = acc + j * dim;
                const caps_arm_gain_t g = caps_arm_gain_make(caps_arm_squash_gain_s32(last ? &k : &k_mid, s, dim, -cf));
                for (int32_t d = 0; d < dim; ++d) {
                    const int32_t y = caps_arm_pf_apply32(s[d], g);
                    if (last)
                        v[j * dim + d] = caps_arm_ssat8(y);
                    else
                        sums[j * dim + d] += caps_ref_clamp(y, -v_max, v_max);
                }
            }
        }
    }
    return CAPS_OK;
}
