/**
 * @file arm_capsule.h
 * @brief The squash gain and the routing couplings of the arm/ capsule kernels, bit-identical to
 *        caps_ref_squash_gain, caps_ref_squash_gain_s32 and caps_ref_couplings_s8 (ref_capsule.c), built on the
 *        inline primitives of arm_fixedpoint.h.
 */
#ifndef CAPSRT_ARM_INTERNAL_ARM_CAPSULE_H
#define CAPSRT_ARM_INTERNAL_ARM_CAPSULE_H

#include "../../ref/internal/ref_capsule.h"
#include "arm_fixedpoint.h"

/** caps_ref_pf_sqrt_u64. */
static inline caps_ref_pf_t caps_arm_pf_sqrt_u64(uint64_t x) {
    caps_ref_pf_t r = {0, 0};
    if (x == 0)
        return r;
    const uint32_t hi = (uint32_t)(x >> 32);
    const int32_t bits = hi != 0 ? 64 - __builtin_clz(hi) : 32 - __builtin_clz((uint32_t)x);
    int32_t shift = 62 - bits;
    if (((uint32_t)shift & 1u) != 0)
        --shift;
    r.m = (int32_t)caps_arm_isqrt_norm(shift >= 0 ? x << shift : x >> -shift);
    r.e = -shift / 2;
    return r;
}

/** caps_ref_squash_gain. */
static inline caps_ref_pf_t caps_arm_squash_gain(const caps_ref_squash_s8_t *k, uint64_t n2, int32_t scale_exp) {
    if (n2 == 0) {
        const caps_ref_pf_t z = {0, 0};
        return z;
    }
    if (k->variant == CAPS_SQUASH_SABOUR) {
        const caps_ref_pf_t n = caps_arm_pf_from_u64(n2, 0);
        const caps_ref_pf_t plus_one = caps_ref_pf_add(n, caps_ref_pf_scale_pow2(k->inv_scale_sq, -2 * scale_exp));
        const caps_ref_pf_t plus_eps = caps_ref_pf_add(n, caps_ref_pf_scale_pow2(k->eps_sq, -2 * scale_exp));
        const caps_ref_pf_t den = caps_arm_pf_mul(plus_one, caps_arm_pf_sqrt(plus_eps));
        return caps_arm_pf_mul(caps_arm_pf_mul(n, caps_arm_pf_recip(den)), k->output);
    }
    const caps_ref_pf_t root = caps_arm_pf_sqrt_u64(n2);
    const caps_ref_pf_t norm = caps_arm_pf_mul(root, caps_ref_pf_scale_pow2(k->scale, scale_exp));
    const int32_t n_q526 = caps_arm_pf_apply32(1, caps_arm_gain_make(caps_ref_pf_scale_pow2(norm, 26)));
    const int32_t e = caps_arm_exp_on_negative_values(-n_q526);
    const caps_ref_pf_t one_minus_e = caps_arm_pf_from_u64(((uint64_t)1 << 31) - (uint64_t)e, -31);
    const caps_ref_pf_t den = caps_ref_pf_add(root, caps_ref_pf_scale_pow2(k->eps_lin, -scale_exp));
    return caps_arm_pf_mul(caps_arm_pf_mul(one_minus_e, caps_arm_pf_recip(den)), k->output);
}

/** caps_ref_squash_gain_s32. */
static inline caps_ref_pf_t
caps_arm_squash_gain_s32(const caps_ref_squash_s8_t *k, const int32_t *x, int32_t dim, int32_t scale_exp) {
    uint32_t max_abs = 0;
    for (int32_t d = 0; d < dim; ++d) {
        const uint32_t a = x[d] < 0 ? 0u - (uint32_t)x[d] : (uint32_t)x[d];
        max_abs = a > max_abs ? a : max_abs;
    }
    if (max_abs == 0) {
        const caps_ref_pf_t z = {0, 0};
        return z;
    }
    const int32_t dim_bits = dim > 1 ? 32 - __builtin_clz((uint32_t)dim - 1u) : 0;
    const int32_t limit = (63 - dim_bits) / 2 > 31 ? 31 : (63 - dim_bits) / 2;
    const int32_t bits = 32 - __builtin_clz(max_abs);
    const int32_t r = bits > limit ? bits - limit : 0;
    uint64_t n2 = 0;
    for (int32_t d = 0; d < dim; ++d) {
        const uint32_t a = x[d] < 0 ? 0u - (uint32_t)x[d] : (uint32_t)x[d];
        const uint32_t q = r == 0 ? a : (a >> r) + ((a >> (r - 1)) & 1u);
        n2 += (uint64_t)q * q;
    }
    return caps_ref_pf_scale_pow2(caps_arm_squash_gain(k, n2, scale_exp + r), -r);
}

/**
 * Second half of caps_ref_couplings_s8: c holds the exp arguments a_j (Q5.26, <= 0) on entry and the couplings
 * round(2^frac_bits e_j / sum e) on return.
 */
static inline void caps_arm_couplings_from_args(int32_t *c, int32_t out_caps, int32_t frac_bits) {
    uint64_t sum = 0;
    for (int32_t j = 0; j < out_caps; ++j) {
        c[j] = caps_arm_exp_on_negative_values(c[j]);
        sum += (uint32_t)c[j];
    }
    const caps_arm_gain_t inv = caps_arm_gain_make(
        caps_ref_pf_scale_pow2(caps_arm_pf_recip(caps_arm_pf_from_u64(sum, 0)), frac_bits));
    for (int32_t j = 0; j < out_caps; ++j)
        c[j] = caps_arm_pf_apply32(c[j], inv);
}

/** caps_ref_couplings_s8 for int32 logits whose differences fit int32 (|l| <= 2^30). */
static inline void
caps_arm_couplings_s8_i32(const int32_t *logits, int32_t out_caps, caps_arm_gain_t logit, int32_t frac_bits, int32_t *c) {
    int32_t max = logits[0];
    for (int32_t j = 1; j < out_caps; ++j)
        max = logits[j] > max ? logits[j] : max;
    for (int32_t j = 0; j < out_caps; ++j)
        c[j] = caps_arm_pf_apply32(logits[j] - max, logit);
    caps_arm_couplings_from_args(c, out_caps, frac_bits);
}

/** caps_ref_couplings_s8. */
static inline void
caps_arm_couplings_s8(const int64_t *logits, int32_t out_caps, caps_arm_gain_t logit, int32_t frac_bits, int32_t *c) {
    int64_t max = logits[0];
    for (int32_t j = 1; j < out_caps; ++j)
        max = logits[j] > max ? logits[j] : max;
    for (int32_t j = 0; j < out_caps; ++j) {
        const int64_t diff = logits[j] - max;
        c[j] = diff >= INT32_MIN ? caps_arm_pf_apply32((int32_t)diff, logit) : caps_ref_pf_apply(diff, logit.g);
    }
    caps_arm_couplings_from_args(c, out_caps, frac_bits);
}

#endif /* CAPSRT_ARM_INTERNAL_ARM_CAPSULE_H */
