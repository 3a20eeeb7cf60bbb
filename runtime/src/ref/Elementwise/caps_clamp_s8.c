/**
 * @file caps_clamp_s8.c
 * @brief caps_clamp_s8 - clamp of int8 values to [act_min, act_max] (ReLU, clip in the input's
 *        quantization); the output may alias the input.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_s8.h"

/**
 * output[i] = min(max(input[i], act_min), act_max).
 * @param params size > 0, -128 <= act_min <= act_max <= 127
 * @param input  size int8 values
 * @param output size int8 values; may equal input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers or invalid parameters (nothing is written then)
 */
caps_status_t caps_clamp_s8(const caps_clamp_s8_params_t *params, const int8_t *input, int8_t *output) {
    if (params == NULL || input == NULL || output == NULL || params->size <= 0)
        return CAPS_ERR_ARG;
    if (!caps_ref_act_ok(params->act_min, params->act_max))
        return CAPS_ERR_ARG;
    for (int32_t i = 0; i < params->size; ++i)
        output[i] = (int8_t)caps_ref_clamp(input[i], params->act_min, params->act_max);
    return CAPS_OK;
}
