/**
 * @file caps_sigmoid_f32.c
 * @brief caps_sigmoid_f32 - Logistic sigmoid: y = 1 / (1 + expf(-x)).
 *
 * Tensor: size float elements, any layout (elementwise). Evaluated in float, one element at a time in
 * increasing index order; the output may be the input buffer.
 * Evaluated literally in float: large negative x give expf(-x) = inf and y = 0.
 */
#include "capsrt/capsrt.h"

#include <math.h>

#include "../internal/ref_elementwise.h"

static float caps_ref_sigmoid_op(float x, float alpha, float beta) {
    (void)alpha;
    (void)beta;
    return 1.0f / (1.0f + expf(-x));
}

/**
 * Logistic sigmoid: y = 1 / (1 + expf(-x)).
 * @param params size (> 0)
 * @param input  size floats
 * @param output size floats, may equal input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers or size <= 0
 */
caps_status_t caps_sigmoid_f32(const caps_unary_params_t *params, const float *input, float *output) {
    return caps_ref_unary(params, input, output, caps_ref_sigmoid_op);
}
