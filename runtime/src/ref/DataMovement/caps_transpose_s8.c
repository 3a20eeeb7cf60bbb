/**
 * @file caps_transpose_s8.c
 * @brief caps_transpose_s8 - dimension permutation (ONNX Transpose), int8.
 *
 * Parameters, validation and element order exactly as caps_transpose_f32 (the same gather, ref_move.h);
 * values are copied unchanged.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_move.h"

/**
 * Permutes the dims of a dense tensor.
 * @param params rank 1..CAPS_MAX_DIMS, in_dims > 0 (product <= INT32_MAX), perm a permutation of 0..rank-1
 * @param input  dense tensor of shape in_dims
 * @param output dense tensor of the permuted shape; must not overlap the input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid parameters
 */
caps_status_t caps_transpose_s8(const caps_transpose_params_t *params, const int8_t *input, int8_t *output) {
    caps_ref_gather_t gather;
    if (caps_ref_transpose_gather(params, input, output, &gather) != CAPS_OK)
        return CAPS_ERR_ARG;
    caps_ref_gather(&gather, input, output, sizeof(int8_t));
    return CAPS_OK;
}
