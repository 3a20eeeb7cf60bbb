/**
 * @file caps_pad_fill_f32.c
 * @brief caps_pad_fill_f32 - constant padding whose fill value is a run-time tensor (ONNX Pad with a
 *        computed constant_value): caps_pad_f32 with params->value replaced by *fill.
 */
#include "capsrt/capsrt.h"

/**
 * Pads like caps_pad_f32 in CAPS_PAD_CONSTANT mode, filling with *fill.
 * @param params as caps_pad_f32 (mode must be CAPS_PAD_CONSTANT; value is ignored)
 * @param input  dense tensor of shape in_dims
 * @param fill   one float
 * @param output dense tensor of shape out_dims; must not overlap the input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers, another mode or invalid parameters
 */
caps_status_t caps_pad_fill_f32(const caps_pad_params_t *params, const float *input, const float *fill, float *output) {
    if (params == NULL || fill == NULL || params->mode != CAPS_PAD_CONSTANT)
        return CAPS_ERR_ARG;
    caps_pad_params_t p = *params;
    p.value = *fill;
    return caps_pad_f32(&p, input, output);
}
