/**
 * @file arm_fixedpoint.h
 * @brief Inline fixed-point primitives of the arm/ capsule kernels, each bit-identical to its ref/ function
 *        (ref_fixedpoint.h) on the whole input domain the comment states; test_arm_twins.c compares them on
 *        random and boundary inputs.
 *
 * The ref/ versions are written for every input of their argument types with 64-bit intermediates and calls;
 * here the range analysis of each call site is done once, so what remains is SMULL/UMULL, QADD (saturating
 * add of the DSP extension, exactly ref's add_sat) and shifts. The integer square root replaces the
 * digit-by-digit loop by one 32-bit square root, one UDIV step and an exact correction.
 */
#ifndef CAPSRT_ARM_INTERNAL_ARM_FIXEDPOINT_H
#define CAPSRT_ARM_INTERNAL_ARM_FIXEDPOINT_H

#include "../../ref/internal/ref_fixedpoint.h"
#include "arm_dsp.h"

/** caps_ref_doubling_high_mul for operands that are not both INT32_MIN. */
static inline int32_t caps_arm_dhm(int32_t a, int32_t b) {
    return (int32_t)(((int64_t)a * b + ((int64_t)1 << 30)) >> 31);
}

/**
 * caps_ref_doubling_high_mul(a, b) for a in [-2^30, 2^30): SMMULR(2a, b) = floor((2ab + 2^31) / 2^32) =
 * floor((ab + 2^30) / 2^31), one instruction instead of a 64-bit product, add and shift.
 */
static inline int32_t caps_arm_dhm_half_range(int32_t a, int32_t b) {
    int32_t r;
    __asm__("smmulr %0, %1, %2" : "=r"(r) : "r"(a * 2), "r"(b));
    return r;
}

/** caps_ref_mul_by_pot(x, -n) for 1 <= n <= 31: RoundingDivideByPOT. */
static inline int32_t caps_arm_rounding_divide_by_pot(int32_t x, int32_t n) {
    const int32_t mask = (int32_t)((1u << n) - 1u);
    const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> n) + ((x & mask) > threshold ? 1 : 0);
}

/** caps_ref_exp_on_negative_values, every int32 a. */
static inline int32_t caps_arm_exp_on_negative_values(int32_t a) {
    if (a >= 0)
        return INT32_MAX;
    const int32_t one_quarter = (int32_t)1 << 24;
    const int32_t a_mod_quarter_minus_one_quarter = (int32_t)((uint32_t)a & (uint32_t)(one_quarter - 1)) - one_quarter;
    /* Taylor part: the argument (a mod 1/4 - 1/4) * 2^5 is in [-2^29, 0), x = that + 1/8 in [-2^28, 2^28), so
     * every product has an operand within [-2^30, 2^30) (SMMULR) and no sum leaves int32 except possibly the
     * last (QADD). */
    const int32_t x = a_mod_quarter_minus_one_quarter * 32 + ((int32_t)1 << 28);
    const int32_t constant_term = 1895147668;
    const int32_t x2 = caps_arm_dhm_half_range(x, x);  /* |x2| <= 2^25, |x3| <= 2^22, |x4| <= 2^19 */
    const int32_t x3 = caps_arm_dhm_half_range(x2, x);
    const int32_t x4 = caps_arm_dhm_half_range(x2, x2);
    const int32_t x4_over_4 = caps_arm_rounding_divide_by_pot(x4, 2);
    const int32_t poly = caps_arm_rounding_divide_by_pot(caps_arm_dhm_half_range(x4_over_4 + x3, 715827883) + x2, 1);
    int32_t result = __qadd(constant_term, caps_arm_dhm_half_range(x + poly, constant_term));
    /* remainder = (a mod 1/4 - 1/4) - a, a multiple of 2^24 below 2^31: bits 24 .. 30 select the factors
     * exp(-2^b), b = -2 .. 4. The result and the factors are positive, so no product saturates; the factors
     * below 2^30 are doubled for SMMULR (the same identity with the roles of a and b exchanged). */
    const uint32_t remainder = (uint32_t)a_mod_quarter_minus_one_quarter - (uint32_t)a;
    if (remainder & (1u << 24))
        result = caps_arm_dhm(result, 1672461947);
    if (remainder & (1u << 25))
        result = caps_arm_dhm(result, 1302514674);
    if (remainder & (1u << 26))
        result = caps_arm_dhm_half_range(790015084, result);
    if (remainder & (1u << 27))
        result = caps_arm_dhm_half_range(290630308, result);
    if (remainder & (1u << 28))
        result = caps_arm_dhm_half_range(39332535, result);
    if (remainder & (1u << 29))
        result = caps_arm_dhm_half_range(720401, result);
    if (remainder & (1u << 30))
        result = caps_arm_dhm_half_range(242, result);
    return result;
}

/** caps_ref_one_over_one_plus_x_for_x_in_0_1, every int32 a. */
static inline int32_t caps_arm_one_over_one_plus_x_for_x_in_0_1(int32_t a) {
    if (a < 0)
        a = 0;
    /* RoundingHalfSum(a, INT32_MAX) for a >= 0: (a + 2^31 - 1 + 1) / 2, in [2^30, 2^31) */
    const int32_t half_denominator = (int32_t)(((uint32_t)a + 0x80000000u) >> 1);
    int32_t x = __qadd(1515870810, caps_arm_dhm(half_denominator, -1010580540));
    for (int32_t i = 0; i < 3; ++i) {
        const int32_t one_minus = __qsub((int32_t)1 << 29, caps_arm_dhm(half_denominator, x));
        const int32_t step = caps_arm_dhm(x, one_minus);
        x = __qadd(x, __qadd(__qadd(step, step), __qadd(step, step))); /* saturating * 4 */
    }
    return __qadd(x, x);
}

/** caps_ref_pf_from_u64 for x < 2^63. */
static inline caps_ref_pf_t caps_arm_pf_from_u64(uint64_t x, int32_t e) {
    caps_ref_pf_t r;
    if (x == 0) {
        r.m = 0;
        r.e = 0;
        return r;
    }
    const uint32_t hi = (uint32_t)(x >> 32);
    const int32_t bits = hi != 0 ? 64 - __builtin_clz(hi) : 32 - __builtin_clz((uint32_t)x);
    if (bits > 31) {
        int32_t n = bits - 31;
        uint32_t m = (uint32_t)(x >> n) + (uint32_t)((x >> (n - 1)) & 1u);
        if (m == 0x80000000u) {
            m = 0x40000000u;
            ++n;
        }
        r.m = (int32_t)m;
        r.e = e + n;
    } else {
        r.m = (int32_t)((uint32_t)x << (31 - bits));
        r.e = e - (31 - bits);
    }
    return r;
}

/** caps_ref_pf_mul. */
static inline caps_ref_pf_t caps_arm_pf_mul(caps_ref_pf_t a, caps_ref_pf_t b) {
    if (a.m == 0 || b.m == 0) {
        caps_ref_pf_t z = {0, 0};
        return z;
    }
    return caps_arm_pf_from_u64((uint64_t)(uint32_t)a.m * (uint32_t)b.m, a.e + b.e);
}

/** caps_ref_pf_recip. */
static inline caps_ref_pf_t caps_arm_pf_recip(caps_ref_pf_t a) {
    if (a.m == 0)
        return a;
    const int32_t r = caps_arm_one_over_one_plus_x_for_x_in_0_1((a.m - ((int32_t)1 << 30)) * 2);
    return caps_arm_pf_from_u64((uint32_t)r, -61 - a.e);
}

/**
 * A pseudo-float gain prepared for caps_arm_pf_apply32. With n = -g.e, round(|x| m / 2^n) (ties up on the
 * magnitude, as caps_ref_pf_apply) is, for the product P = |x| m < 2^62 of UMULL:
 *   n >= 33: (P_hi + 2^(n - 33)) >> (n - 32)   (the low word cannot carry into the rounding: the added half is a
 *            whole multiple of 2^32), below 2^30, so it never saturates;
 *   n == 32: P_hi + (P_lo >> 31), below 2^30 + 1;
 *   1 <= n <= 31: the 64-bit sum (P + 2^(n-1)) >> n, saturated;
 * any other gain (zero, g.e >= 0, n >= 64) takes caps_ref_pf_apply.
 */
enum { CAPS_ARM_GAIN_REF, CAPS_ARM_GAIN_HIGH, CAPS_ARM_GAIN_HIGH32, CAPS_ARM_GAIN_LOW };

typedef struct {
    caps_ref_pf_t g;
    int32_t mode;
    uint32_t shift; /* n for LOW, n - 32 for HIGH */
    uint32_t half;  /* 2^(shift - 1) for HIGH and LOW */
} caps_arm_gain_t;

static inline caps_arm_gain_t caps_arm_gain_make(caps_ref_pf_t g) {
    caps_arm_gain_t r;
    r.g = g;
    const int32_t n = g.m != 0 && g.e < 0 && g.e > -64 ? -g.e : 0;
    r.mode = n >= 33 ? CAPS_ARM_GAIN_HIGH : n == 32 ? CAPS_ARM_GAIN_HIGH32 : n >= 1 ? CAPS_ARM_GAIN_LOW : CAPS_ARM_GAIN_REF;
    r.shift = (uint32_t)(n >= 33 ? n - 32 : n);
    r.half = r.shift > 0 ? 1u << (r.shift - 1) : 0u;
    return r;
}

/** caps_ref_pf_apply for the gains caps_arm_gain_make leaves to it (out of line: rare). */
static __attribute__((noinline, unused)) int32_t caps_arm_pf_apply_ref(int32_t x, int32_t m, int32_t e) {
    caps_ref_pf_t g;
    g.m = m;
    g.e = e;
    return caps_ref_pf_apply(x, g);
}

/** caps_ref_pf_apply(x, g) for an int32 x. */
static inline int32_t caps_arm_pf_apply32(int32_t x, caps_arm_gain_t k) {
    const uint32_t mag = x < 0 ? 0u - (uint32_t)x : (uint32_t)x;
    const uint64_t product = (uint64_t)mag * (uint32_t)k.g.m;
    uint32_t q;
    if (k.mode == CAPS_ARM_GAIN_HIGH) {
        q = ((uint32_t)(product >> 32) + k.half) >> k.shift;
    } else if (k.mode == CAPS_ARM_GAIN_HIGH32) {
        q = (uint32_t)(product >> 32) + ((uint32_t)product >> 31);
    } else if (k.mode == CAPS_ARM_GAIN_LOW) {
        const uint64_t r = (product + k.half) >> k.shift;
        if (x < 0)
            return r >= 0x80000000u ? INT32_MIN : -(int32_t)r;
        return r >= 0x7fffffffu ? INT32_MAX : (int32_t)r;
    } else {
        return caps_arm_pf_apply_ref(x, k.g.m, k.g.e);
    }
    return x < 0 ? -(int32_t)q : (int32_t)q;
}

/** floor(sqrt(x)) for x in [2^60, 2^62) (the normalised mantissas of caps_ref_pf_sqrt / _sqrt_u64), exact:
 *  s = floor(sqrt(x >> 32)) from the FPU (corrected), then one Newton step r = s 2^16 + (x - s^2 2^32) / (2^17 s)
 *  in 32-bit division, which lands within a few units of the root, and a final exact correction. */
static inline uint32_t caps_arm_isqrt_norm(uint64_t x) {
    const uint32_t hi = (uint32_t)(x >> 32); /* [2^28, 2^30) */
    uint32_t s = (uint32_t)__builtin_sqrtf((float)hi);
    while (s * s > hi)
        --s;
    while ((s + 1) * (s + 1) <= hi)
        ++s;
    /* x - s^2 2^32 < (2 s + 1) 2^32, so after >> 17 it is below 2^31 (s < 2^15) */
    const uint32_t rem = (uint32_t)((x - ((uint64_t)(s * s) << 32)) >> 17);
    uint32_t r = (s << 16) + rem / s;
    while ((uint64_t)r * r > x)
        --r;
    while ((uint64_t)(r + 1) * (r + 1) <= x)
        ++r;
    return r;
}

/** caps_ref_pf_sqrt. */
static inline caps_ref_pf_t caps_arm_pf_sqrt(caps_ref_pf_t a) {
    if (a.m == 0)
        return a;
    caps_ref_pf_t r;
    if (((uint32_t)a.e & 1u) == 0) {
        r.m = (int32_t)caps_arm_isqrt_norm((uint64_t)(uint32_t)a.m << 30);
        r.e = (a.e - 30) / 2;
    } else {
        r.m = (int32_t)caps_arm_isqrt_norm((uint64_t)(uint32_t)a.m << 31);
        r.e = (a.e - 31) / 2;
    }
    return r;
}

#endif /* CAPSRT_ARM_INTERNAL_ARM_FIXEDPOINT_H */
