/**
 * @file caps_length_f32.c
 * @brief caps_length_f32 - capsule lengths (class scores of a capsule network).
 *
 * Input [count, dim] row-major, output [count]: sqrtf of the sum of squares, accumulated in float in
 * index order.
 */
#include <math.h>

#include "capsrt/capsrt.h"

#include "../internal/ref_util.h"

/**
 * Capsule lengths.
 * @param params count, dim (> 0)
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers or non-positive sizes
 */
caps_status_t caps_length_f32(const caps_length_params_t *params, const float *input, float *output) {
    if (params == NULL || input == NULL || output == NULL || caps_ref_mul(params->count, params->dim) < 0)
        return CAPS_ERR_ARG;
    for (int32_t c = 0; c < params->count; ++c) {
        const float *v = input + c * params->dim;
        float n2 = 0.0f;
        for (int32_t d = 0; d < params->dim; ++d)
            n2 += v[d] * v[d];
        output[c] = sqrtf(n2);
    }
    return CAPS_OK;
}
