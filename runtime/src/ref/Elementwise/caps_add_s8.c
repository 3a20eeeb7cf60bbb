/**
 * @file caps_add_s8.c
 * @brief caps_add_s8 - broadcasting int8 addition (TFLite's int8 scheme): y = a + b in real values.
 *
 * Broadcasting exactly as caps_add_f32 (out_dims, a_strides / b_strides; rank 0 = one element). Per output
 * element, with requant = caps_ref_requantize:
 *   a' = requant((a + a_offset) * 2^left_shift, a_multiplier, a_shift), b' likewise,
 *   y  = clamp(requant(sat32(a' + b'), output_multiplier, output_shift) + output_offset, act_min, act_max).
 * With the validated ranges (|x + offset| <= 255, left_shift <= 20) the shifted operands fit in int32; the
 * addition of the two requantized operands is formed in int64 and saturated, so every input is defined.
 * The output may alias an input of the output's shape.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_s8.h"

/**
 * Broadcasting int8 addition.
 * @param params shape fields as caps_add_f32; a_offset / b_offset in [-127, 128], output_offset in
 *               [-128, 127], 0 <= left_shift <= 20, multipliers 0 or in [2^30, 2^31), shifts in [-31, 31],
 *               -128 <= act_min <= act_max <= 127
 * @param a      first input
 * @param b      second input
 * @param output dense output of shape out_dims
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers or invalid parameters (nothing is written then)
 */
caps_status_t caps_add_s8(const caps_binary_s8_params_t *params, const int8_t *a, const int8_t *b, int8_t *output) {
    if (caps_ref_check_binary_s8(params, a, b, output, 1) != CAPS_OK)
        return CAPS_ERR_ARG;
    caps_ref_binary_s8(params, a, b, output, caps_ref_add_s8_op);
    return CAPS_OK;
}
