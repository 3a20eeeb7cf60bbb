/**
 * @file test_quantized.c
 * @brief Unit tests of the int8 (s8) kernels: caps_quantize_multiplier, caps_quantize_s8, caps_dequantize_s8,
 *        caps_conv2d_s8, caps_fc_s8, caps_add_s8, caps_sub_s8, caps_mul_s8, caps_clamp_s8, caps_max_pool2d_s8,
 *        caps_avg_pool2d_s8, caps_reduce_mean_s8, caps_reduce_max_s8, caps_transpose_s8, caps_concat_s8,
 *        caps_slice_s8, caps_pad_s8 and caps_copy_s8 (and the requantization primitive caps_ref_requantize).
 *
 * 1. Against the f32 twin, on seeded random data: random float inputs (and weights, biases) are quantized
 *    (inputs asymmetric per tensor, weights symmetric per output channel, int32 bias = round(b / (s_in * s_w))),
 *    dequantized, and the f32 kernel runs on the dequantized values; its result y must be reproduced as
 *    q = clamp(round(y / s_out) + zp_out, act_min, act_max) (round half away from zero):
 *      - within 1 LSB for the requantizing and averaging kernels (conv, fc, add, sub, mul, avg pool, reduce
 *        mean). Why 1: caps_ref_requantize is within 0.75 LSB of the exact scaled accumulator (one rounding
 *        of the doubling high multiply, one of the rounding shift; the Q31 multiplier is exact to 2^-31
 *        relative), round() is within 0.5 LSB of y / s_out, and the float evaluation of y (including the
 *        rounding of the dequantized operands) differs from the exact value by far less than 0.25 LSB at
 *        these sizes, so the two integers differ by less than 2, i.e. by at most 1. The mean / average
 *        rounds once (0.5 LSB) on the int8 side;
 *      - exactly for the kernels that only select or move values (max pool, reduce max, clamp, transpose,
 *        concat, slice, pad, copy).
 *    The requantizing kernels are also compared exactly with independent int64 reference loops.
 * 2. Saturation: inputs all -128 / 127, weights all -128 / -127 / 127, extreme offsets, biases at the int32
 *    limits, accumulators beyond int32 (k = 70000), extreme multipliers and shifts: results must equal an
 *    independent int64 evaluation of the documented formula (exact sums, then saturation).
 * 3. caps_ref_requantize: exact on a table computed from TFLite's definition (gemmlowp's
 *    SaturatingRoundingDoublingHighMul rounds ties up, RoundingDivideByPOT away from zero; negative ties
 *    included), exact against an int64 re-derivation on random data, within 1 of the double-precision
 *    round(acc * factor); the pow2 path (multiplier 0) exactly; caps_quantize_multiplier round trips
 *    (factor reconstructed within 2^-31 relative) and its documented range ends.
 * 4. Parameter validation: NULL pointers, bad sizes and out-of-range quantization parameters return
 *    CAPS_ERR_ARG (CAPS_ERR_UNSUPPORTED for avg pool's count_include_pad with pads) without writing.
 */
#include "test_util.h"

#include "../src/ref/internal/ref_quant.h"

/* ---------------------------------------------------------------- int8 helpers */

static int8_t *tq_alloc(int32_t n) { return (int8_t *)tu_alloc_bytes(n, 1); }

static int32_t *tq_alloc_i32(int32_t n) { return (int32_t *)tu_alloc_bytes(n, sizeof(int32_t)); }

/** Scratch of caps_conv2d_s8_get_buffer_size(p) bytes (at least 4) for caps_conv2d_s8, reused between calls. */
static void *conv_scratch(const caps_conv2d_s8_params_t *p) {
    static void *buffer = NULL;
    static int32_t capacity = 0;
    const int32_t need = caps_conv2d_s8_get_buffer_size(p) > 4 ? caps_conv2d_s8_get_buffer_size(p) : 4;
    if (need > capacity) {
        free(buffer);
        buffer = tu_alloc_bytes(need, 1);
        capacity = need;
    }
    return buffer;
}

static void tq_fill(int8_t *x, int32_t n, int32_t lo, int32_t hi) {
    for (int32_t i = 0; i < n; ++i)
        x[i] = (int8_t)tu_rand_int(lo, hi);
}

static void tq_set(int8_t *x, int32_t n, int32_t value) {
    for (int32_t i = 0; i < n; ++i)
        x[i] = (int8_t)value;
}

enum { TQ_SENTINEL = 0x5a };

static void tq_fill_sentinel(int8_t *x, int32_t n) { memset(x, TQ_SENTINEL, (size_t)n); }

static int tq_is_sentinel(const int8_t *x, int32_t n) {
    for (int32_t i = 0; i < n; ++i) {
        if (x[i] != TQ_SENTINEL)
            return 0;
    }
    return 1;
}

/** x rounded to the nearest integer, ties away from zero (exact for |x| < 2^52). */
static double tq_round(double x) { return x >= 0.0 ? floor(x + 0.5) : -floor(-x + 0.5); }

/** floor(x) for |x| < 2^62 without libm: picolibc 1.8's floor() on RV32 (soft double) is wrong for negative
 *  non-integers (floor(-4194303.5) gives -4194302). */
static double floor_exact(double x) {
    const double t = (double)(int64_t)x; /* truncated toward zero */
    return t > x ? t - 1.0 : t;
}

/** The int8 image of a real value: clamp(round(y / scale) + zp, lo, hi). */
static int8_t tq_quantize_real(double y, double scale, int32_t zp, int32_t lo, int32_t hi) {
    double v = tq_round(y / scale) + (double)zp;
    v = v<(double)lo ? (double)lo : v>(double) hi ? (double)hi : v;
    return (int8_t)v;
}

/** Dequantizes n values: scale * (q - zp) in float, as the f32 side of a quantized graph sees them. */
static void tq_dequantize(const int8_t *q, int32_t n, float scale, int32_t zp, float *x) {
    for (int32_t i = 0; i < n; ++i)
        x[i] = scale * (float)((int32_t)q[i] - zp);
}

/** Asymmetric quantization of the float range [lo, hi] (lo < 0 < hi): scale and zero point. */
static void tq_choose(float lo, float hi, float *scale, int32_t *zp) {
    *scale = (hi - lo) / 255.0f;
    const double z = tq_round(-128.0 - (double)lo / (double)*scale);
    *zp = (int32_t)(z < -128.0 ? -128.0 : z > 127.0 ? 127.0 : z);
}

/** Output quantization covering the range of the n float results y, widened or narrowed by factor. */
static void tq_choose_output(const float *y, int32_t n, float factor, float *scale, int32_t *zp) {
    float lo = 0.0f, hi = 0.0f;
    for (int32_t i = 0; i < n; ++i) {
        lo = y[i] < lo ? y[i] : lo;
        hi = y[i] > hi ? y[i] : hi;
    }
    if (hi - lo < 1e-6f)
        hi = lo + 1.0f;
    tq_choose(lo * factor, hi * factor, scale, zp);
}

/** Number of elements with |got - want| > tol; prints the first few. */
static int tq_mismatches(const char *what, const int8_t *got, const int8_t *want, int32_t n, int32_t tol) {
    int bad = 0;
    for (int32_t i = 0; i < n; ++i) {
        const int32_t d = (int32_t)got[i] - (int32_t)want[i];
        if (d > tol || d < -tol) {
            if (bad < 5)
                fprintf(stderr, "  %s: element %ld: got %d, want %d\n", what, (long)i, got[i], want[i]);
            ++bad;
        }
    }
    return bad;
}

/** CHECKs |got - want| <= tol elementwise. */
#define CHECK_S8(what, got, want, n, tol) CHECK(tq_mismatches((what), (got), (want), (n), (tol)) == 0)

/** (multiplier, shift) of a real factor through caps_quantize_multiplier (CHECKed). */
static void tq_multiplier(double factor, int32_t *multiplier, int32_t *shift) {
    CHECK(caps_quantize_multiplier(factor, multiplier, shift) == CAPS_OK);
}

/* ---------------------------------------------------------------- independent int64 references */

static int64_t ref_floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    if (a % b != 0 && ((a < 0) != (b < 0)))
        --q;
    return q;
}

static int64_t ref_sat32(int64_t x) { return x > INT32_MAX ? INT32_MAX : x < INT32_MIN ? INT32_MIN : x; }

/**
 * caps_ref_requantize re-derived from its definition: multiplier != 0: x = sat32(acc * 2^left), the doubling
 * high multiply round(x * m / 2^31) with ties up (gemmlowp's nudge-and-truncate is floor((x * m + 2^30) / 2^31);
 * INT32_MIN * INT32_MIN saturates), then the division by 2^right with ties away from zero;
 * multiplier 0: acc * 2^shift, right shifts rounding half up, left shifts saturating. shift clamped to [-31, 31].
 */
static int32_t ref_requant(int32_t acc, int32_t multiplier, int32_t shift) {
    shift = shift < -31 ? -31 : shift > 31 ? 31 : shift;
    if (multiplier == 0) {
        if (shift >= 0)
            return (int32_t)ref_sat32((int64_t)acc * ((int64_t)1 << shift));
        const int64_t div = (int64_t)1 << -shift;
        return (int32_t)ref_floor_div((int64_t)acc + div / 2, div);
    }
    const int32_t left = shift > 0 ? shift : 0;
    const int32_t right = shift > 0 ? 0 : -shift;
    const int64_t x = ref_sat32((int64_t)acc * ((int64_t)1 << left));
    int64_t high;
    if (x == INT32_MIN && multiplier == INT32_MIN)
        high = INT32_MAX;
    else
        high = ref_floor_div(x * multiplier + ((int64_t)1 << 30), (int64_t)1 << 31);
    if (right == 0)
        return (int32_t)high;
    const int64_t mag = high < 0 ? -high : high;
    const int64_t q = (mag + ((int64_t)1 << (right - 1))) >> right; /* mag >= 0: floor */
    return (int32_t)(high < 0 ? -q : q);
}

/** clamp(requantized + offset, lo, hi) in int64. */
static int8_t ref_output(int32_t requantized, int32_t offset, int32_t lo, int32_t hi) {
    int64_t y = (int64_t)requantized + offset;
    y = y < lo ? lo : y > hi ? hi : y;
    return (int8_t)y;
}

/* ---------------------------------------------------------------- requantization */

static void test_requantize_table(void) {
    /* {acc, multiplier, shift, TFLite's MultiplyByQuantizedMultiplier}. Worked by hand from gemmlowp's
     * definitions (SRDHM: (a * b + nudge) / 2^31 truncated, nudge = 2^30 or 1 - 2^30, i.e. ties up;
     * RoundingDivideByPOT: ties away from zero) and cross-checked with a Python transcription of the
     * TFLite source. Examples: 3 * 0.5 = 1.5 -> 2 but -3 * 0.5 = -1.5 -> -1 (SRDHM tie up);
     * 6 * 0.375 via 0.75 then / 2: 4.5 -> 5, 2.5 -> 3 (exact 2.25 rounds to 2: the double rounding);
     * -6 -> -4.5 -> -4 -> -2; -4 * 0.125: -2 / 4 = -0.5 -> -1 (away from zero). */
    static const int32_t table[][4] = {
        {3, 1073741824, 0, 2},
        {-3, 1073741824, 0, -1},
        {1, 1073741824, 0, 1},
        {-1, 1073741824, 0, 0},
        {6, 1610612736, -1, 3},
        {-6, 1610612736, -1, -2},
        {-3, 1073741824, -1, -1},
        {-5, 1073741824, -1, -1},
        {-10, 1073741824, -2, -1},
        {-12, 1073741824, -3, -1},
        {-4, 1073741824, -2, -1},
        {4, 1073741824, -2, 1},
        {100, 1073741824, 3, 400},
        {-100, 1610612736, 2, -300},
        {2147483647, 2147483647, 0, 2147483646},
        {-2147483647 - 1, 2147483647, 0, -2147483647},
        {-2147483647 - 1, 1073741824, -31, -1},
        {2147483647, 1073741824, -31, 1},
        {0, 1518500250, -7, 0},
        {1234567, 1518500250, -5, 27280},
        {-1234567, 1518500250, -5, -27280},
        {-7, 1431655765, -1, -3},
        {7, 1431655765, -1, 3},
        {-9, 1431655766, 0, -6},
        {9, 1431655766, 0, 6},
        {-123456789, 2147483647, -20, -118},
        {987654, 1717986918, -12, 193},
        {-987654, 1717986918, -12, -193},
        {8323200, 1395864371, -18, 21},
        {-8323200, 1395864371, -18, -21},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; ++i) {
        const int32_t got = caps_ref_requantize(table[i][0], table[i][1], table[i][2]);
        if (got != table[i][3])
            fprintf(stderr, "  requantize table %u: got %ld, want %ld\n", (unsigned)i, (long)got, (long)table[i][3]);
        CHECK(got == table[i][3]);
        CHECK(ref_requant(table[i][0], table[i][1], table[i][2]) == table[i][3]);
    }
    /* pow2 scheme (multiplier 0): {acc, shift, (acc + 2^(n-1)) >> n for shift -n, saturating left shifts}. */
    static const int32_t pow2[][3] = {
        {3, -1, 2},
        {-3, -1, -1},
        {-1, -1, 0},
        {-2, -1, -1},
        {5, -2, 1},
        {-6, -2, -1},
        {-10, -2, -2},
        {7, 0, 7},
        {-7, 3, -56},
        {1073741824, 2, 2147483647},
        {-1073741824, 1, -2147483647 - 1},
        {-1073741825, 1, -2147483647 - 1},
        {-2147483647 - 1, -31, -1},
        {2147483647, -31, 1},
        {7, 40, 2147483647},   /* shift clamped to 31 */
        {7, -40, 0},           /* shift clamped to -31 */
        {1073741824, -40, 1},  /* (2^30 + 2^30) >> 31 */
        {-1073741824, -31, 0}, /* -0.5 rounds up */
        {-1073741825, -31, -1},
    };
    for (size_t i = 0; i < sizeof pow2 / sizeof pow2[0]; ++i) {
        const int32_t got = caps_ref_requantize(pow2[i][0], 0, pow2[i][1]);
        if (got != pow2[i][2])
            fprintf(stderr, "  pow2 table %u: got %ld, want %ld\n", (unsigned)i, (long)got, (long)pow2[i][2]);
        CHECK(got == pow2[i][2]);
        CHECK(ref_requant(pow2[i][0], 0, pow2[i][1]) == pow2[i][2]);
    }
}

/** A random accumulator of random magnitude (uniform over int32, divided by a random power of two). */
static int32_t rand_acc(void) {
    const int64_t v = (int64_t)tu_rand_u32() - ((int64_t)1 << 31);
    return (int32_t)(v / ((int64_t)1 << tu_rand_int(0, 31)));
}

static void test_requantize_random(void) {
    int exact_bad = 0, double_bad = 0, pow2_bad = 0;
    for (int t = 0; t < 200000; ++t) {
        const int32_t acc = rand_acc();
        const int32_t multiplier = (int32_t)((1u << 30) + (tu_rand_u32() >> 2));
        const int32_t shift = t % 4 == 0 ? tu_rand_int(-31, 31) : tu_rand_int(-31, 0);
        const int32_t got = caps_ref_requantize(acc, multiplier, shift);
        exact_bad += got != ref_requant(acc, multiplier, shift);
        /* double: acc * m * 2^(shift - 31), relative error 2^-53; compared where the left shift of acc does
         * not saturate (a saturated left shift is documented, TFLite would overflow) */
        const double shifted = (double)acc * ldexp(1.0, shift > 0 ? shift : 0);
        if (fabs(shifted) <= 2147483647.0) {
            const double real = (double)acc * (double)multiplier * ldexp(1.0, shift - 31);
            const double d = (double)got - tq_round(real);
            double_bad += d > 1.0 || d < -1.0;
        }
        /* pow2: exact round half up of acc * 2^shift, saturated */
        const int32_t pshift = tu_rand_int(-31, 31);
        const int32_t pgot = caps_ref_requantize(acc, 0, pshift);
        const double preal = floor_exact((double)acc * ldexp(1.0, pshift) + 0.5);
        const double pwant = preal > 2147483647.0 ? 2147483647.0 : preal < -2147483648.0 ? -2147483648.0 : preal;
        pow2_bad += (double)pgot != pwant || pgot != ref_requant(acc, 0, pshift);
    }
    CHECK(exact_bad == 0);
    CHECK(double_bad == 0);
    CHECK(pow2_bad == 0);
}

static void test_quantize_multiplier(void) {
    int32_t m = 0, s = 0;
    /* Known splits. */
    CHECK(caps_quantize_multiplier(1.0, &m, &s) == CAPS_OK && m == (1 << 30) && s == 1);
    CHECK(caps_quantize_multiplier(0.5, &m, &s) == CAPS_OK && m == (1 << 30) && s == 0);
    CHECK(caps_quantize_multiplier(0.75, &m, &s) == CAPS_OK && m == (3 << 29) && s == 0);
    CHECK(caps_quantize_multiplier(0.1, &m, &s) == CAPS_OK && m == 1717986918 && s == -3);
    /* q * 2^31 rounds to 2^31: halved, shift incremented. */
    CHECK(caps_quantize_multiplier(nextafter(1.0, 0.0), &m, &s) == CAPS_OK && m == (1 << 30) && s == 1);
    /* Range ends: 2^-32 is representable (shift -31), anything smaller gives (2^30, -31). */
    CHECK(caps_quantize_multiplier(ldexp(1.0, -32), &m, &s) == CAPS_OK && m == (1 << 30) && s == -31);
    CHECK(caps_quantize_multiplier(ldexp(1.5, -32), &m, &s) == CAPS_OK && m == (3 << 29) && s == -31);
    CHECK(caps_quantize_multiplier(ldexp(1.9, -33), &m, &s) == CAPS_OK && m == (1 << 30) && s == -31);
    CHECK(caps_quantize_multiplier(1e-300, &m, &s) == CAPS_OK && m == (1 << 30) && s == -31);
    CHECK(caps_quantize_multiplier(4.9e-324, &m, &s) == CAPS_OK && m == (1 << 30) && s == -31);
    CHECK(caps_quantize_multiplier(2147483647.0, &m, &s) == CAPS_OK && m == 2147483647 && s == 31);
    CHECK(caps_quantize_multiplier(2147483647.25, &m, &s) == CAPS_OK && m == 2147483647 && s == 31);
    /* Rejected without writing. */
    const double bad[] = {0.0, -0.0, -1.0, 2147483647.5, 2147483648.0, 1e300, INFINITY, -INFINITY, NAN};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
        m = 123;
        s = 456;
        CHECK(caps_quantize_multiplier(bad[i], &m, &s) == CAPS_ERR_ARG);
        CHECK(m == 123 && s == 456);
    }
    CHECK(caps_quantize_multiplier(0.5, NULL, &s) == CAPS_ERR_ARG);
    CHECK(caps_quantize_multiplier(0.5, &m, NULL) == CAPS_ERR_ARG);
    /* Round trips over the whole range. */
    int range_bad = 0, trip_bad = 0, requant_bad = 0;
    for (int t = 0; t < 100000; ++t) {
        const double factor = ldexp(1.0 + (double)tu_rand_u32() / 4294967296.0, tu_rand_int(-32, 29));
        if (caps_quantize_multiplier(factor, &m, &s) != CAPS_OK) {
            ++range_bad;
            continue;
        }
        range_bad += m < (1 << 30) || s < -31 || s > 31;
        const double back = (double)m * ldexp(1.0, s - 31);
        trip_bad += fabs(back - factor) > ldexp(factor, -31);
        /* Requantization with the split factor is within 1 of round(acc * factor) (|acc * factor| < 2^30 keeps
         * the left shift of acc, at most 2 |acc * factor|, in int32). */
        const int32_t acc = rand_acc();
        const double real = (double)acc * factor;
        if (fabs(real) < 1073741824.0) {
            const double d = (double)caps_ref_requantize(acc, m, s) - tq_round(real);
            requant_bad += d > 1.0 || d < -1.0;
        }
    }
    CHECK(range_bad == 0);
    CHECK(trip_bad == 0);
    CHECK(requant_bad == 0);
}

/* ---------------------------------------------------------------- quantize / dequantize */

/** Independent reference of caps_quantize_s8 (float quotient, then double rounding and clamping). */
static int8_t ref_quantize(float x, float scale, int32_t zp) {
    const float v = x / scale;
    if (v != v)
        return (int8_t)zp;
    if (isinf(v))
        return (int8_t)(v > 0 ? 127 : -128);
    return tq_quantize_real((double)v, 1.0, zp, -128, 127);
}

static void test_quantize(void) {
    enum { N = 1000 };
    float x[N], back[N];
    int8_t q[N], want[N];
    caps_quantize_params_t p;
    memset(&p, 0, sizeof p);
    p.size = N;
    const float scales[] = {0.01f, 0.5f, 1.0f, 3.7f, 1e-30f, 1e30f};
    const int32_t zps[] = {0, -128, 127, 5, -37};
    for (size_t si = 0; si < sizeof scales / sizeof scales[0]; ++si) {
        for (size_t zi = 0; zi < sizeof zps / sizeof zps[0]; ++zi) {
            p.scale = scales[si];
            p.zero_point = zps[zi];
            tu_fill(x, N, -300.0f * p.scale, 300.0f * p.scale);
            for (int32_t i = 0; i < N; ++i)
                want[i] = ref_quantize(x[i], p.scale, p.zero_point);
            CHECK(caps_quantize_s8(&p, x, q) == CAPS_OK);
            CHECK_S8("quantize", q, want, N, 0);
            /* Dequantize is scale * (q - zp) in float; quantizing it back gives q again. */
            CHECK(caps_dequantize_s8(&p, q, back) == CAPS_OK);
            int deq_bad = 0;
            for (int32_t i = 0; i < N; ++i)
                deq_bad += back[i] != p.scale * (float)((int32_t)q[i] - p.zero_point);
            CHECK(deq_bad == 0);
            CHECK(caps_quantize_s8(&p, back, want) == CAPS_OK);
            CHECK_S8("quantize(dequantize)", want, q, N, 0);
        }
    }
    /* Ties round away from zero; special values; saturation. With scale 0.5 and zp 3:
     *   1.25 / 0.5 = 2.5 -> 3 (+3 = 6); -1.25 -> -2.5 -> -3 (0); 0.25 -> 0.5 -> 1 (4); -0.25 -> -1 (2). */
    p.size = 12;
    p.scale = 0.5f;
    p.zero_point = 3;
    const float special[12] = {1.25f,     -1.25f, 0.25f,  -0.25f, NAN,   INFINITY,
                               -INFINITY, 3e38f,  -3e38f, -0.0f,  62.0f, -65.5f};
    const int8_t special_want[12] = {6, 0, 4, 2, 3, 127, -128, 127, -128, 3, 127, -128};
    CHECK(caps_quantize_s8(&p, special, q) == CAPS_OK);
    CHECK_S8("quantize special", q, special_want, 12, 0);
    p.scale = 1e-38f; /* huge quotients overflow to inf in float: still saturate */
    p.zero_point = 0;
    const int8_t tiny_scale_want[12] = {127, -128, 127, -128, 0, 127, -128, 127, -128, 0, 127, -128};
    CHECK(caps_quantize_s8(&p, special, q) == CAPS_OK);
    CHECK_S8("quantize tiny scale", q, tiny_scale_want, 12, 0);
    /* Every int8 value survives dequantize -> quantize. */
    int8_t all[256], all_back[256];
    float all_f[256];
    for (int32_t i = 0; i < 256; ++i)
        all[i] = (int8_t)(i - 128);
    p.size = 256;
    p.scale = 0.0123f;
    p.zero_point = -17;
    CHECK(caps_dequantize_s8(&p, all, all_f) == CAPS_OK);
    CHECK(caps_quantize_s8(&p, all_f, all_back) == CAPS_OK);
    CHECK_S8("round trip", all_back, all, 256, 0);

    /* Validation. */
    caps_quantize_params_t good = p;
    tq_fill_sentinel(q, 256);
    tu_fill_sentinel(back, 256);
    caps_quantize_params_t bad[9];
    for (int i = 0; i < 9; ++i)
        bad[i] = good;
    bad[0].size = 0;
    bad[1].size = -1;
    bad[2].scale = 0.0f;
    bad[3].scale = -1.0f;
    bad[4].scale = INFINITY;
    bad[5].scale = NAN;
    bad[6].zero_point = 128;
    bad[7].zero_point = -129;
    bad[8].scale = -0.0f;
    for (int i = 0; i < 9; ++i) {
        CHECK(caps_quantize_s8(&bad[i], all_f, q) == CAPS_ERR_ARG);
        CHECK(caps_dequantize_s8(&bad[i], all, back) == CAPS_ERR_ARG);
    }
    CHECK(caps_quantize_s8(NULL, all_f, q) == CAPS_ERR_ARG);
    CHECK(caps_quantize_s8(&good, NULL, q) == CAPS_ERR_ARG);
    CHECK(caps_quantize_s8(&good, all_f, NULL) == CAPS_ERR_ARG);
    CHECK(caps_dequantize_s8(NULL, all, back) == CAPS_ERR_ARG);
    CHECK(caps_dequantize_s8(&good, NULL, back) == CAPS_ERR_ARG);
    CHECK(caps_dequantize_s8(&good, all, NULL) == CAPS_ERR_ARG);
    CHECK(tq_is_sentinel(q, 256));
    CHECK(tu_is_sentinel(back, 256));
}

/* ---------------------------------------------------------------- conv2d */

typedef struct {
    int32_t n, in_c, in_h, in_w, out_c, k_h, k_w;
    int32_t stride_h, stride_w, pad_top, pad_left, pad_bottom, pad_right, dil_h, dil_w, groups;
    int with_bias;
} conv_case_t;

static caps_conv2d_params_t conv_params(const conv_case_t *c) {
    caps_conv2d_params_t p;
    memset(&p, 0, sizeof p);
    p.n = c->n;
    p.in_c = c->in_c;
    p.in_h = c->in_h;
    p.in_w = c->in_w;
    p.out_c = c->out_c;
    p.k_h = c->k_h;
    p.k_w = c->k_w;
    p.stride_h = c->stride_h;
    p.stride_w = c->stride_w;
    p.pad_top = c->pad_top;
    p.pad_left = c->pad_left;
    p.dil_h = c->dil_h;
    p.dil_w = c->dil_w;
    p.groups = c->groups;
    p.out_h = (c->in_h + c->pad_top + c->pad_bottom - c->dil_h * (c->k_h - 1) - 1) / c->stride_h + 1;
    p.out_w = (c->in_w + c->pad_left + c->pad_right - c->dil_w * (c->k_w - 1) - 1) / c->stride_w + 1;
    return p;
}

static caps_conv2d_s8_params_t conv_s8_params(const caps_conv2d_params_t *g) {
    caps_conv2d_s8_params_t p;
    memset(&p, 0, sizeof p);
    p.n = g->n;
    p.in_c = g->in_c;
    p.in_h = g->in_h;
    p.in_w = g->in_w;
    p.out_c = g->out_c;
    p.out_h = g->out_h;
    p.out_w = g->out_w;
    p.k_h = g->k_h;
    p.k_w = g->k_w;
    p.stride_h = g->stride_h;
    p.stride_w = g->stride_w;
    p.pad_top = g->pad_top;
    p.pad_left = g->pad_left;
    p.dil_h = g->dil_h;
    p.dil_w = g->dil_w;
    p.groups = g->groups;
    p.act_min = -128;
    p.act_max = 127;
    return p;
}

/**
 * Independent int8 convolution: for every output element (decoded from its linear index), the exact int64
 * sum over the receptive field of (x + input_offset) * w with padded taps left out, plus the bias; then
 * sat32, ref_requant, the output offset and the clamp.
 */
static void ref_conv_s8(const caps_conv2d_s8_params_t *p,
                        const int8_t *x,
                        const int8_t *w,
                        const int32_t *bias,
                        const int32_t *mult,
                        const int32_t *shift,
                        int8_t *y) {
    const int32_t odims[4] = {p->n, p->out_c, p->out_h, p->out_w};
    const int32_t cin_g = p->in_c / p->groups;
    const int32_t cout_g = p->out_c / p->groups;
    for (int32_t i = 0; i < tu_count(4, odims); ++i) {
        int32_t o[4];
        tu_unravel(i, 4, odims, o);
        const int32_t g = o[1] / cout_g;
        int64_t acc = bias != NULL ? bias[o[1]] : 0;
        for (int32_t kh = 0; kh < p->k_h; ++kh) {
            for (int32_t kw = 0; kw < p->k_w; ++kw) {
                const int32_t ih = o[2] * p->stride_h - p->pad_top + kh * p->dil_h;
                const int32_t iw = o[3] * p->stride_w - p->pad_left + kw * p->dil_w;
                if (ih < 0 || ih >= p->in_h || iw < 0 || iw >= p->in_w)
                    continue;
                for (int32_t ci = 0; ci < cin_g; ++ci) {
                    const int32_t xdims[4] = {p->n, p->in_c, p->in_h, p->in_w};
                    const int32_t xc[4] = {o[0], g * cin_g + ci, ih, iw};
                    const int32_t wdims[4] = {p->out_c, cin_g, p->k_h, p->k_w};
                    const int32_t wc[4] = {o[1], ci, kh, kw};
                    acc += ((int64_t)x[tu_ravel(4, xdims, xc)] + p->input_offset) * w[tu_ravel(4, wdims, wc)];
                }
            }
        }
        const int32_t r = ref_requant((int32_t)ref_sat32(acc), mult[o[1]], shift[o[1]]);
        y[i] = ref_output(r, p->output_offset, p->act_min, p->act_max);
    }
}

/** Symmetric per-channel quantization of rows of `per` floats: scale[c] = max |w| / 127. */
static void quantize_weights(const float *w, int32_t rows, int32_t per, int8_t *qw, float *wd, float *scale) {
    for (int32_t c = 0; c < rows; ++c) {
        float mx = 0.0f;
        for (int32_t i = 0; i < per; ++i)
            mx = fabsf(w[c * per + i]) > mx ? fabsf(w[c * per + i]) : mx;
        scale[c] = mx > 0.0f ? mx / 127.0f : 1.0f;
        for (int32_t i = 0; i < per; ++i) {
            qw[c * per + i] = tq_quantize_real((double)w[c * per + i], (double)scale[c], 0, -127, 127);
            wd[c * per + i] = scale[c] * (float)qw[c * per + i];
        }
    }
}

/** Conv twin: the s8 kernel within 1 LSB of the quantized f32 result, and exactly equal to ref_conv_s8. */
static void conv_twin(const char *name, const conv_case_t *c, int relu) {
    const caps_conv2d_params_t pf = conv_params(c);
    caps_conv2d_s8_params_t ps = conv_s8_params(&pf);
    const int32_t nx = c->n * c->in_c * c->in_h * c->in_w;
    const int32_t per = (c->in_c / c->groups) * c->k_h * c->k_w;
    const int32_t nw = c->out_c * per;
    const int32_t ny = pf.n * pf.out_c * pf.out_h * pf.out_w;
    float *xf = tu_alloc(nx), *xd = tu_alloc(nx), *wf = tu_alloc(nw), *wd = tu_alloc(nw);
    float *bf = tu_alloc(c->out_c), *bd = tu_alloc(c->out_c), *sw = tu_alloc(c->out_c), *yf = tu_alloc(ny);
    int8_t *qx = tq_alloc(nx), *qw = tq_alloc(nw), *qy = tq_alloc(ny), *want = tq_alloc(ny), *exact = tq_alloc(ny);
    int32_t *qb = tq_alloc_i32(c->out_c), *mult = tq_alloc_i32(c->out_c), *shift = tq_alloc_i32(c->out_c);
    /* Input: asymmetric range, quantized with the kernel under test's sibling, then dequantized. */
    const float lo = tu_rand_float(-2.0f, -0.1f), hi = tu_rand_float(0.1f, 3.0f);
    float s_in;
    int32_t zp_in;
    tq_choose(lo, hi, &s_in, &zp_in);
    tu_fill(xf, nx, lo, hi);
    const caps_quantize_params_t qp = {nx, zp_in, s_in};
    CHECK(caps_quantize_s8(&qp, xf, qx) == CAPS_OK);
    tq_dequantize(qx, nx, s_in, zp_in, xd);
    /* Weights: per output channel, symmetric; bias: int32 in units of s_in * s_w. */
    for (int32_t oc = 0; oc < c->out_c; ++oc)
        tu_fill(wf + oc * per, per, -tu_rand_float(0.05f, 1.0f), tu_rand_float(0.05f, 1.0f));
    quantize_weights(wf, c->out_c, per, qw, wd, sw);
    tu_fill(bf, c->out_c, -1.0f, 1.0f);
    for (int32_t oc = 0; oc < c->out_c; ++oc) {
        const double unit = (double)s_in * (double)sw[oc];
        qb[oc] = (int32_t)tq_round((double)bf[oc] / unit);
        bd[oc] = (float)((double)qb[oc] * unit);
    }
    CHECK(caps_conv2d_f32(&pf, xd, wd, c->with_bias ? bd : NULL, yf) == CAPS_OK);
    float s_out;
    int32_t zp_out;
    tq_choose_output(yf, ny, tu_rand_float(0.6f, 1.2f), &s_out, &zp_out);
    ps.input_offset = -zp_in;
    ps.output_offset = zp_out;
    ps.act_min = relu ? zp_out : -128;
    ps.act_max = 127;
    for (int32_t oc = 0; oc < c->out_c; ++oc)
        tq_multiplier((double)s_in * (double)sw[oc] / (double)s_out, &mult[oc], &shift[oc]);
    const int32_t *qbias = c->with_bias ? qb : NULL;
    CHECK(caps_conv2d_s8(&ps, qx, qw, qbias, mult, shift, conv_scratch(&ps), qy) == CAPS_OK);
    for (int32_t i = 0; i < ny; ++i)
        want[i] = tq_quantize_real((double)yf[i], (double)s_out, zp_out, ps.act_min, ps.act_max);
    CHECK_S8(name, qy, want, ny, 1);
    ref_conv_s8(&ps, qx, qw, qbias, mult, shift, exact);
    CHECK_S8(name, qy, exact, ny, 0);
    /* NHWC input (and weights) and / or output: the NCHW result, transposed where the output is NHWC, bit for bit. */
    int8_t *xl = tu_channels_last(qx, ps.n, ps.in_c, ps.in_h, ps.in_w, 1);
    int8_t *wl = tu_channels_last(qw, ps.out_c, ps.in_c / ps.groups, ps.k_h, ps.k_w, 1);
    int8_t *yl = tu_channels_last(qy, ps.n, ps.out_c, ps.out_h, ps.out_w, 1);
    for (int32_t layout = CAPS_LAYOUT_NHWC_IN; layout <= CAPS_LAYOUT_NHWC; ++layout) {
        caps_conv2d_s8_params_t pl = ps;
        pl.layout = layout;
        const int in = layout & CAPS_LAYOUT_NHWC_IN;
        CHECK(caps_conv2d_s8(&pl, in ? xl : qx, in ? wl : qw, qbias, mult, shift, conv_scratch(&pl), exact) == CAPS_OK);
        CHECK_S8(name, exact, layout & CAPS_LAYOUT_NHWC_OUT ? yl : qy, ny, 0);
    }
    free(xl);
    free(wl);
    free(yl);
    free(xf);
    free(xd);
    free(wf);
    free(wd);
    free(bf);
    free(bd);
    free(sw);
    free(yf);
    free(qx);
    free(qw);
    free(qy);
    free(want);
    free(exact);
    free(qb);
    free(mult);
    free(shift);
}

static void test_conv_twin(void) {
    /* n, in_c, in_h, in_w, out_c, k_h, k_w, sh, sw, pt, pl, pb, pr, dh, dw, groups, bias */
    static const conv_case_t cases[] = {
        {1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0},    /* plain valid conv */
        {2, 3, 7, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},    /* same padding, bias, batch 2 */
        {1, 2, 9, 8, 3, 3, 3, 2, 2, 1, 0, 0, 2, 1, 1, 1, 1},    /* stride 2, asymmetric pads */
        {1, 2, 10, 9, 2, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 1, 0},   /* dilation 2 */
        {1, 4, 6, 6, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1},    /* 2 groups */
        {2, 3, 8, 7, 3, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 3, 1},    /* depthwise, stride 2 */
        {1, 2, 5, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2, 0},    /* depthwise, channel multiplier 2 */
        {1, 8, 4, 5, 5, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1},    /* pointwise */
        {1, 2, 6, 13, 3, 1, 5, 1, 3, 0, 2, 0, 2, 1, 2, 1, 1},   /* 1x5 kernel, stride (1,3), dilation (1,2) */
        {1, 1, 2, 2, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},    /* kernel larger than the input */
        {1, 16, 12, 12, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, /* 144-term sums */
        {1, 3, 7, 7, 2, 2, 2, 3, 3, 0, 0, 3, 3, 1, 1, 1, 0},    /* windows ending in the bottom pad */
        {1, 6, 5, 7, 6, 3, 2, 2, 1, 2, 0, 1, 1, 1, 3, 6, 1},    /* depthwise, non-square, mixed */
        {1, 32, 9, 9, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},  /* 288-term sums (CapsNet-like) */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        char name[48];
        snprintf(name, sizeof name, "conv twin %u", (unsigned)i);
        conv_twin(name, &cases[i], (int)(i % 3 == 2));
    }
    for (int t = 0; t < 40; ++t) {
        conv_case_t c;
        c.groups = tu_rand_int(1, 3);
        c.n = tu_rand_int(1, 2);
        c.in_c = c.groups * tu_rand_int(1, 3);
        c.out_c = c.groups * tu_rand_int(1, 3);
        c.k_h = tu_rand_int(1, 4);
        c.k_w = tu_rand_int(1, 4);
        c.dil_h = tu_rand_int(1, 3);
        c.dil_w = tu_rand_int(1, 3);
        c.stride_h = tu_rand_int(1, 3);
        c.stride_w = tu_rand_int(1, 3);
        c.pad_top = tu_rand_int(0, 2);
        c.pad_left = tu_rand_int(0, 2);
        c.pad_bottom = tu_rand_int(0, 2);
        c.pad_right = tu_rand_int(0, 2);
        c.in_h = tu_rand_int(1, 9);
        c.in_w = tu_rand_int(1, 9);
        c.with_bias = tu_rand_int(0, 1);
        if (c.in_h + c.pad_top + c.pad_bottom < c.dil_h * (c.k_h - 1) + 1 ||
            c.in_w + c.pad_left + c.pad_right < c.dil_w * (c.k_w - 1) + 1) {
            --t;
            continue;
        }
        char name[48];
        snprintf(name, sizeof name, "random conv twin %d", t);
        conv_twin(name, &c, t % 4 == 0);
    }
}

/** Saturation: constant inputs / weights / biases at the int8 / int32 limits, against ref_conv_s8. */
static void test_conv_saturation(void) {
    /* 3x3 same-padding conv (padded taps must contribute nothing) and a 1x1 conv over 70000 channels, whose
     * exact sums (up to 70000 * 255 * 128) exceed int32. */
    const conv_case_t shapes[] = {
        {1, 4, 5, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
        {1, 70000, 1, 1, 2, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1},
    };
    const int32_t xs[] = {-128, 127};
    const int32_t ws[] = {-128, -127, 127};
    const int32_t offs[] = {-127, 128, 0};
    const int32_t biases[] = {INT32_MIN, INT32_MAX, 0, INT32_MAX - 1000};
    /* (multiplier, shift): unit factor, tiny factor, huge factor, pow2 shifts. */
    const int32_t req[][2] = {{1 << 30, 1}, {1 << 30, -31}, {INT32_MAX, 31}, {0, -20}, {0, 3}, {1518500250, -16}};
    for (size_t sh = 0; sh < 2; ++sh) {
        const conv_case_t *c = &shapes[sh];
        const caps_conv2d_params_t pf = conv_params(c);
        caps_conv2d_s8_params_t p = conv_s8_params(&pf);
        const int32_t nx = c->n * c->in_c * c->in_h * c->in_w;
        const int32_t nw = c->out_c * c->in_c * c->k_h * c->k_w;
        const int32_t ny = p.n * p.out_c * p.out_h * p.out_w;
        int8_t *x = tq_alloc(nx), *w = tq_alloc(nw), *y = tq_alloc(ny), *want = tq_alloc(ny);
        int32_t bias[3], mult[3], shift[3];
        int bad = 0, saturated = 0;
        for (size_t xi = 0; xi < 2; ++xi) {
            for (size_t wi = 0; wi < 3; ++wi) {
                for (size_t oi = 0; oi < 3; ++oi) {
                    for (size_t bi = 0; bi < 4; ++bi) {
                        for (size_t ri = 0; ri < sizeof req / sizeof req[0]; ++ri) {
                            tq_set(x, nx, xs[xi]);
                            tq_set(w, nw, ws[wi]);
                            w[0] = (int8_t)(ws[wi] == -128 ? 127 : -ws[wi]); /* one weight of the other sign */
                            for (int32_t oc = 0; oc < c->out_c; ++oc) {
                                bias[oc] = oc == 0 ? biases[bi] : -(biases[bi] / 2);
                                mult[oc] = req[ri][0];
                                shift[oc] = req[ri][1];
                            }
                            p.input_offset = offs[oi];
                            p.output_offset = (int32_t)(ri % 2 == 0 ? 127 : -128);
                            p.act_min = bi == 2 ? -128 : -100;
                            p.act_max = bi == 3 ? 50 : 127;
                            tq_fill_sentinel(y, ny);
                            CHECK(caps_conv2d_s8(&p, x, w, bias, mult, shift, conv_scratch(&p), y) == CAPS_OK);
                            ref_conv_s8(&p, x, w, bias, mult, shift, want);
                            bad += tq_mismatches("conv saturation", y, want, ny, 0);
                            for (int32_t i = 0; i < ny; ++i)
                                saturated += y[i] == p.act_min || y[i] == p.act_max;
                        }
                    }
                }
            }
        }
        CHECK(bad == 0);
        CHECK(saturated > 0);
        free(x);
        free(w);
        free(y);
        free(want);
    }
    /* Known values: 70000 * (127 + 128) * 127 = 2,266,950,000 > INT32_MAX saturates before requantization;
     * with factor 2^-31 (multiplier 2^30, shift -30) the result is round((2^31 - 1) / 2^31) = 1, + offset -5. */
    {
        const conv_case_t c = {1, 70000, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0};
        const caps_conv2d_params_t pf = conv_params(&c);
        caps_conv2d_s8_params_t p = conv_s8_params(&pf);
        int8_t *x = tq_alloc(70000), *w = tq_alloc(70000), y = 0;
        tq_set(x, 70000, 127);
        tq_set(w, 70000, 127);
        p.input_offset = 128;
        p.output_offset = -5;
        const int32_t mult = 1 << 30, shift = -30;
        CHECK(caps_conv2d_s8(&p, x, w, NULL, &mult, &shift, conv_scratch(&p), &y) == CAPS_OK);
        CHECK(y == -4);
        free(x);
        free(w);
    }
}

static void test_conv_validation(void) {
    const conv_case_t c = {1, 4, 5, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1};
    const caps_conv2d_params_t pf = conv_params(&c);
    const caps_conv2d_s8_params_t good = conv_s8_params(&pf);
    int8_t x[100], w[72], y[100];
    int32_t b[4] = {1, 2, 3, 4}, m[4], s[4];
    tq_fill(x, 100, -128, 127);
    tq_fill(w, 72, -127, 127);
    for (int i = 0; i < 4; ++i) {
        m[i] = 1 << 30;
        s[i] = -5;
    }
    CHECK(caps_conv2d_s8(&good, x, w, b, m, s, conv_scratch(&good), y) == CAPS_OK);
    CHECK(caps_conv2d_s8(&good, x, w, NULL, m, s, conv_scratch(&good), y) == CAPS_OK);
    tq_fill_sentinel(y, 100);
    CHECK(caps_conv2d_s8(NULL, x, w, b, m, s, conv_scratch(NULL), y) == CAPS_ERR_ARG);
    CHECK(caps_conv2d_s8(&good, NULL, w, b, m, s, conv_scratch(&good), y) == CAPS_ERR_ARG);
    CHECK(caps_conv2d_s8(&good, x, NULL, b, m, s, conv_scratch(&good), y) == CAPS_ERR_ARG);
    CHECK(caps_conv2d_s8(&good, x, w, b, NULL, s, conv_scratch(&good), y) == CAPS_ERR_ARG);
    CHECK(caps_conv2d_s8(&good, x, w, b, m, NULL, conv_scratch(&good), y) == CAPS_ERR_ARG);
    CHECK(caps_conv2d_s8(&good, x, w, b, m, s, conv_scratch(&good), NULL) == CAPS_ERR_ARG);
    CHECK(caps_conv2d_s8(&good, x, w, b, m, s, NULL, y) == CAPS_ERR_ARG); /* the scratch is required */
    CHECK(caps_conv2d_s8_get_buffer_size(&good) == 4 * ((good.in_c / good.groups * good.k_h * good.k_w + 3) / 4 * 4));
    CHECK(caps_conv2d_s8_get_buffer_size(NULL) == 0);
    caps_conv2d_s8_params_t p;
#define BAD(field, value)                                                                                              \
    do {                                                                                                               \
        p = good;                                                                                                      \
        p.field = (value);                                                                                             \
        CHECK(caps_conv2d_s8(&p, x, w, b, m, s, conv_scratch(&p), y) == CAPS_ERR_ARG);                                                   \
    } while (0)
    BAD(n, 0);
    BAD(in_c, 0);
    BAD(in_h, -1);
    BAD(out_c, 5);
    BAD(out_h, 0);
    BAD(k_w, -1);
    BAD(stride_h, 0);
    BAD(dil_w, 0);
    BAD(pad_top, -1);
    BAD(groups, 3);
    BAD(n, 0x40000000);
    BAD(stride_h, 0x40000000);
    BAD(input_offset, -128);
    BAD(input_offset, 129);
    BAD(output_offset, 128);
    BAD(output_offset, -129);
    BAD(act_min, -129);
    BAD(act_max, 128);
    p = good;
    p.act_min = 5;
    p.act_max = 4;
    CHECK(caps_conv2d_s8(&p, x, w, b, m, s, conv_scratch(&p), y) == CAPS_ERR_ARG);
#undef BAD
    const int32_t bad_m[] = {1, (1 << 30) - 1, -5, INT32_MIN};
    for (int i = 0; i < 4; ++i) {
        m[3] = bad_m[i];
        CHECK(caps_conv2d_s8(&good, x, w, b, m, s, conv_scratch(&good), y) == CAPS_ERR_ARG);
    }
    m[3] = 1 << 30;
    s[2] = 32;
    CHECK(caps_conv2d_s8(&good, x, w, b, m, s, conv_scratch(&good), y) == CAPS_ERR_ARG);
    s[2] = -32;
    CHECK(caps_conv2d_s8(&good, x, w, b, m, s, conv_scratch(&good), y) == CAPS_ERR_ARG);
    CHECK(tq_is_sentinel(y, 100));
    s[2] = -31;
    m[1] = 0; /* pow2 scheme */
    CHECK(caps_conv2d_s8(&good, x, w, b, m, s, conv_scratch(&good), y) == CAPS_OK);
}

/* ---------------------------------------------------------------- fully connected */

static void ref_fc_s8(const caps_fc_s8_params_t *p,
                      const int8_t *x,
                      const int8_t *w,
                      const int32_t *bias,
                      const int32_t *mult,
                      const int32_t *shift,
                      int8_t *y) {
    for (int32_t i = 0; i < p->m; ++i) {
        for (int32_t j = 0; j < p->n; ++j) {
            int64_t acc = 0;
            for (int32_t k = p->k - 1; k >= 0; --k) /* any order: the int64 sum is exact */
                acc += ((int64_t)x[i * p->k + k] + p->input_offset) * w[j * p->k + k];
            if (bias != NULL)
                acc += bias[j];
            const int32_t r = ref_requant((int32_t)ref_sat32(acc), mult[j], shift[j]);
            y[i * p->n + j] = ref_output(r, p->output_offset, p->act_min, p->act_max);
        }
    }
}

static void fc_twin(const char *name, int32_t m, int32_t n, int32_t k, int with_bias, int relu) {
    float *xf = tu_alloc(m * k), *xd = tu_alloc(m * k), *wf = tu_alloc(n * k), *wd = tu_alloc(n * k);
    float *bf = tu_alloc(n), *bd = tu_alloc(n), *sw = tu_alloc(n), *yf = tu_alloc(m * n);
    int8_t *qx = tq_alloc(m * k), *qw = tq_alloc(n * k), *qy = tq_alloc(m * n), *want = tq_alloc(m * n);
    int8_t *exact = tq_alloc(m * n);
    int32_t *qb = tq_alloc_i32(n), *mult = tq_alloc_i32(n), *shift = tq_alloc_i32(n);
    const float lo = tu_rand_float(-2.0f, -0.1f), hi = tu_rand_float(0.1f, 3.0f);
    float s_in;
    int32_t zp_in;
    tq_choose(lo, hi, &s_in, &zp_in);
    tu_fill(xf, m * k, lo, hi);
    const caps_quantize_params_t qp = {m * k, zp_in, s_in};
    CHECK(caps_quantize_s8(&qp, xf, qx) == CAPS_OK);
    tq_dequantize(qx, m * k, s_in, zp_in, xd);
    for (int32_t j = 0; j < n; ++j)
        tu_fill(wf + j * k, k, -tu_rand_float(0.05f, 1.0f), tu_rand_float(0.05f, 1.0f));
    quantize_weights(wf, n, k, qw, wd, sw);
    tu_fill(bf, n, -1.0f, 1.0f);
    for (int32_t j = 0; j < n; ++j) {
        const double unit = (double)s_in * (double)sw[j];
        qb[j] = (int32_t)tq_round((double)bf[j] / unit);
        bd[j] = (float)((double)qb[j] * unit);
    }
    /* f32 twin: Y = X * W^T + bias through caps_gemm_f32 (bias as a broadcast row of C). */
    caps_gemm_params_t g;
    memset(&g, 0, sizeof g);
    g.m = m;
    g.n = n;
    g.k = k;
    g.trans_b = 1;
    g.alpha = 1.0f;
    g.beta = 1.0f;
    g.c_stride_m = 0;
    g.c_stride_n = 1;
    CHECK(caps_gemm_f32(&g, xd, wd, with_bias ? bd : NULL, yf) == CAPS_OK);
    float s_out;
    int32_t zp_out;
    tq_choose_output(yf, m * n, tu_rand_float(0.6f, 1.2f), &s_out, &zp_out);
    caps_fc_s8_params_t p;
    memset(&p, 0, sizeof p);
    p.m = m;
    p.n = n;
    p.k = k;
    p.input_offset = -zp_in;
    p.output_offset = zp_out;
    p.act_min = relu ? zp_out : -128;
    p.act_max = 127;
    for (int32_t j = 0; j < n; ++j)
        tq_multiplier((double)s_in * (double)sw[j] / (double)s_out, &mult[j], &shift[j]);
    const int32_t *qbias = with_bias ? qb : NULL;
    CHECK(caps_fc_s8(&p, qx, qw, qbias, mult, shift, qy) == CAPS_OK);
    for (int32_t i = 0; i < m * n; ++i)
        want[i] = tq_quantize_real((double)yf[i], (double)s_out, zp_out, p.act_min, p.act_max);
    CHECK_S8(name, qy, want, m * n, 1);
    ref_fc_s8(&p, qx, qw, qbias, mult, shift, exact);
    CHECK_S8(name, qy, exact, m * n, 0);
    free(xf);
    free(xd);
    free(wf);
    free(wd);
    free(bf);
    free(bd);
    free(sw);
    free(yf);
    free(qx);
    free(qw);
    free(qy);
    free(want);
    free(exact);
    free(qb);
    free(mult);
    free(shift);
}

static void test_fc(void) {
    fc_twin("fc 1x1x1", 1, 1, 1, 1, 0);
    fc_twin("fc 1x10x160", 1, 10, 160, 1, 0);
    fc_twin("fc 3x7x33", 3, 7, 33, 0, 0);
    fc_twin("fc 4x16x1152 relu", 4, 16, 1152, 1, 1);
    for (int t = 0; t < 30; ++t) {
        char name[32];
        snprintf(name, sizeof name, "random fc %d", t);
        fc_twin(name, tu_rand_int(1, 5), tu_rand_int(1, 12), tu_rand_int(1, 300), tu_rand_int(0, 1), t % 3 == 0);
    }
    /* Saturation: k = 70000 sums beyond int32, biases at the limits, extreme offsets and factors. */
    {
        const int32_t k = 70000;
        int8_t *x = tq_alloc(2 * k), *w = tq_alloc(3 * k), y[6], want[6];
        int32_t bias[3] = {INT32_MAX, INT32_MIN, -5};
        const int32_t req[][2] = {{1 << 30, 1}, {1 << 30, -31}, {INT32_MAX, 31}, {0, -24}, {0, 0}};
        const int32_t vals[] = {-128, 127};
        int bad = 0;
        for (int vx = 0; vx < 2; ++vx) {
            for (int vw = 0; vw < 2; ++vw) {
                for (int off = 0; off < 2; ++off) {
                    for (size_t r = 0; r < sizeof req / sizeof req[0]; ++r) {
                        tq_set(x, 2 * k, vals[vx]);
                        tq_set(w, 3 * k, vals[vw]);
                        tq_set(w + k, k, -vals[1 - vw]); /* second row of the opposite sign */
                        x[k] = (int8_t)-vals[vx];
                        caps_fc_s8_params_t p;
                        memset(&p, 0, sizeof p);
                        p.m = 2;
                        p.n = 3;
                        p.k = k;
                        p.input_offset = off ? 128 : -127;
                        p.output_offset = off ? -128 : 127;
                        p.act_min = -128;
                        p.act_max = 127;
                        int32_t mult[3], shift[3];
                        for (int j = 0; j < 3; ++j) {
                            mult[j] = req[r][0];
                            shift[j] = req[r][1];
                        }
                        CHECK(caps_fc_s8(&p, x, w, bias, mult, shift, y) == CAPS_OK);
                        ref_fc_s8(&p, x, w, bias, mult, shift, want);
                        bad += tq_mismatches("fc saturation", y, want, 6, 0);
                    }
                }
            }
        }
        CHECK(bad == 0);
        free(x);
        free(w);
    }
    /* Validation. */
    caps_fc_s8_params_t good;
    memset(&good, 0, sizeof good);
    good.m = 2;
    good.n = 3;
    good.k = 4;
    good.act_min = -128;
    good.act_max = 127;
    int8_t x[8] = {0}, w[12] = {0}, y[6];
    int32_t b[3] = {0}, m[3] = {1 << 30, 1 << 30, 1 << 30}, s[3] = {0, 0, 0};
    CHECK(caps_fc_s8(&good, x, w, b, m, s, y) == CAPS_OK);
    tq_fill_sentinel(y, 6);
    CHECK(caps_fc_s8(NULL, x, w, b, m, s, y) == CAPS_ERR_ARG);
    CHECK(caps_fc_s8(&good, NULL, w, b, m, s, y) == CAPS_ERR_ARG);
    CHECK(caps_fc_s8(&good, x, NULL, b, m, s, y) == CAPS_ERR_ARG);
    CHECK(caps_fc_s8(&good, x, w, b, NULL, s, y) == CAPS_ERR_ARG);
    CHECK(caps_fc_s8(&good, x, w, b, m, NULL, y) == CAPS_ERR_ARG);
    CHECK(caps_fc_s8(&good, x, w, b, m, s, NULL) == CAPS_ERR_ARG);
    caps_fc_s8_params_t p;
#define BAD(field, value)                                                                                              \
    do {                                                                                                               \
        p = good;                                                                                                      \
        p.field = (value);                                                                                             \
        CHECK(caps_fc_s8(&p, x, w, b, m, s, y) == CAPS_ERR_ARG);                                                       \
    } while (0)
    BAD(m, 0);
    BAD(n, -1);
    BAD(k, 0);
    BAD(m, 0x40000000);
    BAD(input_offset, -128);
    BAD(output_offset, 128);
    BAD(act_min, -129);
    BAD(act_max, -129);
#undef BAD
    m[2] = 12345;
    CHECK(caps_fc_s8(&good, x, w, b, m, s, y) == CAPS_ERR_ARG);
    CHECK(tq_is_sentinel(y, 6));
}

/* ---------------------------------------------------------------- add / sub / mul */

typedef caps_status_t (*binary_f32_t)(const caps_binary_params_t *, const float *, const float *, float *);
typedef caps_status_t (*binary_s8_t)(const caps_binary_s8_params_t *, const int8_t *, const int8_t *, int8_t *);

static const binary_f32_t binary_f32[] = {caps_add_f32, caps_sub_f32, caps_mul_f32};
static const binary_s8_t binary_s8[] = {caps_add_s8, caps_sub_s8, caps_mul_s8};

enum { OP_ADD, OP_SUB, OP_MUL };

/** Broadcast shapes: a and b dims aligned to rank (1 = broadcast); output dims and strides. */
static void binary_shape(int32_t rank,
                         const int32_t *a_dims,
                         const int32_t *b_dims,
                         caps_binary_params_t *pf,
                         caps_binary_s8_params_t *ps) {
    memset(pf, 0, sizeof *pf);
    memset(ps, 0, sizeof *ps);
    pf->rank = rank;
    int32_t sa = 1, sb = 1;
    for (int32_t d = rank - 1; d >= 0; --d) {
        pf->out_dims[d] = a_dims[d] > b_dims[d] ? a_dims[d] : b_dims[d];
        pf->a_strides[d] = a_dims[d] == 1 ? 0 : sa;
        pf->b_strides[d] = b_dims[d] == 1 ? 0 : sb;
        sa *= a_dims[d];
        sb *= b_dims[d];
    }
    ps->rank = pf->rank;
    memcpy(ps->out_dims, pf->out_dims, sizeof ps->out_dims);
    memcpy(ps->a_strides, pf->a_strides, sizeof ps->a_strides);
    memcpy(ps->b_strides, pf->b_strides, sizeof ps->b_strides);
    ps->act_min = -128;
    ps->act_max = 127;
}

/** params.def's formula in int64 with ref_requant, per output element (operands already gathered). */
static int8_t ref_binary_s8(const caps_binary_s8_params_t *p, int op, int32_t a, int32_t b) {
    int64_t raw;
    if (op == OP_MUL) {
        raw = ((int64_t)a + p->a_offset) * ((int64_t)b + p->b_offset);
    } else {
        const int64_t ta = ((int64_t)a + p->a_offset) * ((int64_t)1 << p->left_shift);
        const int64_t tb = ((int64_t)b + p->b_offset) * ((int64_t)1 << p->left_shift);
        const int64_t ra = ref_requant((int32_t)ref_sat32(ta), p->a_multiplier, p->a_shift);
        const int64_t rb = ref_requant((int32_t)ref_sat32(tb), p->b_multiplier, p->b_shift);
        raw = ref_sat32(op == OP_ADD ? ra + rb : ra - rb);
    }
    const int32_t r = ref_requant((int32_t)ref_sat32(raw), p->output_multiplier, p->output_shift);
    return ref_output(r, p->output_offset, p->act_min, p->act_max);
}

/** Element offsets of each operand for output index i. */
static void binary_offsets(const caps_binary_params_t *p, int32_t i, int32_t *oa, int32_t *ob) {
    int32_t c[CAPS_MAX_DIMS] = {0};
    tu_unravel(i, p->rank, p->out_dims, c);
    *oa = 0;
    *ob = 0;
    for (int32_t d = 0; d < p->rank; ++d) {
        *oa += c[d] * p->a_strides[d];
        *ob += c[d] * p->b_strides[d];
    }
}

static void binary_twin(const char *name,
                        int op,
                        int32_t rank,
                        const int32_t *a_dims,
                        const int32_t *b_dims,
                        int relu,
                        int in_place) {
    caps_binary_params_t pf;
    caps_binary_s8_params_t ps;
    binary_shape(rank, a_dims, b_dims, &pf, &ps);
    const int32_t na = tu_count(rank, a_dims), nb = tu_count(rank, b_dims), ny = tu_count(rank, pf.out_dims);
    float *ad = tu_alloc(na), *bd = tu_alloc(nb), *yf = tu_alloc(ny);
    int8_t *qa = tq_alloc(na), *qb = tq_alloc(nb), *qy = tq_alloc(ny), *want = tq_alloc(ny), *exact = tq_alloc(ny);
    float s_a, s_b;
    int32_t zp_a, zp_b;
    tq_choose(tu_rand_float(-3.0f, -0.1f), tu_rand_float(0.1f, 2.0f), &s_a, &zp_a);
    tq_choose(tu_rand_float(-0.5f, -0.01f), tu_rand_float(0.01f, 4.0f), &s_b, &zp_b);
    tq_fill(qa, na, -128, 127);
    tq_fill(qb, nb, -128, 127);
    tq_dequantize(qa, na, s_a, zp_a, ad);
    tq_dequantize(qb, nb, s_b, zp_b, bd);
    CHECK(binary_f32[op](&pf, ad, bd, yf) == CAPS_OK);
    float s_out;
    int32_t zp_out;
    tq_choose_output(yf, ny, tu_rand_float(0.6f, 1.2f), &s_out, &zp_out);
    ps.a_offset = -zp_a;
    ps.b_offset = -zp_b;
    ps.output_offset = zp_out;
    ps.act_min = relu ? zp_out : -128;
    ps.act_max = 127;
    if (op == OP_MUL) {
        tq_multiplier((double)s_a * (double)s_b / (double)s_out, &ps.output_multiplier, &ps.output_shift);
    } else {
        /* TFLite's int8 add parameters. */
        const double twice_max = 2.0 * (s_a > s_b ? (double)s_a : (double)s_b);
        ps.left_shift = 20;
        tq_multiplier((double)s_a / twice_max, &ps.a_multiplier, &ps.a_shift);
        tq_multiplier((double)s_b / twice_max, &ps.b_multiplier, &ps.b_shift);
        tq_multiplier(twice_max / ((double)(1 << 20) * (double)s_out), &ps.output_multiplier, &ps.output_shift);
    }
    for (int32_t i = 0; i < ny; ++i) {
        want[i] = tq_quantize_real((double)yf[i], (double)s_out, zp_out, ps.act_min, ps.act_max);
        int32_t oa, ob;
        binary_offsets(&pf, i, &oa, &ob);
        exact[i] = ref_binary_s8(&ps, op, qa[oa], qb[ob]);
    }
    if (in_place && na == ny) {
        int8_t *inout = tq_alloc(na);
        memcpy(inout, qa, (size_t)na);
        CHECK(binary_s8[op](&ps, inout, qb, inout) == CAPS_OK);
        memcpy(qy, inout, (size_t)ny);
        free(inout);
    } else {
        CHECK(binary_s8[op](&ps, qa, qb, qy) == CAPS_OK);
    }
    CHECK_S8(name, qy, want, ny, 1);
    CHECK_S8(name, qy, exact, ny, 0);
    free(ad);
    free(bd);
    free(yf);
    free(qa);
    free(qb);
    free(qy);
    free(want);
    free(exact);
}

static void test_binary(void) {
    static const char *names[] = {"add", "sub", "mul"};
    const int32_t d4[] = {2, 3, 4, 5}, d4row[] = {1, 1, 1, 5}, d4col[] = {2, 3, 4, 1}, d4mid[] = {1, 3, 1, 1};
    const int32_t d4one[] = {1, 1, 1, 1}, d4x[] = {2, 1, 4, 1}, d4y[] = {1, 3, 1, 5};
    const int32_t d6a[] = {2, 1, 3, 1, 2, 3}, d6b[] = {1, 2, 3, 2, 1, 3};
    const int32_t d1[] = {37};
    for (int op = 0; op < 3; ++op) {
        char name[48];
        for (int v = 0; v < 10; ++v) {
            snprintf(name, sizeof name, "%s twin %d", names[op], v);
            const int relu = v % 3 == 1;
            switch (v) {
            case 0:
                binary_twin(name, op, 4, d4, d4, relu, 0);
                break;
            case 1:
                binary_twin(name, op, 4, d4, d4row, relu, 1); /* in place */
                break;
            case 2:
                binary_twin(name, op, 4, d4col, d4, relu, 0);
                break;
            case 3:
                binary_twin(name, op, 4, d4, d4mid, relu, 1);
                break;
            case 4:
                binary_twin(name, op, 4, d4one, d4, relu, 0);
                break;
            case 5:
                binary_twin(name, op, 4, d4x, d4y, relu, 0); /* both broadcast */
                break;
            case 6:
                binary_twin(name, op, 6, d6a, d6b, relu, 0);
                break;
            case 7:
                binary_twin(name, op, 0, d1, d1, relu, 0); /* rank 0 */
                break;
            case 8:
                binary_twin(name, op, 1, d1, d1, relu, 1);
                break;
            default:
                binary_twin(name, op, 4, d4, d4, relu, 1);
                break;
            }
        }
    }
    /* Saturation: every pair of extreme inputs with extreme offsets, shifts and multipliers. */
    const int32_t vals[] = {-128, -1, 0, 127};
    const int32_t offs[] = {-127, 0, 128};
    const int32_t req[][2] = {{1 << 30, 0}, {INT32_MAX, 31}, {1 << 30, -31}, {0, 31}, {0, -31}, {0, 0}};
    int bad = 0;
    for (int op = 0; op < 3; ++op) {
        caps_binary_s8_params_t p;
        memset(&p, 0, sizeof p);
        p.rank = 1;
        p.out_dims[0] = 16;
        p.a_strides[0] = 1;
        p.b_strides[0] = 1;
        int8_t a[16], b[16], y[16], want[16];
        for (int i = 0; i < 16; ++i) {
            a[i] = (int8_t)vals[i / 4];
            b[i] = (int8_t)vals[i % 4];
        }
        /* Every combination of the three requantizations (both operands saturating included). */
        for (int combo = 0; combo < 3 * 3 * 6 * 6 * 6 * 2; ++combo) {
            int c = combo;
            p.a_offset = offs[c % 3];
            c /= 3;
            p.b_offset = offs[c % 3];
            c /= 3;
            p.a_multiplier = req[c % 6][0];
            p.a_shift = req[c % 6][1];
            c /= 6;
            p.b_multiplier = req[c % 6][0];
            p.b_shift = req[c % 6][1];
            c /= 6;
            p.output_multiplier = req[c % 6][0];
            p.output_shift = req[c % 6][1];
            c /= 6;
            p.left_shift = c % 2 ? 20 : 0;
            p.output_offset = combo % 2 ? -128 : 127;
            p.act_min = combo % 5 == 0 ? -128 : -20;
            p.act_max = combo % 7 == 0 ? 127 : 20;
            bad += binary_s8[op](&p, a, b, y) != CAPS_OK;
            for (int i = 0; i < 16; ++i)
                want[i] = ref_binary_s8(&p, op, a[i], b[i]);
            bad += tq_mismatches(names[op], y, want, 16, 0);
        }
    }
    CHECK(bad == 0);
    /* Validation (add / sub check the input requantization, mul ignores it). */
    for (int op = 0; op < 3; ++op) {
        const binary_s8_t kernel = binary_s8[op];
        const int32_t d[] = {3, 4};
        caps_binary_params_t pf;
        caps_binary_s8_params_t good, p;
        binary_shape(2, d, d, &pf, &good);
        good.left_shift = 20;
        good.a_multiplier = good.b_multiplier = good.output_multiplier = 1 << 30;
        good.a_shift = good.b_shift = good.output_shift = -1;
        int8_t a[12] = {0}, b[12] = {0}, y[12];
        CHECK(kernel(&good, a, b, y) == CAPS_OK);
        tq_fill_sentinel(y, 12);
        CHECK(kernel(NULL, a, b, y) == CAPS_ERR_ARG);
        CHECK(kernel(&good, NULL, b, y) == CAPS_ERR_ARG);
        CHECK(kernel(&good, a, NULL, y) == CAPS_ERR_ARG);
        CHECK(kernel(&good, a, b, NULL) == CAPS_ERR_ARG);
#define BAD(field, value)                                                                                              \
    do {                                                                                                               \
        p = good;                                                                                                      \
        p.field = (value);                                                                                             \
        CHECK(kernel(&p, a, b, y) == CAPS_ERR_ARG);                                                                    \
    } while (0)
        BAD(rank, -1);
        BAD(rank, 7);
        BAD(out_dims[1], 0);
        BAD(a_strides[0], 5); /* not dense */
        BAD(b_strides[1], -1);
        BAD(a_offset, -128);
        BAD(b_offset, 129);
        BAD(output_offset, 128);
        BAD(act_min, -129);
        BAD(act_max, 128);
        BAD(output_multiplier, 5);
        BAD(output_shift, 32);
#undef BAD
        p = good;
        p.left_shift = 21;
        CHECK(kernel(&p, a, b, y) == (op == OP_MUL ? CAPS_OK : CAPS_ERR_ARG));
        tq_fill_sentinel(y, 12);
        p = good;
        p.left_shift = -1;
        CHECK(kernel(&p, a, b, y) == (op == OP_MUL ? CAPS_OK : CAPS_ERR_ARG));
        tq_fill_sentinel(y, 12);
        p = good;
        p.a_multiplier = -1;
        CHECK(kernel(&p, a, b, y) == (op == OP_MUL ? CAPS_OK : CAPS_ERR_ARG));
        tq_fill_sentinel(y, 12);
        p = good;
        p.b_shift = -32;
        CHECK(kernel(&p, a, b, y) == (op == OP_MUL ? CAPS_OK : CAPS_ERR_ARG));
        tq_fill_sentinel(y, 12);
        CHECK(tq_is_sentinel(y, 12));
    }
}

/* ---------------------------------------------------------------- clamp */

static void test_clamp(void) {
    enum { N = 500 };
    int8_t q[N], y[N], want[N];
    float d[N], yf[N];
    const int32_t ranges[][2] = {{-128, 127}, {-5, 127}, {-128, -128}, {127, 127}, {-20, 30}, {0, 0}};
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; ++r) {
        const float scale = tu_rand_float(0.001f, 0.5f);
        const int32_t zp = tu_rand_int(-128, 127);
        tq_fill(q, N, -128, 127);
        q[0] = -128;
        q[1] = 127;
        tq_dequantize(q, N, scale, zp, d);
        caps_unary_params_t pf = {N, scale * (float)(ranges[r][0] - zp), scale * (float)(ranges[r][1] - zp)};
        CHECK(caps_clip_f32(&pf, d, yf) == CAPS_OK);
        for (int32_t i = 0; i < N; ++i)
            want[i] = tq_quantize_real((double)yf[i], (double)scale, zp, -128, 127);
        const caps_clamp_s8_params_t p = {N, ranges[r][0], ranges[r][1]};
        CHECK(caps_clamp_s8(&p, q, y) == CAPS_OK);
        CHECK_S8("clamp twin", y, want, N, 0);
        CHECK(caps_clamp_s8(&p, q, q) == CAPS_OK); /* in place */
        CHECK_S8("clamp in place", q, want, N, 0);
    }
    const caps_clamp_s8_params_t good = {N, -10, 10};
    const caps_clamp_s8_params_t bad[] = {{0, -10, 10}, {-1, -10, 10}, {N, -129, 10}, {N, -10, 128}, {N, 11, 10}};
    tq_fill_sentinel(y, N);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i)
        CHECK(caps_clamp_s8(&bad[i], q, y) == CAPS_ERR_ARG);
    CHECK(caps_clamp_s8(NULL, q, y) == CAPS_ERR_ARG);
    CHECK(caps_clamp_s8(&good, NULL, y) == CAPS_ERR_ARG);
    CHECK(caps_clamp_s8(&good, q, NULL) == CAPS_ERR_ARG);
    CHECK(tq_is_sentinel(y, N));
}

/* The table lookup: exact, including both ends of the table, in place, and validation. */
static void test_lut(void) {
    enum { N = 700 };
    int8_t q[N], y[N], table[256];
    tq_fill(table, 256, -128, 127);
    tq_fill(q, N, -128, 127);
    q[0] = -128;
    q[1] = 127;
    const caps_lut_s8_params_t p = {N};
    CHECK(caps_lut_s8(&p, q, table, y) == CAPS_OK);
    int ok = 1;
    for (int32_t i = 0; i < N; ++i)
        ok &= y[i] == table[q[i] + 128];
    CHECK(ok);
    CHECK(y[0] == table[0] && y[1] == table[255]);
    CHECK(caps_lut_s8(&p, q, table, q) == CAPS_OK); /* in place */
    CHECK(memcmp(q, y, N) == 0);
    const caps_lut_s8_params_t bad[] = {{0}, {-3}};
    tq_fill_sentinel(y, N);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i)
        CHECK(caps_lut_s8(&bad[i], q, table, y) == CAPS_ERR_ARG);
    CHECK(caps_lut_s8(NULL, q, table, y) == CAPS_ERR_ARG);
    CHECK(caps_lut_s8(&p, NULL, table, y) == CAPS_ERR_ARG);
    CHECK(caps_lut_s8(&p, q, NULL, y) == CAPS_ERR_ARG);
    CHECK(caps_lut_s8(&p, q, table, NULL) == CAPS_ERR_ARG);
    CHECK(tq_is_sentinel(y, N));
}

/* ---------------------------------------------------------------- pooling */

static int32_t pool_out(int32_t in, int32_t k, int32_t stride, int32_t pb, int32_t pe, int32_t dil, int32_t ceil_mode) {
    const int32_t span = in + pb + pe - dil * (k - 1) - 1;
    int32_t out = (ceil_mode ? (span + stride - 1) / stride : span / stride) + 1;
    if (ceil_mode && (out - 1) * stride >= in + pb)
        --out;
    return out;
}

/** Random pooling geometry (ONNX-valid: pads smaller than the kernel, the window fits the padded input). */
static caps_pool2d_params_t random_pool(void) {
    caps_pool2d_params_t p;
    for (;;) {
        memset(&p, 0, sizeof p);
        p.n = tu_rand_int(1, 2);
        p.c = tu_rand_int(1, 3);
        p.in_h = tu_rand_int(1, 9);
        p.in_w = tu_rand_int(1, 9);
        p.k_h = tu_rand_int(1, 4);
        p.k_w = tu_rand_int(1, 4);
        p.stride_h = tu_rand_int(1, 3);
        p.stride_w = tu_rand_int(1, 3);
        p.dil_h = tu_rand_int(1, 2);
        p.dil_w = tu_rand_int(1, 2);
        p.pad_top = tu_rand_int(0, p.k_h - 1);
        p.pad_bottom = tu_rand_int(0, p.k_h - 1);
        p.pad_left = tu_rand_int(0, p.k_w - 1);
        p.pad_right = tu_rand_int(0, p.k_w - 1);
        const int32_t ceil_mode = tu_rand_int(0, 1);
        if (p.in_h + p.pad_top + p.pad_bottom < p.dil_h * (p.k_h - 1) + 1 ||
            p.in_w + p.pad_left + p.pad_right < p.dil_w * (p.k_w - 1) + 1)
            continue;
        p.out_h = pool_out(p.in_h, p.k_h, p.stride_h, p.pad_top, p.pad_bottom, p.dil_h, ceil_mode);
        p.out_w = pool_out(p.in_w, p.k_w, p.stride_w, p.pad_left, p.pad_right, p.dil_w, ceil_mode);
        return p;
    }
}

/** Whether the window of output (oh, ow) has an in-bounds element. */
static int pool_window_nonempty(const caps_pool2d_params_t *p, int32_t oh, int32_t ow) {
    int rows = 0, cols = 0;
    for (int32_t k = 0; k < p->k_h; ++k) {
        const int32_t ih = oh * p->stride_h - p->pad_top + k * p->dil_h;
        rows += ih >= 0 && ih < p->in_h;
    }
    for (int32_t k = 0; k < p->k_w; ++k) {
        const int32_t iw = ow * p->stride_w - p->pad_left + k * p->dil_w;
        cols += iw >= 0 && iw < p->in_w;
    }
    return rows > 0 && cols > 0;
}

static void test_pool(void) {
    int max_bad = 0, avg_bad = 0, avg_exact_bad = 0, layout_bad = 0;
    for (int t = 0; t < 80; ++t) {
        const caps_pool2d_params_t p = random_pool();
        const int32_t nx = p.n * p.c * p.in_h * p.in_w, ny = p.n * p.c * p.out_h * p.out_w;
        int8_t *qx = tq_alloc(nx), *qy = tq_alloc(ny), *want = tq_alloc(ny), *exact = tq_alloc(ny);
        float *xd = tu_alloc(nx), *yf = tu_alloc(ny);
        const float scale = tu_rand_float(0.001f, 0.3f);
        const int32_t zp = tu_rand_int(-128, 127);
        tq_fill(qx, nx, -128, 127);
        tq_dequantize(qx, nx, scale, zp, xd);
        /* max: exact (an empty window gives -INFINITY in f32, -128 in s8) */
        CHECK(caps_max_pool2d_f32(&p, xd, yf) == CAPS_OK);
        CHECK(caps_max_pool2d_s8(&p, qx, qy) == CAPS_OK);
        for (int32_t i = 0; i < ny; ++i)
            want[i] = isinf(yf[i]) ? (int8_t)-128 : tq_quantize_real((double)yf[i], (double)scale, zp, -128, 127);
        max_bad += tq_mismatches("max pool twin", qy, want, ny, 0);
        /* avg: within 1 LSB where the window is not empty (an empty window gives 0, documented) */
        CHECK(caps_avg_pool2d_f32(&p, xd, yf) == CAPS_OK);
        CHECK(caps_avg_pool2d_s8(&p, qx, qy) == CAPS_OK);
        const int32_t dims[4] = {p.n, p.c, p.out_h, p.out_w};
        for (int32_t i = 0; i < ny; ++i) {
            int32_t o[4];
            tu_unravel(i, 4, dims, o);
            want[i] = pool_window_nonempty(&p, o[2], o[3])
                          ? tq_quantize_real((double)yf[i], (double)scale, zp, -128, 127)
                          : (int8_t)0;
            /* exact: the int sum over the in-bounds taps, divided with ties away from zero */
            int64_t sum = 0, count = 0;
            for (int32_t kh = 0; kh < p.k_h; ++kh) {
                for (int32_t kw = 0; kw < p.k_w; ++kw) {
                    const int32_t ih = o[2] * p.stride_h - p.pad_top + kh * p.dil_h;
                    const int32_t iw = o[3] * p.stride_w - p.pad_left + kw * p.dil_w;
                    if (ih >= 0 && ih < p.in_h && iw >= 0 && iw < p.in_w) {
                        sum += qx[((o[0] * p.c + o[1]) * p.in_h + ih) * p.in_w + iw];
                        ++count;
                    }
                }
            }
            exact[i] = count > 0 ? (int8_t)tq_round((double)sum / (double)count) : (int8_t)0;
        }
        avg_bad += tq_mismatches("avg pool twin", qy, want, ny, 1);
        avg_exact_bad += tq_mismatches("avg pool exact", qy, exact, ny, 0);
        /* NHWC input and / or output: the NCHW results, transposed where the output is NHWC, bit for bit. */
        int8_t *xl = tu_channels_last(qx, p.n, p.c, p.in_h, p.in_w, 1);
        for (int max = 0; max < 2; ++max) {
            CHECK((max ? caps_max_pool2d_s8 : caps_avg_pool2d_s8)(&p, qx, qy) == CAPS_OK);
            int8_t *yl = tu_channels_last(qy, p.n, p.c, p.out_h, p.out_w, 1);
            for (int32_t layout = CAPS_LAYOUT_NHWC_IN; layout <= CAPS_LAYOUT_NHWC; ++layout) {
                caps_pool2d_params_t pl = p;
                pl.layout = layout;
                CHECK((max ? caps_max_pool2d_s8 : caps_avg_pool2d_s8)(&pl, layout & CAPS_LAYOUT_NHWC_IN ? xl : qx, want) ==
                      CAPS_OK);
                layout_bad += tq_mismatches("pool nhwc", want, layout & CAPS_LAYOUT_NHWC_OUT ? yl : qy, ny, 0);
            }
            free(yl);
        }
        free(xl);
        free(qx);
        free(qy);
        free(want);
        free(exact);
        free(xd);
        free(yf);
    }
    CHECK(max_bad == 0);
    CHECK(avg_bad == 0);
    CHECK(avg_exact_bad == 0);
    CHECK(layout_bad == 0);
    /* Saturation and ties: constant planes stay constant; [1, 2] -> 2, [-1, -2] -> -2 (half away from zero). */
    {
        caps_pool2d_params_t p;
        memset(&p, 0, sizeof p);
        p.n = 1;
        p.c = 1;
        p.in_h = 100;
        p.in_w = 100;
        p.out_h = 1;
        p.out_w = 1;
        p.k_h = 100;
        p.k_w = 100;
        p.stride_h = p.stride_w = p.dil_h = p.dil_w = 1;
        int8_t *x = tq_alloc(10000), y = 0;
        const int32_t vals[] = {-128, 127};
        for (int v = 0; v < 2; ++v) {
            tq_set(x, 10000, vals[v]);
            CHECK(caps_avg_pool2d_s8(&p, x, &y) == CAPS_OK && y == vals[v]);
            CHECK(caps_max_pool2d_s8(&p, x, &y) == CAPS_OK && y == vals[v]);
        }
        p.count_include_pad = 1; /* no pads: accepted, same divisor */
        CHECK(caps_avg_pool2d_s8(&p, x, &y) == CAPS_OK && y == 127);
        p.count_include_pad = 0;
        p.in_h = p.k_h = 1;
        p.in_w = p.k_w = 2;
        const int8_t ties[][3] = {{1, 2, 2}, {-1, -2, -2}, {-128, 127, -1}, {127, -128, -1}, {3, -4, -1}, {-3, 4, 1}};
        for (size_t i = 0; i < sizeof ties / sizeof ties[0]; ++i) {
            CHECK(caps_avg_pool2d_s8(&p, ties[i], &y) == CAPS_OK);
            CHECK(y == ties[i][2]);
        }
        free(x);
    }
    /* Validation. */
    {
        caps_pool2d_params_t good;
        memset(&good, 0, sizeof good);
        good.n = 1;
        good.c = 2;
        good.in_h = good.in_w = 4;
        good.out_h = good.out_w = 2;
        good.k_h = good.k_w = 2;
        good.stride_h = good.stride_w = 2;
        good.dil_h = good.dil_w = 1;
        int8_t x[32] = {0}, y[8];
        CHECK(caps_avg_pool2d_s8(&good, x, y) == CAPS_OK);
        tq_fill_sentinel(y, 8);
        CHECK(caps_max_pool2d_s8(NULL, x, y) == CAPS_ERR_ARG);
        CHECK(caps_max_pool2d_s8(&good, NULL, y) == CAPS_ERR_ARG);
        CHECK(caps_max_pool2d_s8(&good, x, NULL) == CAPS_ERR_ARG);
        CHECK(caps_avg_pool2d_s8(NULL, x, y) == CAPS_ERR_ARG);
        CHECK(caps_avg_pool2d_s8(&good, NULL, y) == CAPS_ERR_ARG);
        CHECK(caps_avg_pool2d_s8(&good, x, NULL) == CAPS_ERR_ARG);
        caps_pool2d_params_t p;
#define BAD(field, value)                                                                                              \
    do {                                                                                                               \
        p = good;                                                                                                      \
        p.field = (value);                                                                                             \
        CHECK(caps_max_pool2d_s8(&p, x, y) == CAPS_ERR_ARG);                                                           \
        CHECK(caps_avg_pool2d_s8(&p, x, y) == CAPS_ERR_ARG);                                                           \
    } while (0)
        BAD(n, 0);
        BAD(c, -1);
        BAD(in_h, 0);
        BAD(out_w, 0);
        BAD(k_h, 0);
        BAD(stride_w, 0);
        BAD(dil_h, 0);
        BAD(pad_top, -1);
        BAD(pad_right, -1);
        BAD(n, 0x40000000);
#undef BAD
        p = good;
        p.count_include_pad = 2;
        CHECK(caps_avg_pool2d_s8(&p, x, y) == CAPS_ERR_ARG);
        p.count_include_pad = 1;
        p.pad_bottom = 1;
        CHECK(caps_avg_pool2d_s8(&p, x, y) == CAPS_ERR_UNSUPPORTED);
        p.pad_bottom = 0;
        p.pad_left = 1;
        CHECK(caps_avg_pool2d_s8(&p, x, y) == CAPS_ERR_UNSUPPORTED);
        CHECK(tq_is_sentinel(y, 8));
    }
}

/* ---------------------------------------------------------------- reductions */

static void test_reduce(void) {
    int mean_bad = 0, mean_exact_bad = 0, max_bad = 0;
    for (int t = 0; t < 120; ++t) {
        caps_reduce_params_t p;
        memset(&p, 0, sizeof p);
        p.rank = tu_rand_int(1, 5);
        for (int32_t d = 0; d < p.rank; ++d)
            p.in_dims[d] = tu_rand_int(1, 5);
        p.axes_mask = t % 10 == 0 ? 0 : tu_rand_int(1, (1 << p.rank) - 1);
        const int32_t n = tu_count(p.rank, p.in_dims);
        int32_t ny = 1, red = 1;
        for (int32_t d = 0; d < p.rank; ++d) {
            if ((p.axes_mask >> d) & 1)
                red *= p.in_dims[d];
            else
                ny *= p.in_dims[d];
        }
        int8_t *qx = tq_alloc(n), *qy = tq_alloc(n), *want = tq_alloc(n), *exact = tq_alloc(n);
        float *xd = tu_alloc(n), *yf = tu_alloc(n);
        const float scale = tu_rand_float(0.001f, 0.3f);
        const int32_t zp = tu_rand_int(-128, 127);
        tq_fill(qx, n, -128, 127);
        tq_dequantize(qx, n, scale, zp, xd);
        CHECK(caps_reduce_mean_f32(&p, xd, yf) == CAPS_OK);
        CHECK(caps_reduce_mean_s8(&p, qx, qy) == CAPS_OK);
        for (int32_t i = 0; i < ny; ++i)
            want[i] = tq_quantize_real((double)yf[i], (double)scale, zp, -128, 127);
        mean_bad += tq_mismatches("reduce mean twin", qy, want, ny, 1);
        /* exact: integer sums per output element, walking the input and mapping to the kept coordinates */
        {
            int64_t *sums = (int64_t *)calloc(ny > 0 ? (size_t)ny : 1u, sizeof(int64_t));
            for (int32_t i = 0; i < n; ++i) {
                int32_t c[CAPS_MAX_DIMS], kc[CAPS_MAX_DIMS], kd[CAPS_MAX_DIMS], kr = 0;
                tu_unravel(i, p.rank, p.in_dims, c);
                for (int32_t d = 0; d < p.rank; ++d) {
                    if (!((p.axes_mask >> d) & 1)) {
                        kc[kr] = c[d];
                        kd[kr++] = p.in_dims[d];
                    }
                }
                sums[tu_ravel(kr, kd, kc)] += qx[i];
            }
            for (int32_t i = 0; i < ny; ++i)
                exact[i] = (int8_t)tq_round((double)sums[i] / (double)red);
            free(sums);
        }
        mean_exact_bad += tq_mismatches("reduce mean exact", qy, exact, ny, 0);
        CHECK(caps_reduce_max_f32(&p, xd, yf) == CAPS_OK);
        CHECK(caps_reduce_max_s8(&p, qx, qy) == CAPS_OK);
        for (int32_t i = 0; i < ny; ++i)
            want[i] = tq_quantize_real((double)yf[i], (double)scale, zp, -128, 127);
        max_bad += tq_mismatches("reduce max twin", qy, want, ny, 0);
        free(qx);
        free(qy);
        free(want);
        free(exact);
        free(xd);
        free(yf);
    }
    CHECK(mean_bad == 0);
    CHECK(mean_exact_bad == 0);
    CHECK(max_bad == 0);
    /* Saturation: 65536 values of -128 / 127 average to themselves; ties away from zero. */
    {
        caps_reduce_params_t p;
        memset(&p, 0, sizeof p);
        p.rank = 2;
        p.in_dims[0] = 256;
        p.in_dims[1] = 256;
        p.axes_mask = 3;
        int8_t *x = tq_alloc(65536), y = 0;
        tq_set(x, 65536, -128);
        CHECK(caps_reduce_mean_s8(&p, x, &y) == CAPS_OK && y == -128);
        CHECK(caps_reduce_max_s8(&p, x, &y) == CAPS_OK && y == -128);
        tq_set(x, 65536, 127);
        CHECK(caps_reduce_mean_s8(&p, x, &y) == CAPS_OK && y == 127);
        x[12345] = -128;
        CHECK(caps_reduce_max_s8(&p, x, &y) == CAPS_OK && y == 127);
        p.rank = 1;
        p.in_dims[0] = 4;
        p.axes_mask = 1;
        const int8_t ties[][5] = {
            {1, 1, 0, 0, 1}, {-1, -1, 0, 0, -1}, {-128, -128, -128, -127, -128}, {-3, 0, 0, 1, -1}};
        /* 2 / 4 = 0.5 -> 1; -0.5 -> -1; -127.75 -> -128; -0.5 -> -1 */
        for (size_t i = 0; i < sizeof ties / sizeof ties[0]; ++i) {
            CHECK(caps_reduce_mean_s8(&p, ties[i], &y) == CAPS_OK);
            CHECK(y == ties[i][4]);
        }
        free(x);
    }
    /* Validation. */
    {
        caps_reduce_params_t good;
        memset(&good, 0, sizeof good);
        good.rank = 2;
        good.in_dims[0] = 3;
        good.in_dims[1] = 4;
        good.axes_mask = 2;
        int8_t x[12] = {0}, y[12];
        CHECK(caps_reduce_mean_s8(&good, x, y) == CAPS_OK);
        tq_fill_sentinel(y, 12);
        caps_reduce_params_t bad[4];
        for (int i = 0; i < 4; ++i)
            bad[i] = good;
        bad[0].rank = 0;
        bad[1].rank = 7;
        bad[2].in_dims[1] = 0;
        bad[3].axes_mask = 4;
        for (int i = 0; i < 4; ++i) {
            CHECK(caps_reduce_mean_s8(&bad[i], x, y) == CAPS_ERR_ARG);
            CHECK(caps_reduce_max_s8(&bad[i], x, y) == CAPS_ERR_ARG);
        }
        CHECK(caps_reduce_mean_s8(NULL, x, y) == CAPS_ERR_ARG);
        CHECK(caps_reduce_mean_s8(&good, NULL, y) == CAPS_ERR_ARG);
        CHECK(caps_reduce_max_s8(&good, x, NULL) == CAPS_ERR_ARG);
        CHECK(tq_is_sentinel(y, 12));
    }
}

/* ---------------------------------------------------------------- data movement */

/** The f32 result of a data-movement kernel, quantized back, must equal the s8 result exactly. */
static int movement_matches(const char *what, const float *yf, const int8_t *qy, int32_t n, float scale, int32_t zp) {
    int8_t *want = tq_alloc(n);
    for (int32_t i = 0; i < n; ++i)
        want[i] = tq_quantize_real((double)yf[i], (double)scale, zp, -128, 127);
    const int bad = tq_mismatches(what, qy, want, n, 0);
    free(want);
    return bad == 0;
}

static void test_data_movement(void) {
    enum { CAP = 4096 };
    int8_t *qx = tq_alloc(CAP), *qy = tq_alloc(CAP);
    float *xd = tu_alloc(CAP), *yf = tu_alloc(CAP);
    int transpose_ok = 1, slice_ok = 1, pad_ok = 1, concat_ok = 1, copy_ok = 1;
    for (int t = 0; t < 150; ++t) {
        const float scale = tu_rand_float(0.001f, 0.3f);
        const int32_t zp = tu_rand_int(-128, 127);
        tq_fill(qx, CAP, -128, 127);
        tq_dequantize(qx, CAP, scale, zp, xd);
        const int32_t rank = tu_rand_int(1, 6);
        int32_t dims[CAPS_MAX_DIMS];
        for (int32_t d = 0; d < rank; ++d)
            dims[d] = tu_rand_int(1, rank > 4 ? 3 : 5);
        const int32_t n = tu_count(rank, dims);
        /* transpose */
        {
            caps_transpose_params_t p;
            memset(&p, 0, sizeof p);
            p.rank = rank;
            memcpy(p.in_dims, dims, sizeof dims);
            for (int32_t d = 0; d < rank; ++d)
                p.perm[d] = d;
            for (int32_t d = rank - 1; d > 0; --d) {
                const int32_t j = tu_rand_int(0, d), tmp = p.perm[d];
                p.perm[d] = p.perm[j];
                p.perm[j] = tmp;
            }
            CHECK(caps_transpose_f32(&p, xd, yf) == CAPS_OK);
            CHECK(caps_transpose_s8(&p, qx, qy) == CAPS_OK);
            transpose_ok &= movement_matches("transpose", yf, qy, n, scale, zp);
        }
        /* slice, positive and negative steps */
        {
            caps_slice_params_t p;
            memset(&p, 0, sizeof p);
            p.rank = rank;
            memcpy(p.in_dims, dims, sizeof dims);
            for (int32_t d = 0; d < rank; ++d) {
                p.steps[d] = tu_rand_int(1, 2) * (tu_rand_int(0, 1) ? 1 : -1);
                p.starts[d] = tu_rand_int(0, dims[d] - 1);
                const int32_t room =
                    p.steps[d] > 0 ? (dims[d] - 1 - p.starts[d]) / p.steps[d] : p.starts[d] / -p.steps[d];
                p.out_dims[d] = tu_rand_int(1, room + 1);
            }
            const int32_t ny = tu_count(rank, p.out_dims);
            CHECK(caps_slice_f32(&p, xd, yf) == CAPS_OK);
            CHECK(caps_slice_s8(&p, qx, qy) == CAPS_OK);
            slice_ok &= movement_matches("slice", yf, qy, ny, scale, zp);
        }
        /* pad: constant (fill = a quantized value), reflect, edge; negative pads crop */
        {
            caps_pad_params_t p;
            memset(&p, 0, sizeof p);
            p.rank = rank;
            memcpy(p.in_dims, dims, sizeof dims);
            int32_t ny = 1;
            for (int32_t d = 0; d < rank; ++d) {
                p.pads_begin[d] = tu_rand_int(-1, 3);
                p.out_dims[d] = tu_rand_int(1, dims[d] + 3);
                ny *= p.out_dims[d];
            }
            if (ny > CAP)
                continue;
            p.mode = t % 3;
            const int32_t fill_q = tu_rand_int(-128, 127);
            caps_pad_params_t pf = p;
            p.value = (float)fill_q;
            pf.value = scale * (float)(fill_q - zp);
            CHECK(caps_pad_f32(&pf, xd, yf) == CAPS_OK);
            CHECK(caps_pad_s8(&p, qx, qy) == CAPS_OK);
            pad_ok &= movement_matches("pad", yf, qy, ny, scale, zp);
        }
        /* concat: split a tensor along an axis into two pieces and reassemble */
        {
            const int32_t axis = tu_rand_int(0, rank - 1);
            int32_t outer = 1, inner = 1;
            for (int32_t d = 0; d < axis; ++d)
                outer *= dims[d];
            for (int32_t d = axis + 1; d < rank; ++d)
                inner *= dims[d];
            const int32_t first = tu_rand_int(0, dims[axis]);
            const int32_t piece[2] = {first, dims[axis] - first};
            int32_t offset = 0;
            tq_fill_sentinel(qy, n);
            tu_fill_sentinel(yf, n);
            for (int i = 0; i < 2; ++i) {
                if (piece[i] == 0)
                    continue;
                const caps_concat_params_t p = {outer, piece[i] * inner, dims[axis] * inner, offset};
                CHECK(caps_concat_f32(&p, xd + (i == 0 ? 0 : outer * piece[0] * inner), yf) == CAPS_OK);
                CHECK(caps_concat_s8(&p, qx + (i == 0 ? 0 : outer * piece[0] * inner), qy) == CAPS_OK);
                offset += piece[i] * inner;
            }
            concat_ok &= movement_matches("concat", yf, qy, n, scale, zp);
        }
        /* copy */
        {
            const caps_unary_params_t p = {n, 0.0f, 0.0f};
            CHECK(caps_copy_f32(&p, xd, yf) == CAPS_OK);
            CHECK(caps_copy_s8(&p, qx, qy) == CAPS_OK);
            copy_ok &= movement_matches("copy", yf, qy, n, scale, zp);
            CHECK(caps_copy_s8(&p, qy, qy) == CAPS_OK); /* in place */
            copy_ok &= memcmp(qx, qy, (size_t)n) == 0;
        }
    }
    CHECK(transpose_ok);
    CHECK(slice_ok);
    CHECK(pad_ok);
    CHECK(concat_ok);
    CHECK(copy_ok);
    /* Known values: reflect / edge / constant pad of [-128, 0, 127]. */
    {
        const int8_t x[3] = {-128, 0, 127};
        int8_t y[9];
        caps_pad_params_t p;
        memset(&p, 0, sizeof p);
        p.rank = 1;
        p.in_dims[0] = 3;
        p.out_dims[0] = 9;
        p.pads_begin[0] = 3;
        p.value = -7.0f;
        const int8_t want_c[9] = {-7, -7, -7, -128, 0, 127, -7, -7, -7};
        const int8_t want_r[9] = {0, 127, 0, -128, 0, 127, 0, -128, 0};
        const int8_t want_e[9] = {-128, -128, -128, -128, 0, 127, 127, 127, 127};
        p.mode = CAPS_PAD_CONSTANT;
        CHECK(caps_pad_s8(&p, x, y) == CAPS_OK);
        CHECK_S8("pad constant", y, want_c, 9, 0);
        p.mode = CAPS_PAD_REFLECT;
        p.value = 0.5f; /* ignored outside constant mode */
        CHECK(caps_pad_s8(&p, x, y) == CAPS_OK);
        CHECK_S8("pad reflect", y, want_r, 9, 0);
        p.mode = CAPS_PAD_EDGE;
        CHECK(caps_pad_s8(&p, x, y) == CAPS_OK);
        CHECK_S8("pad edge", y, want_e, 9, 0);
        /* Validation: the fill must be an int8 integer; shapes as caps_pad_f32. */
        p.mode = CAPS_PAD_CONSTANT;
        tq_fill_sentinel(y, 9);
        const float bad_fill[] = {0.5f, -128.5f, 128.0f, -129.0f, 1e10f, NAN, INFINITY};
        for (size_t i = 0; i < sizeof bad_fill / sizeof bad_fill[0]; ++i) {
            p.value = bad_fill[i];
            CHECK(caps_pad_s8(&p, x, y) == CAPS_ERR_ARG);
        }
        p.value = 127.0f;
        p.mode = 3;
        CHECK(caps_pad_s8(&p, x, y) == CAPS_ERR_ARG);
        p.mode = CAPS_PAD_CONSTANT;
        p.rank = 0;
        CHECK(caps_pad_s8(&p, x, y) == CAPS_ERR_ARG);
        p.rank = 1;
        p.out_dims[0] = 0;
        CHECK(caps_pad_s8(&p, x, y) == CAPS_ERR_ARG);
        p.out_dims[0] = 9;
        CHECK(caps_pad_s8(NULL, x, y) == CAPS_ERR_ARG);
        CHECK(caps_pad_s8(&p, NULL, y) == CAPS_ERR_ARG);
        CHECK(caps_pad_s8(&p, x, NULL) == CAPS_ERR_ARG);
        CHECK(tq_is_sentinel(y, 9));
        p.value = -128.0f;
        CHECK(caps_pad_s8(&p, x, y) == CAPS_OK && y[0] == -128);
    }
    /* Validation of transpose, slice, concat, copy. */
    {
        int8_t x[24] = {0}, y[24];
        tq_fill_sentinel(y, 24);
        caps_transpose_params_t tp;
        memset(&tp, 0, sizeof tp);
        tp.rank = 3;
        tp.in_dims[0] = 2;
        tp.in_dims[1] = 3;
        tp.in_dims[2] = 4;
        tp.perm[0] = 2;
        tp.perm[1] = 2; /* not a permutation */
        CHECK(caps_transpose_s8(&tp, x, y) == CAPS_ERR_ARG);
        tp.perm[1] = 3; /* out of range */
        CHECK(caps_transpose_s8(&tp, x, y) == CAPS_ERR_ARG);
        tp.perm[1] = 0;
        tp.perm[2] = 1;
        CHECK(caps_transpose_s8(NULL, x, y) == CAPS_ERR_ARG);
        CHECK(caps_transpose_s8(&tp, NULL, y) == CAPS_ERR_ARG);
        CHECK(caps_transpose_s8(&tp, x, NULL) == CAPS_ERR_ARG);
        caps_slice_params_t sp;
        memset(&sp, 0, sizeof sp);
        sp.rank = 1;
        sp.in_dims[0] = 24;
        sp.out_dims[0] = 5;
        sp.starts[0] = 20;
        sp.steps[0] = 1; /* reads past the end */
        CHECK(caps_slice_s8(&sp, x, y) == CAPS_ERR_ARG);
        sp.steps[0] = 0;
        CHECK(caps_slice_s8(&sp, x, y) == CAPS_ERR_ARG);
        sp.steps[0] = -5;
        sp.starts[0] = 19; /* 19 - 4 * 5 = -1 */
        CHECK(caps_slice_s8(&sp, x, y) == CAPS_ERR_ARG);
        CHECK(caps_slice_s8(NULL, x, y) == CAPS_ERR_ARG);
        caps_concat_params_t cp = {2, 3, 5, 3}; /* offset + in_inner > out_inner */
        CHECK(caps_concat_s8(&cp, x, y) == CAPS_ERR_ARG);
        cp.offset = -1;
        CHECK(caps_concat_s8(&cp, x, y) == CAPS_ERR_ARG);
        cp.offset = 2;
        cp.outer = 0;
        CHECK(caps_concat_s8(&cp, x, y) == CAPS_ERR_ARG);
        cp.outer = 2;
        CHECK(caps_concat_s8(NULL, x, y) == CAPS_ERR_ARG);
        CHECK(caps_concat_s8(&cp, NULL, y) == CAPS_ERR_ARG);
        caps_unary_params_t up = {0, 0.0f, 0.0f};
        CHECK(caps_copy_s8(&up, x, y) == CAPS_ERR_ARG);
        up.size = 24;
        CHECK(caps_copy_s8(NULL, x, y) == CAPS_ERR_ARG);
        CHECK(caps_copy_s8(&up, NULL, y) == CAPS_ERR_ARG);
        CHECK(caps_copy_s8(&up, x, NULL) == CAPS_ERR_ARG);
        CHECK(tq_is_sentinel(y, 24));
    }
    free(qx);
    free(qy);
    free(xd);
    free(yf);
}

int main(void) {
    tu_seed(20250611u);
    test_requantize_table();
    test_requantize_random();
    test_quantize_multiplier();
    test_quantize();
    test_conv_twin();
    test_conv_saturation();
    test_conv_validation();
    test_fc();
    test_binary();
    test_clamp();
    test_lut();
    test_pool();
    test_reduce();
    test_data_movement();
    return tu_finish("test_quantized");
}
