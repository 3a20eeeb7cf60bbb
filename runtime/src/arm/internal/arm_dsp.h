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

/** acc + a.lo * b.lo + a.hi * b.hi. */
static inline int32_t caps_arm_smlad(uint32_t a, uint32_t b, int32_t acc) {
    return __smlad((int32_t)a, (int32_t)b, acc);
}

#endif /* CAPSRT_ARM_INTERNAL_ARM_DSP_H */
