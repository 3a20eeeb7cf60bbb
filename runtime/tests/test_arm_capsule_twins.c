/**
 * @file test_arm_capsule_twins.c
 * @brief The arm/ capsule kernels against their ref/ twins, byte for byte (see test_arm_twins.c for the twin
 *        mechanism), and below them the inline fixed-point primitives of arm_fixedpoint.h / arm_capsule.h
 *        against the ref/ functions they replace, value for value.
 *
 * Primitives: random inputs over the whole domain plus the boundaries (exp arguments at every multiple of 1/4
 * and +-1 around it, INT32_MIN, 0, positive; perfect squares and their neighbours for the square root; gains
 * whose products round exactly at one half; saturating products).
 * Kernels: caps_squash_s8 (both variants, scales 2^-16 .. 3, dims 1 .. 16, in place), caps_length_s8,
 * caps_dynamic_routing_s8 (1 .. 4 iterations, calibrated and default coupling formats, the MNIST-sized layer
 * 1024 -> 10 x 6) and caps_self_attention_routing_s8 (random priors), on random, extreme (-128 / 127) and zero
 * inputs, and invalid parameters, which must fail alike without writing; caps_softmax_s8, which shares the
 * primitives (prepared scales, raw left shifts up to 31, diff_min cut-offs, axes up to 300, in place).
 */
#include "twin_util.h"

#include "../src/arm/internal/arm_capsule.h"

caps_status_t caps_ref_twin_softmax_s8(const caps_softmax_s8_params_t *params, const int8_t *input, int8_t *output);
caps_status_t caps_ref_twin_squash_s8(const caps_squash_s8_params_t *params, const int8_t *input, int8_t *output);
caps_status_t caps_ref_twin_length_s8(const caps_length_s8_params_t *params, const int8_t *input, int8_t *output);
caps_status_t caps_ref_twin_dynamic_routing_s8(const caps_routing_s8_params_t *params,
                                               const int8_t *u_hat,
                                               void *scratch,
                                               int8_t *output);
caps_status_t caps_ref_twin_self_attention_routing_s8(const caps_routing_s8_params_t *params,
                                                      const int8_t *u_hat,
                                                      const int32_t *log_prior,
                                                      void *scratch,
                                                      int8_t *output);

static int pf_equal(caps_ref_pf_t a, caps_ref_pf_t b) { return a.m == b.m && a.e == b.e; }

/** A random int32 with a random bit length (so that small and large magnitudes are both common). */
static int32_t rand_bits32(void) {
    const int32_t bits = tu_rand_int(0, 31);
    const int32_t v = (int32_t)(tu_rand_u32() >> (31 - bits) >> 1);
    return tu_rand_int(0, 1) ? v : -v - tu_rand_int(0, 1);
}

static uint64_t rand_u64(int32_t bits) {
    const uint64_t v = ((uint64_t)tu_rand_u32() << 32) | tu_rand_u32();
    return bits >= 64 ? v : v & (((uint64_t)1 << bits) - 1u);
}

static caps_ref_pf_t rand_pf(int32_t e_lo, int32_t e_hi) {
    return caps_ref_pf_make((int32_t)(0x40000000u | (tu_rand_u32() >> 2)), tu_rand_int(e_lo, e_hi));
}

static void test_exp_and_reciprocal(void) {
    for (int32_t k = -128; k <= 1; ++k) { /* every multiple of 1/4 in Q5.26 and its neighbours */
        for (int32_t delta = -2; delta <= 2; ++delta) {
            const int64_t a64 = (int64_t)k * ((int64_t)1 << 24) + delta;
            const int32_t a = a64 < INT32_MIN ? INT32_MIN : a64 > INT32_MAX ? INT32_MAX : (int32_t)a64;
            CHECK(caps_arm_exp_on_negative_values(a) == caps_ref_exp_on_negative_values(a));
        }
    }
    for (int i = 0; i < 20000; ++i) {
        const int32_t a = i % 2 ? (int32_t)tu_rand_u32() : rand_bits32();
        CHECK(caps_arm_exp_on_negative_values(a) == caps_ref_exp_on_negative_values(a));
        CHECK(caps_arm_one_over_one_plus_x_for_x_in_0_1(a) == caps_ref_one_over_one_plus_x_for_x_in_0_1(a));
    }
    const int32_t edges[] = {INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX - 1, INT32_MAX, 1 << 30};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; ++i) {
        CHECK(caps_arm_exp_on_negative_values(edges[i]) == caps_ref_exp_on_negative_values(edges[i]));
        CHECK(caps_arm_one_over_one_plus_x_for_x_in_0_1(edges[i]) ==
              caps_ref_one_over_one_plus_x_for_x_in_0_1(edges[i]));
    }
}

static void test_pseudo_floats(void) {
    for (int i = 0; i < 20000; ++i) {
        const uint64_t x = rand_u64(tu_rand_int(0, 63));
        const int32_t e = tu_rand_int(-100, 100);
        CHECK(pf_equal(caps_arm_pf_from_u64(x, e), caps_ref_pf_from_u64(x, e)));
        const caps_ref_pf_t a = rand_pf(-80, 80), b = rand_pf(-80, 80);
        CHECK(pf_equal(caps_arm_pf_mul(a, b), caps_ref_pf_mul(a, b)));
        CHECK(pf_equal(caps_arm_pf_recip(a), caps_ref_pf_recip(a)));
        CHECK(pf_equal(caps_arm_pf_sqrt(a), caps_ref_pf_sqrt(a)));
        const uint64_t y = rand_u64(tu_rand_int(1, 64));
        CHECK(pf_equal(caps_arm_pf_sqrt_u64(y), caps_ref_pf_sqrt_u64(y)));
        /* perfect squares in the normalised range and their neighbours */
        const uint32_t r = 0x40000000u | (tu_rand_u32() >> 2);
        const uint64_t sq = (uint64_t)r * r;
        CHECK(caps_arm_isqrt_norm(sq) == r && caps_arm_isqrt_norm(sq - 1) == r - 1);
        CHECK(caps_arm_isqrt_norm(sq + 2 * (uint64_t)r) == r); /* (r + 1)^2 - 1 */
        /* rounding products, including exact halves (x odd, g = 2^-1) and saturation */
        const int32_t v = i % 3 ? rand_bits32() : (int32_t)tu_rand_u32();
        const caps_ref_pf_t g = i % 5 == 0 ? caps_ref_pf_pow2(tu_rand_int(-3, 1)) : rand_pf(-72, 3);
        CHECK(caps_arm_pf_apply32(v, caps_arm_gain_make(g)) == caps_ref_pf_apply(v, g));
    }
    const caps_ref_pf_t zero = {0, 0};
    CHECK(pf_equal(caps_arm_pf_recip(zero), caps_ref_pf_recip(zero)));
    CHECK(pf_equal(caps_arm_pf_sqrt(zero), caps_ref_pf_sqrt(zero)));
    CHECK(pf_equal(caps_arm_pf_sqrt_u64(0), caps_ref_pf_sqrt_u64(0)));
    CHECK(pf_equal(caps_arm_pf_sqrt_u64(UINT64_MAX), caps_ref_pf_sqrt_u64(UINT64_MAX)));
    CHECK(caps_arm_isqrt_norm((uint64_t)1 << 60) == 1u << 30 && caps_arm_isqrt_norm(((uint64_t)1 << 62) - 1) == 0x7fffffffu);
    const int32_t xs[] = {INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; ++i) {
        for (int32_t e = -66; e <= 2; ++e) {
            const caps_ref_pf_t g = caps_ref_pf_make(0x7fffffff, e);
            CHECK(caps_arm_pf_apply32(xs[i], caps_arm_gain_make(g)) == caps_ref_pf_apply(xs[i], g));
        }
        CHECK(caps_arm_pf_apply32(xs[i], caps_arm_gain_make(zero)) == caps_ref_pf_apply(xs[i], zero));
    }
}

/** A squash of random constants (any variant, multipliers over their range, exponents around realistic ones). */
static caps_ref_squash_s8_t rand_squash(void) {
    int32_t multiplier[5], shift[5];
    for (int32_t i = 0; i < 5; ++i) {
        multiplier[i] = (int32_t)(0x40000000u | (tu_rand_u32() >> 2));
        shift[i] = tu_rand_int(-40, 40);
    }
    caps_ref_squash_s8_t k;
    CHECK(caps_ref_squash_s8_init(&k, tu_rand_int(CAPS_SQUASH_SABOUR, CAPS_SQUASH_EFFICIENT), multiplier, shift) ==
          CAPS_OK);
    return k;
}

static void test_gains_and_couplings(void) {
    for (int i = 0; i < 5000; ++i) {
        const caps_ref_squash_s8_t k = rand_squash();
        const uint64_t n2 = rand_u64(tu_rand_int(0, 62));
        const int32_t se = tu_rand_int(-30, 10);
        CHECK(pf_equal(caps_arm_squash_gain(&k, n2, se), caps_ref_squash_gain(&k, n2, se)));
        int32_t x[16];
        const int32_t dim = tu_rand_int(1, 16);
        for (int32_t d = 0; d < dim; ++d)
            x[d] = i % 7 == 0 ? (d % 2 ? INT32_MIN : INT32_MAX) : rand_bits32();
        CHECK(pf_equal(caps_arm_squash_gain_s32(&k, x, dim, se), caps_ref_squash_gain_s32(&k, x, dim, se)));
        /* couplings: int32 logits within 2^30 (dynamic routing) and int64 ones (self-attention) */
        const int32_t out_caps = tu_rand_int(1, 12), frac = tu_rand_int(0, 30);
        const caps_ref_pf_t logit = rand_pf(-60, 0);
        int32_t l32[12], c_arm[12], c_ref[12];
        int64_t l64[12];
        const int small = i % 2; /* int32 logits: both variants of the couplings */
        for (int32_t j = 0; j < out_caps; ++j) {
            l32[j] = rand_bits32() / 2;
            l64[j] = small ? l32[j] : (int64_t)rand_bits32() * tu_rand_int(1, 1 << 20);
        }
        if (small) {
            caps_arm_couplings_s8_i32(l32, out_caps, caps_arm_gain_make(logit), frac, c_arm);
            caps_ref_couplings_s8(l64, out_caps, logit, frac, c_ref);
            CHECK(memcmp(c_arm, c_ref, (size_t)out_caps * 4) == 0);
        }
        caps_arm_couplings_s8(l64, out_caps, caps_arm_gain_make(logit), frac, c_arm);
        caps_ref_couplings_s8(l64, out_caps, logit, frac, c_ref);
        CHECK(memcmp(c_arm, c_ref, (size_t)out_caps * 4) == 0);
    }
}

/* ---------------------------------------------------------------- kernels */

static void test_squash_and_length(void) {
    static const double scales[] = {1.0 / 128, 1.0 / 32, 0.1, 1.0 / 1024, 0.5, 3.0, 1.0 / 65536};
    for (int trial = 0; trial < 120; ++trial) {
        const int32_t count = tu_rand_int(1, 70), dim = tu_rand_int(1, 16), kind = trial % 5 == 4 ? 1 : trial % 7 == 6 ? 2 : 0;
        const double s_in = scales[trial % 7];
        const int32_t n = count * dim;
        int8_t *x = twin_alloc_s8(n), *y_arm, *y_ref;
        twin_fill_capsules(x, n, kind);
        caps_squash_s8_params_t p;
        memset(&p, 0, sizeof p);
        CHECK(caps_squash_s8_prepare(s_in, 1.0 / 128, trial % 2 ? CAPS_SQUASH_EFFICIENT : CAPS_SQUASH_SABOUR, 1e-7f,
                                     &p) == CAPS_OK);
        p.count = count;
        p.dim = dim;
        twin_alloc_outputs(n, &y_arm, &y_ref);
        CHECK(twin_outputs_agree("caps_squash_s8", caps_squash_s8(&p, x, y_arm), caps_ref_twin_squash_s8(&p, x, y_ref), y_arm,
                    y_ref, n));
        /* in place */
        twin_alloc_outputs(n, &y_arm, &y_ref);
        memcpy(y_arm, x, (size_t)n);
        memcpy(y_ref, x, (size_t)n);
        CHECK(twin_outputs_agree("caps_squash_s8 in place", caps_squash_s8(&p, y_arm, y_arm), caps_ref_twin_squash_s8(&p, y_ref, y_ref),
                    y_arm, y_ref, n));
        caps_length_s8_params_t lp;
        memset(&lp, 0, sizeof lp);
        CHECK(caps_length_s8_prepare(s_in, trial % 3 ? 1.0 / 256 : 1.0 / 32, trial % 3 ? -128 : 5, &lp) == CAPS_OK);
        lp.count = count;
        lp.dim = dim;
        twin_alloc_outputs(count, &y_arm, &y_ref);
        CHECK(twin_outputs_agree("caps_length_s8", caps_length_s8(&lp, x, y_arm), caps_ref_twin_length_s8(&lp, x, y_ref), y_arm,
                    y_ref, count));
        free(x);
    }
    /* invalid parameters */
    caps_squash_s8_params_t p;
    memset(&p, 0, sizeof p);
    CHECK(caps_squash_s8_prepare(0.1, 1.0 / 128, CAPS_SQUASH_SABOUR, 1e-7f, &p) == CAPS_OK);
    p.count = 2;
    p.dim = 4;
    int8_t x[8] = {1, 2, 3, 4, 5, 6, 7, 8}, *y_arm, *y_ref;
    p.variant = 7;
    twin_alloc_outputs(8, &y_arm, &y_ref);
    CHECK(twin_outputs_agree("caps_squash_s8 bad variant", caps_squash_s8(&p, x, y_arm), caps_ref_twin_squash_s8(&p, x, y_ref), y_arm,
                y_ref, 8));
    p.variant = CAPS_SQUASH_SABOUR;
    p.inv_scale_sq_multiplier = 3;
    twin_alloc_outputs(8, &y_arm, &y_ref);
    CHECK(twin_outputs_agree("caps_squash_s8 bad constant", caps_squash_s8(&p, x, y_arm), caps_ref_twin_squash_s8(&p, x, y_ref),
                y_arm, y_ref, 8));
    caps_length_s8_params_t lp;
    memset(&lp, 0, sizeof lp);
    CHECK(caps_length_s8_prepare(0.1, 1.0 / 256, -128, &lp) == CAPS_OK);
    lp.count = 2;
    lp.dim = 4;
    lp.output_zero_point = 200;
    twin_alloc_outputs(2, &y_arm, &y_ref);
    CHECK(twin_outputs_agree("caps_length_s8 bad zero point", caps_length_s8(&lp, x, y_arm), caps_ref_twin_length_s8(&lp, x, y_ref),
                y_arm, y_ref, 2));
}

/** Runs both routing variants (log_prior NULL: dynamic) with separate 8-byte aligned scratches. */
static int routing_agree(const caps_routing_s8_params_t *p, const int8_t *uh, const int32_t *log_prior, int32_t nv) {
    const int32_t bytes = caps_routing_s8_get_buffer_size(p) > 8 ? caps_routing_s8_get_buffer_size(p) : 8;
    void *s_arm = tu_alloc_bytes(bytes, 1), *s_ref = tu_alloc_bytes(bytes, 1);
    int8_t *y_arm, *y_ref;
    twin_alloc_outputs(nv, &y_arm, &y_ref);
    caps_status_t a, r;
    if (log_prior == NULL) {
        a = caps_dynamic_routing_s8(p, uh, s_arm, y_arm);
        r = caps_ref_twin_dynamic_routing_s8(p, uh, s_ref, y_ref);
    } else {
        a = caps_self_attention_routing_s8(p, uh, log_prior, s_arm, y_arm);
        r = caps_ref_twin_self_attention_routing_s8(p, uh, log_prior, s_ref, y_ref);
    }
    free(s_arm);
    free(s_ref);
    return twin_outputs_agree(log_prior == NULL ? "caps_dynamic_routing_s8" : "caps_self_attention_routing_s8", a, r, y_arm, y_ref,
                 nv);
}

static void test_routing(void) {
    for (int trial = 0; trial < 60; ++trial) {
        caps_routing_s8_params_t p;
        twin_routing_shape(&p, trial, 40);
        if (trial == 0) { /* the MNIST-sized capsule layer */
            p.n = 1;
            p.in_caps = 1024;
            p.out_caps = 10;
            p.out_dim = 6;
            p.iterations = 3;
        }
        const double s_u = trial % 3 == 0 ? 1.0 / 16 : trial % 3 == 1 ? 1.0 / 128 : 0.5;
        float max_coupling[4] = {0.9f, 0.5f, 0.3f, 1.0f}, max_logit[4] = {0.0f, 4.0f, 9.0f, 12.0f};
        const int stats = trial % 4 == 1;
        const int32_t nuh = p.n * p.in_caps * p.out_caps * p.out_dim, nv = p.n * p.out_caps * p.out_dim;
        int8_t *uh = twin_alloc_s8(nuh);
        twin_fill_capsules(uh, nuh, trial % 6 == 5 ? 1 : trial % 11 == 10 ? 2 : 0);
        CHECK(caps_dynamic_routing_s8_prepare(&p, s_u, 1.0 / 128, 1e-7f, stats ? max_logit : NULL,
                                              stats ? max_coupling : NULL) == CAPS_OK);
        CHECK(routing_agree(&p, uh, NULL, nv));
        /* self-attention on the same capsules, with a random prior */
        CHECK(caps_self_attention_routing_s8_prepare(&p, s_u, 1.0 / 128, 1e-7f, NULL, stats ? max_coupling : NULL) ==
              CAPS_OK);
        int32_t *prior = (int32_t *)tu_alloc_bytes(p.in_caps * p.out_caps, 4);
        for (int32_t q = 0; q < p.in_caps * p.out_caps; ++q)
            prior[q] = trial % 5 == 0 ? (q % 2 ? INT32_MAX : INT32_MIN) : tu_rand_int(-(1 << 20), 1 << 20);
        CHECK(routing_agree(&p, uh, prior, nv));
        free(prior);
        free(uh);
    }
    /* invalid: bad variant, bad coupling format, misaligned scratch, too many iterations */
    caps_routing_s8_params_t p;
    CHECK(twin_routing_small(&p) == CAPS_OK);
    int8_t uh[24] = {0};
    twin_fill_capsules(uh, 24, 0);
    caps_routing_s8_params_t bad = p;
    bad.squash_variant = 9;
    CHECK(routing_agree(&bad, uh, NULL, 8));
    bad = p;
    bad.coupling_frac_bits[1] = 31;
    CHECK(routing_agree(&bad, uh, NULL, 8));
    bad = p;
    bad.iterations = CAPS_MAX_DIMS + 1;
    CHECK(routing_agree(&bad, uh, NULL, 8));
    int8_t *y_arm, *y_ref;
    uint64_t scratch[16];
    twin_alloc_outputs(8, &y_arm, &y_ref);
    CHECK(twin_outputs_agree("caps_dynamic_routing_s8 misaligned scratch",
                caps_dynamic_routing_s8(&p, uh, (char *)scratch + 4, y_arm),
                caps_ref_twin_dynamic_routing_s8(&p, uh, (char *)scratch + 4, y_ref), y_arm, y_ref, 8));
}

static void test_softmax(void) {
    for (int trial = 0; trial < 200; ++trial) {
        caps_softmax_s8_params_t p;
        memset(&p, 0, sizeof p);
        static const double scales[] = {1.0 / 256, 0.01, 0.1, 0.5, 2.0, 10.0};
        CHECK(caps_softmax_s8_prepare(scales[trial % 6], &p) == CAPS_OK);
        if (trial % 4 == 3) { /* raw fields: large shifts and multipliers, any cut-off */
            p.input_left_shift = tu_rand_int(0, 31);
            p.input_multiplier = (int32_t)(tu_rand_u32() >> 1);
            p.diff_min = -tu_rand_int(0, 300);
        }
        p.outer = tu_rand_int(1, 3);
        p.axis_size = trial % 10 == 9 ? 300 : tu_rand_int(1, 12);
        p.inner = tu_rand_int(1, 3);
        const int32_t n = p.outer * p.axis_size * p.inner;
        int8_t *x = twin_alloc_s8(n), *y_arm, *y_ref;
        twin_fill_capsules(x, n, trial % 7 == 6 ? 1 : trial % 11 == 10 ? 2 : 0);
        if (trial % 3 == 0)
            for (int32_t q = 0; q < n; ++q)
                x[q] = (int8_t)tu_rand_int(-128, 127);
        twin_alloc_outputs(n, &y_arm, &y_ref);
        CHECK(twin_outputs_agree("caps_softmax_s8", caps_softmax_s8(&p, x, y_arm), caps_ref_twin_softmax_s8(&p, x, y_ref), y_arm, y_ref,
                    n));
        twin_alloc_outputs(n, &y_arm, &y_ref);
        memcpy(y_arm, x, (size_t)n);
        memcpy(y_ref, x, (size_t)n);
        CHECK(twin_outputs_agree("caps_softmax_s8 in place", caps_softmax_s8(&p, y_arm, y_arm), caps_ref_twin_softmax_s8(&p, y_ref, y_ref),
                    y_arm, y_ref, n));
        free(x);
    }
    caps_softmax_s8_params_t p;
    memset(&p, 0, sizeof p);
    CHECK(caps_softmax_s8_prepare(0.1, &p) == CAPS_OK);
    p.outer = p.axis_size = p.inner = 2;
    p.input_left_shift = 32; /* invalid */
    int8_t x[8] = {1, 2, 3, 4, 5, 6, 7, 8}, *y_arm, *y_ref;
    twin_alloc_outputs(8, &y_arm, &y_ref);
    CHECK(twin_outputs_agree("caps_softmax_s8 bad shift", caps_softmax_s8(&p, x, y_arm), caps_ref_twin_softmax_s8(&p, x, y_ref), y_arm,
                y_ref, 8));
}

int main(void) {
    tu_seed(20261203u);
    test_exp_and_reciprocal();
    test_pseudo_floats();
    test_gains_and_couplings();
    test_squash_and_length();
    test_routing();
    test_softmax();
    return tu_finish("test_arm_capsule_twins");
}
