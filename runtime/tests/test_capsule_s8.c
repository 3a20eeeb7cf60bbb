/**
 * @file test_capsule_s8.c
 * @brief Unit tests of the int8 capsule kernels (caps_squash_s8, caps_predict_s8, caps_dynamic_routing_s8,
 *        caps_self_attention_routing_s8, caps_length_s8), their prepare functions, the calibration statistics
 *        (caps_*_routing_stats_f32) and the fixed-point primitives of ref_fixedpoint.h.
 *
 * Method: every int8 kernel runs on seeded random int8 data; its f32 counterpart runs on the dequantized
 * inputs; the int8 output is compared with the f32 output divided by the output scale (clamped to the int8
 * range), in LSB of the output:
 *  - squash, length: within 0.5 + 2^-10 LSB. The gain is computed to a relative error of a few 2^-30 and each
 *    element is rounded once, so the result is the correctly rounded f32 value except where the f32 value lies
 *    within 2^-10 LSB of a rounding tie (float's own error is ~1e-7 relative, i.e. < 2^-16 LSB).
 *  - predict: within 1 LSB: TFLite's requantization rounds twice (doubling high multiply, then rounding shift),
 *    each by at most half a unit of its own position.
 *  - routing (both kernels, formats from statistics of the same data or the analytic formats of NULL
 *    statistics): within 0.5 + 1/16 LSB. Measured: at most 0.515 LSB over these cases with 9 seeds (the
 *    couplings' resolution, 2^-12 .. 2^-17, and V's, 2^-18 .. 2^-20, stay far below 1/16 LSB of the output), i.e.
 *    the correctly rounded f32 result except near ties, including the stress cases (huge u_hat, logits far
 *    beyond the exp range). Calibrated on other data, a sample's couplings may exceed twice the calibrated
 *    maximum and saturate; that case is checked against 1 LSB (measured at most 0.512).
 *  - fixed-point primitives against double / exact 128-bit integer references: exp within 512 ulps of Q0.31
 *    (measured 492: gemmlowp's degree-4 Taylor polynomial) and 1 / (1 + x) within 8 ulps (measured 6.7); both
 *    are bit-identical to gemmlowp's, verified separately against libgemmlowp-dev on 8.3 million inputs; isqrt64
 *    exact, pseudo-float operations within their documented relative errors, caps_ref_pf_apply exact.
 * Saturation and degenerate cases: all -128 / all 127 inputs, zero capsules (exactly 0, no division by zero),
 * huge u_hat (logits far beyond the exp range), 1 input capsule, 1 output capsule, iterations 1 .. 6 (7 is
 * CAPS_ERR_UNSUPPORTED). Rejected calls (NULL, bad params, bad scales) return CAPS_ERR_ARG and write nothing.
 * The routing kernels must not write past caps_routing_s8_get_buffer_size bytes of scratch nor past the output,
 * must not depend on the scratch contents, and a batch must equal single-element runs.
 */
#include "test_util.h"

#include "../src/ref/internal/ref_fixedpoint.h"

/** Bytes of guard after int8 outputs and scratch buffers; they must keep the sentinel. */
#define GUARD 64
#define SENTINEL ((int8_t)0x5A)

/* ---------------------------------------------------------------- helpers */

static int8_t *alloc_s8(int32_t n) {
    int8_t *p = (int8_t *)tu_alloc_bytes(n + GUARD, 1);
    memset(p, SENTINEL, (size_t)(n + GUARD));
    return p;
}

static int s8_is_sentinel(const int8_t *p, int32_t n) {
    for (int32_t i = 0; i < n; ++i) {
        if (p[i] != SENTINEL)
            return 0;
    }
    return 1;
}

/** A scratch buffer of n bytes plus guard, 8-byte aligned (malloc alignment), filled with the sentinel. */
static void *alloc_scratch(int32_t n) { return alloc_s8(n); }

static int8_t quantize_one(double x, double scale, int32_t zero_point) {
    double q = round(x / scale) + zero_point;
    if (q > 127.0)
        q = 127.0;
    if (q < -128.0)
        q = -128.0;
    return (int8_t)q;
}

static void dequantize(const int8_t *q, float *x, int32_t n, double scale) {
    for (int32_t i = 0; i < n; ++i)
        x[i] = (float)((double)q[i] * scale);
}

/** Deviation statistics of int8 results against real references (in LSB of the output). */
typedef struct {
    double max_err;
    int32_t exact;
    int32_t count;
} err_t;

static void err_reset(err_t *e) {
    e->max_err = 0.0;
    e->exact = 0;
    e->count = 0;
}

/** Adds n results q against the real values ref: |q - clamp(ref / scale + zp)|, and whether q equals the
 *  correctly rounded reference. */
static void err_add(err_t *e, const int8_t *q, const float *ref, int32_t n, double scale, int32_t zp) {
    for (int32_t i = 0; i < n; ++i) {
        double w = (double)ref[i] / scale + zp;
        w = w > 127.0 ? 127.0 : w < -128.0 ? -128.0 : w;
        const double d = fabs((double)q[i] - w);
        if (d > e->max_err || isnan(d))
            e->max_err = isnan(d) ? INFINITY : d;
        e->exact += q[i] == quantize_one((double)ref[i], scale, zp);
        ++e->count;
    }
}

/** Largest deviations seen per kernel, printed at the end (the figures quoted in the file comment). */
static double worst_squash = 0.0, worst_predict = 0.0, worst_routing = 0.0, worst_routing_other = 0.0, worst_sa = 0.0,
              worst_length = 0.0;

static void note(double *worst, const err_t *e) {
    if (e->max_err > *worst)
        *worst = e->max_err;
}

/* ---------------------------------------------------------------- fixed-point primitives */

#ifdef __SIZEOF_INT128__
__extension__ typedef __int128 i128_t;
#endif

/* Every random draw is its own statement: the order of evaluation within an expression is unspecified, and
 * the test data must be the same with every compiler. */
static uint64_t rand_u64(void) {
    const uint64_t hi = tu_rand_u32();
    const uint64_t lo = tu_rand_u32();
    return (hi << 32) | lo;
}

/** A random 64-bit value shifted right by a random amount in [0, max_shift). */
static uint64_t rand_u64_shifted(uint32_t max_shift) {
    const uint64_t x = rand_u64();
    return x >> (tu_rand_u32() % max_shift);
}

/** A random 32-bit value shifted right by a random amount in [lo, lo + span). */
static uint32_t rand_u32_shifted(uint32_t lo, uint32_t span) {
    const uint32_t x = tu_rand_u32();
    return x >> (lo + tu_rand_u32() % span);
}

static void test_clz_isqrt(void) {
    CHECK(caps_ref_clz32(0) == 32 && caps_ref_clz32(1) == 31 && caps_ref_clz32(0x80000000u) == 0);
    CHECK(caps_ref_clz64(0) == 64 && caps_ref_clz64(1) == 63 && caps_ref_clz64((uint64_t)1 << 63) == 0);
    CHECK(caps_ref_clz64((uint64_t)1 << 32) == 31);
    int bad = 0;
    for (uint64_t x = 0; x < 70000; ++x) {
        const uint64_t r = caps_ref_isqrt64(x);
        bad += !(r * r <= x && (r + 1) * (r + 1) > x);
    }
    for (int32_t t = 0; t < 200000; ++t) {
        const uint64_t x = rand_u64_shifted(64);
        const uint64_t r = caps_ref_isqrt64(x);
        bad += !(r <= 0xFFFFFFFFu && r * r <= x && (r == 0xFFFFFFFFu || (r + 1) * (r + 1) > x));
        const uint64_t k = tu_rand_u32(); /* k^2 and k^2 - 1 */
        bad += caps_ref_isqrt64(k * k) != k;
        if (k > 0)
            bad += caps_ref_isqrt64(k * k - 1) != k - 1;
    }
    CHECK(bad == 0);
    CHECK(caps_ref_isqrt64(UINT64_MAX) == 0xFFFFFFFFu);
    CHECK(caps_ref_isqrt64(0xFFFFFFFE00000001u) == 0xFFFFFFFFu); /* (2^32 - 1)^2 */
    CHECK(caps_ref_isqrt64(0xFFFFFFFE00000000u) == 0xFFFFFFFEu);
}

static void test_gemmlowp_primitives(void) {
    /* exp of Q5.26 arguments in [-32, 0] against double, in ulps of Q0.31 */
    double worst_exp = 0.0;
    for (int64_t a = INT32_MIN; a <= 0; a += 65537) {
        const double want = exp((double)a / 67108864.0) * 2147483648.0;
        const double err = fabs((double)caps_ref_exp_on_negative_values((int32_t)a) - want);
        worst_exp = err > worst_exp ? err : worst_exp;
    }
    for (int32_t t = 0; t < 100000; ++t) {
        const int32_t a = -(int32_t)rand_u32_shifted(1, 31);
        const double want = exp((double)a / 67108864.0) * 2147483648.0;
        const double err = fabs((double)caps_ref_exp_on_negative_values(a) - want);
        worst_exp = err > worst_exp ? err : worst_exp;
    }
    printf("  exp_on_negative_values: max error %.1f ulp of Q0.31\n", worst_exp);
    CHECK(worst_exp <= 512.0); /* gemmlowp's Taylor truncation, 2.3e-7 absolute */
    CHECK(caps_ref_exp_on_negative_values(0) == INT32_MAX);
    CHECK(caps_ref_exp_on_negative_values(12345) == INT32_MAX); /* positive: treated as 0 */
    CHECK(caps_ref_exp_on_negative_values(INT32_MIN) == 0);     /* exp(-32) < 2^-46 */
    CHECK(fabs((double)caps_ref_exp_on_negative_values(-67108864) - exp(-1.0) * 2147483648.0) <= 512.0);

    /* 1 / (1 + x) for x in [0, 1) */
    double worst_rec = 0.0;
    for (int32_t t = 0; t < 200000; ++t) {
        const int32_t x = (int32_t)(tu_rand_u32() >> 1);
        const double want = 2147483648.0 / (1.0 + (double)x / 2147483648.0);
        const double err = fabs((double)caps_ref_one_over_one_plus_x_for_x_in_0_1(x) - want);
        worst_rec = err > worst_rec ? err : worst_rec;
    }
    printf("  one_over_one_plus_x_for_x_in_0_1: max error %.1f ulp of Q0.31\n", worst_rec);
    CHECK(worst_rec <= 8.0);
    CHECK(caps_ref_one_over_one_plus_x_for_x_in_0_1(0) == INT32_MAX);
    CHECK(caps_ref_one_over_one_plus_x_for_x_in_0_1(-5) == INT32_MAX);

    /* GetReciprocal of Q12.19 sums */
    int bad = 0;
    for (int32_t t = 0; t < 100000; ++t) {
        const int32_t x = (int32_t)rand_u32_shifted(1, 30) + 1;
        int32_t bits = 0;
        const int32_t r = caps_ref_get_reciprocal(x, 12, &bits);
        const double got = (double)r / 2147483648.0 * pow(2.0, -bits);
        const double want = 1.0 / ((double)x / 524288.0);
        bad += fabs(got - want) > want * ldexp(1.0, -27);
    }
    CHECK(bad == 0);

    /* SaturatingRoundingMultiplyByPOT against int64 / double references */
    bad = 0;
    for (int32_t t = 0; t < 200000; ++t) {
        const int32_t mag = (int32_t)rand_u32_shifted(1, 31);
        const int32_t x = (tu_rand_u32() & 1) ? -mag - 1 : mag; /* [INT32_MIN, INT32_MAX] */
        const int32_t e = tu_rand_int(-62, 62);
        const int32_t got = caps_ref_mul_by_pot(x, e);
        int64_t want;
        if (e >= 0) {
            const double v = (double)x * pow(2.0, e);
            want = v > 2147483647.0 ? INT32_MAX : v < -2147483648.0 ? INT32_MIN : (int64_t)v;
        } else {
            const double v = (double)x / pow(2.0, -e); /* exact in double for |x| < 2^31 */
            want = (int64_t)(v < 0 ? -floor(-v + 0.5) : floor(v + 0.5));
        }
        bad += got != want;
    }
    CHECK(bad == 0);
    CHECK(caps_ref_mul_by_pot(INT32_MIN, -31) == -1 && caps_ref_mul_by_pot(INT32_MAX, 40) == INT32_MAX);
    CHECK(caps_ref_mul_by_pot(-3, 62) == INT32_MIN && caps_ref_mul_by_pot(5, -100) == 0);
    CHECK(caps_ref_rounding_half_sum(3, 4) == 4 && caps_ref_rounding_half_sum(-3, -4) == -4);
    CHECK(caps_ref_rounding_half_sum(INT32_MAX, INT32_MAX) == INT32_MAX);
}

/** Real value of a pseudo-float. */
static double pf_value(caps_ref_pf_t a) { return ldexp((double)a.m, a.e); }

static int pf_normal(caps_ref_pf_t a) { return a.m >= ((int32_t)1 << 30); }

static caps_ref_pf_t rand_pf(void) {
    const uint64_t m = rand_u64_shifted(60);
    return caps_ref_pf_from_u64(m, tu_rand_int(-80, 80));
}

static void test_pseudo_float(void) {
    int bad = 0;
    double w_from = 0, w_mul = 0, w_add = 0, w_rec = 0, w_sqrt = 0;
    for (int32_t t = 0; t < 100000; ++t) {
        const uint64_t x = rand_u64_shifted(64);
        if (x == 0)
            continue;
        const caps_ref_pf_t p = caps_ref_pf_from_u64(x, 3);
        bad += !pf_normal(p);
        /* the 31-bit rounding, checked exactly: |m 2^k - x| <= 2^(k-1) with k = e - 3 */
        const int32_t k = p.e - 3;
        if (k > 0) {
#ifdef __SIZEOF_INT128__
            const i128_t m2 = (i128_t)p.m << k;
            const i128_t diff = m2 > (i128_t)x ? m2 - (i128_t)x : (i128_t)x - m2;
            bad += diff > ((i128_t)1 << (k - 1));
#endif
        } else {
            bad += (uint64_t)p.m != (x << -k);
        }
        const double rel = fabs(pf_value(p) / 8.0 - (double)x) / (double)x;
        w_from = rel > w_from ? rel : w_from;

        const caps_ref_pf_t a = rand_pf();
        const caps_ref_pf_t b = rand_pf();
        if (a.m == 0 || b.m == 0)
            continue;
        const caps_ref_pf_t m = caps_ref_pf_mul(a, b), s = caps_ref_pf_add(a, b), r = caps_ref_pf_recip(a);
        const caps_ref_pf_t q = caps_ref_pf_sqrt(a);
        bad += !pf_normal(m) || !pf_normal(s) || !pf_normal(r) || !pf_normal(q);
        double e;
        e = fabs(pf_value(m) / (pf_value(a) * pf_value(b)) - 1.0);
        w_mul = e > w_mul ? e : w_mul;
        e = fabs(pf_value(s) / (pf_value(a) + pf_value(b)) - 1.0);
        w_add = e > w_add ? e : w_add;
        e = fabs(pf_value(r) * pf_value(a) - 1.0);
        w_rec = e > w_rec ? e : w_rec;
        e = fabs(pf_value(q) / sqrt(pf_value(a)) - 1.0);
        w_sqrt = e > w_sqrt ? e : w_sqrt;
        /* sqrt of a 64-bit integer: the exact floor root of x 4^k */
        const caps_ref_pf_t root = caps_ref_pf_sqrt_u64(x);
        const int32_t sh = -2 * root.e;
        if (sh >= 0)
            bad += (uint32_t)root.m != caps_ref_isqrt64(x << sh);
        else
            bad += (uint32_t)root.m != caps_ref_isqrt64(x >> -sh);
        bad += !pf_normal(root);
    }
    printf("  pseudo-float max relative errors: from_u64 %.2g, mul %.2g, add %.2g, recip %.2g, sqrt %.2g\n", w_from,
           w_mul, w_add, w_rec, w_sqrt);
    CHECK(bad == 0);
    CHECK(w_from <= ldexp(1.0, -31) && w_mul <= ldexp(1.0, -30) && w_add <= ldexp(1.0, -30));
    CHECK(w_rec <= ldexp(1.0, -27) && w_sqrt <= ldexp(1.0, -29));
    CHECK(caps_ref_pf_from_u64(0, 5).m == 0 && caps_ref_pf_sqrt_u64(0).m == 0 &&
          caps_ref_pf_recip(caps_ref_pf_from_u64(0, 0)).m == 0);
    CHECK(pf_value(caps_ref_pf_from_u64(UINT64_MAX, 0)) == ldexp(1.0, 64));
    CHECK(caps_ref_pf_sqrt_u64(UINT64_MAX).m == INT32_MAX); /* floor(sqrt(2^62 - 1)) * 2 with the low bits dropped */

    /* caps_ref_pf_apply: exactly round(x * m * 2^e), ties away from zero, saturated */
#ifdef __SIZEOF_INT128__
    int bad_apply = 0;
    for (int32_t t = 0; t < 300000; ++t) {
        int64_t x = (int64_t)(rand_u64_shifted(64));
        if (t % 2 == 1) /* half of them int32-sized: the fast path */
            x = (int64_t)(rand_u64_shifted(64) >> 32);
        if (tu_rand_u32() & 1)
            x = -x;
        if (t == 0)
            x = INT64_MIN;
        caps_ref_pf_t g;
        g.m = (int32_t)((tu_rand_u32() >> 2) | 0x40000000u);
        g.e = tu_rand_int(-125, 40);
        const int32_t got = caps_ref_pf_apply(x, g);
        const i128_t mag = x < 0 ? -(i128_t)x : (i128_t)x;
        i128_t p = mag * g.m;
        i128_t q;
        const i128_t lim = (i128_t)1 << 31;
        if (g.e >= 0) {
            q = g.e >= 33 ? (p != 0 ? lim + 1 : 0) : p << g.e; /* p < 2^95 */
        } else {
            const int32_t n = -g.e;
            q = (p + ((i128_t)1 << (n - 1))) >> n;
        }
        if (x >= 0 && q > lim - 1)
            q = lim - 1;
        if (x < 0 && q > lim)
            q = lim;
        const int64_t want = x < 0 ? -(int64_t)q : (int64_t)q;
        bad_apply += (int64_t)got != want;
    }
    CHECK(bad_apply == 0);
#endif
    caps_ref_pf_t half = caps_ref_pf_pow2(-1);
    CHECK(caps_ref_pf_apply(1, half) == 1 && caps_ref_pf_apply(-1, half) == -1 && caps_ref_pf_apply(3, half) == 2);
    CHECK(caps_ref_pf_apply(-3, half) == -2 && caps_ref_pf_apply(0, half) == 0);
    CHECK(caps_ref_pf_apply(INT64_MAX, caps_ref_pf_pow2(0)) == INT32_MAX);
    CHECK(caps_ref_pf_apply(INT64_MIN, caps_ref_pf_pow2(0)) == INT32_MIN);
    CHECK(caps_ref_pf_apply(-((int64_t)1 << 31), caps_ref_pf_pow2(0)) == INT32_MIN);
    CHECK(caps_ref_pf_apply((int64_t)1 << 31, caps_ref_pf_pow2(0)) == INT32_MAX);
}

/* ---------------------------------------------------------------- squash */

static caps_squash_s8_params_t
squash_params(int32_t count, int32_t dim, double s_in, double s_out, int32_t variant, float eps) {
    caps_squash_s8_params_t p;
    memset(&p, 0, sizeof p);
    CHECK(caps_squash_s8_prepare(s_in, s_out, variant, eps, &p) == CAPS_OK);
    p.count = count;
    p.dim = dim;
    return p;
}

/** Capsule c of magnitude class c % 8 (so that the norms span tiny to saturated). */
static void fill_capsules_s8(int8_t *q, int32_t count, int32_t dim) {
    static const int32_t amp[8] = {1, 2, 4, 8, 16, 40, 90, 128};
    for (int32_t c = 0; c < count; ++c)
        for (int32_t d = 0; d < dim; ++d)
            q[c * dim + d] = (int8_t)tu_rand_int(-amp[c % 8], amp[c % 8] - 1);
}

static void run_squash_case(int32_t count, int32_t dim, double s_in, double s_out, int32_t variant, float eps) {
    const int32_t n = count * dim;
    const caps_squash_s8_params_t p = squash_params(count, dim, s_in, s_out, variant, eps);
    int8_t *q = alloc_s8(n), *y = alloc_s8(n), *z = alloc_s8(n);
    float *x = tu_alloc(n), *ref = tu_alloc(n);
    fill_capsules_s8(q, count, dim);
    for (int32_t d = 0; d < dim; ++d) {
        q[d] = 0;                                /* capsule 0: zero */
        q[(count > 1 ? 1 : 0) * dim + d] = -128; /* capsule 1: all -128 */
        q[(count > 2 ? 2 : 0) * dim + d] = 127;  /* capsule 2: all 127 */
    }
    if (count > 3)
        for (int32_t d = 0; d < dim; ++d)
            q[3 * dim + d] = (int8_t)(d == 0 ? 1 : 0); /* a unit capsule */
    dequantize(q, x, n, s_in);
    caps_squash_params_t fp;
    memset(&fp, 0, sizeof fp);
    fp.count = count;
    fp.dim = dim;
    fp.variant = variant;
    fp.epsilon = eps;
    CHECK(caps_squash_f32(&fp, x, ref) == CAPS_OK);
    CHECK(caps_squash_s8(&p, q, y) == CAPS_OK);
    err_t e;
    err_reset(&e);
    err_add(&e, y, ref, n, s_out, 0);
    note(&worst_squash, &e);
    if (!(e.max_err <= 0.5 + 1.0 / 1024.0))
        fprintf(stderr, "  squash %s %dx%d s_in %g: max error %.4f LSB\n", variant == 0 ? "sabour" : "efficient",
                (int)count, (int)dim, s_in, e.max_err);
    CHECK(e.max_err <= 0.5 + 1.0 / 1024.0);
    CHECK(e.exact >= e.count - e.count / 100); /* all but ties */
    if (count > 3) {
        int zero = 1;
        for (int32_t d = 0; d < dim; ++d)
            zero &= y[d] == 0;
        CHECK(zero);
    }
    CHECK(s8_is_sentinel(y + n, GUARD));
    /* in place: the same bits */
    memcpy(z, q, (size_t)n);
    CHECK(caps_squash_s8(&p, z, z) == CAPS_OK);
    CHECK(memcmp(z, y, (size_t)n) == 0);
    free(q);
    free(y);
    free(z);
    free(x);
    free(ref);
}

static void test_squash_validation(void) {
    const caps_squash_s8_params_t good = squash_params(2, 3, 1.0 / 64, 1.0 / 128, CAPS_SQUASH_SABOUR, 1e-7f);
    int8_t x[6] = {1, 2, 3, -4, 5, 6}, y[6 + GUARD];
    memset(y, SENTINEL, sizeof y);
    caps_squash_s8_params_t p;
    CHECK(caps_squash_s8(NULL, x, y) == CAPS_ERR_ARG);
    CHECK(caps_squash_s8(&good, NULL, y) == CAPS_ERR_ARG);
    CHECK(caps_squash_s8(&good, x, NULL) == CAPS_ERR_ARG);
    p = good;
    p.count = 0;
    CHECK(caps_squash_s8(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.dim = -1;
    CHECK(caps_squash_s8(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.count = 0x10000;
    p.dim = 0x10000;
    CHECK(caps_squash_s8(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.variant = 2;
    CHECK(caps_squash_s8(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.inv_scale_sq_multiplier = 12345; /* below 2^30 */
    CHECK(caps_squash_s8(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.output_shift = 301;
    CHECK(caps_squash_s8(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.eps_lin_shift = -301;
    CHECK(caps_squash_s8(&p, x, y) == CAPS_ERR_ARG);
    CHECK(s8_is_sentinel(y, 6 + GUARD));

    /* prepare: bad scales, variant, epsilon; nothing written */
    caps_squash_s8_params_t q;
    memset(&q, 0x77, sizeof q);
    caps_squash_s8_params_t q0 = q;
    const double bad_scales[] = {0.0, -1.0, NAN, INFINITY};
    for (size_t i = 0; i < sizeof bad_scales / sizeof bad_scales[0]; ++i) {
        CHECK(caps_squash_s8_prepare(bad_scales[i], 1.0 / 128, CAPS_SQUASH_SABOUR, 1e-7f, &q) == CAPS_ERR_ARG);
        CHECK(caps_squash_s8_prepare(0.1, bad_scales[i], CAPS_SQUASH_SABOUR, 1e-7f, &q) == CAPS_ERR_ARG);
    }
    const float bad_eps[] = {0.0f, -1e-7f, (float)NAN, (float)INFINITY};
    for (size_t i = 0; i < sizeof bad_eps / sizeof bad_eps[0]; ++i)
        CHECK(caps_squash_s8_prepare(0.1, 1.0 / 128, CAPS_SQUASH_EFFICIENT, bad_eps[i], &q) == CAPS_ERR_ARG);
    CHECK(caps_squash_s8_prepare(0.1, 1.0 / 128, 5, 1e-7f, &q) == CAPS_ERR_ARG);
    CHECK(caps_squash_s8_prepare(0.1, 1.0 / 128, CAPS_SQUASH_SABOUR, 1e-7f, NULL) == CAPS_ERR_ARG);
    CHECK(caps_squash_s8_prepare(1e-120, 1.0 / 128, CAPS_SQUASH_SABOUR, 1e-7f, &q) == CAPS_ERR_UNSUPPORTED);
    CHECK(memcmp(&q, &q0, sizeof q) == 0);
    /* prepare leaves count and dim alone */
    q.count = 7;
    q.dim = 9;
    CHECK(caps_squash_s8_prepare(0.1, 1.0 / 128, CAPS_SQUASH_EFFICIENT, 1e-7f, &q) == CAPS_OK);
    CHECK(q.count == 7 && q.dim == 9 && q.variant == CAPS_SQUASH_EFFICIENT);
    CHECK(q.output_multiplier == (int32_t)1 << 30 && q.output_shift == 8); /* 128 = 2^30 2^(8 - 31) */
}

static void test_squash(void) {
    static const double scales[] = {1.0 / 128, 1.0 / 32, 0.1, 1.0 / 1024, 0.5, 3.0, 1.0 / 65536};
    for (int32_t variant = CAPS_SQUASH_SABOUR; variant <= CAPS_SQUASH_EFFICIENT; ++variant) {
        for (size_t s = 0; s < sizeof scales / sizeof scales[0]; ++s) {
            run_squash_case(400, 8, scales[s], 1.0 / 128, variant, 1e-7f);
            run_squash_case(200, 16, scales[s], 1.0 / 128, variant, 1e-7f);
        }
        run_squash_case(64, 1, 1.0 / 32, 1.0 / 128, variant, 1e-7f); /* dim 1 */
        run_squash_case(50, 3, 1.0 / 16, 1.0 / 128, variant, 1e-7f);
        run_squash_case(3, 4096, 1.0 / 16, 1.0 / 128, variant, 1e-7f); /* long capsules */
        run_squash_case(100, 8, 1.0 / 16, 1.0 / 100, variant, 1e-7f);  /* another output scale */
        run_squash_case(100, 8, 1.0 / 16, 1.0 / 128, variant, 1e-9f);
        run_squash_case(100, 8, 1.0 / 1024, 1.0 / 128, variant, 1e-2f); /* epsilon comparable to n2 */
        run_squash_case(100, 8, 1.0 / 16, 1.0 / 128, variant, 1e-20f);  /* Efficient-CapsNet's tiny epsilon */
        run_squash_case(1, 5, 1.0 / 16, 1.0 / 128, variant, 1e-7f);     /* a single capsule */
    }
    test_squash_validation();
}

/* ---------------------------------------------------------------- predict */

static void run_predict_case(int32_t n, int32_t in_caps, int32_t in_dim, int32_t out_caps, int32_t out_dim, int pow2) {
    caps_predict_params_t p;
    memset(&p, 0, sizeof p);
    p.n = n;
    p.in_caps = in_caps;
    p.in_dim = in_dim;
    p.out_caps = out_caps;
    p.out_dim = out_dim;
    const int32_t nu = n * in_caps * in_dim, nw = in_caps * out_caps * out_dim * in_dim;
    const int32_t nh = n * in_caps * out_caps * out_dim;
    int8_t *u = alloc_s8(nu), *w = alloc_s8(nw), *uh = alloc_s8(nh);
    float *uf = tu_alloc(nu), *wf = tu_alloc(nw), *ref = tu_alloc(nh);
    int32_t *mult = (int32_t *)calloc((size_t)out_caps, sizeof(int32_t));
    int32_t *shift = (int32_t *)calloc((size_t)out_caps, sizeof(int32_t));
    double *w_scale = tu_alloc_d(out_caps);
    for (int32_t k = 0; k < nu; ++k)
        u[k] = (int8_t)tu_rand_int(-128, 127);
    for (int32_t k = 0; k < nw; ++k)
        w[k] = (int8_t)tu_rand_int(-128, 127);
    const double u_scale = 1.0 / 128, uh_scale = pow2 ? 1.0 / 8 : 0.02 * sqrt((double)in_dim);
    for (int32_t j = 0; j < out_caps; ++j) {
        w_scale[j] = pow2 ? 1.0 / 64 : 0.001 * (1.0 + j);
        if (pow2) {
            mult[j] = 0;
            shift[j] = -(int32_t)lround(log2(uh_scale / (u_scale * w_scale[j])));
        } else {
            CHECK(caps_quantize_multiplier(u_scale * w_scale[j] / uh_scale, mult + j, shift + j) == CAPS_OK);
        }
    }
    dequantize(u, uf, nu, u_scale);
    for (int32_t i = 0; i < in_caps; ++i)
        for (int32_t j = 0; j < out_caps; ++j)
            dequantize(w + (i * out_caps + j) * out_dim * in_dim, wf + (i * out_caps + j) * out_dim * in_dim,
                       out_dim * in_dim, w_scale[j]);
    caps_predict_params_t fp = p;
    CHECK(caps_predict_f32(&fp, uf, wf, ref) == CAPS_OK);
    CHECK(caps_predict_s8(&p, u, w, mult, shift, uh) == CAPS_OK);
    err_t e;
    err_reset(&e);
    err_add(&e, uh, ref, nh, uh_scale, 0);
    note(&worst_predict, &e);
    CHECK(e.max_err <= 1.0 + 1e-4);
    CHECK(e.exact >= e.count - e.count / 50);
    CHECK(s8_is_sentinel(uh + nh, GUARD));
    free(u);
    free(w);
    free(uh);
    free(uf);
    free(wf);
    free(ref);
    free(mult);
    free(shift);
    free(w_scale);
}

static void test_predict_saturation_validation(void) {
    caps_predict_params_t p;
    memset(&p, 0, sizeof p);
    p.n = 1;
    p.in_caps = 2;
    p.in_dim = 4;
    p.out_caps = 1;
    p.out_dim = 2;
    int8_t u[8], w[16], y[4 + GUARD];
    int32_t mult = (int32_t)1 << 30, shift = -7; /* factor 2^-8 */
    for (int k = 0; k < 8; ++k)
        u[k] = 127;
    for (int k = 0; k < 16; ++k)
        w[k] = (int8_t)(k < 8 ? 127 : -128);
    CHECK(caps_predict_s8(&p, u, w, &mult, &shift, y) == CAPS_OK);
    CHECK(y[0] == 127 && y[1] == 127 && y[2] == -128 && y[3] == -128); /* 4 * 127 * 127 / 256 = 252 */
    for (int k = 0; k < 8; ++k)
        u[k] = -128;
    CHECK(caps_predict_s8(&p, u, w, &mult, &shift, y) == CAPS_OK);
    CHECK(y[0] == -128 && y[2] == 127);
    memset(y, SENTINEL, sizeof y);
    caps_predict_params_t q;
    CHECK(caps_predict_s8(NULL, u, w, &mult, &shift, y) == CAPS_ERR_ARG);
    CHECK(caps_predict_s8(&p, NULL, w, &mult, &shift, y) == CAPS_ERR_ARG);
    CHECK(caps_predict_s8(&p, u, NULL, &mult, &shift, y) == CAPS_ERR_ARG);
    CHECK(caps_predict_s8(&p, u, w, NULL, &shift, y) == CAPS_ERR_ARG);
    CHECK(caps_predict_s8(&p, u, w, &mult, NULL, y) == CAPS_ERR_ARG);
    CHECK(caps_predict_s8(&p, u, w, &mult, &shift, NULL) == CAPS_ERR_ARG);
    int32_t bad_mult = 12345, bad_shift = 32;
    CHECK(caps_predict_s8(&p, u, w, &bad_mult, &shift, y) == CAPS_ERR_ARG);
    CHECK(caps_predict_s8(&p, u, w, &mult, &bad_shift, y) == CAPS_ERR_ARG);
    q = p;
    q.out_dim = 0;
    CHECK(caps_predict_s8(&q, u, w, &mult, &shift, y) == CAPS_ERR_ARG);
    q = p;
    q.n = 1 << 20;
    q.in_dim = 1 << 12; /* u overflows int32 */
    CHECK(caps_predict_s8(&q, u, w, &mult, &shift, y) == CAPS_ERR_ARG);
    q = p;
    q.in_caps = 1;
    q.out_dim = 1;
    q.in_dim = 131072; /* int32 sums could overflow */
    CHECK(caps_predict_s8(&q, u, w, &mult, &shift, y) == CAPS_ERR_UNSUPPORTED);
    CHECK(s8_is_sentinel(y, 4 + GUARD));
}

static void test_predict(void) {
    run_predict_case(1, 1, 1, 1, 1, 0);
    run_predict_case(2, 3, 1, 4, 5, 0);
    run_predict_case(2, 8, 8, 10, 16, 0);
    run_predict_case(1, 1024, 4, 10, 6, 0); /* the MNIST-sized CapsNet of the published MCU work */
    if (!TU_BOARD)
        run_predict_case(1, 1152, 8, 10, 16, 0); /* Sabour et al. DigitCaps: 5.9 MB of float weights */
    run_predict_case(2, 7, 3, 1, 1, 0);      /* one output capsule of dim 1 */
    run_predict_case(2, 8, 8, 10, 16, 1);    /* pow2 scheme (multiplier 0) */
    test_predict_saturation_validation();
}

/* ---------------------------------------------------------------- routing */

/** u_hat [n, in, out, dim] as test_capsule.c: per (batch, output capsule) a prototype plus noise. */
static void fill_u_hat(float *uh, int32_t n, int32_t in, int32_t out, int32_t dim, float proto, float noise) {
    float *pr = tu_alloc(out * dim);
    for (int32_t b = 0; b < n; ++b) {
        for (int32_t j = 0; j < out; ++j) {
            const float m = tu_rand_float(0.0f, proto);
            for (int32_t d = 0; d < dim; ++d)
                pr[j * dim + d] = m * tu_rand_float(-1.0f, 1.0f);
        }
        for (int32_t i = 0; i < in; ++i)
            for (int32_t j = 0; j < out; ++j)
                for (int32_t d = 0; d < dim; ++d)
                    uh[((b * in + i) * out + j) * dim + d] = pr[j * dim + d] + tu_rand_float(-noise, noise);
    }
    free(pr);
}

static caps_routing_params_t
f32_routing_params(int32_t n, int32_t in, int32_t out, int32_t dim, int32_t iterations, int32_t variant, float eps) {
    caps_routing_params_t p;
    memset(&p, 0, sizeof p);
    p.n = n;
    p.in_caps = in;
    p.out_caps = out;
    p.out_dim = dim;
    p.iterations = iterations;
    p.squash_variant = variant;
    p.epsilon = eps;
    return p;
}

static caps_routing_s8_params_t s8_routing_shape(const caps_routing_params_t *f) {
    caps_routing_s8_params_t p;
    memset(&p, 0, sizeof p);
    p.n = f->n;
    p.in_caps = f->in_caps;
    p.out_caps = f->out_caps;
    p.out_dim = f->out_dim;
    p.iterations = f->iterations;
    p.squash_variant = f->squash_variant;
    return p;
}

/** Runs an int8 routing kernel (log_prior NULL: dynamic) with the guard / scratch / batch checks; returns the
 *  kernel status. */
static caps_status_t
run_routing_s8(const caps_routing_s8_params_t *p, const int8_t *uh, const int32_t *log_prior, int8_t *v) {
    const int32_t nuh = p->n * p->in_caps * p->out_caps * p->out_dim, caps = p->out_caps * p->out_dim;
    const int32_t nv = p->n * caps;
    const int32_t buf = caps_routing_s8_get_buffer_size(p);
    CHECK(buf == 8 * p->out_caps + 4 * (2 * caps + p->out_caps));
    int8_t *scratch = (int8_t *)alloc_scratch(buf);
    int8_t *v2 = alloc_s8(nv);
    int8_t *uc = alloc_s8(nuh);
    memcpy(uc, uh, (size_t)nuh);
#define ROUTE_S8(params, u, sc, outp)                                                                                  \
    (log_prior == NULL ? caps_dynamic_routing_s8((params), (u), (sc), (outp))                                          \
                       : caps_self_attention_routing_s8((params), (u), log_prior, (sc), (outp)))
    const caps_status_t status = ROUTE_S8(p, uh, scratch, v);
    CHECK(status == CAPS_OK);
    CHECK(s8_is_sentinel(scratch + buf, GUARD)); /* nothing past the documented scratch */
    CHECK(s8_is_sentinel(v + nv, GUARD));        /* nothing past the output */
    CHECK(memcmp(uh, uc, (size_t)nuh) == 0);     /* u_hat untouched */
    /* scratch contents on entry do not matter */
    memset(scratch, 0xA7, (size_t)buf);
    CHECK(ROUTE_S8(p, uh, scratch, v2) == CAPS_OK);
    CHECK(memcmp(v2, v, (size_t)nv) == 0);
    /* a batch gives the bits of single-element runs */
    if (p->n > 1) {
        caps_routing_s8_params_t one = *p;
        one.n = 1;
        CHECK(caps_routing_s8_get_buffer_size(&one) == buf);
        int same = 1;
        for (int32_t b = 0; b < p->n; ++b) {
            memset(v2, SENTINEL, (size_t)(nv + GUARD));
            CHECK(ROUTE_S8(&one, uh + b * p->in_caps * caps, scratch, v2) == CAPS_OK);
            same &= memcmp(v2, v + b * caps, (size_t)caps) == 0;
            CHECK(s8_is_sentinel(v2 + caps, nv - caps + GUARD));
        }
        CHECK(same);
    }
#undef ROUTE_S8
    free(scratch);
    free(v2);
    free(uc);
    return status;
}

/** Quantizes floats symmetrically with scale max|x| / 127 (at least tiny); returns the scale. */
static double quantize_symmetric(const float *x, int8_t *q, int32_t n) {
    float mx = 0.0f;
    for (int32_t k = 0; k < n; ++k)
        mx = fabsf(x[k]) > mx ? fabsf(x[k]) : mx;
    const double scale = mx > 0.0f ? (double)mx / 127.0 : 1.0 / 128;
    for (int32_t k = 0; k < n; ++k)
        q[k] = quantize_one((double)x[k], scale, 0);
    return scale;
}

/**
 * Dynamic routing case: int8 against caps_dynamic_routing_f32 of the dequantized u_hat, formats from the
 * statistics of the same data (stats 1), from NULL statistics (stats 0) or from other data of the same
 * distribution (stats 2, the looser bound).
 */
static void run_dynamic_case(int32_t n,
                             int32_t in,
                             int32_t out,
                             int32_t dim,
                             int32_t iterations,
                             int32_t variant,
                             float proto,
                             float noise,
                             int stats) {
    const caps_routing_params_t fp = f32_routing_params(n, in, out, dim, iterations, variant, 1e-7f);
    const int32_t nuh = n * in * out * dim, nv = n * out * dim;
    float *uh = tu_alloc(nuh), *uhd = tu_alloc(nuh), *ref = tu_alloc(nv), *ref2 = tu_alloc(nv);
    float *scratch = tu_alloc(caps_routing_get_buffer_size(&fp));
    int8_t *q = alloc_s8(nuh), *v = alloc_s8(nv);
    fill_u_hat(uh, n, in, out, dim, proto, noise);
    const double s_u = quantize_symmetric(uh, q, nuh);
    dequantize(q, uhd, nuh, s_u);
    float max_logit[CAPS_MAX_DIMS] = {0}, max_coupling[CAPS_MAX_DIMS] = {0};
    if (stats == 2) { /* calibrate on other data of the same distribution, quantized at the same scale */
        float *other = tu_alloc(nuh);
        int8_t *oq = alloc_s8(nuh);
        fill_u_hat(other, n, in, out, dim, proto, noise);
        for (int32_t k = 0; k < nuh; ++k)
            oq[k] = quantize_one((double)other[k], s_u, 0);
        dequantize(oq, other, nuh, s_u);
        CHECK(caps_dynamic_routing_stats_f32(&fp, other, scratch, ref2, max_logit, max_coupling) == CAPS_OK);
        free(other);
        free(oq);
    } else {
        CHECK(caps_dynamic_routing_stats_f32(&fp, uhd, scratch, ref2, max_logit, max_coupling) == CAPS_OK);
    }
    CHECK(caps_dynamic_routing_f32(&fp, uhd, scratch, ref) == CAPS_OK);
    if (stats != 2)
        CHECK(memcmp(ref, ref2, (size_t)nv * sizeof(float)) == 0); /* statistics do not change the output */
    caps_routing_s8_params_t p = s8_routing_shape(&fp);
    const double s_out = 1.0 / 128;
    CHECK(caps_dynamic_routing_s8_prepare(&p, s_u, s_out, 1e-7f, stats ? max_logit : NULL,
                                          stats ? max_coupling : NULL) == CAPS_OK);
    run_routing_s8(&p, q, NULL, v);
    err_t e;
    err_reset(&e);
    err_add(&e, v, ref, nv, s_out, 0);
    const double bound = stats == 2 ? 1.0 : 0.5 + 1.0 / 16;
    note(stats == 2 ? &worst_routing_other : &worst_routing, &e);
    if (!(e.max_err <= bound))
        fprintf(stderr, "  dynamic routing %dx%dx%dx%d it%d v%d stats%d: max error %.3f LSB\n", (int)n, (int)in,
                (int)out, (int)dim, (int)iterations, (int)variant, stats, e.max_err);
    CHECK(e.max_err <= bound);
    free(uh);
    free(uhd);
    free(ref);
    free(ref2);
    free(scratch);
    free(q);
    free(v);
}

/** Edge inputs given directly as int8: all equal values, huge alternating values, zeros. */
static void
run_dynamic_int8_case(int32_t in, int32_t out, int32_t dim, int32_t iterations, int32_t variant, double s_u, int kind) {
    const caps_routing_params_t fp = f32_routing_params(1, in, out, dim, iterations, variant, 1e-7f);
    const int32_t nuh = in * out * dim, nv = out * dim;
    int8_t *q = alloc_s8(nuh), *v = alloc_s8(nv);
    float *uhd = tu_alloc(nuh), *ref = tu_alloc(nv), *scratch = tu_alloc(caps_routing_get_buffer_size(&fp));
    for (int32_t k = 0; k < nuh; ++k) {
        if (kind == 0)
            q[k] = -128;
        else if (kind == 1)
            q[k] = 127;
        else if (kind == 2)
            q[k] = (int8_t)(tu_rand_u32() & 1 ? 127 : -128); /* huge, disagreeing */
        else
            q[k] = 0;
    }
    dequantize(q, uhd, nuh, s_u);
    CHECK(caps_dynamic_routing_f32(&fp, uhd, scratch, ref) == CAPS_OK);
    caps_routing_s8_params_t p = s8_routing_shape(&fp);
    CHECK(caps_dynamic_routing_s8_prepare(&p, s_u, 1.0 / 128, 1e-7f, NULL, NULL) == CAPS_OK);
    run_routing_s8(&p, q, NULL, v);
    err_t e;
    err_reset(&e);
    err_add(&e, v, ref, nv, 1.0 / 128, 0);
    note(&worst_routing, &e);
    CHECK(e.max_err <= 0.5 + 1.0 / 16);
    if (kind == 3) {
        int zero = 1;
        for (int32_t k = 0; k < nv; ++k)
            zero &= v[k] == 0;
        CHECK(zero);
    }
    free(q);
    free(v);
    free(uhd);
    free(ref);
    free(scratch);
}

static void test_routing_buffer_size(void) {
    caps_routing_s8_params_t p;
    memset(&p, 0, sizeof p);
    p.n = 1;
    p.in_caps = 1152;
    p.out_caps = 10;
    p.out_dim = 16;
    CHECK(caps_routing_s8_get_buffer_size(&p) == 80 + 4 * (320 + 10));
    p.n = 64;
    p.in_caps = 3;
    CHECK(caps_routing_s8_get_buffer_size(&p) == 80 + 4 * (320 + 10));
    CHECK(caps_routing_s8_get_buffer_size(NULL) < 0);
    p.out_caps = 0;
    CHECK(caps_routing_s8_get_buffer_size(&p) < 0);
    p.out_caps = 10;
    p.out_dim = -2;
    CHECK(caps_routing_s8_get_buffer_size(&p) < 0);
    p.out_caps = 0x8000;
    p.out_dim = 0x8000; /* 2^30 capsule elements: bytes overflow */
    CHECK(caps_routing_s8_get_buffer_size(&p) < 0);
}

/** Kernel validation shared by both routing kernels. */
static void test_routing_s8_validation(int self_attention) {
    caps_routing_params_t fp = f32_routing_params(1, 3, 2, 2, 3, CAPS_SQUASH_SABOUR, 1e-7f);
    caps_routing_s8_params_t good = s8_routing_shape(&fp);
    if (self_attention)
        CHECK(caps_self_attention_routing_s8_prepare(&good, 0.01, 1.0 / 128, 1e-7f, NULL, NULL) == CAPS_OK);
    else
        CHECK(caps_dynamic_routing_s8_prepare(&good, 0.01, 1.0 / 128, 1e-7f, NULL, NULL) == CAPS_OK);
    int8_t uh[12] = {1, -2, 3, 4, 5, -6, 7, 8, 9, 10, -11, 12}, v[4 + GUARD];
    int32_t lp[6] = {0};
    uint64_t scratch_words[32];
    int8_t *scratch = (int8_t *)scratch_words;
    CHECK(caps_routing_s8_get_buffer_size(&good) <= (int32_t)sizeof scratch_words - 8);
#define ROUTE(params, u, l, sc, outp)                                                                                  \
    (self_attention ? caps_self_attention_routing_s8((params), (u), (l), (sc), (outp))                                 \
                    : caps_dynamic_routing_s8((params), (u), (sc), (outp)))
    CHECK(ROUTE(&good, uh, lp, scratch, v) == CAPS_OK);
    memset(v, SENTINEL, sizeof v);
    memset(scratch_words, SENTINEL, sizeof scratch_words);
    caps_routing_s8_params_t p;
    CHECK(ROUTE(NULL, uh, lp, scratch, v) == CAPS_ERR_ARG);
    CHECK(ROUTE(&good, NULL, lp, scratch, v) == CAPS_ERR_ARG);
    CHECK(ROUTE(&good, uh, lp, NULL, v) == CAPS_ERR_ARG);
    CHECK(ROUTE(&good, uh, lp, scratch, NULL) == CAPS_ERR_ARG);
    CHECK(ROUTE(&good, uh, lp, scratch + 4, v) == CAPS_ERR_ARG); /* misaligned scratch */
    if (self_attention)
        CHECK(caps_self_attention_routing_s8(&good, uh, NULL, scratch, v) == CAPS_ERR_ARG);
    p = good;
    p.n = 0;
    CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    p = good;
    p.out_dim = -1;
    CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    p = good;
    p.n = 0x10000;
    p.in_caps = 0x10000;
    CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    p = good;
    p.squash_variant = 3;
    CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    p = good;
    p.logit_multiplier = 0;
    CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    p = good;
    p.scale_shift = 1000;
    CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    p = good;
    p.coupling_max = 0;
    CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    p = good;
    p.coupling_max = INT32_MAX / 128 / 3 + 1; /* in_caps * coupling_max * 128 overflows int32 */
    CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    p = good;
    p.coupling_frac_bits[0] = 31;
    CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    p = good;
    p.coupling_frac_bits[0] = -1;
    CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    if (self_attention) {
        p = good;
        p.prior_frac_bits = good.coupling_frac_bits[0] + 1; /* prior in another format */
        CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    } else {
        p = good;
        p.iterations = 0;
        CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
        p.iterations = CAPS_MAX_DIMS + 1;
        CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_UNSUPPORTED);
        p = good;
        p.coupling_frac_bits[2] = 40; /* the last iteration's format */
        CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
        p = good;
        p.v_frac_bits = 25;
        CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
        p = good;
        p.v_frac_bits = 22; /* 2 * 128 * 2 * 2^22 > 2^30: logits could overflow */
        CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    }
    CHECK(s8_is_sentinel(v, 4 + GUARD));
    CHECK(s8_is_sentinel(scratch, (int32_t)sizeof scratch_words));
#undef ROUTE
}

/** Prepare validation shared by both routing prepares. */
static void test_routing_prepare_validation(int self_attention) {
    caps_routing_params_t fp = f32_routing_params(1, 1152, 10, 16, 3, CAPS_SQUASH_SABOUR, 1e-7f);
    const caps_routing_s8_params_t shape = s8_routing_shape(&fp);
    caps_routing_s8_params_t p = shape;
    const float stats_ok[CAPS_MAX_DIMS] = {0.1f, 0.5f, 0.9f, 1.0f, 1.0f, 1.0f};
    float stats_bad[CAPS_MAX_DIMS] = {0.1f, 0.5f, 0.9f, 1.0f, 1.0f, 1.0f};
#define PREPARE(params, su, so, eps, l, c)                                                                             \
    (self_attention ? caps_self_attention_routing_s8_prepare((params), (su), (so), (eps), (l), (c))                    \
                    : caps_dynamic_routing_s8_prepare((params), (su), (so), (eps), (l), (c)))
    CHECK(PREPARE(NULL, 0.01, 1.0 / 128, 1e-7f, NULL, NULL) == CAPS_ERR_ARG);
    const double bad_scales[] = {0.0, -0.5, NAN, INFINITY};
    for (size_t i = 0; i < sizeof bad_scales / sizeof bad_scales[0]; ++i) {
        CHECK(PREPARE(&p, bad_scales[i], 1.0 / 128, 1e-7f, NULL, NULL) == CAPS_ERR_ARG);
        CHECK(PREPARE(&p, 0.01, bad_scales[i], 1e-7f, NULL, NULL) == CAPS_ERR_ARG);
    }
    CHECK(PREPARE(&p, 0.01, 1.0 / 128, 0.0f, NULL, NULL) == CAPS_ERR_ARG);
    CHECK(PREPARE(&p, 0.01, 1.0 / 128, (float)NAN, NULL, NULL) == CAPS_ERR_ARG);
    stats_bad[0] = (float)NAN;
    CHECK(PREPARE(&p, 0.01, 1.0 / 128, 1e-7f, stats_bad, stats_ok) == CAPS_ERR_ARG);
    CHECK(PREPARE(&p, 0.01, 1.0 / 128, 1e-7f, stats_ok, stats_bad) == CAPS_ERR_ARG);
    stats_bad[0] = -1.0f;
    CHECK(PREPARE(&p, 0.01, 1.0 / 128, 1e-7f, stats_ok, stats_bad) == CAPS_ERR_ARG);
    CHECK(memcmp(&p, &shape, sizeof p) == 0); /* the failed calls wrote nothing */
    p.squash_variant = 7;
    CHECK(PREPARE(&p, 0.01, 1.0 / 128, 1e-7f, NULL, NULL) == CAPS_ERR_ARG);
    p = shape;
    p.out_caps = 0;
    CHECK(PREPARE(&p, 0.01, 1.0 / 128, 1e-7f, NULL, NULL) == CAPS_ERR_ARG);
    p = shape;
    p.in_caps = 1 << 24; /* coupling_max would be 0 */
    p.out_caps = 1;
    p.out_dim = 1;
    CHECK(PREPARE(&p, 0.01, 1.0 / 128, 1e-7f, NULL, NULL) == CAPS_ERR_UNSUPPORTED);
    p = shape;
    CHECK(PREPARE(&p, 1e-200, 1.0 / 128, 1e-7f, NULL, NULL) == CAPS_ERR_UNSUPPORTED);
    if (!self_attention) {
        p = shape;
        p.iterations = 0;
        CHECK(PREPARE(&p, 0.01, 1.0 / 128, 1e-7f, NULL, NULL) == CAPS_ERR_ARG);
        p.iterations = CAPS_MAX_DIMS + 1;
        CHECK(PREPARE(&p, 0.01, 1.0 / 128, 1e-7f, NULL, NULL) == CAPS_ERR_UNSUPPORTED);
        p = shape;
        p.out_dim = 1 << 22; /* v_frac_bits would be 0 */
        p.in_caps = 1;
        CHECK(PREPARE(&p, 0.01, 1.0 / 128, 1e-7f, NULL, NULL) == CAPS_ERR_UNSUPPORTED);
    }
    p = shape;
    /* the formats: MNIST DigitCaps */
    CHECK(PREPARE(&p, 0.01, 1.0 / 128, 1e-7f, NULL, NULL) == CAPS_OK);
    CHECK(p.coupling_max == INT32_MAX / (128 * 1152));
    CHECK(p.n == shape.n && p.in_caps == shape.in_caps && p.out_caps == shape.out_caps && p.out_dim == shape.out_dim);
    if (self_attention) {
        CHECK(p.coupling_frac_bits[0] == 12 && p.prior_frac_bits == 12); /* 14563 / 2 -> 2^12 */
    } else {
        CHECK(p.v_frac_bits == 18 && p.coupling_frac_bits[0] == 13 && p.coupling_frac_bits[2] == 13);
        const float first[3] = {0.1f, 0.5f, 0.95f}, logit[3] = {0.0f, 1.0f, 5.0f};
        CHECK(PREPARE(&p, 0.01, 1.0 / 128, 1e-7f, logit, first) == CAPS_OK);
        /* headroom 2: 0.2, 1, 1 */
        CHECK(p.coupling_frac_bits[0] == 16 && p.coupling_frac_bits[1] == 13 && p.coupling_frac_bits[2] == 13);
        p.iterations = CAPS_MAX_DIMS; /* six iterations fit */
        CHECK(PREPARE(&p, 0.01, 1.0 / 128, 1e-7f, NULL, NULL) == CAPS_OK);
    }
#undef PREPARE
}

static void test_dynamic_routing_s8(void) {
    static const int32_t iters[] = {1, 2, 3, 6};
    for (int32_t variant = CAPS_SQUASH_SABOUR; variant <= CAPS_SQUASH_EFFICIENT; ++variant) {
        for (int stats = 0; stats <= 2; ++stats) {
            for (size_t k = 0; k < sizeof iters / sizeof iters[0]; ++k) {
                const int32_t it = iters[k];
                if (!TU_BOARD) /* Sabour et al. DigitCaps: 5 MB of buffers */
                    run_dynamic_case(2, 1152, 10, 16, it, variant, 0.1f, 0.1f, stats);
                run_dynamic_case(1, 1024, 10, 6, it, variant, 0.3f, 0.3f, stats);
                run_dynamic_case(2, 32, 10, 16, it, variant, 2.0f, 1.0f, stats); /* large agreement logits */
                run_dynamic_case(2, 16, 3, 8, it, variant, 0.02f, 0.02f, stats); /* small s */
                run_dynamic_case(2, 1, 1, 1, it, variant, 1.0f, 1.0f, stats);    /* one capsule each */
                run_dynamic_case(2, 7, 1, 4, it, variant, 1.0f, 0.5f, stats);    /* one output capsule */
                run_dynamic_case(2, 1, 5, 4, it, variant, 1.0f, 0.5f, stats);    /* one input capsule */
                run_dynamic_case(2, 8, 5, 1, it, variant, 1.0f, 1.0f, stats);    /* dim 1 */
            }
        }
        for (int32_t kind = 0; kind < 4; ++kind) {
            run_dynamic_int8_case(64, 10, 8, 3, variant, 1.0 / 16, kind);
            run_dynamic_int8_case(64, 10, 8, 3, variant, 2.0, kind); /* huge u_hat: logits far beyond 32 */
            run_dynamic_int8_case(1, 1, 4, 6, variant, 0.5, kind);
        }
    }
    test_routing_buffer_size();
    test_routing_s8_validation(0);
    test_routing_prepare_validation(0);
}

/** Self-attention case; the f32 reference uses the dequantized quantized prior (isolating the kernel's error). */
static void run_self_attention_case(int32_t n,
                                    int32_t in,
                                    int32_t out,
                                    int32_t dim,
                                    int32_t variant,
                                    float proto,
                                    float noise,
                                    float prior,
                                    int stats) {
    const caps_routing_params_t fp = f32_routing_params(n, in, out, dim, 0, variant, 1e-7f);
    const int32_t nuh = n * in * out * dim, nv = n * out * dim;
    float *uh = tu_alloc(nuh), *uhd = tu_alloc(nuh), *ref = tu_alloc(nv), *ref2 = tu_alloc(nv);
    float *lp = tu_alloc(in * out), *lpd = tu_alloc(in * out), *scratch = tu_alloc(caps_routing_get_buffer_size(&fp));
    int32_t *lpq = (int32_t *)calloc((size_t)(in * out), sizeof(int32_t));
    int8_t *q = alloc_s8(nuh), *v = alloc_s8(nv);
    fill_u_hat(uh, n, in, out, dim, proto, noise);
    tu_fill(lp, in * out, -prior, prior);
    const double s_u = quantize_symmetric(uh, q, nuh);
    dequantize(q, uhd, nuh, s_u);
    float max_logit = 0.0f, max_coupling = 0.0f;
    CHECK(caps_self_attention_routing_stats_f32(&fp, uhd, lp, scratch, ref2, &max_logit, &max_coupling) == CAPS_OK);
    CHECK(caps_self_attention_routing_f32(&fp, uhd, lp, scratch, ref) == CAPS_OK);
    CHECK(memcmp(ref, ref2, (size_t)nv * sizeof(float)) == 0);
    caps_routing_s8_params_t p = s8_routing_shape(&fp);
    const double s_out = 1.0 / 128;
    CHECK(caps_self_attention_routing_s8_prepare(&p, s_u, s_out, 1e-7f, stats ? &max_logit : NULL,
                                                 stats ? &max_coupling : NULL) == CAPS_OK);
    CHECK(caps_self_attention_routing_s8_quantize_prior(&p, lp, lpq) == CAPS_OK);
    for (int32_t k = 0; k < in * out; ++k)
        lpd[k] = (float)ldexp((double)lpq[k], -p.prior_frac_bits);
    CHECK(caps_self_attention_routing_f32(&fp, uhd, lpd, scratch, ref) == CAPS_OK);
    run_routing_s8(&p, q, lpq, v);
    err_t e;
    err_reset(&e);
    err_add(&e, v, ref, nv, s_out, 0);
    note(&worst_sa, &e);
    if (!(e.max_err <= 0.5 + 1.0 / 16))
        fprintf(stderr, "  self-attention %dx%dx%dx%d v%d stats%d: max error %.3f LSB\n", (int)n, (int)in, (int)out,
                (int)dim, (int)variant, stats, e.max_err);
    CHECK(e.max_err <= 0.5 + 1.0 / 16);
    free(uh);
    free(uhd);
    free(ref);
    free(ref2);
    free(lp);
    free(lpd);
    free(scratch);
    free(lpq);
    free(q);
    free(v);
}

static void test_quantize_prior(void) {
    caps_routing_params_t fp = f32_routing_params(1, 2, 3, 4, 0, CAPS_SQUASH_SABOUR, 1e-7f);
    caps_routing_s8_params_t p = s8_routing_shape(&fp);
    CHECK(caps_self_attention_routing_s8_prepare(&p, 0.01, 1.0 / 128, 1e-7f, NULL, NULL) == CAPS_OK);
    const float lp[6] = {0.5f, -0.25f, 0.0f, 1e9f, -1e9f, 0.1f};
    int32_t q[6];
    CHECK(caps_self_attention_routing_s8_quantize_prior(&p, lp, q) == CAPS_OK);
    const double unit = ldexp(1.0, p.prior_frac_bits);
    CHECK(q[0] == (int32_t)(0.5 * unit) && q[1] == -(int32_t)(0.25 * unit) && q[2] == 0);
    CHECK(q[3] == INT32_MAX && q[4] == INT32_MIN && q[5] == (int32_t)lround(0.1 * unit)); /* saturated */
    int32_t untouched[6] = {7, 7, 7, 7, 7, 7};
    float nan_prior[6] = {0.0f, 0.0f, (float)NAN, 0.0f, 0.0f, 0.0f};
    CHECK(caps_self_attention_routing_s8_quantize_prior(&p, nan_prior, untouched) == CAPS_ERR_ARG);
    nan_prior[2] = (float)INFINITY;
    CHECK(caps_self_attention_routing_s8_quantize_prior(&p, nan_prior, untouched) == CAPS_ERR_ARG);
    CHECK(caps_self_attention_routing_s8_quantize_prior(NULL, lp, untouched) == CAPS_ERR_ARG);
    CHECK(caps_self_attention_routing_s8_quantize_prior(&p, NULL, untouched) == CAPS_ERR_ARG);
    CHECK(caps_self_attention_routing_s8_quantize_prior(&p, lp, NULL) == CAPS_ERR_ARG);
    caps_routing_s8_params_t bad = p;
    bad.prior_frac_bits = 31;
    CHECK(caps_self_attention_routing_s8_quantize_prior(&bad, lp, untouched) == CAPS_ERR_ARG);
    bad = p;
    bad.in_caps = 0;
    CHECK(caps_self_attention_routing_s8_quantize_prior(&bad, lp, untouched) == CAPS_ERR_ARG);
    int same = 1;
    for (int k = 0; k < 6; ++k)
        same &= untouched[k] == 7;
    CHECK(same);
}

static void test_self_attention_routing_s8(void) {
    for (int32_t variant = CAPS_SQUASH_SABOUR; variant <= CAPS_SQUASH_EFFICIENT; ++variant) {
        for (int stats = 0; stats <= 1; ++stats) {
            run_self_attention_case(1, 16, 10, 16, variant, 0.3f, 0.3f, 0.0f, stats); /* Efficient-CapsNet */
            run_self_attention_case(2, 16, 10, 16, variant, 0.3f, 0.3f, 0.5f, stats);
            run_self_attention_case(2, 16, 10, 16, variant, 1.0f, 0.5f, 0.1f, stats); /* sharper attention */
            run_self_attention_case(2, 1, 1, 1, variant, 1.0f, 1.0f, 0.5f, stats);
            run_self_attention_case(2, 5, 3, 4, variant, 1.0f, 0.5f, 1.0f, stats);
            run_self_attention_case(1, 8, 1, 4, variant, 1.0f, 0.5f, 0.2f, stats); /* one output capsule */
            run_self_attention_case(1, 1, 6, 4, variant, 1.0f, 0.5f, 0.2f, stats); /* one input capsule */
            run_self_attention_case(1, 1152, 10, 8, variant, 0.05f, 0.05f, 0.01f, stats);
        }
    }
    /* huge u_hat: logits far beyond the exp range (scale 2: a_ij up to ~ 1e5) */
    for (int32_t variant = CAPS_SQUASH_SABOUR; variant <= CAPS_SQUASH_EFFICIENT; ++variant) {
        const caps_routing_params_t fp = f32_routing_params(1, 32, 10, 8, 0, variant, 1e-7f);
        const int32_t nuh = 32 * 10 * 8, nv = 80;
        int8_t *q = alloc_s8(nuh), *v = alloc_s8(nv);
        float *uhd = tu_alloc(nuh), *ref = tu_alloc(nv), *lp = tu_alloc(320), *scratch = tu_alloc(90);
        int32_t *lpq = (int32_t *)calloc(320, sizeof(int32_t));
        for (int32_t k = 0; k < nuh; ++k)
            q[k] = (int8_t)(tu_rand_u32() & 1 ? 127 : -128);
        dequantize(q, uhd, nuh, 2.0);
        caps_routing_s8_params_t p = s8_routing_shape(&fp);
        CHECK(caps_self_attention_routing_s8_prepare(&p, 2.0, 1.0 / 128, 1e-7f, NULL, NULL) == CAPS_OK);
        CHECK(caps_self_attention_routing_f32(&fp, uhd, lp, scratch, ref) == CAPS_OK);
        run_routing_s8(&p, q, lpq, v);
        err_t e;
        err_reset(&e);
        err_add(&e, v, ref, nv, 1.0 / 128, 0);
        note(&worst_sa, &e);
        CHECK(e.max_err <= 0.5 + 1.0 / 16);
        free(q);
        free(v);
        free(uhd);
        free(ref);
        free(lp);
        free(scratch);
        free(lpq);
    }
    test_quantize_prior();
    test_routing_s8_validation(1);
    test_routing_prepare_validation(1);
}

/* ---------------------------------------------------------------- calibration statistics (f32) */

/** Textbook dynamic routing in double recording max |b| and max c per iteration. */
static void textbook_stats(const caps_routing_params_t *p, const float *u_hat, double *max_logit, double *max_c) {
    const int32_t in = p->in_caps, out = p->out_caps, dim = p->out_dim;
    double *b = tu_alloc_d(in * out), *c = tu_alloc_d(in * out), *s = tu_alloc_d(out * dim);
    for (int32_t bt = 0; bt < p->n; ++bt) {
        const float *uh = u_hat + bt * in * out * dim;
        for (int32_t k = 0; k < in * out; ++k)
            b[k] = 0.0;
        for (int32_t it = 0; it < p->iterations; ++it) {
            for (int32_t i = 0; i < in; ++i) {
                double mx = -INFINITY, sum = 0.0;
                for (int32_t j = 0; j < out; ++j) {
                    mx = fmax(mx, b[i * out + j]);
                    max_logit[it] = fmax(max_logit[it], fabs(b[i * out + j]));
                }
                for (int32_t j = 0; j < out; ++j)
                    sum += exp(b[i * out + j] - mx);
                for (int32_t j = 0; j < out; ++j) {
                    c[i * out + j] = exp(b[i * out + j] - mx) / sum;
                    max_c[it] = fmax(max_c[it], c[i * out + j]);
                }
            }
            for (int32_t j = 0; j < out; ++j) {
                double n2 = 0.0;
                for (int32_t d = 0; d < dim; ++d) {
                    double acc = 0.0;
                    for (int32_t i = 0; i < in; ++i)
                        acc += c[i * out + j] * (double)uh[(i * out + j) * dim + d];
                    s[j * dim + d] = acc;
                    n2 += acc * acc;
                }
                const double n = sqrt(n2);
                const double scale = p->squash_variant == CAPS_SQUASH_EFFICIENT
                                         ? (1.0 - exp(-n)) / (n + (double)p->epsilon)
                                         : n2 / (1.0 + n2) / sqrt(n2 + (double)p->epsilon);
                for (int32_t d = 0; d < dim; ++d)
                    s[j * dim + d] *= scale;
            }
            for (int32_t i = 0; i < in; ++i)
                for (int32_t j = 0; j < out; ++j) {
                    double dot = 0.0;
                    for (int32_t d = 0; d < dim; ++d)
                        dot += (double)uh[(i * out + j) * dim + d] * s[j * dim + d];
                    b[i * out + j] += dot;
                }
        }
    }
    free(b);
    free(c);
    free(s);
}

static void test_stats(void) {
    for (int32_t variant = CAPS_SQUASH_SABOUR; variant <= CAPS_SQUASH_EFFICIENT; ++variant) {
        const caps_routing_params_t p = f32_routing_params(2, 64, 10, 8, 3, variant, 1e-7f);
        const int32_t nuh = 2 * 64 * 80, nv = 160;
        float *uh = tu_alloc(nuh), *v = tu_alloc(nv), *v2 = tu_alloc(nv), *scratch = tu_alloc(90);
        fill_u_hat(uh, 2, 64, 10, 8, 1.0f, 0.5f);
        float ml[3] = {0}, mc[3] = {0};
        double wl[3] = {0}, wc[3] = {0};
        CHECK(caps_dynamic_routing_f32(&p, uh, scratch, v) == CAPS_OK);
        CHECK(caps_dynamic_routing_stats_f32(&p, uh, scratch, v2, ml, mc) == CAPS_OK);
        CHECK(memcmp(v, v2, sizeof(float) * (size_t)nv) == 0); /* bit-identical */
        textbook_stats(&p, uh, wl, wc);
        CHECK(ml[0] == 0.0f && fabs((double)mc[0] - 0.1) < 1e-6); /* iteration 0: logits 0, couplings 1/10 */
        int close = 1;
        for (int it = 1; it < 3; ++it)
            close &= fabs((double)ml[it] - wl[it]) <= 1e-4 * wl[it] && fabs((double)mc[it] - wc[it]) <= 1e-5;
        CHECK(close);
        /* running maxima: the same data again changes nothing; larger initial values are kept */
        float ml2[3] = {ml[0], ml[1], ml[2]}, mc2[3] = {mc[0], mc[1], mc[2]};
        CHECK(caps_dynamic_routing_stats_f32(&p, uh, scratch, v2, ml2, mc2) == CAPS_OK);
        CHECK(memcmp(ml, ml2, sizeof ml) == 0 && memcmp(mc, mc2, sizeof mc) == 0);
        float big[3] = {1e6f, 1e6f, 1e6f}, big2[3] = {2.0f, 2.0f, 2.0f};
        CHECK(caps_dynamic_routing_stats_f32(&p, uh, scratch, v2, big, big2) == CAPS_OK);
        CHECK(big[1] == 1e6f && big2[2] == 2.0f);
        /* NULL statistics: rejected, nothing written */
        tu_fill_sentinel(v2, nv);
        CHECK(caps_dynamic_routing_stats_f32(&p, uh, scratch, v2, NULL, mc) == CAPS_ERR_ARG);
        CHECK(caps_dynamic_routing_stats_f32(&p, uh, scratch, v2, ml, NULL) == CAPS_ERR_ARG);
        CHECK(tu_is_sentinel(v2, nv));

        /* self-attention */
        const caps_routing_params_t q = f32_routing_params(2, 64, 10, 8, 0, variant, 1e-7f);
        float *lp = tu_alloc(640);
        tu_fill(lp, 640, -0.3f, 0.3f);
        float l1 = 0.0f, c1 = 0.0f;
        CHECK(caps_self_attention_routing_f32(&q, uh, lp, scratch, v) == CAPS_OK);
        CHECK(caps_self_attention_routing_stats_f32(&q, uh, lp, scratch, v2, &l1, &c1) == CAPS_OK);
        CHECK(memcmp(v, v2, sizeof(float) * (size_t)nv) == 0);
        /* independent: a_ij = u_hat_j|i . sum_k u_hat_j|k / sqrt(8), c = softmax + prior */
        double want_l = 0.0, want_c = 0.0;
        for (int32_t bt = 0; bt < 2; ++bt) {
            const float *u = uh + bt * 64 * 80;
            for (int32_t i = 0; i < 64; ++i) {
                double a[10], mx = -INFINITY, sum = 0.0;
                for (int32_t j = 0; j < 10; ++j) {
                    double dot = 0.0;
                    for (int32_t d = 0; d < 8; ++d) {
                        double sk = 0.0;
                        for (int32_t k = 0; k < 64; ++k)
                            sk += (double)u[(k * 10 + j) * 8 + d];
                        dot += (double)u[(i * 10 + j) * 8 + d] * sk;
                    }
                    a[j] = dot / sqrt(8.0);
                    mx = fmax(mx, a[j]);
                    want_l = fmax(want_l, fabs(a[j]));
                }
                for (int32_t j = 0; j < 10; ++j)
                    sum += exp(a[j] - mx);
                for (int32_t j = 0; j < 10; ++j)
                    want_c = fmax(want_c, fabs(exp(a[j] - mx) / sum + (double)lp[i * 10 + j]));
            }
        }
        CHECK(fabs((double)l1 - want_l) <= 1e-4 * want_l && fabs((double)c1 - want_c) <= 1e-5);
        tu_fill_sentinel(v2, nv);
        CHECK(caps_self_attention_routing_stats_f32(&q, uh, lp, scratch, v2, NULL, &c1) == CAPS_ERR_ARG);
        CHECK(caps_self_attention_routing_stats_f32(&q, uh, lp, scratch, v2, &l1, NULL) == CAPS_ERR_ARG);
        CHECK(tu_is_sentinel(v2, nv));
        free(uh);
        free(v);
        free(v2);
        free(scratch);
        free(lp);
    }
}

/* ---------------------------------------------------------------- length */

static void run_length_case(int32_t count, int32_t dim, double s_in, double s_out, int32_t zp) {
    caps_length_s8_params_t p;
    memset(&p, 0, sizeof p);
    CHECK(caps_length_s8_prepare(s_in, s_out, zp, &p) == CAPS_OK);
    p.count = count;
    p.dim = dim;
    const int32_t n = count * dim;
    int8_t *q = alloc_s8(n), *y = alloc_s8(count);
    float *x = tu_alloc(n), *ref = tu_alloc(count);
    fill_capsules_s8(q, count, dim);
    for (int32_t d = 0; d < dim; ++d) {
        q[d] = 0;
        if (count > 1)
            q[dim + d] = -128;
        if (count > 2)
            q[2 * dim + d] = 127;
    }
    dequantize(q, x, n, s_in);
    caps_length_params_t fp;
    memset(&fp, 0, sizeof fp);
    fp.count = count;
    fp.dim = dim;
    CHECK(caps_length_f32(&fp, x, ref) == CAPS_OK);
    CHECK(caps_length_s8(&p, q, y) == CAPS_OK);
    err_t e;
    err_reset(&e);
    err_add(&e, y, ref, count, s_out, zp);
    note(&worst_length, &e);
    CHECK(e.max_err <= 0.5 + 1.0 / 1024);
    CHECK(y[0] == zp); /* zero capsule */
    CHECK(s8_is_sentinel(y + count, GUARD));
    free(q);
    free(y);
    free(x);
    free(ref);
}

static void test_length(void) {
    run_length_case(500, 16, 1.0 / 128, 1.0 / 255, -128); /* lengths of squashed capsules in [0, 1] */
    run_length_case(500, 8, 1.0 / 128, 1.0 / 256, -128);
    run_length_case(500, 8, 1.0 / 16, 0.05, -20);
    run_length_case(300, 1, 0.1, 0.1, 0);
    run_length_case(3, 4096, 1.0 / 128, 1.0 / 8, -128); /* long capsules, saturating (length up to 64) */
    run_length_case(1, 3, 1.0 / 128, 1.0 / 255, -128);
    /* 3-4-12 capsule: length 13 units exactly */
    caps_length_s8_params_t p;
    memset(&p, 0, sizeof p);
    CHECK(caps_length_s8_prepare(1.0, 1.0, 0, &p) == CAPS_OK);
    p.count = 1;
    p.dim = 3;
    const int8_t x[3] = {3, -4, 12};
    int8_t y[2 + GUARD];
    CHECK(caps_length_s8(&p, x, y) == CAPS_OK);
    CHECK(y[0] == 13);
    memset(y, SENTINEL, sizeof y);
    caps_length_s8_params_t q;
    CHECK(caps_length_s8(NULL, x, y) == CAPS_ERR_ARG);
    CHECK(caps_length_s8(&p, NULL, y) == CAPS_ERR_ARG);
    CHECK(caps_length_s8(&p, x, NULL) == CAPS_ERR_ARG);
    q = p;
    q.count = 0;
    CHECK(caps_length_s8(&q, x, y) == CAPS_ERR_ARG);
    q = p;
    q.output_zero_point = 128;
    CHECK(caps_length_s8(&q, x, y) == CAPS_ERR_ARG);
    q = p;
    q.multiplier = 5;
    CHECK(caps_length_s8(&q, x, y) == CAPS_ERR_ARG);
    CHECK(s8_is_sentinel(y, 2 + GUARD));
    caps_length_s8_params_t r;
    memset(&r, 0x33, sizeof r);
    const caps_length_s8_params_t r0 = r;
    CHECK(caps_length_s8_prepare(0.0, 0.1, 0, &r) == CAPS_ERR_ARG);
    CHECK(caps_length_s8_prepare(0.1, -1.0, 0, &r) == CAPS_ERR_ARG);
    CHECK(caps_length_s8_prepare((double)NAN, 0.1, 0, &r) == CAPS_ERR_ARG);
    CHECK(caps_length_s8_prepare(0.1, (double)INFINITY, 0, &r) == CAPS_ERR_ARG);
    CHECK(caps_length_s8_prepare(0.1, 0.1, -129, &r) == CAPS_ERR_ARG);
    CHECK(caps_length_s8_prepare(0.1, 0.1, 0, NULL) == CAPS_ERR_ARG);
    CHECK(caps_length_s8_prepare(1e-200, 1e200, 0, &r) == CAPS_ERR_UNSUPPORTED);
    CHECK(memcmp(&r, &r0, sizeof r) == 0);
}

int main(void) {
    tu_seed(2021u);
    test_clz_isqrt();
    test_gemmlowp_primitives();
    test_pseudo_float();
    test_squash();
    test_predict();
    test_dynamic_routing_s8();
    test_self_attention_routing_s8();
    test_stats();
    test_length();
    printf("  max deviation from the f32 kernels (LSB): squash %.4f, predict %.4f, length %.4f, dynamic routing %.4f "
           "(calibrated on other data %.4f), self-attention routing %.4f\n",
           worst_squash, worst_predict, worst_length, worst_routing, worst_routing_other, worst_sa);
    return tu_finish("test_capsule_s8");
}
