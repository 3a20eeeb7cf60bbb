/**
 * @file caps_mul_f32.c
 * @brief caps_mul_f32 - Broadcasting multiplication: y = a * b.
 *
 * numpy broadcasting through caps_binary_params_t: the output shape is out_dims (rank 0 = one element),
 * a_strides / b_strides give each input's element stride per output dim (0 where broadcast); the
 * strides must describe dense inputs, so the inputs hold as many elements as their non-broadcast dims.
 * One float operation per output element, output elements in row-major order; the output may alias
 * an input of the output's shape.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_elementwise.h"

static float caps_ref_mul_op(float a, float b) { return a * b; }

/**
 * Broadcasting multiplication: y = a * b.
 * @param params rank (0..CAPS_MAX_DIMS), out_dims (> 0), a_strides / b_strides (dense broadcast strides)
 * @param a      first input
 * @param b      second input
 * @param output dense output of shape out_dims
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers, a bad shape or strides that are not a dense broadcast
 */
caps_status_t caps_mul_f32(const caps_binary_params_t *params, const float *a, const float *b, float *output) {
    return caps_ref_binary(params, a, b, output, caps_ref_mul_op);
}
