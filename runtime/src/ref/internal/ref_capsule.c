/**
 * @file ref_capsule.c
 * @brief Integer helpers shared by the int8 capsule kernels (see ref_capsule.h): the squash gain of one
 *        capsule, the fixed-point couplings of one input capsule and the routing-parameter check.
 *
 * Integer arithmetic only (no float, no libm): the same bits on every target.
 */
#include "ref_capsule.h"

caps_status_t
caps_ref_squash_s8_init(caps_ref_squash_s8_t *k, int32_t variant, const int32_t multiplier[5], const int32_t shift[5]) {
    if (variant != CAPS_SQUASH_SABOUR && variant != CAPS_SQUASH_EFFICIENT)
        return CAPS_ERR_ARG;
    for (int32_t i = 0; i < 5; ++i) {
        if (!caps_ref_pf_ok(multiplier[i], shift[i]))
            return CAPS_ERR_ARG;
    }
    k->variant = variant;
    k->inv_scale_sq = caps_ref_pf_make(multiplier[0], shift[0]);
    k->eps_sq = caps_ref_pf_make(multiplier[1], shift[1]);
    k->eps_lin = caps_ref_pf_make(multiplier[2], shift[2]);
    k->scale = caps_ref_pf_make(multiplier[3], shift[3]);
    k->output = caps_ref_pf_make(multiplier[4], shift[4]);
    return CAPS_OK;
}

caps_status_t caps_ref_check_squash_s8(const caps_squash_s8_params_t *params,
                                       const int8_t *input,
                                       const int8_t *output,
                                       caps_ref_squash_s8_t *k) {
    if (params == NULL || input == NULL || output == NULL || caps_ref_mul(params->count, params->dim) < 0)
        return CAPS_ERR_ARG;
    const caps_squash_s8_params_t *p = params;
    const int32_t multiplier[5] = {p->inv_scale_sq_multiplier, p->eps_sq_multiplier, p->eps_lin_multiplier,
                                   p->scale_multiplier, p->output_multiplier};
    const int32_t shift[5] = {p->inv_scale_sq_shift, p->eps_sq_shift, p->eps_lin_shift, p->scale_shift,
                              p->output_shift};
    return caps_ref_squash_s8_init(k, p->variant, multiplier, shift);
}

caps_status_t caps_ref_check_length_s8(const caps_length_s8_params_t *params, const int8_t *input, const int8_t *output) {
    if (params == NULL || input == NULL || output == NULL || caps_ref_mul(params->count, params->dim) < 0 ||
        !caps_ref_pf_ok(params->multiplier, params->shift) || params->output_zero_point < -128 ||
        params->output_zero_point > 127)
        return CAPS_ERR_ARG;
    return CAPS_OK;
}

int8_t caps_ref_length_from_n2(const caps_length_s8_params_t *params, uint64_t n2) {
    const caps_ref_pf_t root = caps_ref_pf_sqrt_u64(n2); /* m * 2^e, m the exact integer root */
    caps_ref_pf_t g = caps_ref_pf_make(params->multiplier, params->shift);
    g.e += root.e;
    const int32_t y = n2 == 0 ? 0 : caps_ref_pf_apply(root.m, g); /* round(m * ratio * 2^e) */
    return (int8_t)caps_ref_clamp(caps_ref_sat32((int64_t)y + params->output_zero_point), -128, 127);
}

caps_ref_pf_t caps_ref_squash_gain(const caps_ref_squash_s8_t *k, uint64_t n2, int32_t scale_exp) {
    if (n2 == 0)
        return caps_ref_pf_from_u64(0, 0);
    if (k->variant == CAPS_SQUASH_SABOUR) {
        /* v = s n2 / (1 + n2) / sqrt(n2 + eps) with s = S q, n2 = S^2 N2: out = q N2 / ((N2 + 1/S^2) sqrt(N2 +
         * eps/S^2)) / S_out, the factors S cancelling. */
        const caps_ref_pf_t n = caps_ref_pf_from_u64(n2, 0);
        const caps_ref_pf_t plus_one = caps_ref_pf_add(n, caps_ref_pf_scale_pow2(k->inv_scale_sq, -2 * scale_exp));
        const caps_ref_pf_t plus_eps = caps_ref_pf_add(n, caps_ref_pf_scale_pow2(k->eps_sq, -2 * scale_exp));
        const caps_ref_pf_t den = caps_ref_pf_mul(plus_one, caps_ref_pf_sqrt(plus_eps));
        return caps_ref_pf_mul(caps_ref_pf_mul(n, caps_ref_pf_recip(den)), k->output);
    }
    /* v = s (1 - exp(-n)) / (n + eps), n = S sqrt(N2): out = q (1 - exp(-n)) / (sqrt(N2) + eps/S) / S_out. */
    const caps_ref_pf_t root = caps_ref_pf_sqrt_u64(n2);
    const caps_ref_pf_t norm = caps_ref_pf_mul(root, caps_ref_pf_scale_pow2(k->scale, scale_exp));
    const int32_t n_q526 = caps_ref_pf_apply(1, caps_ref_pf_scale_pow2(norm, 26)); /* saturates at 32 */
    const int32_t e = caps_ref_exp_on_negative_values(-n_q526);                    /* exp(-n), Q0.31 */
    const caps_ref_pf_t one_minus_e = caps_ref_pf_from_u64(((uint64_t)1 << 31) - (uint64_t)e, -31); /* >= 2^-31 */
    const caps_ref_pf_t den = caps_ref_pf_add(root, caps_ref_pf_scale_pow2(k->eps_lin, -scale_exp));
    return caps_ref_pf_mul(caps_ref_pf_mul(one_minus_e, caps_ref_pf_recip(den)), k->output);
}

caps_ref_pf_t
caps_ref_squash_gain_s32(const caps_ref_squash_s8_t *k, const int32_t *x, int32_t dim, int32_t scale_exp) {
    uint32_t max_abs = 0;
    for (int32_t d = 0; d < dim; ++d) {
        const uint32_t a = x[d] < 0 ? 0u - (uint32_t)x[d] : (uint32_t)x[d];
        if (a > max_abs)
            max_abs = a;
    }
    if (max_abs == 0)
        return caps_ref_pf_from_u64(0, 0);
    const int32_t dim_bits = 32 - caps_ref_clz32((uint32_t)dim - 1u); /* ceil(log2(dim)), 0 for dim 1 */
    int32_t limit = (63 - dim_bits) / 2;
    if (limit > 31)
        limit = 31;
    const int32_t bits = 32 - caps_ref_clz32(max_abs);
    const int32_t r = bits > limit ? bits - limit : 0;
    uint64_t n2 = 0;
    for (int32_t d = 0; d < dim; ++d) {
        /* |x| / 2^r rounded half up, <= 2^limit */
        const uint64_t a = x[d] < 0 ? (uint64_t)(0u - (uint32_t)x[d]) : (uint64_t)x[d];
        const uint64_t q = r == 0 ? a : (a >> r) + ((a >> (r - 1)) & 1u);
        n2 += q * q; /* dim * 2^(2 limit) <= 2^63 */
    }
    return caps_ref_pf_scale_pow2(caps_ref_squash_gain(k, n2, scale_exp + r), -r);
}

void caps_ref_couplings_s8(const int64_t *logits,
                           int32_t out_caps,
                           caps_ref_pf_t logit,
                           int32_t frac_bits,
                           int32_t *c) {
    int64_t max = logits[0];
    for (int32_t j = 1; j < out_caps; ++j) {
        if (logits[j] > max)
            max = logits[j];
    }
    uint64_t sum = 0;
    for (int32_t j = 0; j < out_caps; ++j) {
        const int32_t a = caps_ref_pf_apply(logits[j] - max, logit); /* <= 0, Q5.26, saturated at -32 */
        c[j] = caps_ref_exp_on_negative_values(a);
        sum += (uint64_t)c[j]; /* the maximum contributes 2^31 - 1, so sum > 0 */
    }
    const caps_ref_pf_t inv = caps_ref_pf_scale_pow2(caps_ref_pf_recip(caps_ref_pf_from_u64(sum, 0)), frac_bits);
    for (int32_t j = 0; j < out_caps; ++j)
        c[j] = caps_ref_pf_apply(c[j], inv);
}

caps_status_t
caps_ref_check_routing_s8(const caps_routing_s8_params_t *p, int self_attention, caps_ref_squash_s8_t *k) {
    if (caps_ref_mul(caps_ref_mul(caps_ref_mul(p->n, p->in_caps), p->out_caps), p->out_dim) < 0 || p->cores < 0 ||
        p->cores > CAPS_MAX_CORES)
        return CAPS_ERR_ARG;
    const int32_t multiplier[5] = {p->inv_scale_sq_multiplier, p->eps_sq_multiplier, p->eps_lin_multiplier,
                                   p->scale_multiplier, p->output_multiplier};
    const int32_t shift[5] = {p->inv_scale_sq_shift, p->eps_sq_shift, p->eps_lin_shift, p->scale_shift,
                              p->output_shift};
    if (caps_ref_squash_s8_init(k, p->squash_variant, multiplier, shift) != CAPS_OK ||
        !caps_ref_pf_ok(p->logit_multiplier, p->logit_shift))
        return CAPS_ERR_ARG;
    /* s_j accumulates in_caps products |coupling| * |u_hat| <= coupling_max * 128 in int32 */
    if (p->coupling_max < 1 || (int64_t)p->in_caps * p->coupling_max * 128 > (int64_t)INT32_MAX)
        return CAPS_ERR_ARG;
    if (self_attention) {
        if (p->coupling_frac_bits[0] < 0 || p->coupling_frac_bits[0] > 30 ||
            p->prior_frac_bits != p->coupling_frac_bits[0])
            return CAPS_ERR_ARG;
        return CAPS_OK;
    }
    if (p->iterations < 1)
        return CAPS_ERR_ARG;
    if (p->iterations > CAPS_MAX_DIMS)
        return CAPS_ERR_UNSUPPORTED;
    for (int32_t it = 0; it < p->iterations; ++it) {
        if (p->coupling_frac_bits[it] < 0 || p->coupling_frac_bits[it] > 30)
            return CAPS_ERR_ARG;
    }
    /* |logit| = |u_hat . V| <= out_dim * 128 * (iterations - 1) * 2^v_frac_bits <= 2^30 */
    const int64_t terms = (int64_t)p->out_dim * 128 * (p->iterations > 1 ? p->iterations - 1 : 1);
    if (p->v_frac_bits < 0 || p->v_frac_bits > 24 || terms > (((int64_t)1 << 30) >> p->v_frac_bits))
        return CAPS_ERR_ARG;
    return CAPS_OK;
}
