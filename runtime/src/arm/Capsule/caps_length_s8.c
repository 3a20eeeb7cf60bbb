/**
 * @file caps_length_s8.c
 * @brief caps_length_s8 for the Arm DSP extension: the reference's exact integer root and single rounding
 *        product, with the root from arm_capsule.h. Bit-exact with ref/Capsule/caps_length_s8.c.
 */
#include "capsrt/capsrt.h"

#include "../internal/arm_capsule.h"

caps_status_t caps_length_s8(const caps_length_s8_params_t *params, const int8_t *input, int8_t *output) {
    if (caps_ref_check_length_s8(params, input, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    const caps_ref_pf_t ratio = caps_ref_pf_make(params->multiplier, params->shift);
    for (int32_t c = 0; c < params->count; ++c) {
        const int8_t *x = input + c * params->dim;
        uint64_t n2 = 0;
        for (int32_t d = 0; d < params->dim; ++d)
            n2 += (uint32_t)((int32_t)x[d] * (int32_t)x[d]);
        int32_t y = 0;
        if (n2 != 0) {
            const caps_ref_pf_t root = caps_arm_pf_sqrt_u64(n2);
            caps_ref_pf_t g = ratio;
            g.e += root.e;
            y = caps_arm_pf_apply32(root.m, caps_arm_gain_make(g));
        }
        output[c] = caps_arm_ssat8(__qadd(y, params->output_zero_point));
    }
    return CAPS_OK;
}
