/**
 * @file caps_quantize_s8.c
 * @brief caps_quantize_s8 - f32 -> s8 at the input edge of a quantized graph (ONNX QuantizeLinear).
 *
 * q = clamp(round(x / scale) + zero_point, -128, 127): the quotient is a float division, round() rounds
 * half away from zero (roundf), NaN gives zero_point, and infinities or huge quotients saturate. The
 * quotient is clamped to [-256, 256] in float before its conversion to int32, so no input value leads
 * to an out-of-range conversion; the clamp does not change any result since |zero_point| <= 128.
 */
#include "capsrt/capsrt.h"

#include <math.h>

#include "../internal/ref_s8.h"

/**
 * Quantizes size floats.
 * @param params size > 0, scale positive and finite, zero_point in [-128, 127]
 * @param input  size floats (any values, NaN and infinities included)
 * @param output size int8 values
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers or invalid parameters
 */
caps_status_t caps_quantize_s8(const caps_quantize_params_t *params, const float *input, int8_t *output) {
    if (caps_ref_check_quantize(params, input, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    const float scale = params->scale;
    const int32_t zero_point = params->zero_point;
    for (int32_t i = 0; i < params->size; ++i) {
        float v = input[i] / scale;
        if (v != v) {
            output[i] = (int8_t)zero_point;
            continue;
        }
        v = v < -256.0f ? -256.0f : v > 256.0f ? 256.0f : v;
        output[i] = (int8_t)caps_ref_clamp((int32_t)roundf(v) + zero_point, -128, 127);
    }
    return CAPS_OK;
}
