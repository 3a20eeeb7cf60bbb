/**
 * @file caps_transpose_f32.c
 * @brief caps_transpose_f32 - dimension permutation (ONNX Transpose), float.
 *
 * The input is dense with shape in_dims[0 .. rank); output dim d is input dim perm[d], so the output has
 * shape in_dims[perm[0]], ..., in_dims[perm[rank - 1]] and
 *   out[i_0, ..., i_{rank-1}] = in[j] with j[perm[d]] = i_d.
 * The output is written in row-major order. Values are copied unchanged.
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
caps_status_t caps_transpose_f32(const caps_transpose_params_t *params, const float *input, float *output) {
    caps_ref_gather_t gather;
    if (caps_ref_transpose_gather(params, input, output, &gather) != CAPS_OK)
        return CAPS_ERR_ARG;
    caps_ref_gather(&gather, input, output, sizeof(float));
    return CAPS_OK;
}
