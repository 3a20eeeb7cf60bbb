/**
 * @file caps_concat_s8.c
 * @brief caps_concat_s8 - copies one input of an ONNX Concat into its place in the output, int8.
 *
 * Parameters and validation exactly as caps_concat_f32: the input [outer, in_inner] goes to columns
 * offset .. offset + in_inner of the output [outer, out_inner]; other output columns are left untouched.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_move.h"

/**
 * Copies one concat input into the output.
 * @param params outer, in_inner, out_inner > 0, 0 <= offset, offset + in_inner <= out_inner,
 *               outer * out_inner <= INT32_MAX
 * @param input  [outer, in_inner]
 * @param output [outer, out_inner]; must not overlap the input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid parameters
 */
caps_status_t caps_concat_s8(const caps_concat_params_t *params, const int8_t *input, int8_t *output) {
    if (caps_ref_check_concat(params, input, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    caps_ref_concat_copy(params, input, output, sizeof(int8_t));
    return CAPS_OK;
}
