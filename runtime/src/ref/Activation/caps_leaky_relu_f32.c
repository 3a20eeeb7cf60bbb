/**
 * @file caps_leaky_relu_f32.c
 * @brief caps_leaky_relu_f32 - Leaky ReLU: y = x >= 0 ? x : alpha * x.
 *
 * Tensor: size float elements, any layout (elementwise). Evaluated in float, one element at a time in
 * increasing index order; the output may be the input buffer.
 * alpha is the slope for negative inputs; beta is unused.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_elementwise.h"

static float caps_ref_leaky_relu_op(float x, float alpha, float beta) {
    (void)beta;
    return x >= 0.0f ? x : alpha * x;
}

/**
 * Leaky ReLU: y = x >= 0 ? x : alpha * x.
 * @param params size (> 0); alpha = negative slope
 * @param input  size floats
 * @param output size floats, may equal input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers or size <= 0
 */
caps_status_t caps_leaky_relu_f32(const caps_unary_params_t *params, const float *input, float *output) {
    return caps_ref_unary(params, input, output, caps_ref_leaky_relu_op);
}
