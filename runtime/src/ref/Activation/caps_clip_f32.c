/**
 * @file caps_clip_f32.c
 * @brief caps_clip_f32 - Clip: y = min(max(x, alpha), beta).
 *
 * Tensor: size float elements, any layout (elementwise). Evaluated in float, one element at a time in
 * increasing index order; the output may be the input buffer.
 * alpha is the lower, beta the upper bound; when alpha > beta every output is beta (the max is applied
 * first, as ONNX Clip). NaN stays NaN.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_elementwise.h"

static float caps_ref_clip_op(float x, float alpha, float beta) {
    const float lo = x < alpha ? alpha : x;
    return lo > beta ? beta : lo;
}

/**
 * Clip: y = min(max(x, alpha), beta).
 * @param params size (> 0); alpha = lower bound, beta = upper bound
 * @param input  size floats
 * @param output size floats, may equal input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers or size <= 0
 */
caps_status_t caps_clip_f32(const caps_unary_params_t *params, const float *input, float *output) {
    return caps_ref_unary(params, input, output, caps_ref_clip_op);
}
