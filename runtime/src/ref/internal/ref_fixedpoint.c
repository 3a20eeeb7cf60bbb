/**
 * @file ref_fixedpoint.c
 * @brief Fixed-point primitives of the int8 capsule and softmax kernels (see ref_fixedpoint.h).
 *
 * Integer arithmetic only. gemmlowp's functions are transcribed operation by operation (fixedpoint.h,
 * https://github.com/google/gemmlowp): every FixedPoint product is SaturatingRoundingDoublingHighMul
 * (caps_ref_doubling_high_mul), every Rescale a SaturatingRoundingMultiplyByPOT (caps_ref_mul_by_pot);
 * additions that gemmlowp performs in wrapping int32 are formed in int64 and saturated here (they never
 * overflow on gemmlowp's input domain, so the bits are the same).
 */
#include "ref_fixedpoint.h"

/** a + b saturated to int32. */
static int32_t add_sat(int32_t a, int32_t b) { return caps_ref_sat32((int64_t)a + (int64_t)b); }

/** a - b saturated to int32. */
static int32_t sub_sat(int32_t a, int32_t b) { return caps_ref_sat32((int64_t)a - (int64_t)b); }

int32_t caps_ref_clz32(uint32_t x) {
    if (x == 0)
        return 32;
    int32_t n = 0;
    while ((x & 0x80000000u) == 0) {
        x <<= 1;
        ++n;
    }
    return n;
}

int32_t caps_ref_clz64(uint64_t x) {
    if (x == 0)
        return 64;
    const uint32_t hi = (uint32_t)(x >> 32);
    return hi != 0 ? caps_ref_clz32(hi) : 32 + caps_ref_clz32((uint32_t)x);
}

int32_t caps_ref_mul_by_pot(int32_t x, int32_t exponent) {
    if (exponent > 0) {
        if (exponent >= 32)
            return x > 0 ? INT32_MAX : x < 0 ? INT32_MIN : 0;
        return caps_ref_sat32((int64_t)x * ((int64_t)1 << exponent));
    }
    if (exponent == 0)
        return x;
    const int32_t n = exponent < -62 ? 62 : -exponent;
    /* RoundingDivideByPOT: floor(x / 2^n) (an arithmetic shift, ref_quant.h) plus one when the remainder exceeds
     * half (half when x < 0). */
    const int64_t mask = ((int64_t)1 << n) - 1;
    const int64_t remainder = (int64_t)x & mask; /* int64 two's complement: the low n bits, >= 0 */
    const int64_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (int32_t)(((int64_t)x >> n) + (remainder > threshold ? 1 : 0));
}

int32_t caps_ref_rounding_half_sum(int32_t a, int32_t b) {
    const int64_t sum = (int64_t)a + (int64_t)b;
    const int64_t sign = sum >= 0 ? 1 : -1;
    return (int32_t)((sum + sign) / 2);
}

/** gemmlowp's exp_on_interval_between_negative_one_quarter_and_0_excl: a in Q0.31, a in [-1/4, 0). */
static int32_t exp_on_interval_between_negative_one_quarter_and_0_excl(int32_t a) {
    const int32_t constant_term = 1895147668;       /* exp(-1/8) in Q0.31 */
    const int32_t constant_1_over_3 = 715827883;    /* 1/3 in Q0.31 */
    const int32_t x = add_sat(a, (int32_t)1 << 28); /* x = a + 1/8, in [-1/8, 1/8) */
    const int32_t x2 = caps_ref_doubling_high_mul(x, x);
    const int32_t x3 = caps_ref_doubling_high_mul(x2, x);
    const int32_t x4 = caps_ref_doubling_high_mul(x2, x2);
    const int32_t x4_over_4 = caps_ref_mul_by_pot(x4, -2);
    const int32_t x4_over_24_plus_x3_over_6_plus_x2_over_2 =
        caps_ref_mul_by_pot(add_sat(caps_ref_doubling_high_mul(add_sat(x4_over_4, x3), constant_1_over_3), x2), -1);
    return add_sat(constant_term,
                   caps_ref_doubling_high_mul(constant_term, add_sat(x, x4_over_24_plus_x3_over_6_plus_x2_over_2)));
}

int32_t caps_ref_exp_on_negative_values(int32_t a) {
    if (a >= 0)
        return INT32_MAX; /* gemmlowp: MaskIfZero(a) selects One() */
    /* Q5.26: kFractionalBits = 26, kIntegerBits = 5. */
    const int32_t one_quarter = (int32_t)1 << 24;
    const uint32_t mask = (uint32_t)one_quarter - 1u;
    /* (a & mask) - 1/4: a modulo 1/4, moved into [-1/4, 0). */
    const int32_t a_mod_quarter_minus_one_quarter = (int32_t)((uint32_t)a & mask) - one_quarter;
    int32_t result = exp_on_interval_between_negative_one_quarter_and_0_excl(
        caps_ref_mul_by_pot(a_mod_quarter_minus_one_quarter, 5));
    /* remainder = (a mod 1/4 - 1/4) - a >= 0, a multiple of 1/4 below 32: its bits 24 .. 30 select the factors
     * exp(-2^b) for b = -2 .. 4 (gemmlowp's GEMMLOWP_EXP_BARREL_SHIFTER table). */
    const int64_t remainder = (int64_t)a_mod_quarter_minus_one_quarter - (int64_t)a;
    static const int32_t multipliers[7] = {
        1672461947, /* exp(-1/4) */
        1302514674, /* exp(-1/2) */
        790015084,  /* exp(-1) */
        290630308,  /* exp(-2) */
        39332535,   /* exp(-4) */
        720401,     /* exp(-8) */
        242,        /* exp(-16) */
    };
    for (int32_t k = 0; k < 7; ++k) {
        if ((remainder & ((int64_t)1 << (24 + k))) != 0)
            result = caps_ref_doubling_high_mul(result, multipliers[k]);
    }
    /* kIntegerBits = 5: gemmlowp's clamp below -32 does not apply (the input cannot be below -32). */
    return result;
}

int32_t caps_ref_one_over_one_plus_x_for_x_in_0_1(int32_t a) {
    if (a < 0)
        a = 0;
    /* F0 = Q0.31 (One() = INT32_MAX), F2 = Q2.29 (One() = 2^29). */
    const int32_t half_denominator = caps_ref_rounding_half_sum(a, INT32_MAX);
    const int32_t constant_48_over_17 = 1515870810;      /* F2 */
    const int32_t constant_neg_32_over_17 = -1010580540; /* F2 */
    int32_t x = add_sat(constant_48_over_17, caps_ref_doubling_high_mul(half_denominator, constant_neg_32_over_17));
    for (int32_t i = 0; i < 3; ++i) {
        const int32_t half_denominator_times_x = caps_ref_doubling_high_mul(half_denominator, x); /* F2 */
        const int32_t one_minus_half_denominator_times_x = sub_sat((int32_t)1 << 29, half_denominator_times_x);
        /* F2 * F2 = F4, Rescale<2>: multiply by 2^2 */
        x = add_sat(x, caps_ref_mul_by_pot(caps_ref_doubling_high_mul(x, one_minus_half_denominator_times_x), 2));
    }
    /* ExactMulByPot<-1> (F2 -> F1, same raw), then Rescale<0> (F1 -> F0): multiply by 2^1. */
    return caps_ref_mul_by_pot(x, 1);
}

int32_t caps_ref_get_reciprocal(int32_t x, int32_t x_integer_digits, int32_t *num_bits_over_unit) {
    if (x <= 0)
        x = 1;
    const int32_t headroom_plus_one = caps_ref_clz32((uint32_t)x); /* in [1, 31] */
    *num_bits_over_unit = x_integer_digits - headroom_plus_one;
    /* (x << headroom_plus_one) has its top bit set; minus 2^31 it is the fraction in [0, 1) in Q0.31. */
    const uint32_t shifted = (uint32_t)x << headroom_plus_one;
    const int32_t shifted_sum_minus_one = (int32_t)(shifted - 0x80000000u);
    return caps_ref_one_over_one_plus_x_for_x_in_0_1(shifted_sum_minus_one);
}

uint32_t caps_ref_isqrt64(uint64_t x) {
    /* Digit-by-digit square root, two bits of x per step: res holds the root of the bits consumed so far
     * (shifted), and x the remainder. */
    uint64_t res = 0;
    uint64_t bit = (uint64_t)1 << 62;
    while (bit > x)
        bit >>= 2;
    while (bit != 0) {
        if (x >= res + bit) {
            x -= res + bit;
            res = (res >> 1) + bit;
        } else {
            res >>= 1;
        }
        bit >>= 2;
    }
    return (uint32_t)res;
}

/* ---------------------------------------------------------------- pseudo-floats */

static caps_ref_pf_t pf_zero(void) {
    caps_ref_pf_t z;
    z.m = 0;
    z.e = 0;
    return z;
}

caps_ref_pf_t caps_ref_pf_from_u64(uint64_t x, int32_t e) {
    if (x == 0)
        return pf_zero();
    const int32_t bits = 64 - caps_ref_clz64(x);
    caps_ref_pf_t r;
    if (bits > 31) {
        int32_t n = bits - 31;
        uint64_t m = (x >> n) + ((x >> (n - 1)) & 1u); /* round half up on the magnitude */
        if (m == ((uint64_t)1 << 31)) {
            m = (uint64_t)1 << 30;
            ++n;
        }
        r.m = (int32_t)m;
        r.e = e + n;
    } else {
        r.m = (int32_t)(x << (31 - bits));
        r.e = e - (31 - bits);
    }
    return r;
}

caps_ref_pf_t caps_ref_pf_mul(caps_ref_pf_t a, caps_ref_pf_t b) {
    if (a.m == 0 || b.m == 0)
        return pf_zero();
    return caps_ref_pf_from_u64((uint64_t)a.m * (uint64_t)b.m, a.e + b.e);
}

caps_ref_pf_t caps_ref_pf_add(caps_ref_pf_t a, caps_ref_pf_t b) {
    if (a.m == 0)
        return b;
    if (b.m == 0)
        return a;
    if (a.e < b.e) {
        const caps_ref_pf_t t = a;
        a = b;
        b = t;
    }
    const int64_t d = (int64_t)a.e - (int64_t)b.e;
    const uint64_t big = (uint64_t)a.m << 32;   /* < 2^63 */
    const uint64_t small = (uint64_t)b.m << 32; /* < 2^63 */
    uint64_t aligned;
    if (d == 0)
        aligned = small;
    else if (d >= 64)
        aligned = 0;
    else
        aligned = (small >> d) + ((small >> (d - 1)) & 1u);
    return caps_ref_pf_from_u64(big + aligned, a.e - 32); /* the sum is below 2^64 */
}

caps_ref_pf_t caps_ref_pf_recip(caps_ref_pf_t a) {
    if (a.m == 0)
        return pf_zero();
    /* a = (1 + t) * 2^(30 + e) with t = m / 2^30 - 1 in [0, 1), in Q0.31: (m - 2^30) * 2. */
    const int32_t t = (a.m - ((int32_t)1 << 30)) * 2;
    const int32_t r = caps_ref_one_over_one_plus_x_for_x_in_0_1(t); /* 1 / (1 + t) in Q0.31 */
    return caps_ref_pf_from_u64((uint64_t)r, -61 - a.e);
}

caps_ref_pf_t caps_ref_pf_sqrt(caps_ref_pf_t a) {
    if (a.m == 0)
        return pf_zero();
    caps_ref_pf_t r;
    if (((uint32_t)a.e & 1u) == 0) {
        r.m = (int32_t)caps_ref_isqrt64((uint64_t)a.m << 30); /* [2^60, 2^61) -> [2^30, 2^30.5) */
        r.e = (a.e - 30) / 2;
    } else {
        r.m = (int32_t)caps_ref_isqrt64((uint64_t)a.m << 31); /* [2^61, 2^62) -> [2^30.5, 2^31) */
        r.e = (a.e - 31) / 2;
    }
    return r;
}

caps_ref_pf_t caps_ref_pf_sqrt_u64(uint64_t x) {
    if (x == 0)
        return pf_zero();
    int32_t shift = 62 - (64 - caps_ref_clz64(x)); /* x << shift has 62 bits */
    if (((uint32_t)shift & 1u) != 0)
        --shift; /* even, so that the root scales by 2^(shift / 2); x << shift has 61 bits then */
    const uint64_t y = shift >= 0 ? x << shift : x >> -shift; /* in [2^60, 2^62) */
    caps_ref_pf_t r;
    r.m = (int32_t)caps_ref_isqrt64(y);
    r.e = -shift / 2;
    return r;
}

int32_t caps_ref_pf_apply(int64_t x, caps_ref_pf_t g) {
    if (x == 0 || g.m == 0)
        return 0;
    const int negative = x < 0;
    const uint64_t mag = negative ? (uint64_t)(-(x + 1)) + 1u : (uint64_t)x;
    const uint64_t limit = negative ? (uint64_t)1 << 31 : ((uint64_t)1 << 31) - 1u;
    const uint64_t m = (uint64_t)g.m;
    if ((mag >> 32) == 0) {
        /* The common case (int32-sized x): the product is below 2^63, and the 128-bit steps below reduce to
         * these (no carry into the high word, which stays 0). */
        const uint64_t product = mag * m;
        uint64_t q;
        if (g.e >= 0)
            q = g.e >= 32 || product > (limit >> g.e) ? limit + 1u : product << g.e;
        else
            q = g.e <= -64 ? 0 : (product + ((uint64_t)1 << (-g.e - 1))) >> -g.e;
        if (q > limit)
            q = limit;
        return negative ? (int32_t)(-(int64_t)q) : (int32_t)q;
    }
    /* 128-bit product (hi, lo) = mag * m, m < 2^31: below 2^95. */
    const uint64_t p_lo = (mag & 0xFFFFFFFFu) * m;
    const uint64_t p_hi = (mag >> 32) * m;
    uint64_t lo = p_lo + (p_hi << 32);
    uint64_t hi = (p_hi >> 32) + (lo < p_lo ? 1u : 0u);
    uint64_t q;
    if (g.e >= 0) {
        if (hi != 0 || g.e >= 32 || lo > (limit >> g.e))
            q = limit + 1u; /* saturates below */
        else
            q = lo << g.e;
    } else {
        const int64_t n = -(int64_t)g.e;
        if (n > 96)
            return 0; /* the product is below 2^95, so the rounded quotient is 0 */
        /* add 2^(n - 1) for rounding half up on the magnitude */
        if (n - 1 < 64) {
            const uint64_t half = (uint64_t)1 << (n - 1);
            lo += half;
            hi += lo < half ? 1u : 0u;
        } else {
            hi += (uint64_t)1 << (n - 1 - 64);
        }
        if (n >= 64) {
            q = hi >> (n - 64);
        } else {
            if ((hi >> n) != 0)
                q = limit + 1u;
            else
                q = (lo >> n) | (hi << (64 - n));
        }
    }
    if (q > limit)
        q = limit;
    return negative ? (int32_t)(-(int64_t)q) : (int32_t)q;
}
