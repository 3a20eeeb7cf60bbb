/**
 * @file caps_capsule_s8_prepare.c
 * @brief Host side of the int8 capsule kernels: caps_squash_s8_prepare, caps_dynamic_routing_s8_prepare,
 *        caps_self_attention_routing_s8_prepare, caps_self_attention_routing_s8_quantize_prior and
 *        caps_length_s8_prepare convert real scales and calibration statistics into the integer fields of the
 *        params structs.
 *
 * These run in the compiler and its evaluator (double, libm), never in a kernel, and are kept in their own
 * file so that no kernel object pulls libm in. A real constant X > 0 is stored as (multiplier, shift) with
 * X = q 2^e (frexp, q in [0.5, 1)), multiplier = round(q 2^31) (2^31 becomes 2^30 with e + 1), shift = e
 * (relative error <= 2^-31), required to lie in [CAPS_REF_PF_MIN_SHIFT, CAPS_REF_PF_MAX_SHIFT].
 */
#include "capsrt/capsrt.h"

#include <math.h>

#include "../internal/ref_capsule.h"

/** Whether a scale is usable: positive and finite (NaN fails). */
static int scale_ok(double scale) { return scale > 0.0 && !isinf(scale); }

/** Whether epsilon is usable by the squash: positive and finite. */
static int epsilon_ok(float eps) { return eps > 0.0f && !isinf(eps); }

/** X > 0 as (multiplier, shift); CAPS_ERR_UNSUPPORTED when the shift leaves the accepted range. */
static caps_status_t real_to_pair(double x, int32_t *multiplier, int32_t *shift) {
    if (!(x > 0.0) || isinf(x))
        return CAPS_ERR_UNSUPPORTED;
    int exponent = 0;
    const double q = frexp(x, &exponent);
    double fixed = round(q * 2147483648.0);
    if (fixed == 2147483648.0) {
        fixed = 1073741824.0;
        ++exponent;
    }
    if (exponent < CAPS_REF_PF_MIN_SHIFT || exponent > CAPS_REF_PF_MAX_SHIFT)
        return CAPS_ERR_UNSUPPORTED;
    *multiplier = (int32_t)fixed;
    *shift = (int32_t)exponent;
    return CAPS_OK;
}

/** floor(log2(x)) for x > 0 finite, exact (frexp). */
static int32_t floor_log2(double x) {
    int exponent = 0;
    (void)frexp(x, &exponent);
    return (int32_t)exponent - 1;
}

/**
 * The squash constants of base scale s (1 / s^2, eps / s^2, eps / s, s, 1 / output_scale) in the order of
 * caps_squash_s8_params_t.
 */
static caps_status_t
squash_constants(double s, double output_scale, float epsilon, int32_t multiplier[5], int32_t shift[5]) {
    const double eps = (double)epsilon;
    const double values[5] = {1.0 / (s * s), eps / (s * s), eps / s, s, 1.0 / output_scale};
    for (int32_t i = 0; i < 5; ++i) {
        const caps_status_t status = real_to_pair(values[i], multiplier + i, shift + i);
        if (status != CAPS_OK)
            return status;
    }
    return CAPS_OK;
}

/**
 * Fills variant and the five constant pairs of caps_squash_s8_params_t (not count, dim); see capsrt.h.
 * @return CAPS_OK, CAPS_ERR_ARG for NULL params or bad scales / variant / epsilon, CAPS_ERR_UNSUPPORTED for
 *         constants outside the shift range (nothing is written on failure)
 */
caps_status_t caps_squash_s8_prepare(double input_scale,
                                     double output_scale,
                                     int32_t variant,
                                     float epsilon,
                                     caps_squash_s8_params_t *params) {
    if (params == NULL || !scale_ok(input_scale) || !scale_ok(output_scale) || !epsilon_ok(epsilon) ||
        (variant != CAPS_SQUASH_SABOUR && variant != CAPS_SQUASH_EFFICIENT))
        return CAPS_ERR_ARG;
    int32_t m[5], s[5];
    const caps_status_t status = squash_constants(input_scale, output_scale, epsilon, m, s);
    if (status != CAPS_OK)
        return status;
    params->variant = variant;
    params->inv_scale_sq_multiplier = m[0];
    params->inv_scale_sq_shift = s[0];
    params->eps_sq_multiplier = m[1];
    params->eps_sq_shift = s[1];
    params->eps_lin_multiplier = m[2];
    params->eps_lin_shift = s[2];
    params->scale_multiplier = m[3];
    params->scale_shift = s[3];
    params->output_multiplier = m[4];
    params->output_shift = s[4];
    return CAPS_OK;
}

/** Whether a statistic array of count entries is NULL or holds finite values >= 0. */
static int stats_ok(const float *stats, int32_t count) {
    if (stats == NULL)
        return 1;
    for (int32_t i = 0; i < count; ++i) {
        if (!(stats[i] >= 0.0f) || isinf(stats[i]))
            return 0;
    }
    return 1;
}

/** Largest coupling integer whose int32 sums over in_caps products with an int8 cannot overflow. */
static int32_t coupling_max_of(int32_t in_caps) {
    const int64_t bound = (int64_t)INT32_MAX / ((int64_t)in_caps * 128);
    return (int32_t)(bound > 32767 ? 32767 : bound);
}

/** coupling_frac_bits for couplings up to max_c: floor(log2(coupling_max / max_c)) in [0, 30]. */
static int32_t coupling_frac_bits_of(int32_t coupling_max, double max_c) {
    const int32_t bits = floor_log2((double)coupling_max / max_c);
    return bits < 0 ? 0 : bits > 30 ? 30 : bits;
}

/**
 * The part shared by both routing prepares: validation of the caller's fields and scales, coupling_max and the
 * squash constants. Writes nothing (the results go to *out, a copy).
 */
static caps_status_t routing_common(const caps_routing_s8_params_t *params,
                                    double u_hat_scale,
                                    double output_scale,
                                    float epsilon,
                                    caps_routing_s8_params_t *out) {
    if (params == NULL || !scale_ok(u_hat_scale) || !scale_ok(output_scale) || !epsilon_ok(epsilon) ||
        (params->squash_variant != CAPS_SQUASH_SABOUR && params->squash_variant != CAPS_SQUASH_EFFICIENT) ||
        caps_ref_mul(caps_ref_mul(caps_ref_mul(params->n, params->in_caps), params->out_caps), params->out_dim) < 0)
        return CAPS_ERR_ARG;
    *out = *params;
    if ((int64_t)params->in_caps * 128 > (int64_t)INT32_MAX)
        return CAPS_ERR_UNSUPPORTED;
    out->coupling_max = coupling_max_of(params->in_caps);
    int32_t m[5], s[5];
    const caps_status_t status = squash_constants(u_hat_scale, output_scale, epsilon, m, s);
    if (status != CAPS_OK)
        return status;
    out->inv_scale_sq_multiplier = m[0];
    out->inv_scale_sq_shift = s[0];
    out->eps_sq_multiplier = m[1];
    out->eps_sq_shift = s[1];
    out->eps_lin_multiplier = m[2];
    out->eps_lin_shift = s[2];
    out->scale_multiplier = m[3];
    out->scale_shift = s[3];
    out->output_multiplier = m[4];
    out->output_shift = s[4];
    for (int32_t it = 0; it < CAPS_MAX_DIMS; ++it)
        out->coupling_frac_bits[it] = 0;
    out->prior_frac_bits = 0;
    out->v_frac_bits = 0;
    return CAPS_OK;
}

/**
 * Fills the formats of caps_dynamic_routing_s8 from the caller's shape fields; see capsrt.h.
 * @param max_abs_logit, max_coupling [iterations] calibration statistics or NULL
 * @return CAPS_OK, CAPS_ERR_ARG, or CAPS_ERR_UNSUPPORTED (iterations > CAPS_MAX_DIMS, in_caps >= 2^24, out_dim
 *         too large for one fractional bit of V, absurd scales); nothing is written on failure
 */
caps_status_t caps_dynamic_routing_s8_prepare(caps_routing_s8_params_t *params,
                                              double u_hat_scale,
                                              double output_scale,
                                              float epsilon,
                                              const float *max_abs_logit,
                                              const float *max_coupling) {
    if (params == NULL || params->iterations < 1)
        return CAPS_ERR_ARG;
    if (params->iterations > CAPS_MAX_DIMS)
        return CAPS_ERR_UNSUPPORTED;
    caps_routing_s8_params_t p;
    caps_status_t status = routing_common(params, u_hat_scale, output_scale, epsilon, &p);
    if (status != CAPS_OK)
        return status;
    if (!stats_ok(max_abs_logit, p.iterations) || !stats_ok(max_coupling, p.iterations))
        return CAPS_ERR_ARG;
    /* V sums at most iterations - 1 vectors of |v| < 1: the logit bound out_dim 128 (it - 1) 2^F <= 2^30.
     * Up to 20 bits: V's resolution times |u_hat| (up to 128 S_u) stays far below the exp argument's 2^-26 ..
     * logit scale that matters for the couplings. */
    const int64_t terms = (int64_t)p.out_dim * 128 * (p.iterations > 1 ? p.iterations - 1 : 1);
    int32_t frac = 20;
    while (frac > 0 && terms > (((int64_t)1 << 30) >> frac))
        --frac;
    if (frac < 1)
        return CAPS_ERR_UNSUPPORTED;
    p.v_frac_bits = frac;
    /* exp argument (Q5.26) per unit of u_hat . V: S_u 2^-F 2^26 */
    status = real_to_pair(u_hat_scale * ldexp(1.0, 26 - frac), &p.logit_multiplier, &p.logit_shift);
    if (status != CAPS_OK)
        return status;
    /* couplings lie in [1 / out_caps, 1]; a calibrated maximum below 1/2 buys fractional bits (with a headroom
     * of 2: couplings of other inputs may exceed the calibrated maximum; beyond it they saturate) */
    for (int32_t it = 0; it < p.iterations; ++it) {
        double max_c = max_coupling != NULL ? 2.0 * (double)max_coupling[it] : 1.0;
        if (max_c > 1.0)
            max_c = 1.0;
        if (max_c < 1.0 / (double)p.out_caps)
            max_c = 1.0 / (double)p.out_caps;
        p.coupling_frac_bits[it] = coupling_frac_bits_of(p.coupling_max, max_c);
    }
    *params = p;
    return CAPS_OK;
}

/**
 * Fills the formats of caps_self_attention_routing_s8 (coupling_frac_bits[0] = prior_frac_bits); see capsrt.h.
 * @param max_abs_logit, max_coupling single calibration statistics or NULL
 * @return CAPS_OK, CAPS_ERR_ARG or CAPS_ERR_UNSUPPORTED as caps_dynamic_routing_s8_prepare; nothing is written
 *         on failure
 */
caps_status_t caps_self_attention_routing_s8_prepare(caps_routing_s8_params_t *params,
                                                     double u_hat_scale,
                                                     double output_scale,
                                                     float epsilon,
                                                     const float *max_abs_logit,
                                                     const float *max_coupling) {
    caps_routing_s8_params_t p;
    caps_status_t status = routing_common(params, u_hat_scale, output_scale, epsilon, &p);
    if (status != CAPS_OK)
        return status;
    if (!stats_ok(max_abs_logit, 1) || !stats_ok(max_coupling, 1))
        return CAPS_ERR_ARG;
    /* exp argument (Q5.26) per unit of u_hat . sum_k u_hat: S_u^2 / sqrt(out_dim) 2^26 */
    status = real_to_pair(u_hat_scale * u_hat_scale / sqrt((double)p.out_dim) * 67108864.0, &p.logit_multiplier,
                          &p.logit_shift);
    if (status != CAPS_OK)
        return status;
    /* |c| = |softmax + log_prior|: twice the calibrated maximum (headroom as for dynamic routing), else assumed
     * <= 2 (a prior within [-1, 1]) */
    double max_c = max_coupling != NULL ? 2.0 * (double)*max_coupling : 2.0;
    if (max_c < 1.0 / 1073741824.0)
        max_c = 1.0 / 1073741824.0;
    p.coupling_frac_bits[0] = coupling_frac_bits_of(p.coupling_max, max_c);
    p.prior_frac_bits = p.coupling_frac_bits[0];
    *params = p;
    return CAPS_OK;
}

/**
 * log_prior_q = round(log_prior 2^prior_frac_bits), saturated to int32; see capsrt.h.
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers, bad sizes / prior_frac_bits or a non-finite prior
 *         (nothing is written then)
 */
caps_status_t caps_self_attention_routing_s8_quantize_prior(const caps_routing_s8_params_t *params,
                                                            const float *log_prior,
                                                            int32_t *log_prior_q) {
    if (params == NULL || log_prior == NULL || log_prior_q == NULL || params->prior_frac_bits < 0 ||
        params->prior_frac_bits > 30)
        return CAPS_ERR_ARG;
    const int32_t count = caps_ref_mul(params->in_caps, params->out_caps);
    if (count < 0)
        return CAPS_ERR_ARG;
    for (int32_t k = 0; k < count; ++k) {
        if (isnan(log_prior[k]) || isinf(log_prior[k]))
            return CAPS_ERR_ARG;
    }
    const double unit = ldexp(1.0, params->prior_frac_bits);
    for (int32_t k = 0; k < count; ++k) {
        const double q = round((double)log_prior[k] * unit); /* ties away from zero */
        log_prior_q[k] = q >= 2147483647.0 ? INT32_MAX : q <= -2147483648.0 ? INT32_MIN : (int32_t)q;
    }
    return CAPS_OK;
}

/**
 * Fills multiplier, shift (input_scale / output_scale) and output_zero_point of caps_length_s8_params_t.
 * @return CAPS_OK, CAPS_ERR_ARG for NULL params, bad scales or zero point, CAPS_ERR_UNSUPPORTED for a ratio
 *         outside the shift range (nothing is written on failure)
 */
caps_status_t caps_length_s8_prepare(double input_scale,
                                     double output_scale,
                                     int32_t output_zero_point,
                                     caps_length_s8_params_t *params) {
    if (params == NULL || !scale_ok(input_scale) || !scale_ok(output_scale) || output_zero_point < -128 ||
        output_zero_point > 127)
        return CAPS_ERR_ARG;
    int32_t multiplier = 0, shift = 0;
    const caps_status_t status = real_to_pair(input_scale / output_scale, &multiplier, &shift);
    if (status != CAPS_OK)
        return status;
    params->multiplier = multiplier;
    params->shift = shift;
    params->output_zero_point = output_zero_point;
    return CAPS_OK;
}
