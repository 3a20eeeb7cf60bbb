/**
 * @file caps_softmax_s8_prepare.c
 * @brief caps_softmax_s8_prepare - host side: TFLite's SoftmaxParams of caps_softmax_s8 from the input scale.
 *
 * For beta = 1 and 5 integer bits of exp argument (TFLite's kScaledDiffIntegerBits):
 *   real = min(input_scale * 2^26, 2^31 - 1)                                (PreprocessSoftmaxScaling)
 *   real >= 1: (input_multiplier, input_left_shift) = QuantizeMultiplierGreaterThanOne(real), i.e. frexp:
 *              real = q 2^e, multiplier = round(q 2^31) (2^31 -> 2^30 and e + 1), left shift e;
 *   real < 1 (TFLite rejects it): input_left_shift = 0, input_multiplier = round(real 2^31) < 2^31;
 *   diff_min = -floor((2^5 - 1) 2^(31 - 5) / 2^input_left_shift)           (CalculateInputRadius)
 * Uses double and libm: never called by a kernel.
 */
#include "capsrt/capsrt.h"

#include <math.h>

/**
 * Fills input_multiplier, input_left_shift and diff_min; see capsrt.h.
 * @param input_scale > 0 and finite
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL params or a bad scale (nothing is written then)
 */
caps_status_t caps_softmax_s8_prepare(double input_scale, caps_softmax_s8_params_t *params) {
    if (params == NULL || !(input_scale > 0.0) || isinf(input_scale))
        return CAPS_ERR_ARG;
    double real = input_scale * 67108864.0; /* 2^26 */
    if (real > 2147483647.0)
        real = 2147483647.0;
    int32_t multiplier = 0, left_shift = 0;
    if (real >= 1.0) {
        int exponent = 0;
        const double q = frexp(real, &exponent); /* exponent in [1, 31] */
        double fixed = round(q * 2147483648.0);
        if (fixed == 2147483648.0) {
            fixed = 1073741824.0;
            ++exponent;
        }
        multiplier = (int32_t)fixed;
        left_shift = (int32_t)exponent;
    } else {
        const double fixed = round(real * 2147483648.0); /* < 2^31 */
        multiplier = fixed >= 2147483647.0 ? INT32_MAX : (int32_t)fixed;
    }
    if (left_shift > 31) /* real is capped at 2^31 - 1, whose multiplier does not round up */
        left_shift = 31;
    const double radius = floor(31.0 * 67108864.0 / ldexp(1.0, left_shift));
    params->input_multiplier = multiplier;
    params->input_left_shift = left_shift;
    params->diff_min = -(int32_t)radius;
    return CAPS_OK;
}
