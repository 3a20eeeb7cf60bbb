/**
 * @file ref_quant.h
 * @brief Private integer arithmetic of the ref/ int8 kernels: the requantization of an int32 accumulator
 *        (TFLite / CMSIS-NN rounding, or a plain rounding shift for the pow2 scheme) and saturation.
 *
 * Every helper is defined for all int32 inputs (no signed overflow, no shift by >= 32).
 */
#ifndef CAPSRT_REF_INTERNAL_REF_QUANT_H
#define CAPSRT_REF_INTERNAL_REF_QUANT_H

#include "capsrt/capsrt.h"

/** Saturates an int64 to int32. */
static inline int32_t caps_ref_sat32(int64_t x) {
    return x > (int64_t)INT32_MAX ? INT32_MAX : x < (int64_t)INT32_MIN ? INT32_MIN : (int32_t)x;
}

/** Clamps to [lo, hi]. */
static inline int32_t caps_ref_clamp(int32_t x, int32_t lo, int32_t hi) { return x < lo ? lo : x > hi ? hi : x; }

/** round(a * b / 2^31) as gemmlowp's SaturatingRoundingDoublingHighMul: ties round up (toward +inf, so
 *  -1.5 -> -1); the one overflowing case (INT32_MIN * INT32_MIN) saturates to INT32_MAX. */
static inline int32_t caps_ref_doubling_high_mul(int32_t a, int32_t b) {
    if (a == INT32_MIN && b == INT32_MIN)
        return INT32_MAX;
    const int64_t ab = (int64_t)a * (int64_t)b;
    const int64_t nudge = ab >= 0 ? ((int64_t)1 << 30) : (1 - ((int64_t)1 << 30));
    return (int32_t)((ab + nudge) / ((int64_t)1 << 31)); /* truncates toward zero, as gemmlowp */
}

/** x / 2^exponent rounded to nearest, ties away from zero (gemmlowp's RoundingDivideByPOT);
 *  0 <= exponent <= 31. */
static inline int32_t caps_ref_rounding_divide_by_pot(int32_t x, int32_t exponent) {
    if (exponent <= 0)
        return x;
    const int64_t mask = ((int64_t)1 << exponent) - 1;
    const int64_t remainder = (int64_t)x & mask;
    const int64_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    /* Arithmetic shift written as floor division so that it does not depend on the implementation. */
    const int64_t floor_div = ((int64_t)x - remainder) / ((int64_t)1 << exponent);
    return (int32_t)(floor_div + (remainder > threshold ? 1 : 0));
}

/**
 * Requantizes an int32 accumulator by a real factor given as (multiplier, shift):
 *  - multiplier != 0 (int8 scheme): factor = multiplier * 2^(shift - 31) with multiplier in [2^30, 2^31);
 *    the result is TFLite's MultiplyByQuantizedMultiplier / CMSIS-NN's arm_nn_requantize (left shift,
 *    doubling high multiply, rounding right shift), bit for bit wherever those do not overflow; the left
 *    shift saturates here instead of overflowing.
 *  - multiplier == 0 (pow2 scheme): factor = 2^shift exactly; a right shift rounds half up
 *    ((acc + 2^(n-1)) >> n, as the published Q7 CapsNet kernels), a left shift saturates.
 * shift is clamped to [-31, 31].
 */
static inline int32_t caps_ref_requantize(int32_t acc, int32_t multiplier, int32_t shift) {
    shift = caps_ref_clamp(shift, -31, 31);
    if (multiplier == 0) {
        if (shift >= 0)
            return caps_ref_sat32((int64_t)acc * ((int64_t)1 << shift));
        const int64_t n = -shift;
        const int64_t biased = (int64_t)acc + ((int64_t)1 << (n - 1));
        /* floor division by 2^n without relying on >> of a negative value */
        const int64_t pow = (int64_t)1 << n;
        int64_t q = biased / pow;
        if (biased % pow != 0 && biased < 0)
            --q;
        return (int32_t)q;
    }
    const int32_t left = shift > 0 ? shift : 0;
    const int32_t right = shift > 0 ? 0 : -shift;
    const int32_t scaled = caps_ref_sat32((int64_t)acc * ((int64_t)1 << left));
    return caps_ref_rounding_divide_by_pot(caps_ref_doubling_high_mul(scaled, multiplier), right);
}

#endif /* CAPSRT_REF_INTERNAL_REF_QUANT_H */
