/**
 * @file caps_pad_s8.c
 * @brief caps_pad_s8 - constant / reflect / edge padding (ONNX Pad), int8.
 *
 * Parameters, validation and element order exactly as caps_pad_f32 (the same walk, ref_move.h). In
 * CAPS_PAD_CONSTANT mode the fill is the int8 value params->value, which must then be an integer in
 * [-128, 127] (the compiler stores the quantized fill there); other modes ignore value. Values are
 * copied unchanged.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_move.h"

/**
 * Pads (or crops) a dense tensor.
 * @param params rank 1..CAPS_MAX_DIMS, in_dims / out_dims > 0 (products <= INT32_MAX), pads_begin any,
 *               mode CAPS_PAD_CONSTANT / CAPS_PAD_REFLECT / CAPS_PAD_EDGE, value (constant mode: an
 *               integer in [-128, 127])
 * @param input  dense tensor of shape in_dims
 * @param output dense tensor of shape out_dims; must not overlap the input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid parameters
 */
caps_status_t caps_pad_s8(const caps_pad_params_t *params, const int8_t *input, int8_t *output) {
    if (caps_ref_check_pad(params, input, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    int8_t fill = 0;
    if (params->mode == CAPS_PAD_CONSTANT) {
        const float value = params->value;
        /* The range test comes first (NaN fails it), so the conversion is always defined. */
        if (!(value >= -128.0f && value <= 127.0f) || (float)(int32_t)value != value)
            return CAPS_ERR_ARG;
        fill = (int8_t)value;
    }
    caps_ref_pad_copy(params, input, &fill, output, sizeof(int8_t));
    return CAPS_OK;
}
