/**
 * @file caps_min_f32.c
 * @brief caps_min_f32 - Broadcasting elementwise minimum: y = min(a, b).
 *
 * Broadcasting as caps_add_f32. NaN propagates (either operand NaN gives NaN), as ONNX Min and
 * numpy.minimum; for equal values (e.g. -0 and +0) the first operand is returned.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_elementwise.h"

static float caps_ref_min_op(float a, float b) {
    if (a != a || b != b)
        return a != a ? a : b;
    return b < a ? b : a;
}

/**
 * Broadcasting elementwise minimum.
 * @param params rank (0..CAPS_MAX_DIMS), out_dims (> 0), a_strides / b_strides (dense broadcast strides)
 * @param a      first input
 * @param b      second input
 * @param output dense output of shape out_dims, may alias an input of that shape
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers, a bad shape or strides that are not a dense broadcast
 */
caps_status_t caps_min_f32(const caps_binary_params_t *params, const float *a, const float *b, float *output) {
    return caps_ref_binary(params, a, b, output, caps_ref_min_op);
}
