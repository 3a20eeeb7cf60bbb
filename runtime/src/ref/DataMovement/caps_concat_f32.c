/**
 * @file caps_concat_f32.c
 * @brief caps_concat_f32 - copies one input of an ONNX Concat into its place in the output, float.
 *
 * The input is viewed as [outer, in_inner] and the output as [outer, out_inner] (outer = product of the
 * dims before the concat axis, *_inner = product of the dims from the axis on). For each row r,
 * in[r, 0 .. in_inner) goes to out[r, offset .. offset + in_inner). The compiler emits one call per
 * concat input; output columns outside [offset, offset + in_inner) are left untouched.
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
caps_status_t caps_concat_f32(const caps_concat_params_t *params, const float *input, float *output) {
    if (caps_ref_check_concat(params, input, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    caps_ref_concat_copy(params, input, output, sizeof(float));
    return CAPS_OK;
}
