/**
 * @file caps_dequantize_s8.c
 * @brief caps_dequantize_s8 - s8 -> f32 at the output edge of a quantized graph (ONNX DequantizeLinear).
 *
 * x = scale * (float)(q - zero_point): the difference is an exact integer in [-255, 255], so the result
 * is the float product rounded once.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_s8.h"

/**
 * Dequantizes size int8 values.
 * @param params size > 0, scale positive and finite, zero_point in [-128, 127]
 * @param input  size int8 values
 * @param output size floats
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers or invalid parameters
 */
caps_status_t caps_dequantize_s8(const caps_quantize_params_t *params, const int8_t *input, float *output) {
    if (caps_ref_check_quantize(params, input, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    const float scale = params->scale;
    const int32_t zero_point = params->zero_point;
    for (int32_t i = 0; i < params->size; ++i)
        output[i] = scale * (float)((int32_t)input[i] - zero_point);
    return CAPS_OK;
}
