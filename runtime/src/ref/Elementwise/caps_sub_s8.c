/**
 * @file caps_sub_s8.c
 * @brief caps_sub_s8 - broadcasting int8 subtraction (TFLite's int8 scheme): y = a - b in real values.
 *
 * Broadcasting exactly as caps_sub_f32 (out_dims, a_strides / b_strides; rank 0 = one element). Per output
 * element, with requant = caps_ref_requantize:
 *   a' = requant((a + a_offset) * 2^left_shift, a_multiplier, a_shift), b' likewise,
 *   y  = clamp(requant(sat32(a' - b'), output_multiplier, output_shift) + output_offset, act_min, act_max).
 * With the validated ranges (|x + offset| <= 255, left_shift <= 20) the shifted operands fit in int32; the
 * subtraction of the two requantized operands is formed in int64 and saturated, so every input is defined.
 * The output may alias an input of the output's shape.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_s8.h"

static int8_t caps_ref_sub_s8_op(const caps_binary_s8_params_t *p, int32_t a, int32_t b) {
    const int32_t scale = (int32_t)1 << p->left_shift;
    const int32_t sa = caps_ref_requantize((a + p->a_offset) * scale, p->a_multiplier, p->a_shift);
    const int32_t sb = caps_ref_requantize((b + p->b_offset) * scale, p->b_multiplier, p->b_shift);
    const int32_t raw = caps_ref_sat32((int64_t)sa - (int64_t)sb);
    const int32_t requantized = caps_ref_requantize(raw, p->output_multiplier, p->output_shift);
    return caps_ref_output_s8(requantized, p->output_offset, p->act_min, p->act_max);
}

/**
 * Broadcasting int8 subtraction.
 * @param params shape fields as caps_sub_f32; a_offset / b_offset in [-127, 128], output_offset in
 *               [-128, 127], 0 <= left_shift <= 20, multipliers 0 or in [2^30, 2^31), shifts in [-31, 31],
 *               -128 <= act_min <= act_max <= 127
 * @param a      first input
 * @param b      second input
 * @param output dense output of shape out_dims
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers or invalid parameters (nothing is written then)
 */
caps_status_t caps_sub_s8(const caps_binary_s8_params_t *params, const int8_t *a, const int8_t *b, int8_t *output) {
    if (caps_ref_check_binary_s8(params, a, b, output, 1) != CAPS_OK)
        return CAPS_ERR_ARG;
    caps_ref_binary_s8(params, a, b, output, caps_ref_sub_s8_op);
    return CAPS_OK;
}
