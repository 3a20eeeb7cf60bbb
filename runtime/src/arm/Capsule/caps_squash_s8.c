/**
 * @file caps_squash_s8.c
 * @brief caps_squash_s8 for the Arm DSP extension: the reference algorithm (exact squared norm, one gain per
 *        capsule, round(q * g) per element) with the gain from arm_capsule.h (one 32-bit square root and a UDIV
 *        step instead of the digit-by-digit root, inline fixed-point reciprocal) and a 32-bit rounding product per
 *        element. Bit-exact with ref/Capsule/caps_squash_s8.c.
 */
#include "capsrt/capsrt.h"

#include "../internal/arm_capsule.h"

caps_status_t caps_squash_s8(const caps_squash_s8_params_t *params, const int8_t *input, int8_t *output) {
    caps_ref_squash_s8_t k;
    if (caps_ref_check_squash_s8(params, input, output, &k) != CAPS_OK)
        return CAPS_ERR_ARG;
    const int32_t dim = params->dim;
    for (int32_t c = 0; c < params->count; ++c) {
        const int8_t *x = input + c * dim;
        int8_t *y = output + c * dim;
        uint64_t n2 = 0;
        for (int32_t d = 0; d < dim; ++d)
            n2 += (uint32_t)((int32_t)x[d] * (int32_t)x[d]);
        const caps_arm_gain_t g = caps_arm_gain_make(caps_arm_squash_gain(&k, n2, 0));
        for (int32_t d = 0; d < dim; ++d)
            y[d] = caps_arm_ssat8(caps_arm_pf_apply32(x[d], g));
    }
    return CAPS_OK;
}
