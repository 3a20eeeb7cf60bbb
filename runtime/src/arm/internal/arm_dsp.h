/**
 * @file arm_dsp.h
 * @brief Private helpers of the arm/ kernels (ARMv7E-M / ARMv8-M DSP extension): unaligned word loads and the
 *        sign extensions that feed SMLAD.
 *
 * SMLAD multiplies the two signed halfwords of one operand with those of the other and adds both products to
 * an accumulator. Four int8 weights w0..w3 in one word become two halfword pairs with SXTB16: (w0, w2) and,
 * rotated by 8, (w1, w3). The kernels store their int16 activations in the same order (x0, x2, x1, x3) per
 * four values, so no repacking is needed in the inner loops.
 */
#ifndef CAPSRT_ARM_INTERNAL_ARM_DSP_H
#define CAPSRT_ARM_INTERNAL_ARM_DSP_H

#include <arm_acle.h>
#include <stdint.h>
#include <string.h>

#include "../../ref/internal/ref_s8.h"

#if !defined(__ARM_FEATURE_DSP)
#error "capsrt arm/ kernels need the DSP extension (-mcpu=cortex-m4, cortex-m7, cortex-m33, ...)"
#endif

/** A 32-bit load from any address (LDR allows unaligned addresses on ARMv7-M and later). */
static inline uint32_t caps_arm_load32(const void *p) {
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/** (w0, w2) as sign-extended halfwords. */
static inline uint32_t caps_arm_sxtb16(uint32_t w) { return (uint32_t)__sxtb16((int32_t)w); }

/** (w1, w3): SXTB16 with its built-in rotation, which GCC 12 does not form from a C rotate. */
static inline uint32_t caps_arm_sxtb16_ror8(uint32_t w) {
    uint32_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(w));
    return r;
}

/** (x0 + o, x2 + o) for four int8 x and a halfword pair (o, o): SXTAB16 adds the bytes to the halfwords. */
static inline uint32_t caps_arm_sxtab16(uint32_t offsets, uint32_t x) {
    return (uint32_t)__sxtab16((int32_t)offsets, (int32_t)x);
}

/** (x1 + o, x3 + o). */
static inline uint32_t caps_arm_sxtab16_ror8(uint32_t offsets, uint32_t x) {
    uint32_t r;
    __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(offsets), "r"(x));
    return r;
}

/** x saturated to [-128, 127] (SSAT #8; ACLE's __ssat trips GCC 12's -Wsign-conversion). */
static inline int8_t caps_arm_ssat8(int32_t x) {
    int32_t r;
    __asm__("ssat %0, #8, %1" : "=r"(r) : "r"(x));
    return (int8_t)r;
}

/** acc + a.lo * b.lo + a.hi * b.hi. */
static inline int32_t caps_arm_smlad(uint32_t a, uint32_t b, int32_t acc) {
    return __smlad((int32_t)a, (int32_t)b, acc);
}

/**
 * caps_ref_requantize for small sums: with a multiplier in [2^30, 2^31), a shift in [-31, 0] and |acc| < 2^30,
 * the doubling high multiply is SMMULR(2 acc, multiplier) (floor((2 acc m + 2^31) / 2^32) = floor((acc m + 2^30)
 * / 2^31)), and gemmlowp's RoundingDivideByPOT by n = -shift >= 1 is (high + 2^(n-1) - (high < 0)) >> n, which
 * cannot overflow since |high| <= |acc| (n = 0: high itself). caps_arm_requant_small_make says whether a pair
 * qualifies.
 */
typedef struct {
    int32_t multiplier;
    int32_t n;         /* -shift */
    int32_t half;      /* 2^(n-1), or 0 for n = 0 */
    int32_t sign_mask; /* -1 for n >= 1, 0 for n = 0 */
} caps_arm_requant_small_t;

static inline int caps_arm_requant_small_make(int32_t multiplier, int32_t shift, caps_arm_requant_small_t *r) {
    r->multiplier = multiplier;
    r->n = shift < -31 ? 31 : shift > 0 ? 0 : -shift;
    r->half = r->n > 0 ? (int32_t)1 << (r->n - 1) : 0;
    r->sign_mask = r->n > 0 ? -1 : 0;
    return multiplier >= ((int32_t)1 << 30) && shift <= 0;
}

static inline int32_t caps_arm_requant_small_apply(int32_t acc, caps_arm_requant_small_t r) {
    int32_t high;
    __asm__("smmulr %0, %1, %2" : "=r"(high) : "r"(acc * 2), "r"(r.multiplier));
    return (high + r.half + ((high >> 31) & r.sign_mask)) >> r.n;
}

/**
 * The epilogue of one output channel of an int8 convolution or fully connected layer, prepared once per
 * channel: y = caps_ref_output_s8(caps_ref_requantize(sat32(bias + sum), multiplier, shift), offset, min, max)
 * bit for bit. When |bias| and every possible |sum| are below 2^29 (so bias + sum never saturates and stays
 * below 2^30) a TFLite-style pair takes caps_arm_requant_small_apply and a pow2 pair (multiplier 0, shift <= 0)
 * floor((acc + 2^(n-1)) / 2^n); everything else the reference functions.
 */
enum { CAPS_ARM_EPILOGUE_SCALED, CAPS_ARM_EPILOGUE_POW2, CAPS_ARM_EPILOGUE_OTHER };

typedef struct {
    int32_t mode;
    int32_t bias;
    caps_arm_requant_small_t rq; /* SCALED; n and half also for POW2 */
    int32_t multiplier, shift;   /* OTHER */
} caps_arm_epilogue_t;

/** max_abs_sum: a bound on |sum| (e.g. k * 255 * 128), at most INT32_MAX. */
static inline caps_arm_epilogue_t
caps_arm_epilogue_make(int32_t bias, int32_t multiplier, int32_t shift, int32_t max_abs_sum) {
    caps_arm_epilogue_t e;
    e.bias = bias;
    e.multiplier = multiplier;
    e.shift = shift;
    const int small = max_abs_sum < ((int32_t)1 << 29) && bias > -((int32_t)1 << 29) && bias < ((int32_t)1 << 29);
    const int scaled = caps_arm_requant_small_make(multiplier, shift, &e.rq);
    e.mode = !small ? CAPS_ARM_EPILOGUE_OTHER
             : scaled ? CAPS_ARM_EPILOGUE_SCALED
             : multiplier == 0 && shift <= 0 ? CAPS_ARM_EPILOGUE_POW2
                                             : CAPS_ARM_EPILOGUE_OTHER;
    return e;
}

static inline int8_t caps_arm_epilogue_apply(int64_t sum, const caps_arm_epilogue_t *e, int32_t offset, int32_t lo, int32_t hi) {
    int32_t y;
    if (e->mode == CAPS_ARM_EPILOGUE_SCALED) {
        y = caps_arm_requant_small_apply((int32_t)sum + e->bias, e->rq) + offset;
    } else if (e->mode == CAPS_ARM_EPILOGUE_POW2) {
        y = (((int32_t)sum + e->bias + e->rq.half) >> e->rq.n) + offset;
    } else {
        return caps_ref_output_s8(caps_ref_requantize(caps_ref_sat32((int64_t)e->bias + sum), e->multiplier, e->shift),
                                  offset, lo, hi);
    }
    return (int8_t)(y < lo ? lo : y > hi ? hi : y);
}

#endif /* CAPSRT_ARM_INTERNAL_ARM_DSP_H */
