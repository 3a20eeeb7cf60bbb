/**
 * @file caps_squash_f32.c
 * @brief caps_squash_f32 - squash nonlinearity of capsule networks.
 *
 * Tensor [count, dim] row-major, one capsule per row. Per capsule: sum of squares in float in index
 * order, one scale (see caps_ref_squash_one), then one multiply per element. Output may alias input.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_capsule.h"

/**
 * Squash: Sabour's v = s * |s|^2 / (1 + |s|^2) / sqrt(|s|^2 + eps) or Efficient-CapsNet's
 * v = s * (1 - exp(-|s|)) / (|s| + eps).
 * @param params count, dim (> 0), variant (CAPS_SQUASH_*), epsilon (> 0, finite)
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers or bad parameters
 */
caps_status_t caps_squash_f32(const caps_squash_params_t *params, const float *input, float *output) {
    if (params == NULL || input == NULL || output == NULL || caps_ref_mul(params->count, params->dim) < 0 ||
        caps_ref_check_squash(params->variant, params->epsilon) != CAPS_OK)
        return CAPS_ERR_ARG;
    for (int32_t c = 0; c < params->count; ++c)
        caps_ref_squash_one(input + c * params->dim, output + c * params->dim, params->dim, params->variant,
                            params->epsilon);
    return CAPS_OK;
}
