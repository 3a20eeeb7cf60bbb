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

/* These helpers divide by powers of two with >> of negative values, which C99 leaves to the implementation and
 * GCC, Clang and MSVC define as an arithmetic shift (floor division); a compiler that did otherwise would
 * fail here instead of computing other numbers. */
typedef char caps_ref_arithmetic_shift_required[((-5 >> 1) == -3 && ((int64_t)-5 >> 1) == -3) ? 1 : -1];

/** round(a * b / 2^31) as gemmlowp's SaturatingRoundingDoublingHighMul: ties round up (toward +inf, so
 *  -1.5 -> -1); the one overflowing case (INT32_MIN * INT32_MIN) saturates to INT32_MAX. gemmlowp truncates
 *  (a * b + nudge) / 2^31 toward zero with nudge 2^30 or 1 - 2^30 by sign; that equals
 *  floor((a * b + 2^30) / 2^31) for every product. */
static inline int32_t caps_ref_doubling_high_mul(int32_t a, int32_t b) {
    if (a == INT32_MIN && b == INT32_MIN)
        return INT32_MAX;
    return (int32_t)(((int64_t)a * (int64_t)b + ((int64_t)1 << 30)) >> 31);
}

/** x / 2^exponent rounded to nearest, ties away from zero (gemmlowp's RoundingDivideByPOT);
 *  0 <= exponent <= 31. */
static inline int32_t caps_ref_rounding_divide_by_pot(int32_t x, int32_t exponent) {
    if (exponent <= 0)
        return x;
    const int32_t mask = (int32_t)((1u << exponent) - 1u);
    const int32_t remainder = x & mask;
    const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
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
    if (shift > 0) /* a left shift, saturating (both schemes) */
        acc = caps_ref_sat32((int64_t)acc * ((int64_t)1 << shift));
    if (multiplier == 0) {
        if (shift >= 0)
            return acc;
        const int32_t n = -shift;
        return (int32_t)(((int64_t)acc + ((int64_t)1 << (n - 1))) >> n); /* floor division by 2^n */
    }
    return caps_ref_rounding_divide_by_pot(caps_ref_doubling_high_mul(acc, multiplier), shift > 0 ? 0 : -shift);
}

#endif /* CAPSRT_REF_INTERNAL_REF_QUANT_H */
