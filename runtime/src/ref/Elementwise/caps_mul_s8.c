/**
 * @file caps_mul_s8.c
 * @brief caps_mul_s8 - broadcasting int8 multiplication (TFLite's int8 scheme): y = a * b in real values.
 *
 * Broadcasting exactly as caps_mul_f32 (out_dims, a_strides / b_strides; rank 0 = one element). Per output
 * element:
 *   y = clamp(caps_ref_requantize((a + a_offset) * (b + b_offset), output_multiplier, output_shift)
 *             + output_offset, act_min, act_max)
 * (the product is at most 255 * 255 in magnitude). a_/b_multiplier, a_/b_shift and left_shift are unused.
 * The output may alias an input of the output's shape.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_s8.h"

static int8_t caps_ref_mul_s8_op(const caps_binary_s8_params_t *p, int32_t a, int32_t b) {
    const int32_t product = (a + p->a_offset) * (b + p->b_offset);
    const int32_t requantized = caps_ref_requantize(product, p->output_multiplier, p->output_shift);
    return caps_ref_output_s8(requantized, p->output_offset, p->act_min, p->act_max);
}

/**
 * Broadcasting int8 multiplication.
 * @param params shape fields as caps_mul_f32; a_offset / b_offset in [-127, 128], output_offset in
 *               [-128, 127], output_multiplier 0 or in [2^30, 2^31), output_shift in [-31, 31],
 *               -128 <= act_min <= act_max <= 127
 * @param a      first input
 * @param b      second input
 * @param output dense output of shape out_dims
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers or invalid parameters (nothing is written then)
 */
caps_status_t caps_mul_s8(const caps_binary_s8_params_t *params, const int8_t *a, const int8_t *b, int8_t *output) {
    if (caps_ref_check_binary_s8(params, a, b, output, 0) != CAPS_OK)
        return CAPS_ERR_ARG;
    caps_ref_binary_s8(params, a, b, output, caps_ref_mul_s8_op);
    return CAPS_OK;
}
