/**
 * @file caps_neg_f32.c
 * @brief caps_neg_f32 - Negation: y = -x.
 *
 * Tensor: size float elements, any layout (elementwise). Evaluated in float, one element at a time in
 * increasing index order; the output may be the input buffer.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_elementwise.h"

static float caps_ref_neg_op(float x, float alpha, float beta) {
    (void)alpha;
    (void)beta;
    return -x;
}

/**
 * Negation: y = -x.
 * @param params size (> 0)
 * @param input  size floats
 * @param output size floats, may equal input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers or size <= 0
 */
caps_status_t caps_neg_f32(const caps_unary_params_t *params, const float *input, float *output) {
    return caps_ref_unary(params, input, output, caps_ref_neg_op);
}
