/**
 * @file ref_fixedpoint.h
 * @brief Fixed-point primitives of the int8 capsule and softmax kernels (integer arithmetic only):
 *        gemmlowp's exp and reciprocal, TFLite's GetReciprocal, an exact integer square root, and a
 *        small "pseudo-float" (31-bit mantissa, binary exponent) used for the per-capsule gains.
 *
 * Notation: Qm.n is a signed int32 raw value r standing for r * 2^-n (m integer bits, m + n = 31). Every
 * function is defined for all inputs of its argument types (no signed overflow, no shift by the width or
 * more); where gemmlowp / TFLite wrap or assert, these saturate or clamp, which gives the same bits on
 * every input those libraries accept.
 *
 * Formulas (references):
 *  - exp on [-1/4, 0): Taylor expansion of degree 4 around -1/8, exp(-1/8 + x) = exp(-1/8) * (1 + x + x^2/2
 *    + x^3/6 + x^4/24), gemmlowp fixedpoint.h exp_on_interval_between_negative_one_quarter_and_0_excl;
 *  - exp(a), a <= 0: a = -(k/4 + r), exp(a) = exp(-r') * prod over set bits of exp(-2^b), b = -2 .. 4, with the
 *    constant table exp(-1/4) .. exp(-16) in Q0.31 (gemmlowp exp_on_negative_values, Q5.26 input);
 *  - 1 / (1 + x), x in [0, 1): Newton-Raphson on the half denominator d = (1 + x) / 2 in Q2.29 from the
 *    initial guess 48/17 - 32/17 d, three steps x <- x + x (1 - d x) (gemmlowp one_over_one_plus_x_for_x_in_0_1);
 *  - floor(sqrt(x)) for 64-bit x: the restoring digit-by-digit (base 4) method, exact.
 */
#ifndef CAPSRT_REF_INTERNAL_REF_FIXEDPOINT_H
#define CAPSRT_REF_INTERNAL_REF_FIXEDPOINT_H

#include "ref_quant.h"

/* ---------------------------------------------------------------- gemmlowp / TFLite primitives */

/** Number of leading zero bits of a 32-bit value (32 for 0). */
int32_t caps_ref_clz32(uint32_t x);

/** Number of leading zero bits of a 64-bit value (64 for 0). */
int32_t caps_ref_clz64(uint64_t x);

/**
 * gemmlowp's SaturatingRoundingMultiplyByPOT: x * 2^exponent; for exponent > 0 saturated to int32, for
 * exponent < 0 rounded to nearest with ties away from zero (RoundingDivideByPOT). exponent is clamped to
 * [-62, 62].
 */
int32_t caps_ref_mul_by_pot(int32_t x, int32_t exponent);

/** gemmlowp's RoundingHalfSum: (a + b) / 2 rounded to nearest, ties away from zero. */
int32_t caps_ref_rounding_half_sum(int32_t a, int32_t b);

/**
 * exp(a) for a in Q5.26, a <= 0 (i.e. a real argument in [-32, 0]); the result in Q0.31, in [0, 2^31 - 1]
 * (exp(0) gives 2^31 - 1, gemmlowp's One()). Bit-identical to gemmlowp's
 * exp_on_negative_values(FixedPoint<int32_t, 5>); a positive argument is treated as 0. Absolute error below
 * 2^-22 (about 500 ulps of Q0.31, the truncation of the Taylor polynomial near a = 0).
 */
int32_t caps_ref_exp_on_negative_values(int32_t a);

/**
 * 1 / (1 + a) for a in Q0.31 (a real argument in [0, 1); negative a is treated as 0); the result in Q0.31,
 * in (2^30, 2^31 - 1], within 8 ulps. Bit-identical to gemmlowp's one_over_one_plus_x_for_x_in_0_1.
 */
int32_t caps_ref_one_over_one_plus_x_for_x_in_0_1(int32_t a);

/**
 * TFLite's GetReciprocal: for x > 0 in Q(x_integer_digits).(31 - x_integer_digits), returns a Q0.31 value
 * r and sets *num_bits_over_unit = b such that 1 / x ~= r * 2^-b (r in (2^30, 2^31 - 1]). x <= 0 is
 * treated as the smallest positive value 1.
 */
int32_t caps_ref_get_reciprocal(int32_t x, int32_t x_integer_digits, int32_t *num_bits_over_unit);

/** floor(sqrt(x)), exact for every 64-bit x. */
uint32_t caps_ref_isqrt64(uint64_t x);

/* ---------------------------------------------------------------- pseudo-floats */

/**
 * A non-negative real m * 2^e with m in [2^30, 2^31) (31 significant bits), or zero (m == 0, e == 0).
 * The per-capsule gains of the int8 capsule kernels are computed in this form. The real constants of the
 * params structs are stored as pairs (multiplier, shift) meaning multiplier * 2^(shift - 31), the convention
 * of caps_quantize_multiplier with a wider shift range; caps_ref_pf_make converts them. Each operation
 * rounds its result to 31 bits once (relative error below 2^-30) unless documented otherwise.
 *
 * Exponents are plain int32 sums; callers keep them within +-2^20 (params shifts are limited to
 * [CAPS_REF_PF_MIN_SHIFT, CAPS_REF_PF_MAX_SHIFT]), so no exponent arithmetic can overflow.
 */
typedef struct {
    int32_t m;
    int32_t e;
} caps_ref_pf_t;

/** Shift range accepted for a params (multiplier, shift) pair. */
#define CAPS_REF_PF_MIN_SHIFT (-300)
#define CAPS_REF_PF_MAX_SHIFT 300

/** Whether (multiplier, shift) is a valid params pair: multiplier in [2^30, 2^31), shift in range. */
static inline int caps_ref_pf_ok(int32_t multiplier, int32_t shift) {
    return multiplier >= ((int32_t)1 << 30) && shift >= CAPS_REF_PF_MIN_SHIFT && shift <= CAPS_REF_PF_MAX_SHIFT;
}

/** The pseudo-float of a valid params pair: multiplier * 2^(shift - 31). */
static inline caps_ref_pf_t caps_ref_pf_make(int32_t multiplier, int32_t shift) {
    caps_ref_pf_t r;
    r.m = multiplier;
    r.e = shift - 31;
    return r;
}

/** The pseudo-float 2^e. */
static inline caps_ref_pf_t caps_ref_pf_pow2(int32_t e) {
    caps_ref_pf_t r;
    r.m = (int32_t)1 << 30;
    r.e = e - 30;
    return r;
}

/** a * 2^k (exact). */
static inline caps_ref_pf_t caps_ref_pf_scale_pow2(caps_ref_pf_t a, int32_t k) {
    if (a.m != 0)
        a.e += k;
    return a;
}

/** x * 2^e rounded to 31 significant bits (ties away from zero). */
caps_ref_pf_t caps_ref_pf_from_u64(uint64_t x, int32_t e);

/** a * b, rounded once. */
caps_ref_pf_t caps_ref_pf_mul(caps_ref_pf_t a, caps_ref_pf_t b);

/** a + b, rounded once (the smaller operand is aligned to the larger one's exponent in 64 bits first,
 *  ties away from zero; a term more than 2^-62 times the other one is dropped). */
caps_ref_pf_t caps_ref_pf_add(caps_ref_pf_t a, caps_ref_pf_t b);

/** 1 / a for a != 0, through caps_ref_one_over_one_plus_x_for_x_in_0_1 of the mantissa (relative error
 *  below 2^-27: that function is within 8 ulps of Q0.31). 1 / 0 gives 0 (callers never ask). */
caps_ref_pf_t caps_ref_pf_recip(caps_ref_pf_t a);

/** sqrt(a): floor of the exact integer square root of the mantissa scaled to 61 or 62 bits. */
caps_ref_pf_t caps_ref_pf_sqrt(caps_ref_pf_t a);

/** sqrt(x) of a 64-bit integer: the exact floor(sqrt(x * 4^k)) with k chosen so that x * 4^k is in
 *  [2^60, 2^62) (for x >= 2^62 the two low bits of x are dropped first). Zero for x == 0. */
caps_ref_pf_t caps_ref_pf_sqrt_u64(uint64_t x);

/**
 * round(x * g) for any int64 x, ties away from zero, saturated to [INT32_MIN, INT32_MAX]; the product is
 * formed exactly (up to 95 bits), so the result is the correctly rounded value. This is the only rounding
 * step between a per-capsule gain and an output element.
 */
int32_t caps_ref_pf_apply(int64_t x, caps_ref_pf_t g);

#endif /* CAPSRT_REF_INTERNAL_REF_FIXEDPOINT_H */
