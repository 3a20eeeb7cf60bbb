/**
 * @file caps_quantize_multiplier.c
 * @brief caps_quantize_multiplier - splits a real requantization factor into a Q31 multiplier and a
 *        power-of-two shift (TFLite's QuantizeMultiplier). Host side: the compiler calls it, kernels do not.
 *
 * With factor = q * 2^e, q in [0.5, 1) (frexp): multiplier = round(q * 2^31) (ties away from zero; the
 * product is exact in double) and shift = e; when the rounding reaches 2^31 the multiplier becomes 2^30
 * and shift e + 1. Then factor ~= multiplier * 2^(shift - 31), multiplier in [2^30, 2^31), which
 * caps_ref_requantize applies. Ranges (factor as a double):
 *  - 2^-32 <= factor < 2^31 - 1/2: TFLite's result; shift in [-31, 31] and
 *    |multiplier * 2^(shift - 31) - factor| <= 2^-31 * factor;
 *  - 0 < factor < 2^-32 (shift would be below -31): multiplier 2^30, shift -31, i.e. the smallest
 *    representable factor 2^-32 (an absolute error below 2^-32). TFLite returns multiplier 0 there, which
 *    capsrt reserves for the pow2 scheme, so the multiplier returned is never 0;
 *  - factor >= 2^31 - 1/2 (the multiplier would round to 2^31 with shift 31), factor <= 0, NaN:
 *    CAPS_ERR_ARG.
 */
#include "capsrt/capsrt.h"

#include <math.h>

/**
 * Splits a positive real factor into a Q31 multiplier and a shift.
 * @param factor     the real factor, 0 < factor < 2^31 - 1/2
 * @param multiplier receives the multiplier, in [2^30, 2^31)
 * @param shift      receives the shift, in [-31, 31]
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers or a factor out of range (nothing is written then)
 */
caps_status_t caps_quantize_multiplier(double factor, int32_t *multiplier, int32_t *shift) {
    if (multiplier == NULL || shift == NULL)
        return CAPS_ERR_ARG;
    if (!(factor > 0.0 && factor < 2147483647.5)) /* written so that NaN fails */
        return CAPS_ERR_ARG;
    int exponent = 0;
    const double q = frexp(factor, &exponent);
    if (exponent < -31) {
        *multiplier = (int32_t)1 << 30;
        *shift = -31;
        return CAPS_OK;
    }
    double fixed = round(q * 2147483648.0); /* in [2^30, 2^31] */
    if (fixed == 2147483648.0) {
        fixed = 1073741824.0;
        ++exponent; /* stays <= 31: factor < 2^31 - 1/2 rounds below 2^31 when exponent is 31 */
    }
    *multiplier = (int32_t)fixed;
    *shift = (int32_t)exponent;
    return CAPS_OK;
}
